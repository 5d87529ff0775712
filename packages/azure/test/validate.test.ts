import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { Deployment, Flow } from 'cdktf-prefect';
import { missingProviders } from '../../../test/e2e/support/env';
import { validateStack, ValidateResult } from '../../../test/e2e/support/terraform';
import { describeUnless } from '../../../test/support/skip';
import { AzurermProvider } from '../src/.gen/providers/azurerm/provider';
import { DataAzurermResourceGroup } from '../src/.gen/providers/azurerm/data-azurerm-resource-group';
import { AzureBlobSensor, AzureEventSchema, StorageSystemTopic } from '../src';

// `terraform validate` with the real hashicorp/azurerm 4.55.0 and prefecthq/prefect 3.4.1 schemas,
// found the way the toolchain finds every provider. Skipped, with the reason, when either is missing.
const withProviders = describeUnless(missingProviders('prefect', 'azurerm'));

function validate(build: (stack: TerraformStack) => void): ValidateResult {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, 'validate');
  new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: '00000000-0000-0000-0000-000000000000' });
  new PrefectProvider(stack, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
  build(stack);
  return validateStack(Testing.synth(stack, true));
}

withProviders('terraform validate: cdktf-prefect-azure (real azurerm 4.55.0 and Prefect 3.4.1 providers)', () => {
  test('the generated azurerm classes', () => {
    const result = validate((stack) => {
      new DataAzurermResourceGroup(stack, 'rg', { name: 'acme-data' });
    });
    expect(result).toEqual({ valid: true, diagnostics: [] });
  });

  test('AzureBlobSensor, every variant in one stack: new and existing accounts, new, shared and imported topics, both schemas, filters, a protected webhook, no dead letters, the automation', () => {
    const result = validate((stack) => {
      const key = new TerraformVariable(stack, 'webhook_api_key', { type: 'string', sensitive: true });
      const flow = new Flow(stack, 'Flow', { flowName: 'ingest' });
      const deployment = new Deployment(stack, 'Ingest', { flow, deploymentName: 'ingest', entrypoint: 'flows/ingest.py:ingest' });
      const fresh = new AzureBlobSensor(stack, 'New', {
        resourceGroupName: 'data', storageAccountName: 'acmeraw', location: 'westeurope', accountReplicationType: 'ZRS',
        containerName: 'landing', blobNamePrefix: 'incoming/', blobNameSuffix: '.csv', tags: { team: 'data' },
        serviceAccountId: '7e1e0b8a-0000-4000-8000-000000000001', webhookApiKey: key.stringValue, deployment,
      });
      new AzureBlobSensor(stack, 'Shared', {
        resourceGroupName: 'data', storageAccountName: 'acmeraw', existingStorageAccount: true, systemTopic: fresh.systemTopic,
        subscriptionName: 'acmeraw-deletes', eventTypes: ['Microsoft.Storage.BlobDeleted'], deadLetter: false,
        eventSchema: AzureEventSchema.CLOUD_EVENTS, maxDeliveryAttempts: 5, eventTimeToLiveMinutes: 60,
      });
      new AzureBlobSensor(stack, 'Imported', {
        resourceGroupName: 'archive', storageAccountName: 'acmearchive', existingStorageAccount: true,
        systemTopic: StorageSystemTopic.fromSystemTopicName(stack, 'ArchiveTopic', 'events', 'acmearchive-events'),
        blobNameSuffix: '.parquet', caseSensitive: false, deadLetterContainerName: 'failed-events',
      });
    });
    expect(result).toEqual({ valid: true, diagnostics: [] });
  });
});
