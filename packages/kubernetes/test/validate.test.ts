import { HelmProvider } from '../src/.gen/providers/helm/provider';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { ImagePullPolicy, PrefectApi } from 'cdktf-prefect';
import { ApiKeyPropagation, KubernetesAuth, KubernetesWorker, PrefectChart, PrefectExporter, PrefectServer, RedisMessaging, ServerDatabase } from '../src';
import { missingProviders } from '../../../test/e2e/support/env';
import { validateStack } from '../../../test/e2e/support/terraform';
import { describeUnless } from '../../../test/support/skip';
import { cloud, selfHosted } from './fixtures';

// `terraform validate` with the real hashicorp/helm 3.1.1 and prefecthq/prefect 3.4.1 schemas,
// from the mirrors the toolchain configured. Skipped when either provider is missing.
const withProviders = describeUnless(missingProviders('prefect', 'helm'));

withProviders('terraform validate: KubernetesWorker (real helm 3.1.1 and Prefect 3.4.1 providers)', () => {
  test('every variant in one stack: Cloud, customer-managed Cloud, self-hosted with and without basic auth, every option, tokens', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'validate');
    new HelmProvider(stack, 'helm', { kubernetes: { configPath: '/tmp/kubeconfig' } });
    new PrefectProvider(stack, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
    const replicas = new TerraformVariable(stack, 'replicas', { type: 'number', default: 2 });
    new KubernetesWorker(stack, 'Cloud', cloud({ workPoolName: 'pool-cloud', apiKeyPropagation: ApiKeyPropagation.AUTO_SECRET }));
    new KubernetesWorker(stack, 'CustomerManaged', cloud({
      workPoolName: 'pool-cmc', api: PrefectApi.customerManagedCloud('https://prefect.example.com/api', 'acc', 'ws', { uiUrl: 'https://app.prefect.example.com' }),
    }));
    new KubernetesWorker(stack, 'Basic', selfHosted({ workPoolName: 'pool-basic', auth: KubernetesAuth.basicAuthFromSecret('prefect-auth'), replicas: replicas.numberValue }));
    new KubernetesWorker(stack, 'Open', selfHosted({
      workPoolName: 'pool-open',
      api: PrefectApi.selfHosted('http://prefect.internal:4200/api'),
      releaseName: 'open-worker',
      namespace: 'flows',
      createNamespace: false,
      jobNamespace: 'jobs',
      jobTemplate: { image: 'acme/flows:1', imagePullPolicy: ImagePullPolicy.NEVER, finishedJobTtl: 600 },
      workQueues: ['a'],
      workerLimit: 2,
      resources: { cpuRequest: '250m', memoryLimit: '512Mi' },
      imageTag: '3.8.8-python3.11-kubernetes',
      serviceAccountName: 'worker',
      createServiceAccount: false,
      createRbac: false,
      extraPipPackages: 'prefect-aws',
      healthCheck: false,
      wait: false,
      timeoutSeconds: 60,
      chart: PrefectChart.fromLocalPath('/opt/charts'),
    }));
    expect(validateStack(Testing.synth(stack, true))).toEqual({ valid: true, diagnostics: [] });
  });

  test('PrefectServer (each database, ingress, separate background services) and PrefectExporter (Cloud, and the server\'s)', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'validate');
    new HelmProvider(stack, 'helm', { kubernetes: { configPath: '/tmp/kubeconfig' } });
    const server = new PrefectServer(stack, 'External', {
      database: ServerDatabase.externalFromSecret('db'),
      auth: KubernetesAuth.basicAuthFromSecret('auth'),
      ingress: { hostname: 'prefect.example.com', tls: true, className: 'nginx' },
      replicas: 2,
    });
    new PrefectServer(stack, 'Bundled', { database: ServerDatabase.bundledPostgres('db', { size: '10Gi' }), wait: false });
    new PrefectServer(stack, 'Sqlite', { database: ServerDatabase.sqlite(), timeoutSeconds: 60 });
    new PrefectServer(stack, 'Separate', {
      database: ServerDatabase.externalFromSecret('db'),
      backgroundServices: { redis: RedisMessaging.external('redis', { passwordSecretName: 'redis', ssl: true }), replicas: 2, docketUrlSecretName: 'docket', migrationsTimeoutSeconds: 600 },
    });
    new PrefectExporter(stack, 'ServerExporter', { api: server.api, auth: server.auth, serviceMonitor: { interval: '1m' } });
    new PrefectExporter(stack, 'CloudExporter', { api: PrefectApi.cloud('acc', 'ws'), auth: KubernetesAuth.apiKeyFromSecret('key'), pagination: false });
    expect(validateStack(Testing.synth(stack, true))).toEqual({ valid: true, diagnostics: [] });
  });
});
