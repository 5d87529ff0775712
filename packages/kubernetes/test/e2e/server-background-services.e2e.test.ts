import { HelmProvider } from '../../src/.gen/providers/helm/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectChart, PrefectServer, RedisMessaging, ServerDatabase } from '../../src';
import { missingProviders } from '../../../../test/e2e/support/env';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { describeUnless } from '../../../../test/support/skip';
import { CHART_DIR, containerEnv, localKubeForSuite, missingChart, missingKubeTools } from './kube';

// A PrefectServer with its background services in a Deployment of their own, on a real
// kube-apiserver (kine, no nodes): apply, both Deployments read back from the Kubernetes API
// (the API pods with --no-services, both on Redis with the password by Secret reference, neither
// migrating on start), empty re-plan, destroy. Without nodes the chart's migrations Job (a
// post-install hook Helm waits for) would never finish, so this one runs with migrations off;
// `helm template` checks the Job (test/chart-template.test.ts).
const missing = missingProviders('helm') ?? missingChart('prefect-server') ?? missingKubeTools();
const withCluster = describeUnless(missing);

const NAMESPACE = 'prefect-services';

withCluster('PrefectServer with separate background services on a local kube-apiserver', () => {
  const kube = localKubeForSuite();

  const tf = applyLifecycle(() => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'prefect-services');
    new HelmProvider(stack, 'helm', { kubernetes: { configPath: kube().kubeconfig } });
    new PrefectServer(stack, 'Server', {
      database: ServerDatabase.externalFromSecret('prefect-db'),
      backgroundServices: {
        redis: RedisMessaging.external('redis-master.redis.svc.cluster.local', { passwordSecretName: 'redis', db: 1 }),
        replicas: 2,
        docketUrlSecretName: 'docket',
        resources: { memoryLimit: '768Mi' },
        migrations: false,
      },
      releaseName: 'prefect',
      namespace: NAMESPACE,
      chart: PrefectChart.fromLocalPath(CHART_DIR),
      wait: false,
    });
    return Testing.synth(stack, true);
  });

  const deployment = (name: string) => kube().deployment(NAMESPACE, name);

  test('the API pods serve the API only (--no-services), on Redis, without migrating on start', async () => {
    const c = (await deployment('prefect')).spec.template.spec.containers[0];
    expect(c.args).toEqual(['prefect', 'server', 'start', '--no-services', '--port', '4200']);
    const env = containerEnv(c);
    expect(env).toMatchObject({
      PREFECT_SERVER_DATABASE_MIGRATE_ON_START: 'false',
      PREFECT_MESSAGING_BROKER: 'prefect_redis.messaging',
      PREFECT_REDIS_MESSAGING_HOST: 'redis-master.redis.svc.cluster.local',
      PREFECT_REDIS_MESSAGING_DB: '1',
      PREFECT_REDIS_MESSAGING_PASSWORD: { secretKeyRef: { name: 'redis', key: 'redis-password' } },
      PREFECT_SERVER_DATABASE_CONNECTION_URL: { secretKeyRef: { name: 'prefect-db', key: 'connection-string' } },
    });
  });

  test('the background services: a Deployment of their own, 2 replicas, Docket from its Secret, the same Redis and database', async () => {
    const d = await deployment('prefect-background-services');
    expect(d.spec.replicas).toBe(2);
    const c = d.spec.template.spec.containers[0];
    expect(c.args).toEqual(['prefect', 'server', 'services', 'start']);
    expect(c.resources.limits.memory).toBe('768Mi');
    expect(containerEnv(c)).toMatchObject({
      PREFECT_SERVER_DATABASE_MIGRATE_ON_START: 'false',
      PREFECT_REDIS_MESSAGING_PASSWORD: { secretKeyRef: { name: 'redis', key: 'redis-password' } },
      PREFECT_SERVER_DOCKET_URL: { secretKeyRef: { name: 'docket', key: 'docket-url' } },
      PREFECT_SERVER_DATABASE_CONNECTION_URL: { secretKeyRef: { name: 'prefect-db', key: 'connection-string' } },
    });
    // migrations off: no Job; no Secret of the chart's own
    expect((await kube().get(`/apis/batch/v1/namespaces/${NAMESPACE}/jobs`)).items).toEqual([]);
    const secrets = (await kube().get(`/api/v1/namespaces/${NAMESPACE}/secrets`)).items.map((s: any) => s.metadata.name);
    expect(secrets.filter((n: string) => !n.startsWith('sh.helm.release.v1.'))).toEqual([]);
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('destroy leaves no Deployment', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect((await kube().get(`/apis/apps/v1/namespaces/${NAMESPACE}/deployments`)).items).toEqual([]);
  });
});
