import { Testing } from 'cdktf';
import { Deployment, Duration, ResourceSla, Sla, SlaSeverity, Webhook, WebhookTemplate } from '../../src';
import { resolveTokens } from '../../src/core/tokens';
import { warnings } from '../blocks/warnings';
import { newStack, onlyResource, synthJson } from '../support/synth';

const DEP_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';

describe('Webhook (Prefect Cloud only)', () => {
  test('an object template is serialized with sorted keys', () => {
    const stack = newStack();
    const hook = new Webhook(stack, 'W', {
      webhookName: 'bucket-events',
      description: 'S3 notifications',
      template: WebhookTemplate.fromObject({ resource: { 'prefect.resource.id': 'acme.bucket.{{ body.bucket }}' }, event: 'acme.bucket.{{ body.type }}' }),
    });
    expect(onlyResource(synthJson(stack), 'prefect_webhook')).toEqual({
      name: 'bucket-events',
      description: 'S3 notifications',
      template: '{"event":"acme.bucket.{{ body.type }}","resource":{"prefect.resource.id":"acme.bucket.{{ body.bucket }}"}}',
    });
    expect(warnings(hook)).toEqual([expect.stringMatching(/^Stack\/W: a webhook \(prefect_webhook\) is available on Prefect Cloud only/)]);
  });

  test('a raw Jinja template, disabled, with a service account', () => {
    const stack = newStack();
    new Webhook(stack, 'W', { webhookName: 'ce', template: WebhookTemplate.cloudEvent(), enabled: false, serviceAccountId: DEP_ID });
    expect(onlyResource(synthJson(stack), 'prefect_webhook')).toEqual({
      name: 'ce', template: '{{ body|from_cloud_event(headers) }}', enabled: false, service_account_id: DEP_ID,
    });
  });

  test('attributes: id, name, endpoint', () => {
    const stack = newStack();
    const hook = new Webhook(stack, 'W', { webhookName: 'x', template: WebhookTemplate.fromJinja('{"event": "a", "resource": {"prefect.resource.id": "b"}}') });
    expect(hook.resource.node.id).toBe('Resource');
    expect(resolveTokens(stack, hook.endpoint)).toBe('${prefect_webhook.W_8F2A5E99.endpoint}');
  });
});

describe('ResourceSla (Prefect Cloud only)', () => {
  test('every kind of SLA on a deployment', () => {
    const stack = newStack();
    const deployment = Deployment.fromDeploymentAttributes(stack, 'Dep', { deploymentId: DEP_ID, deploymentName: 'nightly', flowName: 'etl' });
    const sla = new ResourceSla(stack, 'S', {
      deployment,
      slas: [
        Sla.timeToCompletion('under an hour', Duration.hours(1), { severity: SlaSeverity.CRITICAL, enabled: true }),
        Sla.frequency('daily', Duration.days(1), { ownerResource: `prefect.deployment.${DEP_ID}` }),
        Sla.lateness('on time', Duration.minutes(10), { severity: SlaSeverity.LOW }),
        Sla.freshness('fresh', Duration.hours(6), 'acme.table.updated', { resourceMatch: { 'prefect.resource.id': 'acme.table.orders' } }),
      ],
    });
    expect(onlyResource(synthJson(stack), 'prefect_resource_sla')).toEqual({
      resource_id: `prefect.deployment.${DEP_ID}`,
      slas: [
        { name: 'under an hour', severity: 'critical', enabled: true, duration: 3600 },
        { name: 'daily', owner_resource: `prefect.deployment.${DEP_ID}`, stale_after: 86400 },
        { name: 'on time', severity: 'low', within: 600 },
        { name: 'fresh', within: 21600, expected_event: 'acme.table.updated', resource_match: '{"prefect.resource.id":"acme.table.orders"}' },
      ],
    });
    expect(warnings(sla)).toEqual([expect.stringContaining('is available on Prefect Cloud only')]);
  });

  test('by resource ID', () => {
    const stack = newStack();
    new ResourceSla(stack, 'S', { resourceId: `prefect.flow.${DEP_ID}`, slas: [Sla.lateness('late', Duration.minutes(5))] });
    expect(onlyResource(synthJson(stack), 'prefect_resource_sla').resource_id).toBe(`prefect.flow.${DEP_ID}`);
  });

  test('snapshot', () => {
    const stack = newStack();
    new Webhook(stack, 'W', { webhookName: 'w', template: WebhookTemplate.fromObject({ event: 'e', resource: { 'prefect.resource.id': 'r' } }) });
    new ResourceSla(stack, 'S', { resourceId: `prefect.deployment.${DEP_ID}`, slas: [Sla.timeToCompletion('t', Duration.minutes(30))] });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});
