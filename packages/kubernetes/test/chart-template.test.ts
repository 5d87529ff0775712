import { PrefectApi } from 'cdktf-prefect';
import { ApiKeyPropagation, KubernetesAuth, KubernetesWorker, KubernetesWorkerProps, PrefectChart, PrefectExporter, PrefectExporterProps, PrefectServer, PrefectServerProps, RedisMessaging, ServerDatabase } from '../src';
import { CHART_DIR, containerEnv, helmTemplate, missingChart, missingHelm } from './e2e/kube';
import { cloud, k8sStack, selfHosted } from './fixtures';
import { onlyResource, synthJson } from '../../../test/support/synth';
import { describeUnless } from '../../../test/support/skip';

// `helm template` of what the constructs synthesize, with the real packaged charts at the pinned
// version (scripts/install-chart.sh) and the helm CLI (scripts/kube-tools.sh install-helm): the
// objects the chart renders from our values, without a cluster.
const helm = missingHelm();
const withHelm = describeUnless(missingChart('prefect-worker') ?? helm);
const withServerChart = describeUnless(missingChart('prefect-server') ?? helm);
const withExporterChart = describeUnless(missingChart('prometheus-prefect-exporter') ?? helm);

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

/** The server's release rendered. */
function renderServer(props: Partial<PrefectServerProps>) {
  const stack = k8sStack();
  new PrefectServer(stack, 'Server', {
    database: ServerDatabase.externalFromSecret('prefect-db'), releaseName: 'prefect', namespace: 'prefect', chart: PrefectChart.fromLocalPath(CHART_DIR), ...props,
  });
  return helmTemplate(onlyResource(synthJson(stack), 'helm_release'));
}

const REDIS_ENV = {
  PREFECT_MESSAGING_BROKER: 'prefect_redis.messaging',
  PREFECT_MESSAGING_CACHE: 'prefect_redis.messaging',
  PREFECT_SERVER_EVENTS_CAUSAL_ORDERING: 'prefect_redis.ordering',
  PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE: 'prefect_redis.lease_storage',
  PREFECT_REDIS_MESSAGING_HOST: 'redis-master.redis.svc.cluster.local',
  PREFECT_REDIS_MESSAGING_PORT: '6380',
  PREFECT_REDIS_MESSAGING_DB: '1',
  PREFECT_REDIS_MESSAGING_SSL: 'true',
  PREFECT_REDIS_MESSAGING_PASSWORD: { secretKeyRef: { name: 'redis', key: 'redis-password' } },
  PREFECT_SERVER_DOCKET_URL: { secretKeyRef: { name: 'docket', key: 'docket-url' } },
  PREFECT_SERVER_DATABASE_MIGRATE_ON_START: 'false',
};

withServerChart('helm template of the prefect-server chart with our values', () => {
  const separate = {
    backgroundServices: {
      redis: RedisMessaging.external('redis-master.redis.svc.cluster.local', { port: 6380, db: 1, ssl: true, passwordSecretName: 'redis' }),
      docketUrlSecretName: 'docket', replicas: 2, migrationsTimeoutSeconds: 600,
    },
  };

  test('separate background services: the API pods serve only the API, a second Deployment runs the services, both on Redis, neither migrates', () => {
    const rendered = renderServer(separate);
    const server = rendered.one('Deployment', 'prefect').spec.template.spec.containers[0];
    expect(server.args).toEqual(['prefect', 'server', 'start', '--no-services', '--port', '4200']);
    const services = rendered.one('Deployment', 'prefect-background-services');
    expect(services.spec.replicas).toBe(2);
    const container = services.spec.template.spec.containers[0];
    expect(container.args).toEqual(['prefect', 'server', 'services', 'start']);
    for (const c of [server, container]) {
      const env = containerEnv(c);
      expect(env).toMatchObject(REDIS_ENV);
      expect(env.PREFECT_SERVER_DATABASE_CONNECTION_URL).toEqual({ secretKeyRef: { name: 'prefect-db', key: 'connection-string' } });
      // no password or URL with credentials as a plain value
      expect(c.env.filter((e: any) => /PASSWORD|CONNECTION_URL|DOCKET_URL|AUTH_STRING/.test(e.name) && e.value !== undefined)).toEqual([]);
    }
  });

  test('the migrations Job: a Helm hook after install and before every upgrade, prefect server database upgrade with the database URL from the Secret', () => {
    const job = renderServer(separate).one('Job', 'prefect-db-migrations');
    expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'post-install,pre-upgrade', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' });
    expect(job.spec.activeDeadlineSeconds).toBe(600);
    const c = job.spec.template.spec.containers[0];
    expect(c.command).toEqual(['/bin/sh', '-c']);
    expect(c.args.join('\n')).toContain('prefect server database upgrade -y');
    expect(containerEnv(c).PREFECT_SERVER_DATABASE_CONNECTION_URL).toEqual({ secretKeyRef: { name: 'prefect-db', key: 'connection-string' } });
  });

  test('migrations off: no Job; without backgroundServices: one Deployment that runs the services and migrates on start', () => {
    const off = renderServer({ backgroundServices: { ...separate.backgroundServices, migrations: false, migrationsTimeoutSeconds: undefined } });
    expect(off.objects.filter((o) => o.kind === 'Job')).toEqual([]);
    const single = renderServer({});
    expect(single.objects.filter((o) => o.kind === 'Job' || o.metadata?.name === 'prefect-background-services')).toEqual([]);
    const c = single.one('Deployment', 'prefect').spec.template.spec.containers[0];
    expect(c.args).toEqual(['prefect', 'server', 'start', '--port', '4200']);
    expect(containerEnv(c).PREFECT_SERVER_DATABASE_MIGRATE_ON_START).toBeUndefined();
    expect(containerEnv(c).PREFECT_MESSAGING_BROKER).toBeUndefined();
  });
});

/** The exporter's release rendered: its objects, its container and env. */
function renderExporter(props: Partial<PrefectExporterProps> & Pick<PrefectExporterProps, 'api'>) {
  const stack = k8sStack();
  new PrefectExporter(stack, 'Exporter', { releaseName: 'exporter', namespace: 'monitoring', chart: PrefectChart.fromLocalPath(CHART_DIR), ...props });
  const rendered = helmTemplate(onlyResource(synthJson(stack), 'helm_release'));
  const container = rendered.one('Deployment', 'exporter').spec.template.spec.containers[0];
  const names = container.env.map((e: any) => e.name);
  expect(names.filter((n: string, i: number) => names.indexOf(n) !== i)).toEqual([]);
  return { rendered, container, env: containerEnv(container) };
}

withExporterChart('helm template of the prometheus-prefect-exporter chart with our values', () => {
  test('Prefect Cloud: the workspace URL, the key by Secret reference, no auth string, the pinned image; a ServiceMonitor with our interval and labels', () => {
    const { rendered, container, env } = renderExporter({
      api: PrefectApi.cloud(ACCOUNT, WORKSPACE),
      auth: KubernetesAuth.apiKeyFromSecret('prefect-api-key', 'key'),
      serviceMonitor: { interval: '1m', labels: { release: 'kube-prometheus' } },
    });
    expect(container.image).toMatch(new RegExp(`:${PrefectExporter.DEFAULT_IMAGE_TAG.replace(/\./g, '\\.')}$`));
    expect(env.PREFECT_API_URL).toBe(`https://api.prefect.cloud/api/accounts/${ACCOUNT}/workspaces/${WORKSPACE}`);
    expect(env.PREFECT_API_KEY).toEqual({ secretKeyRef: { name: 'prefect-api-key', key: 'key' } });
    expect(env.PREFECT_API_AUTH_STRING).toBeUndefined();
    expect(env.PAGINATION_ENABLED).toBe('True');
    const monitor = rendered.one('ServiceMonitor', 'exporter');
    expect(monitor.metadata.labels.release).toBe('kube-prometheus');
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', interval: '1m' })]);
  });

  test('a self-hosted server with basic auth: its URL, the auth string by Secret reference, no key; no ServiceMonitor unless asked', () => {
    const { rendered, env } = renderExporter({
      api: PrefectApi.selfHosted('http://prefect-server.prefect.svc.cluster.local:4200/api'),
      auth: KubernetesAuth.basicAuthFromSecret('prefect-auth'),
      pagination: false,
    });
    expect(env.PREFECT_API_URL).toBe('http://prefect-server.prefect.svc.cluster.local:4200/api');
    expect(env.PREFECT_API_AUTH_STRING).toEqual({ secretKeyRef: { name: 'prefect-auth', key: 'auth-string' } });
    expect(env.PREFECT_API_KEY).toBeUndefined();
    expect(env.PAGINATION_ENABLED).toBe('False');
    expect(rendered.objects.filter((o) => o.kind === 'ServiceMonitor')).toEqual([]);
  });
});
