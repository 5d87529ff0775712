import { Construct } from 'constructs';
import { WebhookTemplate } from '../../src/automations';
import { Deployment } from '../../src/deployments';
import { BucketSensorTarget, BucketSensorTargetProps, PrefectApi } from '../../src/patterns';
import { newStack, onlyResource, resourcesOf, synthError, synthJson } from '../support/synth';

const TEMPLATE = WebhookTemplate.fromObject({ event: 'gcs {{ body.kind }}', resource: { 'prefect.resource.id': 'gcs.bucket.{{ body.bucket }}', 'object-key': '{{ body.name }}' } });
const SA = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';

function target(props: (s: Construct) => Partial<BucketSensorTargetProps>) {
  const stack = newStack();
  const t = new BucketSensorTarget(stack, 'Sensor', { bucketName: 'raw', resourceId: 'gcs.bucket.raw', ...props(stack) });
  return { t, json: synthJson(stack) };
}

describe('BucketSensorTarget', () => {
  test('Prefect Cloud (the default): a webhook with the template and service account; its endpoint', () => {
    const { t, json } = target(() => ({ webhookTemplate: TEMPLATE, serviceAccountId: SA, webhookName: 'raw-events' }));
    const hook = onlyResource(json, 'prefect_webhook');
    expect(hook).toEqual(expect.objectContaining({ name: 'raw-events', description: 'events of raw', service_account_id: SA }));
    expect(JSON.parse(hook.template)).toEqual({ event: 'gcs {{ body.kind }}', resource: { 'prefect.resource.id': 'gcs.bucket.{{ body.bucket }}', 'object-key': '{{ body.name }}' } });
    expect(t.endpoint).toBe(t.webhook!.endpoint);
    expect(t.node.tryFindChild('Webhook')).toBe(t.webhook);
    expect(resourcesOf(json, 'prefect_automation')).toEqual({});
  });

  test('PrefectApi.cloud() also gets a webhook; its default name comes from the path', () => {
    const { json } = target(() => ({ api: PrefectApi.cloud('acc', 'ws'), webhookTemplate: TEMPLATE }));
    expect(onlyResource(json, 'prefect_webhook').name).toMatch(/^webhook-sensor-[0-9a-f]{8}$/);
  });

  test('self-hosted: nothing to create; the events endpoint and the body shape for the cloud side', () => {
    const { t, json } = target(() => ({ api: PrefectApi.selfHosted('https://prefect.example.com/api') }));
    expect(json.resource ?? {}).toEqual({});
    expect(t.webhook).toBeUndefined();
    expect(t.endpoint).toBe('https://prefect.example.com/api/events');
    const body = t.eventBody({ id: '<id>', occurred: '<time>', event: '"gcs <kind>"', resourceId: '"gcs.bucket.<bucket>"', labels: { 'object-key': '<key>' } });
    expect(body).toBe('[{"id": <id>, "occurred": <time>, "event": "gcs <kind>", "resource": {"prefect.resource.id": "gcs.bucket.<bucket>", "object-key": <key>}, "payload": {}}]');
    const filled = body.replace('<id>', '"e1"').replace('<time>', '"2026-12-01T00:00:00Z"').replace('<kind>', 'finalize').replace('<bucket>', 'raw').replace('<key>', '"a.csv"');
    expect(JSON.parse(filled)).toEqual([{ id: 'e1', occurred: '2026-12-01T00:00:00Z', event: 'gcs finalize', resource: { 'prefect.resource.id': 'gcs.bucket.raw', 'object-key': 'a.csv' }, payload: {} }]);
  });

  test('with a deployment: an automation that runs it with the bucket and the key label', () => {
    const { t, json } = target((s) => ({
      api: PrefectApi.selfHosted('https://prefect.example.com/api'),
      deployment: Deployment.fromDeploymentAttributes(s, 'D', { deploymentId: '5f0b8f84-4c5e-4b9e-9a53-5d8f8c2a7f11', deploymentName: 'load', flowName: 'etl' }),
      expect: ['gcs finalize'], keyLabel: 'blob', keyParameter: 'path',
    }));
    const auto = onlyResource(json, 'prefect_automation');
    expect(auto.name).toBe('raw: run load');
    expect(auto.trigger.event.expect).toEqual(['gcs finalize']);
    expect(JSON.parse(auto.trigger.event.match)).toEqual({ 'prefect.resource.id': 'gcs.bucket.raw' });
    expect(JSON.parse(auto.actions[0].parameters)).toEqual({ bucket: 'raw', path: { __prefect_kind: 'jinja', template: "{{ event.resource['blob'] }}" } });
    expect(t.automation!.node.path).toBe('Stack/Sensor/Automation');
  });

  test('with bucketLabel: the bucket parameter comes from the event too (a storage account\'s containers)', () => {
    const { json } = target((s) => ({
      webhookTemplate: TEMPLATE,
      deployment: Deployment.fromDeploymentAttributes(s, 'D', { deploymentId: '5f0b8f84-4c5e-4b9e-9a53-5d8f8c2a7f11', deploymentName: 'load', flowName: 'etl' }),
      expect: ['blob created'], keyLabel: 'blob-name', bucketLabel: 'container', bucketParameter: 'container',
    }));
    expect(JSON.parse(onlyResource(json, 'prefect_automation').actions[0].parameters)).toEqual({
      container: { __prefect_kind: 'jinja', template: "{{ event.resource['container'] }}" },
      key: { __prefect_kind: 'jinja', template: "{{ event.resource['blob-name'] }}" },
    });
  });

  test.each<[string, (s: Construct) => Partial<BucketSensorTargetProps>, RegExp]>([
    ['Cloud without a template', () => ({}), /^Stack\/Sensor: a Prefect Cloud webhook needs webhookTemplate/],
    ['a webhook option when self-hosted', () => ({ api: PrefectApi.selfHosted('http://p/api'), serviceAccountId: SA }), /^Stack\/Sensor: serviceAccountId is for the Prefect Cloud webhook, but api is PrefectApi.selfHosted\("http:\/\/p\/api"\)/],
    ['a bad API URL', () => ({ api: PrefectApi.selfHosted('p/api') }), /^Stack\/Sensor: invalid PrefectApi.selfHosted URL "p\/api"/],
    ['a deployment without events', (s) => ({ webhookTemplate: TEMPLATE, deployment: Deployment.fromDeploymentName(s, 'D', 'etl', 'load') }), /^Stack\/Sensor: deployment needs expect: give the Prefect events that run it/],
    ['an automation option without deployment', () => ({ webhookTemplate: TEMPLATE, keyParameter: 'k' }), /^Stack\/Sensor: keyParameter configures the automation, which needs a deployment/],
    ['a bucket label without deployment', () => ({ webhookTemplate: TEMPLATE, bucketLabel: 'container' }), /^Stack\/Sensor: bucketLabel configures the automation, which needs a deployment/],
    ['the same parameter twice', (s) => ({ webhookTemplate: TEMPLATE, deployment: Deployment.fromDeploymentName(s, 'D', 'etl', 'load'), expect: ['x'], bucketParameter: 'key' }), /^Stack\/Sensor: bucketParameter and keyParameter are both "key"/],
  ])('%s fails at synth', (_name, props, message) => {
    expect(synthError((s) => new BucketSensorTarget(s, 'Sensor', { bucketName: 'raw', resourceId: 'gcs.bucket.raw', ...props(s) }))).toMatch(message);
  });
});
