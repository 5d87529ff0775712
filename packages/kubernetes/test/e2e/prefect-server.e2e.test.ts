import { HelmProvider } from '../../src/.gen/providers/helm/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { KubernetesAuth, KubernetesWorker, PrefectChart, PrefectExporter, PrefectServer, ServerDatabase } from '../../src';
import { missingProviders } from '../../../../test/e2e/support/env';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { PrefectApi as PrefectClient } from '../../../../test/e2e/support/prefect-api';
import { describeUnless } from '../../../../test/support/skip';
import { CHART_DIR, containerEnv, localKubeForSuite, missingChart, missingKubeTools } from './kube';

// Server, worker and exporter in one app, wired by the server's `api` and `auth`, on a real
// kube-apiserver (no nodes: installed without waiting): what each release put into the cluster,
// read back from the Kubernetes API; empty re-plan; destroy. The worker's pool goes to the local
// Prefect server (the stack's Prefect provider), as it would to the in-cluster one.
const missing = missingProviders('prefect', 'helm')
  ?? missingChart('prefect-server', 'prefect-worker', 'prometheus-prefect-exporter') ?? missingKubeTools();
const withCluster = describeUnless(missing);

const NAMESPACE = 'prefect-app';

withCluster('PrefectServer, KubernetesWorker and PrefectExporter in one app on a local kube-apiserver', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const prefect = new PrefectClient(apiUrl);
  const kube = localKubeForSuite();

  let serverApiUrl = '';
  const tf = applyLifecycle(() => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'prefect-app');
    new HelmProvider(stack, 'helm', { kubernetes: { configPath: kube().kubeconfig } });
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    const chart = PrefectChart.fromLocalPath(CHART_DIR);
    const server = new PrefectServer(stack, 'Server', {
      database: ServerDatabase.externalFromSecret('prefect-db'),
      auth: KubernetesAuth.basicAuthFromSecret('prefect-auth'),
      ingress: { hostname: 'prefect.e2e.example', className: 'nginx' },
      releaseName: 'prefect',
      namespace: NAMESPACE,
      chart,
      wait: false,
    });
    serverApiUrl = server.apiUrl;
    new KubernetesWorker(stack, 'Worker', {
      api: server.api, auth: server.auth, workPoolName: 'e2e-k8s-app', releaseName: 'worker', namespace: NAMESPACE, chart, wait: false,
    });
    new PrefectExporter(stack, 'Exporter', { api: server.api, auth: server.auth, releaseName: 'exporter', namespace: NAMESPACE, chart, wait: false });
    return Testing.synth(stack, true);
  });

  const deployment = (name: string) => kube().deployment(NAMESPACE, name);

  test('the server: database URL and basic auth from the Secrets, the pinned image, the UI\'s API URL from the ingress', async () => {
    const c = (await deployment('prefect')).spec.template.spec.containers[0];
    expect(c.image).toBe('prefecthq/prefect:3.8.8-python3.12');
    const env = containerEnv(c);
    expect(env.PREFECT_SERVER_DATABASE_CONNECTION_URL).toEqual({ secretKeyRef: { name: 'prefect-db', key: 'connection-string' } });
    expect(env.PREFECT_SERVER_API_AUTH_STRING).toEqual({ secretKeyRef: { name: 'prefect-auth', key: 'auth-string' } });
    expect(env.PREFECT_UI_API_URL).toBe('http://prefect.e2e.example/api');
    // no Secret of the chart's own (a connection string with a password): only Helm's release records
    const secrets = (await kube().get(`/api/v1/namespaces/${NAMESPACE}/secrets`)).items.map((s: any) => s.metadata.name);
    expect(secrets.filter((n: string) => !n.startsWith('sh.helm.release.v1.'))).toEqual([]);
    // no StatefulSet: the bundled PostgreSQL is off
    expect((await kube().get(`/apis/apps/v1/namespaces/${NAMESPACE}/statefulsets`)).items).toEqual([]);
  });

  test('the server\'s Service and Ingress: apiUrl is the Service\'s address', async () => {
    const service = await kube().get(`/api/v1/namespaces/${NAMESPACE}/services/prefect`);
    expect(service.spec.ports.map((p: any) => p.port)).toEqual([4200]);
    expect(serverApiUrl).toBe(`http://prefect.${NAMESPACE}.svc.cluster.local:4200/api`);
    const ingress = await kube().get(`/apis/networking.k8s.io/v1/namespaces/${NAMESPACE}/ingresses/prefect`);
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules).toEqual([{ host: 'prefect.e2e.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'prefect', port: { name: 'server-svc-port' } } } }] } }]);
  });

  test('the worker and the exporter talk to the server by its apiUrl, with its basic auth Secret', async () => {
    const worker = containerEnv((await deployment('worker')).spec.template.spec.containers[0]);
    expect(worker.PREFECT_API_URL).toBe(serverApiUrl);
    expect(worker.PREFECT_API_AUTH_STRING).toEqual({ secretKeyRef: { name: 'prefect-auth', key: 'auth-string' } });
    const exporter = containerEnv((await deployment('exporter')).spec.template.spec.containers[0]);
    expect(exporter.PREFECT_API_URL).toBe(serverApiUrl);
    expect(exporter.PREFECT_API_AUTH_STRING).toEqual({ secretKeyRef: { name: 'prefect-auth', key: 'auth-string' } });
    expect((await deployment('exporter')).spec.template.spec.containers[0].image).toBe('prefecthq/prometheus-prefect-exporter:1.1.0');
    expect((await prefect.get('/work_pools/e2e-k8s-app')).type).toBe('kubernetes');
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('destroy leaves no Deployment and no pool', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect((await kube().get(`/apis/apps/v1/namespaces/${NAMESPACE}/deployments`)).items).toEqual([]);
    expect(await prefect.find('/work_pools/e2e-k8s-app')).toBeUndefined();
  });
});
