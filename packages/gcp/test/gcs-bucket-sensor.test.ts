import { execFileSync } from 'child_process';
import * as path from 'path';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { PrefectApi, WebhookTemplate } from 'cdktf-prefect';
import { GcsBucketSensor, GcsBucketSensorProps } from '../src';
import { onlyResource, resourcesOf, synthJson } from '../../../test/support/synth';
import { runTable } from '../../../test/support/bad-input-table';
import { gcpStack, ingestDeployment, ref, resourceCounts } from './fixtures';

function synthSensor(props: (scope: Construct) => GcsBucketSensorProps = () => ({ location: 'EU' })) {
  const stack = gcpStack();
  const sensor = new GcsBucketSensor(stack, 'Sensor', props(stack));
  return { sensor, json: synthJson(stack) };
}

const PUBSUB_AGENT = 'serviceAccount:service-${data.google_project.Sensor_Project_ABCD.number}@gcp-sa-pubsub.iam.gserviceaccount.com';

/** Every IAM member the stack grants, as [resource type, role, member, on what]. */
function members(json: any): string[][] {
  const out: string[][] = [];
  for (const [type, on] of [['google_pubsub_topic_iam_member', 'topic'], ['google_pubsub_subscription_iam_member', 'subscription'], ['google_service_account_iam_member', 'service_account_id']]) {
    for (const r of Object.values<any>(json.resource[type] ?? {})) out.push([type, r.role, r.member, r[on]]);
  }
  return out;
}

describe('GcsBucketSensor', () => {
  test('defaults: bucket in the given location, notification, topic with a publisher member, push subscription with retry and dead-letter, webhook', () => {
    const { sensor, json } = synthSensor();
    expect(resourceCounts(json)).toEqual({
      google_storage_bucket: 1,
      google_storage_notification: 1,
      google_pubsub_topic: 2,
      google_pubsub_topic_iam_member: 2,
      google_pubsub_subscription: 1,
      google_pubsub_subscription_iam_member: 1,
      prefect_webhook: 1,
    });
    // never an authoritative binding or policy
    expect(Object.keys(json.resource).filter((t) => /_iam_(binding|policy)$/.test(t))).toEqual([]);
    expect(onlyResource(json, 'google_storage_bucket')).toEqual({
      name: 'sensor-72c15a81', location: 'EU', uniform_bucket_level_access: true, public_access_prevention: 'enforced',
    });
    const topics = resourcesOf(json, 'google_pubsub_topic');
    expect(topics[sensor.topic.friendlyUniqueId]).toEqual({ name: expect.stringMatching(/^gcs-sensor-[0-9a-f]{8}$/) });
    const topicName = topics[sensor.topic.friendlyUniqueId].name;
    expect(topics[sensor.deadLetter!.friendlyUniqueId]).toEqual({ name: `${topicName}-dead-letter` });
    expect(json.data.google_storage_project_service_account).toEqual({ Sensor_StorageServiceAgent_71DA108D: {} });
    expect(Object.keys(json.data.google_project)).toHaveLength(1);
    const pubsubAgent = PUBSUB_AGENT.replace('Sensor_Project_ABCD', Object.keys(json.data.google_project)[0]);
    expect(members(json).sort()).toEqual([
      ['google_pubsub_subscription_iam_member', 'roles/pubsub.subscriber', pubsubAgent, ref('google_pubsub_subscription', sensor.subscription, 'id')],
      ['google_pubsub_topic_iam_member', 'roles/pubsub.publisher', '${data.google_storage_project_service_account.Sensor_StorageServiceAgent_71DA108D.member}', ref('google_pubsub_topic', sensor.topic, 'id')],
      ['google_pubsub_topic_iam_member', 'roles/pubsub.publisher', pubsubAgent, ref('google_pubsub_topic', sensor.deadLetter!, 'id')],
    ].sort());
    expect(onlyResource(json, 'google_storage_notification')).toEqual({
      bucket: ref('google_storage_bucket', sensor.bucket!, 'name'),
      topic: ref('google_pubsub_topic', sensor.topic, 'id'),
      payload_format: 'JSON_API_V1',
      event_types: ['OBJECT_FINALIZE', 'OBJECT_METADATA_UPDATE'],
      depends_on: [`google_pubsub_topic_iam_member.${sensor.topicPublisher.friendlyUniqueId}`],
    });
    expect(onlyResource(json, 'google_pubsub_subscription')).toEqual({
      name: `${topicName}-subscription`,
      topic: ref('google_pubsub_topic', sensor.topic, 'id'),
      ack_deadline_seconds: 20,
      message_retention_duration: '604800s',
      retry_policy: { minimum_backoff: '10s', maximum_backoff: '600s' },
      dead_letter_policy: { dead_letter_topic: ref('google_pubsub_topic', sensor.deadLetter!, 'id'), max_delivery_attempts: 5 },
      push_config: { push_endpoint: ref('prefect_webhook', sensor.webhook!.resource, 'endpoint') },
    });
    const webhook = onlyResource(json, 'prefect_webhook');
    // every value JSON-escaped by tojson (rendered over real envelopes in test/e2e)
    expect(webhook.template).toBe('{"event": {{ ("GCS " ~ body.message.attributes.eventType)|tojson }}, "resource": {'
      + '"prefect.resource.id": {{ ("gcs.bucket." ~ body.message.attributes.bucketId)|tojson }}, '
      + '"object-key": {{ body.message.attributes.objectId|tojson }}, '
      + '"object-generation": {{ body.message.attributes.objectGeneration|tojson }}, '
      + '"pubsub-message-id": {{ body.message.messageId|tojson }}}}');
    expect(webhook.service_account_id).toBeUndefined();
    expect(json.resource.prefect_automation).toBeUndefined();
    expect(sensor.resourceId).toBe('gcs.bucket.sensor-72c15a81');
  });

  test('existing bucket: no bucket, the notification names it; prefix, event types and options reach the resources', () => {
    const { sensor, json } = synthSensor(() => ({
      bucketName: 'acme-raw',
      existingBucket: true,
      project: 'acme-data',
      eventTypes: ['OBJECT_FINALIZE'],
      objectNamePrefix: 'incoming/',
      topicName: 'acme-raw-events',
      subscriptionName: 'acme-raw-to-prefect',
      ackDeadlineSeconds: 60,
      minimumBackoffSeconds: 5,
      maximumBackoffSeconds: 300,
      messageRetentionSeconds: 3600,
      maxDeliveryAttempts: 10,
      labels: { team: 'data' },
    }));
    expect(json.resource.google_storage_bucket).toBeUndefined();
    expect(sensor.bucket).toBeUndefined();
    expect(onlyResource(json, 'google_storage_notification')).toMatchObject({
      bucket: 'acme-raw', event_types: ['OBJECT_FINALIZE'], object_name_prefix: 'incoming/',
    });
    expect(onlyResource(json, 'google_pubsub_subscription')).toMatchObject({
      name: 'acme-raw-to-prefect', project: 'acme-data', ack_deadline_seconds: 60, message_retention_duration: '3600s',
      retry_policy: { minimum_backoff: '5s', maximum_backoff: '300s' },
      dead_letter_policy: { max_delivery_attempts: 10 }, labels: { team: 'data' },
    });
    expect(Object.values<any>(json.resource.google_pubsub_topic).map((t) => [t.name, t.project, t.labels]).sort()).toEqual([
      ['acme-raw-events', 'acme-data', { team: 'data' }], ['acme-raw-events-dead-letter', 'acme-data', { team: 'data' }],
    ]);
    expect(json.data.google_project[Object.keys(json.data.google_project)[0]]).toEqual({ project_id: 'acme-data' });
    expect(sensor.resourceId).toBe('gcs.bucket.acme-raw');
  });

  test('without the dead-letter topic: no second topic, no Pub/Sub agent members, no google_project lookup', () => {
    const { json } = synthSensor(() => ({ location: 'europe-west1', deadLetterTopic: false }));
    expect(resourceCounts(json)).toMatchObject({ google_pubsub_topic: 1, google_pubsub_topic_iam_member: 1 });
    expect(json.resource.google_pubsub_subscription_iam_member).toBeUndefined();
    expect(json.data.google_project).toBeUndefined();
    expect(onlyResource(json, 'google_pubsub_subscription').dead_letter_policy).toBeUndefined();
  });

  test('OIDC push auth: the token, its audience, the Prefect service account, and the token-creator member', () => {
    const { json } = synthSensor(() => ({
      location: 'EU',
      project: 'acme-data',
      oidcServiceAccountEmail: 'prefect-push@acme-data.iam.gserviceaccount.com',
      oidcAudience: 'https://api.prefect.cloud',
      grantTokenCreator: true,
      serviceAccountId: '3b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f',
    }));
    expect(onlyResource(json, 'google_pubsub_subscription').push_config.oidc_token).toEqual({
      service_account_email: 'prefect-push@acme-data.iam.gserviceaccount.com', audience: 'https://api.prefect.cloud',
    });
    expect(onlyResource(json, 'prefect_webhook').service_account_id).toBe('3b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f');
    expect(onlyResource(json, 'google_service_account_iam_member')).toEqual({
      service_account_id: 'projects/acme-data/serviceAccounts/prefect-push@acme-data.iam.gserviceaccount.com',
      role: 'roles/iam.serviceAccountTokenCreator',
      member: expect.stringMatching(/^serviceAccount:service-\$\{data\.google_project\.[A-Za-z0-9_]+\.number\}@gcp-sa-pubsub\.iam\.gserviceaccount\.com$/),
    });
  });

  test('the automation runs the deployment on GCS OBJECT_FINALIZE with the bucket and the object name', () => {
    const { json } = synthSensor((scope) => ({ bucketName: 'acme-raw', location: 'EU', deployment: ingestDeployment(scope), keyParameter: 'object' }));
    const auto = onlyResource(json, 'prefect_automation');
    expect(auto.name).toBe('acme-raw: run ${prefect_deployment.Ingest_4069586C.name}');
    expect(auto.trigger.event.expect).toEqual(['GCS OBJECT_FINALIZE']);
    expect(JSON.parse(auto.trigger.event.match)).toEqual({ 'prefect.resource.id': 'gcs.bucket.acme-raw' });
    expect(JSON.parse(auto.actions[0].parameters)).toEqual({
      bucket: 'acme-raw', object: { __prefect_kind: 'jinja', template: "{{ event.resource['object-key'] }}" },
    });
  });

  test('a custom webhook template replaces the default', () => {
    const { json } = synthSensor(() => ({ location: 'EU', webhookTemplate: WebhookTemplate.fromObject({ event: 'x', resource: { 'prefect.resource.id': 'y' } }) }));
    expect(JSON.parse(onlyResource(json, 'prefect_webhook').template)).toEqual({ event: 'x', resource: { 'prefect.resource.id': 'y' } });
  });

  test('two sensors of one stack get different default names', () => {
    const stack = gcpStack();
    new GcsBucketSensor(stack, 'Orders', { location: 'EU' });
    new GcsBucketSensor(stack, 'Invoices', { location: 'EU' });
    const json = synthJson(stack);
    for (const [type, key] of [['google_storage_bucket', 'name'], ['google_pubsub_topic', 'name'], ['google_pubsub_subscription', 'name'], ['prefect_webhook', 'name']]) {
      const names = Object.values<any>(json.resource[type]).map((r) => r[key]);
      expect([type, new Set(names).size]).toEqual([type, names.length]);
    }
  });

  test('snapshot: defaults', () => {
    expect(synthSensor().json).toMatchSnapshot();
  });

  test('snapshot: existing bucket, OIDC, automation', () => {
    expect(synthSensor((scope) => ({
      bucketName: 'acme-raw', existingBucket: true, project: 'acme-data', deployment: ingestDeployment(scope),
      oidcServiceAccountEmail: 'prefect-push@acme-data.iam.gserviceaccount.com', grantTokenCreator: true,
    })).json).toMatchSnapshot();
  });
});

const P = 'Stack/Sensor';
const sensor = (props: GcsBucketSensorProps) => (scope: Construct) => new GcsBucketSensor(scope, 'Sensor', props);
const EU = { location: 'EU' };
runTable('GcsBucketSensor refuses bad input at synth', [
  { what: 'a new bucket without location', build: sensor({}), path: P, value: 'location', fix: '"europe-west1"' },
  { what: 'location with an existing bucket', build: sensor({ bucketName: 'acme-raw', existingBucket: true, location: 'EU' }), path: P, value: '"EU"', fix: 'remove location' },
  { what: 'a location with a space', build: sensor({ location: 'europe west1' }), path: P, value: '"europe west1"', fix: 'a GCS location' },
  { what: 'an existing bucket without a name', build: sensor({ existingBucket: true }), path: P, value: 'existingBucket', fix: 'name the bucket to watch' },
  { what: 'an uppercase bucket name', build: sensor({ ...EU, bucketName: 'Acme-Raw' }), path: P, value: '"Acme-Raw"', fix: 'lowercase letters' },
  { what: 'a two-character bucket name', build: sensor({ ...EU, bucketName: 'ab' }), path: P, value: '"ab"', fix: '3 to 63' },
  { what: 'a bucket name with "google"', build: sensor({ ...EU, bucketName: 'my-google-data' }), path: P, value: '"my-google-data"', fix: 'nor contain "google"' },
  { what: 'a bucket name starting with "goog"', build: sensor({ ...EU, bucketName: 'goog-data' }), path: P, value: '"goog-data"', fix: 'start with "goog"' },
  { what: 'a bad project ID', build: sensor({ ...EU, project: 'Acme_Data' }), path: P, value: '"Acme_Data"', fix: 'give a project ID' },
  { what: 'an unknown event type', build: sensor({ ...EU, eventTypes: ['OBJECT_CREATED'] }), path: P, value: '"OBJECT_CREATED"', fix: 'OBJECT_FINALIZE, OBJECT_METADATA_UPDATE, OBJECT_DELETE, OBJECT_ARCHIVE' },
  { what: 'an S3 event type', build: sensor({ ...EU, eventTypes: ['Object Created'] }), path: P, value: '"Object Created"', fix: 'GCS notifications have' },
  { what: 'no event types', build: sensor({ ...EU, eventTypes: [] }), path: P, value: 'eventTypes is empty', fix: 'OBJECT_FINALIZE' },
  { what: 'an event type twice', build: sensor({ ...EU, eventTypes: ['OBJECT_FINALIZE', 'OBJECT_FINALIZE'] }), path: P, value: '["OBJECT_FINALIZE","OBJECT_FINALIZE"]', fix: 'give each once' },
  { what: 'an empty object name prefix', build: sensor({ ...EU, objectNamePrefix: '' }), path: P, value: 'objectNamePrefix is empty', fix: 'leave it out' },
  { what: 'a topic name starting with a digit', build: sensor({ ...EU, topicName: '1topic' }), path: P, value: '"1topic"', fix: 'start with a letter' },
  { what: 'a topic name starting with "goog"', build: sensor({ ...EU, topicName: 'google-events' }), path: P, value: '"google-events"', fix: 'do not start with "goog"' },
  { what: 'a subscription name with a slash', build: sensor({ ...EU, subscriptionName: 'a/b/c' }), path: P, value: '"a/b/c"', fix: 'Pub/Sub names are 3 to 255' },
  { what: 'a topic name with no room for the dead-letter suffix', build: sensor({ ...EU, topicName: `t${'x'.repeat(249)}` }), path: P, value: `"t${'x'.repeat(249)}"`, fix: 'at most 243 characters' },
  { what: 'a self-hosted server without relayRegion', build: sensor({ ...EU, api: PrefectApi.selfHosted('https://prefect.example.com/api') }), path: P, value: '"https://prefect.example.com/api"', fix: 'give relayRegion' },
  { what: 'relayRegion on Prefect Cloud', build: sensor({ ...EU, relayRegion: 'europe-west1' }), path: P, value: '"europe-west1"', fix: 'PrefectApi.selfHosted(url)' },
  { what: 'a multi-region as relayRegion', build: sensor({ ...EU, api: PrefectApi.selfHosted('https://prefect.example.com/api'), relayRegion: 'EU' }), path: P, value: '"EU"', fix: 'not a zone or a multi-region' },
  { what: 'a secret version path as relayAuthSecret', build: sensor({ ...EU, api: PrefectApi.selfHosted('https://prefect.example.com/api'), relayRegion: 'europe-west1', relayAuthSecret: 'projects/p/secrets/auth/versions/1' }), path: P, value: '"projects/p/secrets/auth/versions/1"', fix: 'latest version' },
  { what: 'an audience without a service account', build: sensor({ ...EU, oidcAudience: 'https://x' }), path: P, value: 'oidcAudience', fix: 'name the service account' },
  { what: 'grantTokenCreator without a service account', build: sensor({ ...EU, project: 'acme-data', grantTokenCreator: true }), path: P, value: 'grantTokenCreator', fix: 'name the service account Pub/Sub makes tokens for' },
  { what: 'grantTokenCreator without project', build: sensor({ ...EU, grantTokenCreator: true, oidcServiceAccountEmail: 'push-sa@acme-data.iam.gserviceaccount.com' }), path: P, value: 'grantTokenCreator needs project', fix: 'projects/<project>/serviceAccounts/<email>' },
  { what: 'a user email as the OIDC service account', build: sensor({ ...EU, oidcServiceAccountEmail: 'me@example.com' }), path: P, value: '"me@example.com"', fix: '<name>@<project>.iam.gserviceaccount.com' },
  { what: 'a protected webhook Pub/Sub cannot authenticate to', build: sensor({ ...EU, serviceAccountId: 'sa-1' }), path: P, value: '"sa-1"', fix: 'give oidcServiceAccountEmail' },
  { what: 'an ack deadline under 10 s', build: sensor({ ...EU, ackDeadlineSeconds: 5 }), path: P, value: 'ackDeadlineSeconds', fix: '10' },
  { what: 'an ack deadline over 600 s', build: sensor({ ...EU, ackDeadlineSeconds: 601 }), path: P, value: '601', fix: '600' },
  { what: 'a fractional backoff', build: sensor({ ...EU, minimumBackoffSeconds: 1.5 }), path: P, value: '1.5', fix: 'minimumBackoffSeconds' },
  { what: 'a maximum backoff over 600 s', build: sensor({ ...EU, maximumBackoffSeconds: 900 }), path: P, value: '900', fix: '600' },
  { what: 'a minimum backoff above the maximum', build: sensor({ ...EU, minimumBackoffSeconds: 120, maximumBackoffSeconds: 60 }), path: P, value: '120', fix: 'a minimum at most the maximum' },
  { what: 'message retention under 10 minutes', build: sensor({ ...EU, messageRetentionSeconds: 60 }), path: P, value: '60', fix: '600' },
  { what: 'message retention over 7 days', build: sensor({ ...EU, messageRetentionSeconds: 700000 }), path: P, value: '700000', fix: '604800' },
  { what: 'fewer than 5 delivery attempts', build: sensor({ ...EU, maxDeliveryAttempts: 3 }), path: P, value: 'maxDeliveryAttempts', fix: '5' },
  { what: 'delivery attempts without a dead-letter topic', build: sensor({ ...EU, deadLetterTopic: false, maxDeliveryAttempts: 10 }), path: P, value: 'maxDeliveryAttempts', fix: 'remove deadLetterTopic: false' },
  { what: 'an uppercase label key', build: sensor({ ...EU, labels: { Team: 'data' } }), path: P, value: '"Team"', fix: 'label keys are 1 to 63 lowercase' },
  { what: 'a label value with a space', build: sensor({ ...EU, labels: { team: 'data eng' } }), path: P, value: '"data eng"', fix: 'label values are at most 63' },
  { what: 'expect without a deployment', build: sensor({ ...EU, expect: ['GCS OBJECT_FINALIZE'] }), path: `${P}/Default`, value: 'expect', fix: 'give deployment' },
  { what: 'the same bucket and key parameter', build: (scope) => new GcsBucketSensor(scope, 'Sensor', { ...EU, deployment: ingestDeployment(scope), bucketParameter: 'key' }), path: `${P}/Default`, value: '"key"', fix: 'different names' },
  { what: 'an automation on event types without OBJECT_FINALIZE and the default expect', build: (scope) => new GcsBucketSensor(scope, 'Sensor', { ...EU, eventTypes: ['OBJECT_DELETE'], deployment: ingestDeployment(scope) }), path: P, value: '["OBJECT_DELETE"]', fix: 'give expect (e.g. ["GCS OBJECT_DELETE"])' },
  { what: 'a GitHub token pasted into a label', build: sensor({ ...EU, labels: { owner: `ghp_${'a'.repeat(36)}` } }), path: P, value: 'ghp_****', fix: 'OIDC token, never a key', hidden: 'a'.repeat(36) },
], [
  {
    what: 'tokens for every checked value', build: (scope) => {
      const v = (name: string, type = 'string') => new TerraformVariable(scope, name, { type });
      new GcsBucketSensor(scope, 'Sensor', {
        bucketName: v('bucket').stringValue, location: v('location').stringValue, project: v('project').stringValue,
        topicName: v('topic').stringValue, ackDeadlineSeconds: v('ack', 'number').numberValue,
      });
    },
  },
  { what: 'an automation on deletions with its own expect', build: (scope) => new GcsBucketSensor(scope, 'Sensor', { ...EU, eventTypes: ['OBJECT_DELETE'], deployment: ingestDeployment(scope), expect: ['GCS OBJECT_DELETE'] }) },
  { what: 'every event type', build: sensor({ ...EU, eventTypes: ['OBJECT_FINALIZE', 'OBJECT_METADATA_UPDATE', 'OBJECT_DELETE', 'OBJECT_ARCHIVE'] }) },
], gcpStack);

describe('GcsBucketSensor on a self-hosted server: the relay function', () => {
  const selfHosted = (extra: Partial<GcsBucketSensorProps> = {}) => synthSensor(() => ({
    location: 'EU', api: PrefectApi.selfHosted('https://prefect.example.com/api'), relayRegion: 'europe-west1',
    relayAuthSecret: 'prefect-auth', project: 'acme-data', ...extra,
  }));

  test('every resource: source bucket and object, runtime and push accounts, function, invoker, secret accessor; no webhook', () => {
    const { json } = selfHosted();
    expect(resourceCounts(json)).toEqual({
      google_storage_bucket: 2, google_storage_bucket_object: 1, google_storage_notification: 1,
      google_pubsub_topic: 2, google_pubsub_topic_iam_member: 2, google_pubsub_subscription: 1, google_pubsub_subscription_iam_member: 1,
      google_service_account: 2, google_cloudfunctions2_function: 1, google_cloud_run_v2_service_iam_member: 1,
      google_secret_manager_secret_iam_member: 1,
    });
    expect(Object.keys(json.resource).filter((t) => /_iam_(binding|policy)$/.test(t))).toEqual([]);
  });

  test('the function runs the shipped Python relay with the server URL and the auth secret by reference', () => {
    const { json, sensor: relayed } = selfHosted();
    const fn = onlyResource(json, 'google_cloudfunctions2_function');
    expect(fn.location).toBe('europe-west1');
    expect(fn.build_config).toMatchObject({ runtime: 'python312', entry_point: 'relay' });
    expect(fn.build_config.source.storage_source.object).toMatch(/^\$\{google_storage_bucket_object\.Sensor_RelaySourceObject_\w+\.name\}$/);
    // a new object name for each new source, so a changed relay is deployed again
    expect(onlyResource(json, 'google_storage_bucket_object').name).toMatch(/^gcs-relay-[0-9A-F]+\.zip$/i);
    expect(fn.service_config).toMatchObject({
      ingress_settings: 'ALLOW_ALL', environment_variables: { PREFECT_API_URL: 'https://prefect.example.com/api' },
      secret_environment_variables: [{ key: 'PREFECT_API_AUTH_STRING', project_id: 'acme-data', secret: 'prefect-auth', version: 'latest' }],
    });
    expect(fn.service_config.service_account_email).toMatch(/RelayServiceAccount_\w+\.email\}$/);
    expect(onlyResource(json, 'google_storage_bucket_object').source).toMatch(/assets\/__cdktf_module_asset\/|RelaySource/);
    expect(relayed.webhook).toBeUndefined();
    expect(resourcesOf(json, 'prefect_webhook')).toEqual({});
  });

  test('Pub/Sub pushes to the function with an OIDC token of its own account, the only invoker', () => {
    const { json } = selfHosted();
    const push = onlyResource(json, 'google_pubsub_subscription').push_config;
    expect(push.push_endpoint).toMatch(/^\$\{google_cloudfunctions2_function\.Sensor_Relay_\w+\.url\}$/);
    expect(push.oidc_token).toEqual({ service_account_email: expect.stringMatching(/PushServiceAccount_\w+\.email\}$/), audience: push.push_endpoint });
    const invoker = onlyResource(json, 'google_cloud_run_v2_service_iam_member');
    expect(invoker).toMatchObject({ role: 'roles/run.invoker', location: 'europe-west1', member: expect.stringMatching(/^serviceAccount:\$\{google_service_account\.Sensor_PushServiceAccount_\w+\.email\}$/) });
    expect(invoker.name).toMatch(/Sensor_Relay_\w+\.name\}$/);
    const accessor = onlyResource(json, 'google_secret_manager_secret_iam_member');
    expect([accessor.secret_id, accessor.role, accessor.member]).toEqual(['prefect-auth', 'roles/secretmanager.secretAccessor', expect.stringMatching(/RelayServiceAccount_\w+\.member\}$/)]);
  });

  test('an existing push account; no auth secret', () => {
    const { json } = selfHosted({ relayAuthSecret: undefined, oidcServiceAccountEmail: 'gcs-push@acme-data.iam.gserviceaccount.com' });
    expect(resourceCounts(json).google_service_account).toBe(1);
    expect(resourcesOf(json, 'google_secret_manager_secret_iam_member')).toEqual({});
    expect(onlyResource(json, 'google_cloud_run_v2_service_iam_member').member).toBe('serviceAccount:gcs-push@acme-data.iam.gserviceaccount.com');
    expect(onlyResource(json, 'google_cloudfunctions2_function').service_config.secret_environment_variables).toBeUndefined();
  });
});

test('the relay\'s source is shipped in the npm package, beside lib/ where the construct finds it', () => {
  const cwd = path.join(__dirname, '..');
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const files = (JSON.parse(out)[0].files as Array<{ path: string }>).map((f) => f.path);
  expect(files).toEqual(expect.arrayContaining(['assets/gcs-relay/main.py', 'assets/gcs-relay/requirements.txt', 'lib/gcs-bucket-sensor.js']));
});
