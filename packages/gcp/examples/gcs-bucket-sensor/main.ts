// Files landing in Cloud Storage start Prefect flow runs, on Prefect Cloud. Two GcsBucketSensors
// send their bucket's notifications through Pub/Sub push to Prefect webhooks, and each one's
// automation runs the ingest deployment once per new object, with the bucket and object name as
// flow parameters:
//   - a new bucket in the EU for partner uploads, where only objects under `incoming/` count;
//   - an existing bucket another team owns, in another project, finalized objects only.
//
//   cdktf deploy --var prefect_account_id=... --var prefect_workspace_id=... --var gcp_project=...
//
// Each push is retried with backoff (5 s to 10 min), and after 10 failed deliveries the message
// goes to the sensor's dead-letter topic. The topic's publisher and the dead-letter members are IAM
// members, never bindings: other grants on the topics stay. PREFECT_API_KEY (for the Prefect
// provider) and the Google credentials come from the environment. It imports the packages as a
// real app does (`npm install cdktf-prefect cdktf-prefect-gcp`); in this repository the npm
// workspace links them to the compiled packages.
import { GoogleProvider } from 'cdktf-prefect-gcp/lib/.gen/providers/google/provider';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Flow, WorkPool } from 'cdktf-prefect';
import { GcsBucketSensor } from 'cdktf-prefect-gcp';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';

/** The deploy-time inputs (`--var name=...`). */
const INPUTS = {
  prefect_account_id: 'Prefect Cloud account ID',
  prefect_workspace_id: 'Prefect Cloud workspace ID',
  gcp_project: 'Google Cloud project of the sensors',
};

export class GcsBucketSensorStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const v = Object.fromEntries(Object.entries(INPUTS).map(([name, description]) =>
      [name, new TerraformVariable(this, name, { type: 'string', description }).stringValue]));

    // The stack owns the providers; credentials come from the environment.
    new GoogleProvider(this, 'google', { project: v.gcp_project, region: 'europe-west1' });
    new PrefectProvider(this, 'prefect', { accountId: v.prefect_account_id, workspaceId: v.prefect_workspace_id });

    // The deployment the objects start: one flow run per object, bucket and object name as parameters.
    const ingest = new Flow(this, 'IngestFlow', { flowName: 'ingest-object' }).addDeployment('OnObject', {
      deploymentName: 'on-object',
      description: 'loads one Cloud Storage object; started by the GCS sensors\' automations',
      entrypoint: 'flows/ingest.py:ingest_object',
      workPool: WorkPool.fromWorkPoolName(this, 'Pool', 'cloud-run-prod'),
      parameterOpenApiSchema: {
        type: 'object',
        properties: { bucket: { type: 'string' }, key: { type: 'string' } },
        required: ['bucket', 'key'],
      },
      enforceParameterSchema: true,
    });

    const delivery = { minimumBackoffSeconds: 5, maximumBackoffSeconds: 600, maxDeliveryAttempts: 10, ackDeadlineSeconds: 30 };
    const labels = { 'team': 'data-platform', 'cost-center': 'analytics' };

    const landing = new GcsBucketSensor(this, 'PartnerLanding', {
      bucketName: 'acme-partner-landing',
      location: 'EU',
      eventTypes: ['OBJECT_FINALIZE'],
      objectNamePrefix: 'incoming/',
      topicName: 'acme-partner-landing-events',
      deployment: ingest,
      labels,
      ...delivery,
    });

    const exports = new GcsBucketSensor(this, 'ErpExports', {
      bucketName: 'acme-erp-exports',
      existingBucket: true,
      project: 'acme-erp-prod',
      eventTypes: ['OBJECT_FINALIZE'],
      topicName: 'acme-erp-exports-events',
      deployment: ingest,
      labels,
      ...delivery,
    });

    new TerraformOutput(this, 'landing_webhook_endpoint', { value: landing.subscription.pushConfig.pushEndpoint });
    new TerraformOutput(this, 'dead_letter_topics', { value: [landing.deadLetter!.id, exports.deadLetter!.id] });
  }
}

const app = new App();
new GcsBucketSensorStack(app, 'gcs-bucket-sensor');
app.synth();
