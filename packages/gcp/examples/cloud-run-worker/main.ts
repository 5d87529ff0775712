// A Prefect worker on Google Cloud Run for Prefect Cloud, with no step left to the UI or gcloud:
// the `cloud-run-v2` work pool is created and filled (region, the flow runs' service account,
// sizes, the API key secret), the worker runs as an always-on Cloud Run service, and its service
// account holds a custom role with only the five Cloud Run calls the worker makes, plus actAs on
// the flow runs' account alone.
//
//   cdktf deploy --var prefect_account_id=... --var prefect_workspace_id=... --var gcp_project=...
//
// The API key lives in the Secret Manager secret `prefect-api-key` (create it once:
// `printf %s "$PREFECT_API_KEY" | gcloud secrets create prefect-api-key --data-file=-`). Cloud Run
// reads it by reference for the worker and for every flow-run job: it is never in cdk.tf.json nor
// in the Terraform state. PREFECT_API_KEY (for the Prefect provider) and the Google credentials
// come from the environment. It imports the packages as a real app does
// (`npm install cdktf-prefect cdktf-prefect-gcp`); in this repository the npm workspace links them
// to the compiled packages.
import { GoogleProvider } from 'cdktf-prefect-gcp/lib/.gen/providers/google/provider';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Flow, PrefectApi } from 'cdktf-prefect';
import { CloudRunWorker, GcpPrefectAuth } from 'cdktf-prefect-gcp';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';

/** The deploy-time inputs (`--var name=...`). */
const INPUTS = {
  prefect_account_id: 'Prefect Cloud account ID',
  prefect_workspace_id: 'Prefect Cloud workspace ID',
  gcp_project: 'Google Cloud project of the worker and its flow runs',
};

export class CloudRunWorkerStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const v = Object.fromEntries(Object.entries(INPUTS).map(([name, description]) =>
      [name, new TerraformVariable(this, name, { type: 'string', description }).stringValue]));

    // The stack owns the providers; credentials come from the environment.
    new GoogleProvider(this, 'google', { project: v.gcp_project, region: 'europe-west1' });
    new PrefectProvider(this, 'prefect', { accountId: v.prefect_account_id, workspaceId: v.prefect_workspace_id });

    const worker = new CloudRunWorker(this, 'Worker', {
      name: 'prod',
      workPoolName: 'cloud-run-prod',
      region: 'europe-west1',
      api: PrefectApi.cloud(v.prefect_account_id, v.prefect_workspace_id),
      auth: GcpPrefectAuth.apiKeyFromSecretManager('prefect-api-key'),
      flowRunCpu: '2',
      flowRunMemory: '4Gi',
      flowRunTimeoutSeconds: 3600,
      labels: { 'team': 'data-platform', 'cost-center': 'analytics' },
    });

    // A deployment on the pool: its flow runs are Cloud Run jobs as the flow runs' service account.
    new Flow(this, 'EtlFlow', { flowName: 'nightly-etl' }).addDeployment('Nightly', {
      deploymentName: 'nightly',
      entrypoint: 'flows/etl.py:nightly_etl',
      workPool: worker.workPool,
      jobVariables: { image: 'europe-docker.pkg.dev/acme-data/flows/etl:1.4.0' },
    });

    // Grant the flows what they need on this account, e.g. reading a bucket.
    new TerraformOutput(this, 'flow_run_service_account', { value: worker.flowRunServiceAccountEmail });
    new TerraformOutput(this, 'worker_service', { value: worker.serviceName });
  }
}

const app = new App();
new CloudRunWorkerStack(app, 'cloud-run-worker');
app.synth();
