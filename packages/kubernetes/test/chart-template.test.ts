import { PrefectApi } from 'cdktf-prefect';
import { ApiKeyPropagation, KubernetesAuth, KubernetesWorker, KubernetesWorkerProps, PrefectChart } from '../src';
import { CHART_DIR, containerEnv, helmTemplate, missingChart, missingHelm } from './e2e/kube';
import { cloud, k8sStack, selfHosted } from './fixtures';
import { onlyResource, synthJson } from '../../../test/support/synth';
import { describeUnless } from '../../../test/support/skip';

// `helm template` of what the constructs synthesize, with the real packaged charts at the pinned
// version (scripts/install-chart.sh) and the helm CLI (scripts/kube-tools.sh install-helm): the
// objects the chart renders from our values, without a cluster.
const withHelm = describeUnless(missingChart('prefect-worker') ?? missingHelm());

const ACCOUNT = '0eb2d9a6-5b8c-4f3e-9d1a-2c3b4d5e6f70';
const WORKSPACE = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';

/** The worker's release rendered: its Deployment's container and env, its Role. */
function renderWorker(props: KubernetesWorkerProps) {
  const stack = k8sStack();
  new KubernetesWorker(stack, 'Worker', { releaseName: 'worker', namespace: 'flows', chart: PrefectChart.fromLocalPath(CHART_DIR), ...props });
  const rendered = helmTemplate(onlyResource(synthJson(stack), 'helm_release'));
  const container = rendered.one('Deployment', 'worker').spec.template.spec.containers[0];
  const names = container.env.map((e: any) => e.name);
  // the chart's variables and ours never name one variable twice
  expect(names.filter((n: string, i: number) => names.indexOf(n) !== i)).toEqual([]);
  return { rendered, container, env: containerEnv(container) };
}

withHelm('helm template of the prefect-worker chart with our values', () => {
  test('customer-managed Cloud: the workspace URL, PREFECT_CLOUD_API_URL as its root, the UI URL, the key by Secret reference', () => {
    const { container, env, rendered } = renderWorker(cloud({
      api: PrefectApi.customerManagedCloud('https://prefect.example.com/api/', ACCOUNT, WORKSPACE, { uiUrl: 'https://app.prefect.example.com' }),
      auth: KubernetesAuth.apiKeyFromSecret('cmc-key', 'api-key'),
    }));
    expect(container.args.slice(0, 7)).toEqual(['prefect', 'worker', 'start', '--type', 'kubernetes', '--pool', 'k8s-pool']);
    expect(env.PREFECT_API_URL).toBe(`https://prefect.example.com/api/accounts/${ACCOUNT}/workspaces/${WORKSPACE}`);
    expect(env.PREFECT_CLOUD_API_URL).toBe('https://prefect.example.com/api');
    expect(env.PREFECT_CLOUD_UI_URL).toBe('https://app.prefect.example.com');
    expect(env.PREFECT_API_KEY).toEqual({ secretKeyRef: { name: 'cmc-key', key: 'api-key' } });
    // secretRef: the flow-run pods reference the same Secret
    expect(env.PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_KEY_SECRET_NAME).toBe('cmc-key');
    expect(env.PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_KEY_SECRET_KEY).toBe('api-key');
    expect(env.PREFECT_API_AUTH_STRING).toBeUndefined();
    // no Secret access without autoSecret
    expect(rendered.one('Role', 'worker').rules.flatMap((r: any) => r.resources)).not.toContain('secrets');
  });

  test('customer-managed Cloud with autoSecret: the worker makes a Secret per job and its Role may manage Secrets', () => {
    const { env, rendered } = renderWorker(cloud({
      api: PrefectApi.customerManagedCloud('https://prefect.example.com/api', ACCOUNT, WORKSPACE),
      apiKeyPropagation: ApiKeyPropagation.AUTO_SECRET,
    }));
    expect(env.PREFECT_CLOUD_API_URL).toBe('https://prefect.example.com/api');
    expect(env.PREFECT_CLOUD_UI_URL).toBeUndefined();
    expect(env.PREFECT_INTEGRATIONS_KUBERNETES_WORKER_CREATE_SECRET_FOR_API_KEY).toBe('true');
    expect(env.PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_KEY_SECRET_NAME).toBeUndefined();
    expect(rendered.one('Role', 'worker').rules).toContainEqual({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create', 'update', 'delete'] });
  });

  test('Prefect Cloud: the workspace URL on api.prefect.cloud, the key by Secret reference, no PREFECT_CLOUD_API_URL', () => {
    const { env } = renderWorker(cloud());
    expect(env.PREFECT_API_URL).toBe(`https://api.prefect.cloud/api/accounts/${ACCOUNT}/workspaces/${WORKSPACE}`);
    expect(env.PREFECT_API_KEY).toEqual({ secretKeyRef: { name: 'prefect-api-key', key: 'key' } });
    expect(env.PREFECT_CLOUD_API_URL).toBeUndefined();
  });

  test('self-hosted with basic auth: the URL, the auth string by Secret reference, the RBAC the chart documents in the job namespace', () => {
    const { container, env, rendered } = renderWorker(selfHosted({
      auth: KubernetesAuth.basicAuthFromSecret('prefect-auth'), jobNamespace: 'jobs', workQueues: ['high'], workerLimit: 3,
    }));
    expect(container.args).toEqual(['prefect', 'worker', 'start', '--type', 'kubernetes', '--pool', 'k8s-pool', '--work-queue', 'high',
      '--install-policy', 'prompt', '--limit', '3', '--with-healthcheck']);
    expect(env.PREFECT_API_URL).toBe('http://prefect-server.prefect.svc.cluster.local:4200/api');
    expect(env.PREFECT_API_AUTH_STRING).toEqual({ secretKeyRef: { name: 'prefect-auth', key: 'auth-string' } });
    expect(env.PREFECT_API_KEY).toBeUndefined();
    expect(env.PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_NAMESPACES).toBe('jobs');
    const role = rendered.one('Role', 'worker');
    expect(role.metadata.namespace).toBe('jobs');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['events', 'pods', 'pods/log', 'pods/status'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    ]);
    const binding = rendered.one('RoleBinding', 'worker');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'worker', namespace: 'flows' }]);
    expect(rendered.one('ServiceAccount', 'worker').metadata.namespace).toBe('flows');
  });
});
