// A self-hosted Prefect on Kubernetes in one app: the server (prefect-server chart, its
// PostgreSQL URL and basic auth from Secrets), a worker (prefect-worker chart) and the
// `kubernetes` work pool it polls, and the Prometheus exporter, wired by the server's `api` and
// `auth` instead of hand-copied URLs.
//
//   kubectl create namespace prefect
//   kubectl -n prefect create secret generic prefect-db --from-literal=connection-string='postgresql+asyncpg://prefect:...@db.internal:5432/prefect'
//   kubectl -n prefect create secret generic prefect-auth --from-literal=auth-string='admin:...'
//   PREFECT_API_URL=https://prefect.example.com/api PREFECT_BASIC_AUTH_KEY=admin:... cdktf deploy
//
// The helm provider reads ~/.kube/config; the Prefect provider (which creates the work pool
// through the server's public URL) reads its endpoint and auth from the environment. It imports
// the packages as a real app does; in this repository the npm workspace links them.
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { KubernetesAuth, KubernetesWorker, l1, PrefectExporter, PrefectServer, ServerDatabase } from 'cdktf-prefect-kubernetes';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';

export class KubernetesWorkerStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The stack owns the providers; credentials come from the kubeconfig and the environment.
    new l1.provider.HelmProvider(this, 'helm', { kubernetes: { configPath: '~/.kube/config' } });
    new PrefectProvider(this, 'prefect', {});

    const server = new PrefectServer(this, 'Server', {
      database: ServerDatabase.externalFromSecret('prefect-db'),
      auth: KubernetesAuth.basicAuthFromSecret('prefect-auth'),
      ingress: { hostname: 'prefect.example.com', className: 'nginx', tls: true, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
      releaseName: 'prefect',
      namespace: 'prefect',
      createNamespace: false,
      replicas: 2,
    });

    const worker = new KubernetesWorker(this, 'Worker', {
      api: server.api,
      auth: server.auth,
      workPoolName: 'k8s',
      releaseName: 'prefect-worker',
      namespace: 'prefect',
      createNamespace: false,
      replicas: 2,
      workerLimit: 20,
      // what every flow run gets unless its deployment says otherwise; a change here is applied to
      // the pool by the next deploy
      jobTemplate: { image: 'ghcr.io/acme/flows:2026.12.1', serviceAccountName: 'flow-runner', cpuRequest: '500m', memoryLimit: '4Gi', finishedJobTtl: 3600 },
    });

    new PrefectExporter(this, 'Exporter', {
      api: server.api,
      auth: server.auth,
      releaseName: 'prefect-exporter',
      namespace: 'prefect',
      createNamespace: false,
      serviceMonitor: { labels: { release: 'kube-prometheus-stack' } },
    });

    new TerraformOutput(this, 'api_url', { value: server.apiUrl });
    new TerraformOutput(this, 'work_pool_name', { value: worker.workPool.workPoolName });
  }
}

const app = new App();
new KubernetesWorkerStack(app, 'kubernetes-worker');
app.synth();
