import * as fs from 'fs';
import * as path from 'path';
import { HelmProvider } from '../../src/.gen/providers/helm/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { PrefectApi } from 'cdktf-prefect';
import { KubernetesAuth, KubernetesWorker, PrefectChart } from '../../src';
import { missingProviders } from '../../../../test/e2e/support/env';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { PrefectApi as PrefectClient } from '../../../../test/e2e/support/prefect-api';
import { describeUnless } from '../../../../test/support/skip';
import { CHART_DIR, containerEnv, localKubeForSuite, missingChart, missingKubeTools } from './kube';

// KubernetesWorker on a real Kubernetes API server (kube-apiserver + kine, no nodes: releases
// are installed without waiting) and the local Prefect server: apply -> the worker Deployments,
// their Role and service accounts read back from the Kubernetes API, the pools from Prefect ->
// empty re-plan -> a template change applied and read back -> empty re-plan -> destroy.
const missing = missingProviders('prefect', 'helm') ?? missingChart('prefect-worker') ?? missingKubeTools();
const withCluster = describeUnless(missing);

const NAMESPACE = 'prefect-e2e';
const ACCOUNT = '0eb2d9a6-5b8c-4f3e-9d1a-2c3b4d5e6f70';
const WORKSPACE = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';

withCluster('KubernetesWorker on a local kube-apiserver and the local Prefect server', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const prefect = new PrefectClient(apiUrl);
  const kube = localKubeForSuite();

  /** The stack: a self-hosted worker with basic auth and a Cloud-mode worker, both on the local server's pools. */
  function synth(flowImage: string): string {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'kubernetes-worker');
    new HelmProvider(stack, 'helm', { kubernetes: { configPath: kube().kubeconfig } });
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    const chart = PrefectChart.fromLocalPath(CHART_DIR);
    new KubernetesWorker(stack, 'SelfHosted', {
      workPoolName: 'e2e-k8s-self',
      api: PrefectApi.selfHosted(apiUrl),
      auth: KubernetesAuth.basicAuthFromSecret('prefect-auth'),
      releaseName: 'worker-self',
      namespace: NAMESPACE,
      chart,
      workQueues: ['high'],
      workerLimit: 2,
      replicas: 2,
      resources: { memoryLimit: '512Mi' },
      jobTemplate: { image: flowImage, serviceAccountName: 'flow-runner' },
      wait: false,
    });
    new KubernetesWorker(stack, 'Cloud', {
      workPoolName: 'e2e-k8s-cloud',
      api: PrefectApi.cloud(ACCOUNT, WORKSPACE),
      auth: KubernetesAuth.apiKeyFromSecret('prefect-api-key', 'api-key'),
      releaseName: 'worker-cloud',
      namespace: NAMESPACE,
      chart,
      healthCheck: false,
      wait: false,
    });
    return Testing.synth(stack, true);
  }

  const tf = applyLifecycle(() => synth('acme/flows:1'));

  const deployment = (name: string) => kube().deployment(NAMESPACE, name);

  test('the self-hosted worker\'s Deployment: pool, queue, limit, API URL, the auth Secret by reference, the pinned image', async () => {
    const d = await deployment('worker-self');
    expect(d.spec.replicas).toBe(2);
    const c = d.spec.template.spec.containers[0];
    expect(c.image).toBe(`prefecthq/prefect:${KubernetesWorker.DEFAULT_IMAGE_TAG}`);
    expect(c.args).toEqual(['prefect', 'worker', 'start', '--type', 'kubernetes', '--pool', 'e2e-k8s-self', '--work-queue', 'high',
      '--install-policy', 'prompt', '--limit', '2', '--with-healthcheck']);
    const env = containerEnv(c);
    expect(env.PREFECT_API_URL).toBe(apiUrl);
    expect(env.PREFECT_API_AUTH_STRING).toEqual({ secretKeyRef: { name: 'prefect-auth', key: 'auth-string' } });
    expect(env.PREFECT_WORKER_WEBSERVER_PORT).toBe('8080');
    expect(env.PREFECT_API_KEY).toBeUndefined();
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 8080, scheme: 'HTTP' });
    expect(d.spec.template.spec.serviceAccountName).toBe('worker-self');
    // no credential anywhere in the pod spec as a literal
    expect(JSON.stringify(d.spec.template)).not.toMatch(/admin:pass|pnu_/);
  });

  test('the Cloud worker\'s Deployment: the Cloud URL and the API key Secret by reference, for the worker and its jobs', async () => {
    const c = (await deployment('worker-cloud')).spec.template.spec.containers[0];
    expect(c.args).toEqual(['prefect', 'worker', 'start', '--type', 'kubernetes', '--pool', 'e2e-k8s-cloud', '--install-policy', 'prompt']);
    const env = containerEnv(c);
    expect(env.PREFECT_API_URL).toBe(`https://api.prefect.cloud/api/accounts/${ACCOUNT}/workspaces/${WORKSPACE}`);
    expect(env.PREFECT_API_KEY).toEqual({ secretKeyRef: { name: 'prefect-api-key', key: 'api-key' } });
    expect(env.PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_KEY_SECRET_NAME).toBe('prefect-api-key');
    expect(env.PREFECT_INTEGRATIONS_KUBERNETES_WORKER_API_KEY_SECRET_KEY).toBe('api-key');
    expect(env.PREFECT_INTEGRATIONS_KUBERNETES_OBSERVER_NAMESPACES).toBe(NAMESPACE);
    expect(c.livenessProbe).toBeUndefined();
  });

  test('RBAC as the chart documents it: the Role in the job namespace, bound to the worker\'s service account', async () => {
    const role = await kube().get(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NAMESPACE}/roles/worker-self`);
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['events', 'pods', 'pods/log', 'pods/status'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    ]);
    const binding = await kube().get(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NAMESPACE}/rolebindings/worker-self`);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'worker-self', namespace: NAMESPACE }]);
    expect(await kube().get(`/api/v1/namespaces/${NAMESPACE}/serviceaccounts/worker-self`)).toBeDefined();
  });

  test('the pools read back from Prefect: kubernetes, their templates placing jobs in the namespace', async () => {
    const pool = await prefect.get('/work_pools/e2e-k8s-self');
    expect(pool.type).toBe('kubernetes');
    const vars = pool.base_job_template.variables.properties;
    expect({ namespace: vars.namespace.default, image: vars.image.default, sa: vars.service_account_name.default })
      .toEqual({ namespace: NAMESPACE, image: 'acme/flows:1', sa: 'flow-runner' });
    expect(pool.base_job_template.job_configuration.job_manifest.metadata.namespace).toBe('{{ namespace }}');
    expect((await prefect.get('/work_pools/e2e-k8s-cloud')).type).toBe('kubernetes');
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('a template change is applied by Terraform and read back; the release stays as it was', async () => {
    const before = await deployment('worker-self');
    fs.writeFileSync(path.join(tf().dir, 'cdk.tf.json'), synth('acme/flows:2'));
    const plan = tf().planChanges();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/1 to change, 0 to destroy/);
    tf().apply();
    const pool = await prefect.get('/work_pools/e2e-k8s-self');
    expect(pool.base_job_template.variables.properties.image.default).toBe('acme/flows:2');
    expect((await deployment('worker-self')).metadata.generation).toBe(before.metadata.generation);
    expectEmptyPlan(tf());
  });

  test('destroy leaves no release objects and no pools', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(await deployment('worker-self')).toBeUndefined();
    expect(await deployment('worker-cloud')).toBeUndefined();
    expect(await kube().get(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NAMESPACE}/roles/worker-self`)).toBeUndefined();
    expect(await prefect.find('/work_pools/e2e-k8s-self')).toBeUndefined();
    expect(await prefect.find('/work_pools/e2e-k8s-cloud')).toBeUndefined();
  });
});
