// Blobs landing in Azure Storage start Prefect flow runs, on Prefect Cloud. Two AzureBlobSensors
// send their storage account's blob events through Event Grid to Prefect webhooks, and each
// one's automation runs the ingest deployment once per new blob, with the container and the blob
// name as flow parameters:
//   - a new storage account for partner uploads, where only `.csv` blobs under `landing/incoming/`
//     count, delivered to a webhook protected by a service account (Bearer header, key by reference);
//   - an existing account another team owns, whose system topic already exists (an account has
//     one), `.parquet` blobs of any container.
//
//   cdktf deploy --var prefect_account_id=... --var prefect_workspace_id=... \
//     --var prefect_service_account_id=... --var webhook_api_key=...
//
// Event Grid retries each delivery for up to 6 hours (at most 10 attempts), then writes the event
// to the sensor's dead-letter container. PREFECT_API_KEY (for the Prefect provider) and the Azure
// credentials (ARM_* or `az login`) come from the environment. It imports the packages as a real
// app does (`npm install cdktf-prefect cdktf-prefect-azure`); in this repository the npm
// workspace links them to the compiled packages.
import { AzurermProvider } from 'cdktf-prefect-azure/lib/.gen/providers/azurerm/provider';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Flow, WorkPool } from 'cdktf-prefect';
import { AzureBlobSensor, StorageSystemTopic } from 'cdktf-prefect-azure';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';

/** The deploy-time inputs (`--var name=...`). */
const INPUTS = {
  prefect_account_id: 'Prefect Cloud account ID',
  prefect_workspace_id: 'Prefect Cloud workspace ID',
  prefect_service_account_id: 'the Prefect service account the partner webhook accepts',
};

export class AzureBlobSensorStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const v = Object.fromEntries(Object.entries(INPUTS).map(([name, description]) =>
      [name, new TerraformVariable(this, name, { type: 'string', description }).stringValue]));
    // sent by Event Grid as a secret delivery attribute: only a reference in cdk.tf.json
    const webhookKey = new TerraformVariable(this, 'webhook_api_key', {
      type: 'string', sensitive: true, description: 'API key of prefect_service_account_id',
    });

    // The stack owns the providers; credentials come from the environment.
    new AzurermProvider(this, 'azurerm', { features: [{}] });
    new PrefectProvider(this, 'prefect', { accountId: v.prefect_account_id, workspaceId: v.prefect_workspace_id });

    // The deployment the blobs start: one flow run per blob, container and blob name as parameters.
    const ingest = new Flow(this, 'IngestFlow', { flowName: 'ingest-blob' }).addDeployment('OnBlob', {
      deploymentName: 'on-blob',
      description: 'loads one Azure blob; started by the blob sensors\' automations',
      entrypoint: 'flows/ingest.py:ingest_blob',
      workPool: WorkPool.fromWorkPoolName(this, 'Pool', 'aci-prod'),
      parameterOpenApiSchema: {
        type: 'object',
        properties: { container: { type: 'string' }, blob: { type: 'string' } },
        required: ['container', 'blob'],
      },
      enforceParameterSchema: true,
    });

    const delivery = { maxDeliveryAttempts: 10, eventTimeToLiveMinutes: 360, bucketParameter: 'container', keyParameter: 'blob' };
    const tags = { 'team': 'data-platform', 'cost-center': 'analytics' };

    const landing = new AzureBlobSensor(this, 'PartnerLanding', {
      resourceGroupName: 'data-landing',
      storageAccountName: 'acmepartnerlanding',
      location: 'westeurope',
      accountReplicationType: 'ZRS',
      containerName: 'landing',
      blobNamePrefix: 'incoming/',
      blobNameSuffix: '.csv',
      serviceAccountId: v.prefect_service_account_id,
      webhookApiKey: webhookKey.stringValue,
      deployment: ingest,
      tags,
      ...delivery,
    });

    const exports = new AzureBlobSensor(this, 'ErpExports', {
      resourceGroupName: 'erp-prod',
      storageAccountName: 'acmeerpexports',
      existingStorageAccount: true,
      systemTopic: StorageSystemTopic.fromSystemTopicName(this, 'ErpExportsTopic', 'erp-prod', 'acmeerpexports-events'),
      blobNameSuffix: '.parquet',
      deadLetterContainerName: 'prefect-failed-events',
      deployment: ingest,
      ...delivery,
    });

    new TerraformOutput(this, 'landing_webhook_endpoint', { value: landing.webhook!.endpoint });
    new TerraformOutput(this, 'eventgrid_system_topic_id', { value: landing.systemTopic.systemTopicId });
    new TerraformOutput(this, 'eventgrid_subscription_ids', { value: [landing.subscription.id, exports.subscription.id] });
  }
}

const app = new App();
new AzureBlobSensorStack(app, 'azure-blob-sensor');
app.synth();
