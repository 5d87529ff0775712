import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Deployment, Flow, PrefectApi, WebhookTemplate } from 'cdktf-prefect';
import { AzureBlobSensor, AzureBlobSensorProps, AzureEventSchema, StorageSystemTopic } from '../src';
import { runTable } from '../../../test/support/bad-input-table';
import { onlyResource, resourcesOf, synthJson } from '../../../test/support/synth';
import { azureStack } from './aci-fixtures';

const ref = (type: string, c: { friendlyUniqueId: string }, attr: string) => `\${${type}.${c.friendlyUniqueId}.${attr}}`;
const counts = (json: any, kind: 'resource' | 'data') => Object.fromEntries(Object.entries(json[kind] ?? {}).map(([t, r]) => [t, Object.keys(r as object).length]));
const NEW: AzureBlobSensorProps = { resourceGroupName: 'data', storageAccountName: 'acmeraw', location: 'westeurope' };
const EXISTING: AzureBlobSensorProps = { resourceGroupName: 'data', storageAccountName: 'acmeraw', existingStorageAccount: true };

function ingest(scope: Construct): Deployment {
  const flow = new Flow(scope, 'IngestFlow', { flowName: 'ingest' });
  return new Deployment(scope, 'Ingest', { flow, deploymentName: 'ingest', entrypoint: 'flows/ingest.py:ingest' });
}

function synthSensor(props: (scope: TerraformStack) => AzureBlobSensorProps = () => NEW) {
  const stack = azureStack();
  const sensor = new AzureBlobSensor(stack, 'Sensor', props(stack));
  return { stack, sensor, json: synthJson(stack) };
}
const subscription = (json: any) => onlyResource(json, 'azurerm_eventgrid_system_topic_event_subscription');

describe('AzureBlobSensor', () => {
  test('a new account: the account, its system topic, the dead-letter container, the subscription and the webhook, every attribute', () => {
    const { sensor, json } = synthSensor(() => ({ ...NEW, tags: { team: 'data' } }));
    expect(counts(json, 'resource')).toEqual({
      azurerm_storage_account: 1,
      azurerm_eventgrid_system_topic: 1,
      azurerm_storage_container: 1,
      azurerm_eventgrid_system_topic_event_subscription: 1,
      prefect_webhook: 1,
    });
    expect(json.data).toBeUndefined();
    expect(json.provider.azurerm).toHaveLength(1); // the stack's own
    const accountId = ref('azurerm_storage_account', sensor.storageAccount!, 'id');
    expect(onlyResource(json, 'azurerm_storage_account')).toEqual({
      name: 'acmeraw',
      resource_group_name: 'data',
      location: 'westeurope',
      account_kind: 'StorageV2',
      account_tier: 'Standard',
      account_replication_type: 'LRS',
      min_tls_version: 'TLS1_2',
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      tags: { team: 'data' },
    });
    expect(onlyResource(json, 'azurerm_eventgrid_system_topic')).toEqual({
      name: 'acmeraw-storage-topic',
      resource_group_name: 'data',
      location: 'westeurope',
      source_resource_id: accountId,
      topic_type: 'Microsoft.Storage.StorageAccounts',
      tags: { team: 'data' },
    });
    expect(onlyResource(json, 'azurerm_storage_container')).toEqual({
      name: 'prefect-dead-letters', storage_account_id: accountId, container_access_type: 'private',
    });
    const topic = (sensor.systemTopic as StorageSystemTopic).resource;
    expect(subscription(json)).toEqual({
      name: 'acmeraw-prefect-event-subscription',
      system_topic: ref('azurerm_eventgrid_system_topic', topic, 'name'),
      resource_group_name: ref('azurerm_eventgrid_system_topic', topic, 'resource_group_name'),
      event_delivery_schema: 'EventGridSchema',
      included_event_types: ['Microsoft.Storage.BlobCreated'],
      advanced_filter: { string_not_begins_with: [{ key: 'subject', values: ['/blobServices/default/containers/prefect-dead-letters/'] }] },
      webhook_endpoint: { url: ref('prefect_webhook', sensor.webhook!.resource, 'endpoint'), max_events_per_batch: 1 },
      retry_policy: { max_delivery_attempts: 30, event_time_to_live: 1440 },
      storage_blob_dead_letter_destination: {
        storage_account_id: accountId,
        storage_blob_container_name: ref('azurerm_storage_container', sensor.deadLetterContainer!, 'name'),
      },
    });
    const webhook = onlyResource(json, 'prefect_webhook');
    expect(webhook).toEqual({
      name: expect.stringMatching(/^webhook-sensor-[0-9a-f]{8}$/),
      description: 'Blob events of the Azure storage account acmeraw, sent by Event Grid',
      template: AzureEventSchema.EVENT_GRID.webhookTemplate().jinjaTemplate,
    });
    expect(webhook.template).toContain('body[0]');
    expect(webhook.template).toContain('e.eventType|tojson');
    expect(sensor.resourceId).toBe('azure.storage.acmeraw');
    expect(sensor.automation).toBeUndefined();
  });

  test('an existing account and topic: data sources, the topic checked at plan time, the region from the account', () => {
    const { sensor, json } = synthSensor((s) => ({ ...EXISTING, systemTopic: StorageSystemTopic.fromSystemTopicName(s, 'Topic', 'events', 'acmeraw-events') }));
    expect(counts(json, 'resource')).toEqual({ azurerm_storage_container: 1, azurerm_eventgrid_system_topic_event_subscription: 1, prefect_webhook: 1 });
    expect(counts(json, 'data')).toEqual({ azurerm_storage_account: 1, azurerm_eventgrid_system_topic: 1 });
    expect(Object.values(json.data.azurerm_storage_account)).toEqual([{ name: 'acmeraw', resource_group_name: 'data' }]);
    expect(Object.values(json.data.azurerm_eventgrid_system_topic)).toEqual([{ name: 'acmeraw-events', resource_group_name: 'events' }]);
    const s = subscription(json);
    expect([s.system_topic, s.resource_group_name]).toEqual(['acmeraw-events', 'events']);
    const topicRef = Object.keys(json.data.azurerm_eventgrid_system_topic)[0];
    const accountRef = Object.keys(json.data.azurerm_storage_account)[0];
    expect(s.lifecycle.precondition).toEqual([{
      condition: `\${((lower(data.azurerm_eventgrid_system_topic.${topicRef}.source_resource_id) == lower(data.azurerm_storage_account.${accountRef}.id)) && (data.azurerm_eventgrid_system_topic.${topicRef}.topic_type == "Microsoft.Storage.StorageAccounts"))}`,
      error_message: 'the system topic acmeraw-events is not the one of the storage account acmeraw: give that account\'s own system topic (an account has one)',
    }]);
    expect(s.storage_blob_dead_letter_destination.storage_account_id).toBe(`\${data.azurerm_storage_account.${accountRef}.id}`);
    expect(sensor.existingAccount).toBeDefined();
  });

  test('a second sensor on the same account shares the first one\'s system topic', () => {
    const { json } = synthSensor((s) => {
      const first = new AzureBlobSensor(s, 'First', { ...NEW, containerName: 'landing' });
      return { ...EXISTING, systemTopic: first.systemTopic, containerName: 'archive', subscriptionName: 'acmeraw-archive', deadLetter: false };
    });
    expect(counts(json, 'resource').azurerm_eventgrid_system_topic).toBe(1);
    const subs = Object.values<any>(resourcesOf(json, 'azurerm_eventgrid_system_topic_event_subscription'));
    expect(new Set(subs.map((x) => x.system_topic)).size).toBe(1);
    expect(subs.map((x) => x.subject_filter.subject_begins_with).sort()).toEqual([
      '/blobServices/default/containers/archive/blobs/', '/blobServices/default/containers/landing/blobs/',
    ]);
    // the archive sensor writes no dead letters, the landing one filters by container (no dead-letter exclusion needed)
    expect(subs.map((x) => x.advanced_filter)).toEqual([undefined, undefined]);
  });

  test('filters: event types, container, blob name prefix and suffix, case sensitivity; the retry policy', () => {
    const { json } = synthSensor(() => ({
      ...NEW,
      eventTypes: ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted'],
      containerName: 'landing', blobNamePrefix: 'incoming/', blobNameSuffix: '.csv', caseSensitive: false,
      maxDeliveryAttempts: 5, eventTimeToLiveMinutes: 60,
    }));
    const s = subscription(json);
    expect(s.included_event_types).toEqual(['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted']);
    expect(s.subject_filter).toEqual({
      subject_begins_with: '/blobServices/default/containers/landing/blobs/incoming/', subject_ends_with: '.csv', case_sensitive: false,
    });
    expect(s.retry_policy).toEqual({ max_delivery_attempts: 5, event_time_to_live: 60 });
    expect(s.advanced_filter).toBeUndefined();
  });

  test('a suffix alone, across every container: the dead-letter container is still excluded', () => {
    const s = subscription(synthSensor(() => ({ ...NEW, blobNameSuffix: '.parquet' })).json);
    expect(s.subject_filter).toEqual({ subject_ends_with: '.parquet', case_sensitive: true });
    expect(s.advanced_filter.string_not_begins_with[0].values).toEqual(['/blobServices/default/containers/prefect-dead-letters/']);
  });

  test('a protected webhook: the Bearer header is always sent, as a secret delivery attribute, the key by reference only', () => {
    const { stack, json } = synthSensor((s) => ({
      ...NEW,
      serviceAccountId: '7e1e0b8a-0000-4000-8000-000000000001',
      webhookApiKey: new TerraformVariable(s, 'webhook_api_key', { type: 'string', sensitive: true }).stringValue,
    }));
    expect(subscription(json).delivery_property).toEqual([{ header_name: 'Authorization', type: 'Static', value: 'Bearer ${var.webhook_api_key}', secret: true }]);
    expect(onlyResource(json, 'prefect_webhook').service_account_id).toBe('7e1e0b8a-0000-4000-8000-000000000001');
    expect(json.variable.webhook_api_key).toEqual({ type: 'string', sensitive: true });
    expect(JSON.stringify(json)).not.toMatch(/pnu_/);
    expect(stack).toBeDefined();
  });

  test('CloudEvents 1.0: the delivery schema and a template that reads type, source and time', () => {
    const { json } = synthSensor(() => ({ ...NEW, eventSchema: AzureEventSchema.CLOUD_EVENTS }));
    expect(subscription(json).event_delivery_schema).toBe('CloudEventSchemaV1_0');
    const template = onlyResource(json, 'prefect_webhook').template;
    expect(template).toBe(AzureEventSchema.CLOUD_EVENTS.webhookTemplate().jinjaTemplate);
    expect(template).toContain('e.type|tojson');
    expect(template).toContain('e.source.split("/")|last');
    expect(template).toContain('e.time|tojson');
  });

  test('the automation: BlobCreated events of the account run the deployment with the container and blob name from the event', () => {
    const { json } = synthSensor((s) => ({ ...NEW, deployment: ingest(s), bucketParameter: 'container', keyParameter: 'blob' }));
    const automation = onlyResource(json, 'prefect_automation');
    expect(automation.name).toBe(`acmeraw: run \${prefect_deployment.${Object.keys(json.resource.prefect_deployment)[0]}.name}`);
    expect(automation.trigger.event).toMatchObject({
      posture: 'Reactive',
      expect: ['Microsoft.Storage.BlobCreated'],
      match: JSON.stringify({ 'prefect.resource.id': 'azure.storage.acmeraw' }),
    });
    expect(JSON.parse(automation.actions[0].parameters)).toEqual({
      container: { __prefect_kind: 'jinja', template: "{{ event.resource['container'] }}" },
      blob: { __prefect_kind: 'jinja', template: "{{ event.resource['blob-name'] }}" },
    });
  });

  test('a custom template and an expect of its own', () => {
    const template = WebhookTemplate.fromObject({ event: 'blob', resource: { 'prefect.resource.id': 'azure.storage.acmeraw', 'blob-name': '{{ body[0].subject }}', 'container': 'landing' } });
    const { json } = synthSensor((s) => ({ ...NEW, webhookTemplate: template, deployment: ingest(s), expect: ['blob'], eventTypes: ['Microsoft.Storage.BlobDeleted'] }));
    expect(onlyResource(json, 'prefect_webhook').template).toContain('"event":"blob"');
    expect(onlyResource(json, 'prefect_automation').trigger.event.expect).toEqual(['blob']);
  });

  test('a default account name is unique to the construct path: 24 lowercase letters and digits', () => {
    const { json } = synthSensor(() => ({ resourceGroupName: 'data', location: 'westeurope' }));
    const name = onlyResource(json, 'azurerm_storage_account').name;
    expect(name).toMatch(/^[a-z0-9]{3,24}$/);
    expect(name).toMatch(/^sensor[0-9a-f]{8}$/);
    expect(onlyResource(json, 'azurerm_eventgrid_system_topic').name).toBe(`${name}-storage-topic`);
  });

  test('matches its snapshot', () => {
    expect(synthSensor((s) => ({ ...NEW, containerName: 'landing', blobNameSuffix: '.csv', deployment: ingest(s) })).json).toMatchSnapshot();
  });
});

const build = (props: Partial<AzureBlobSensorProps>, base: AzureBlobSensorProps = NEW) => (s: Construct) => new AzureBlobSensor(s, 'Sensor', { ...base, ...props });
const P = 'Stack/Sensor';
const KEY = (s: Construct) => new TerraformVariable(s, 'k', { type: 'string', sensitive: true }).stringValue;
runTable('AzureBlobSensor bad inputs', [
  { what: 'an uppercase account name', build: build({ storageAccountName: 'AcmeRaw' }), path: P, value: '"AcmeRaw"', fix: '3 to 24 lowercase letters and digits' },
  { what: 'an account name with a hyphen', build: build({ storageAccountName: 'acme-raw' }), path: P, value: '"acme-raw"', fix: '3 to 24' },
  { what: 'an existing account without a name', build: build({ storageAccountName: undefined, existingStorageAccount: true, location: undefined }), path: P, value: 'no storageAccountName', fix: 'name the account' },
  { what: 'a location with an existing account', build: build({ location: 'westeurope' }, EXISTING), path: P, value: '"westeurope"', fix: 'remove location' },
  { what: 'a replication with an existing account', build: build({ accountReplicationType: 'GRS' }, EXISTING), path: P, value: '"GRS"', fix: 'remove accountReplicationType' },
  { what: 'a new account without a location', build: build({ location: undefined }), path: P, value: 'needs location', fix: '"westeurope"' },
  { what: 'a display-name location', build: build({ location: 'West Europe' }), path: P, value: '"West Europe"', fix: 'as ARM spells it' },
  { what: 'an unknown replication', build: build({ accountReplicationType: 'lrs' }), path: P, value: '"lrs"', fix: 'LRS, ZRS' },
  { what: 'a resource group ending with a dot', build: build({ resourceGroupName: 'data.' }), path: P, value: '"data."', fix: 'not ending with "."' },
  { what: 'a system topic and a topic name', build: (s) => new AzureBlobSensor(s, 'Sensor', { ...EXISTING, systemTopic: StorageSystemTopic.fromSystemTopicName(s, 'T', 'data', 'topic'), systemTopicName: 'other' }), path: P, value: '"other"', fix: 'remove one' },
  { what: 'a topic name with an underscore', build: build({ systemTopicName: 'acme_topic' }), path: P, value: '"acme_topic"', fix: '3 to 64' },
  { what: 'a subscription name too short', build: build({ subscriptionName: 'ab' }), path: P, value: '"ab"', fix: '3 to 64' },
  { what: 'an imported topic with a bad name', build: (s) => StorageSystemTopic.fromSystemTopicName(s, 'Sensor', 'data', 'a_b'), path: P, value: '"a_b"', fix: '3 to 128' },
  { what: 'no event types', build: build({ eventTypes: [] }), path: P, value: 'eventTypes is empty', fix: 'Microsoft.Storage.BlobCreated' },
  { what: 'an event type of another source', build: build({ eventTypes: ['Microsoft.Resources.ResourceWriteSuccess'] }), path: P, value: '"Microsoft.Resources.ResourceWriteSuccess"', fix: 'Microsoft.Storage.BlobDeleted' },
  { what: 'an event type twice', build: build({ eventTypes: ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobCreated'] }), path: P, value: 'lists a type twice', fix: 'give each once' },
  { what: 'an uppercase container', build: build({ containerName: 'Landing' }), path: P, value: '"Landing"', fix: 'lowercase' },
  { what: 'a dead-letter container with a double hyphen', build: build({ deadLetterContainerName: 'dead--letters' }), path: P, value: '"dead--letters"', fix: 'single "-"' },
  { what: 'a blob prefix without a container', build: build({ blobNamePrefix: 'incoming/' }), path: P, value: '"incoming/"', fix: 'needs containerName' },
  { what: 'an empty suffix', build: build({ blobNameSuffix: '' }), path: P, value: 'blobNameSuffix is empty', fix: '".csv"' },
  { what: 'the watched container as dead-letter container', build: build({ containerName: 'prefect-dead-letters' }), path: P, value: '"prefect-dead-letters"', fix: 'deadLetterContainerName' },
  { what: 'a dead-letter name without dead-lettering', build: build({ deadLetter: false, deadLetterContainerName: 'dead-letters' }), path: P, value: '"dead-letters"', fix: 'remove deadLetter: false' },
  { what: 'zero delivery attempts', build: build({ maxDeliveryAttempts: 0 }), path: P, value: 'maxDeliveryAttempts', fix: '30' },
  { what: 'a TTL over a day', build: build({ eventTimeToLiveMinutes: 1441 }), path: P, value: 'eventTimeToLiveMinutes', fix: '1440' },
  { what: 'a self-hosted server', build: build({ api: PrefectApi.selfHosted('https://prefect.example.com/api') }), path: P, value: '"https://prefect.example.com/api"', fix: 'use Prefect Cloud' },
  { what: 'a literal webhook key', build: build({ serviceAccountId: '7e1e0b8a-0000-4000-8000-000000000001', webhookApiKey: 'pnu_0123456789abcdefghijklmnopqrstuvwxyz' }), path: P, value: 'webhookApiKey is a literal', fix: 'sensitive', hidden: 'pnu_0123' },
  { what: 'a protected webhook without its key (the module\'s defect)', build: build({ serviceAccountId: '7e1e0b8a-0000-4000-8000-000000000001' }), path: P, value: '"7e1e0b8a-0000-4000-8000-000000000001"', fix: 'give webhookApiKey' },
  { what: 'a key without a service account', build: (s) => new AzureBlobSensor(s, 'Sensor', { ...NEW, webhookApiKey: KEY(s) }), path: P, value: 'needs serviceAccountId', fix: 'that service account' },
  { what: 'a deployment that BlobCreated never reaches', build: (s) => new AzureBlobSensor(s, 'Sensor', { ...NEW, eventTypes: ['Microsoft.Storage.BlobDeleted'], deployment: ingest(s) }), path: P, value: '["Microsoft.Storage.BlobDeleted"]', fix: 'give expect' },
  { what: 'automation options without a deployment', build: build({ keyParameter: 'blob' }), path: `${P}/Default`, value: 'keyParameter', fix: 'give deployment' },
  { what: 'a tag name with a slash', build: build({ tags: { 'team/name': 'x' } }), path: P, value: '"team/name"', fix: 'none of' },
  { what: 'a token in a tag', build: build({ tags: { owner: 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB' } }), path: P, value: 'tags.owner', fix: 'sensitive TerraformVariable', hidden: 'ghp_0123456789' },
], [
  { what: 'the defaults of a new account', build: build({}) },
  { what: 'an existing account with every filter and a protected webhook', build: (s) => new AzureBlobSensor(s, 'Sensor', { ...EXISTING, containerName: 'landing', blobNamePrefix: 'in/', blobNameSuffix: '.csv', serviceAccountId: '7e1e0b8a-0000-4000-8000-000000000001', webhookApiKey: KEY(s), deployment: ingest(s) }) },
], azureStack);
