import { HelmProvider } from '../../src/.gen/providers/helm/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { PrefectApi } from 'cdktf-prefect';
import { KubernetesWorker, PrefectChart, PrefectServer, RedisMessaging, ServerDatabase } from '../../src';
import { missingProviders } from '../../../../test/e2e/support/env';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { describeUnless } from '../../../../test/support/skip';
import { CHART_DIR, localKubeForSuite, missingChart, missingNodes } from './kube';

// Releases installed with `wait: true` on a local kube-apiserver with a controller manager, a
// scheduler and one node simulated by kwok (scripts/kube-tools.sh start --nodes): Helm returns
// only once the worker's and the server's Deployments are ready, and once the server's
// migrations Job (a post-install hook) has succeeded. kwok marks scheduled pods Ready and a
// Job's pods Succeeded; no container runs. Then re-plan empty, destroy.
const missing = missingProviders('prefect', 'helm') ?? missingChart('prefect-worker', 'prefect-server') ?? missingNodes();
const withNodes = describeUnless(missing);

const NAMESPACE = 'prefect-ready';

withNodes('releases that wait for readiness, on a simulated node', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const kube = localKubeForSuite(true);

  const tf = applyLifecycle(() => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'ready-on-nodes');
    new HelmProvider(stack, 'helm', { kubernetes: { configPath: kube().kubeconfig } });
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    const chart = PrefectChart.fromLocalPath(CHART_DIR);
    new KubernetesWorker(stack, 'Worker', {
      api: PrefectApi.selfHosted(apiUrl), workPoolName: 'e2e-k8s-ready', releaseName: 'worker', namespace: NAMESPACE,
      replicas: 2, chart, wait: true, timeoutSeconds: 120,
    });
    new PrefectServer(stack, 'Server', {
      database: ServerDatabase.externalFromSecret('prefect-db'),
      backgroundServices: { redis: RedisMessaging.external('redis-master.redis.svc.cluster.local', { passwordSecretName: 'redis' }), migrationsTimeoutSeconds: 120 },
      releaseName: 'prefect', namespace: NAMESPACE, chart, wait: true, timeoutSeconds: 120,
    });
    return Testing.synth(stack, true);
  });

  test('the worker Deployment is ready: its 2 pods Running and Ready on the kwok node', async () => {
    const d = await kube().deployment(NAMESPACE, 'worker');
    expect(d.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 });
    const pods = (await kube().get(`/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=app.kubernetes.io/component%3Dworker`)).items;
    expect(pods.map((p: any) => [p.spec.nodeName, p.status.phase, p.status.conditions.find((c: any) => c.type === 'Ready').status]))
      .toEqual([['kwok-node-0', 'Running', 'True'], ['kwok-node-0', 'Running', 'True']]);
  });

  test('the server\'s Deployments are ready, and its migrations Job ran (a hook Helm waited for, then deleted on success)', async () => {
    for (const name of ['prefect', 'prefect-background-services']) {
      expect((await kube().deployment(NAMESPACE, name)).status).toMatchObject({ readyReplicas: 1 });
    }
    // hook-delete-policy hook-succeeded: gone once it succeeded; a failed one would have failed the apply
    expect((await kube().get(`/apis/batch/v1/namespaces/${NAMESPACE}/jobs`)).items).toEqual([]);
    const events = (await kube().get(`/api/v1/namespaces/${NAMESPACE}/events`)).items
      .filter((e: any) => e.involvedObject.kind === 'Job' && e.involvedObject.name === 'prefect-db-migrations').map((e: any) => e.reason);
    expect(events).toEqual(expect.arrayContaining(['SuccessfulCreate', 'Completed']));
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('destroy leaves no Deployment and no pod', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect((await kube().get(`/apis/apps/v1/namespaces/${NAMESPACE}/deployments`)).items).toEqual([]);
  });
});
