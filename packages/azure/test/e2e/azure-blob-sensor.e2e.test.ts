import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { Deployment, Flow } from 'cdktf-prefect';
import { AzurermProvider } from '../../src/.gen/providers/azurerm/provider';
import { AzureBlobSensor, AzureEventSchema } from '../../src';
import { missingProvider, TOOLCHAIN } from '../../../../test/e2e/support/env';
import { withoutCloud } from '../../../../test/e2e/support/cloud-half';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { PrefectEventsApi, waitFor } from '../../../../test/e2e/support/prefect-api';
import { describeUnless } from '../../../../test/support/skip';

// The Prefect half of AzureBlobSensor for real (issue 16's Proof). Azure cannot be called here,
// so the azurerm resources and the webhook (Prefect Cloud only) are synthesized but not applied;
// the rest of the same stack (flow, deployment, automation) is applied to the local server.
// Then the recorded Event Grid deliveries of a BlobCreated event, in the Event Grid schema and
// in CloudEvents 1.0, go through the webhook template the sensor synthesized for each schema,
// rendered by Prefect's own sandboxed Jinja2 (the Prefect virtualenv), validated as Prefect's
// Event model, and POSTed to /api/events: the automation must start a flow run with the
// container and the blob name.
const withProvider = describeUnless(missingProvider(false));
const PYTHON = path.join(TOOLCHAIN, 'venv', 'bin', 'python');
const FIXTURES = path.join(__dirname, '..', 'fixtures');
const EVENT_GRID = path.join(FIXTURES, 'eventgrid-blob-created.json');
const CLOUD_EVENTS = path.join(FIXTURES, 'cloudevents-blob-created.json');
const VALIDATION = path.join(FIXTURES, 'eventgrid-subscription-validation.json');
const SA = '7e1e0b8a-0000-4000-8000-000000000001';

/** Renders a webhook template over a delivery as Prefect does, and validates the event. */
const RENDER = `
import json, sys
from prefect.events.schemas.events import Event
from prefect.server.utilities.user_templates import render_user_template_sync
template, raw, content_type = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3]
rendered = render_user_template_sync(template, {"body": json.loads(raw), "raw_body": raw, "headers": {"content-type": content_type}})
event = Event.model_validate(json.loads(rendered))
print(json.dumps({"rendered": json.loads(rendered), "event": event.model_dump(mode="json")}))
`;

function render(template: string, delivery: string, contentType = 'application/json'): { rendered: any; event: any } {
  return JSON.parse(execFileSync(PYTHON, ['-c', RENDER, template, delivery, contentType], { encoding: 'utf8' }));
}

/** A delivery changed in memory, written to a temporary file. */
function variant(file: string, change: (delivery: any) => void): string {
  const delivery = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(delivery);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'azure-delivery-')), path.basename(file));
  fs.writeFileSync(out, JSON.stringify(delivery));
  return out;
}

/** The stack without what only Azure or Prefect Cloud can apply (and the webhook key's variable). */
function prefectHalf(stackJson: string): string {
  return withoutCloud(stackJson, 'azurerm', { dropWebhooks: true, dropVariables: true });
}

const LABELS = {
  'prefect.resource.id': 'azure.storage.acmeraw',
  'prefect.resource.name': 'acmeraw',
  'container': 'landing',
  'blob-name': 'incoming/orders-2026-12-03.csv',
  'blob-url': 'https://acmeraw.blob.core.windows.net/landing/incoming/orders-2026-12-03.csv',
  'eventgrid-event-id': '5f2d1c3a-801e-0059-3b4a-65a8b0063a1c',
};

withProvider('AzureBlobSensor: the Prefect half on the local server, fed recorded Event Grid deliveries', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectEventsApi(apiUrl);
  const templates: Record<string, string> = {};
  let full: any;
  const tf = applyLifecycle(() => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'azure-blob-sensor');
    new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: '00000000-0000-4000-8000-0000000000aa' });
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    const flow = new Flow(stack, 'Flow', { flowName: 'e2e-azure-ingest' });
    const deployment = new Deployment(stack, 'Ingest', { flow, deploymentName: 'on-blob', entrypoint: 'flows/ingest.py:ingest' });
    const key = new TerraformVariable(stack, 'webhook_api_key', { type: 'string', sensitive: true });
    new AzureBlobSensor(stack, 'Sensor', {
      resourceGroupName: 'data',
      storageAccountName: 'acmeraw',
      existingStorageAccount: true,
      containerName: 'landing',
      blobNameSuffix: '.csv',
      serviceAccountId: SA,
      webhookApiKey: key.stringValue,
      deployment,
      bucketParameter: 'container',
      keyParameter: 'blob_name',
      automationName: 'e2e-azure-ingest',
    });
    // the CloudEvents twin, synthesized only for its template (same account: the same automation matches)
    const twin = new TerraformStack(app, 'twin');
    new AzurermProvider(twin, 'azurerm', { features: [{}] });
    new PrefectProvider(twin, 'prefect', { endpoint: apiUrl });
    new AzureBlobSensor(twin, 'Sensor', {
      resourceGroupName: 'data', storageAccountName: 'acmeraw', existingStorageAccount: true, eventSchema: AzureEventSchema.CLOUD_EVENTS,
    });
    const synthesized = Testing.synth(stack, true);
    full = JSON.parse(synthesized);
    templates.eventGrid = Object.values<any>(full.resource.prefect_webhook)[0].template;
    templates.cloudEvents = Object.values<any>(JSON.parse(Testing.synth(twin, true)).resource.prefect_webhook)[0].template;
    return prefectHalf(synthesized);
  });

  test('the recorded deliveries agree: both schemas carry the same event, whose subject names the blob its URL addresses', () => {
    const [eg] = JSON.parse(fs.readFileSync(EVENT_GRID, 'utf8'));
    const ce = JSON.parse(fs.readFileSync(CLOUD_EVENTS, 'utf8'));
    expect([ce.type, ce.source, ce.subject, ce.time, ce.id, ce.data, ce.specversion])
      .toEqual([eg.eventType, eg.topic, eg.subject, eg.eventTime, eg.id, eg.data, '1.0']);
    const [, container, blob] = /^\/blobServices\/default\/containers\/([^/]+)\/blobs\/(.+)$/.exec(eg.subject)!;
    expect(eg.data.url).toBe(`https://${eg.topic.split('/').pop()}.blob.core.windows.net/${container}/${blob}`);
  });

  test('the subscription sends the Bearer header as a secret, by reference (never the key), to the webhook', () => {
    const subscription = Object.values<any>(full.resource.azurerm_eventgrid_system_topic_event_subscription)[0];
    expect(subscription.delivery_property).toEqual([{ header_name: 'Authorization', type: 'Static', value: 'Bearer ${var.webhook_api_key}', secret: true }]);
    expect(subscription.webhook_endpoint.max_events_per_batch).toBe(1);
    expect(Object.values<any>(full.resource.prefect_webhook)[0].service_account_id).toBe(SA);
  });

  test('the Event Grid schema template renders the delivery, with real Jinja2, into a valid event named by the real type, container and blob', () => {
    const { rendered, event } = render(templates.eventGrid, EVENT_GRID);
    expect(rendered.event).toBe('Microsoft.Storage.BlobCreated');
    expect(rendered.resource).toEqual(LABELS);
    expect(rendered.payload).toMatchObject({ subject: '/blobServices/default/containers/landing/blobs/incoming/orders-2026-12-03.csv', time: '2026-12-03T10:20:00.1527843Z', data: { api: 'PutBlob', contentLength: 48213 } });
    expect(event).toMatchObject({ event: 'Microsoft.Storage.BlobCreated', resource: LABELS, id: expect.any(String), occurred: expect.any(String) });
  });

  test('the CloudEvents 1.0 template renders the structured-mode delivery into the same event', () => {
    const { rendered, event } = render(templates.cloudEvents, CLOUD_EVENTS, 'application/cloudevents+json; charset=utf-8');
    const eventGrid = render(templates.eventGrid, EVENT_GRID).rendered;
    expect(rendered).toEqual(eventGrid);
    expect(event.resource).toEqual(LABELS);
  });

  test('the validation handshake renders into an event carrying validationUrl (the manual handshake) that the automation ignores', () => {
    const { rendered, event } = render(templates.eventGrid, VALIDATION);
    expect(event.event).toBe('Microsoft.EventGrid.SubscriptionValidationEvent');
    expect(rendered.resource).toMatchObject({ 'prefect.resource.id': 'azure.storage.acmeraw', 'container': '', 'blob-name': '' });
    expect(rendered.payload.data.validationUrl).toMatch(/^https:\/\/rp-westeurope\.eventgrid\.azure\.net:553\/eventsubscriptions\/.+\/validate\?id=/);
    const automation = Object.values<any>(full.resource.prefect_automation)[0];
    expect(automation.trigger.event.expect).toEqual(['Microsoft.Storage.BlobCreated']);
  });

  test('a blob name with a quote, a backslash, Jinja braces and a slash still renders with that exact name', () => {
    const name = 'incoming/say "hi" \\ {{ body }}/x.csv';
    const file = variant(EVENT_GRID, (d) => { d[0].subject = `/blobServices/default/containers/landing/blobs/${name}`; });
    expect(render(templates.eventGrid, file).event.resource).toMatchObject({ 'container': 'landing', 'blob-name': name });
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('POSTed to /api/events, each schema\'s event starts a flow run with the container and the blob name', async () => {
    const dep = await api.get('/deployments/name/e2e-azure-ingest/on-blob');
    // the validation event first: it must start nothing
    await api.post('/events', [render(templates.eventGrid, VALIDATION).event]);
    const runFor = (blob: string) => async () => (await api.flowRunsOf(dep.id)).find((r) => r.parameters.blob_name === blob);
    // each delivery is a new rendering (a new event ID), as a redelivery would be
    const run = await waitFor('a flow run of the Event Grid schema event', runFor('incoming/orders-2026-12-03.csv'),
      async () => { await api.post('/events', [render(templates.eventGrid, EVENT_GRID).event]); });
    expect(run.parameters).toEqual({ container: 'landing', blob_name: 'incoming/orders-2026-12-03.csv' });
    const blob = 'incoming/cloudevents.csv';
    const cloud = variant(CLOUD_EVENTS, (d) => { d.subject = `/blobServices/default/containers/landing/blobs/${blob}`; });
    const second = await waitFor('a flow run of the CloudEvents event', runFor(blob),
      async () => { await api.post('/events', [render(templates.cloudEvents, cloud).event]); });
    expect(second.parameters).toEqual({ container: 'landing', blob_name: blob });
    // no run came from the validation event (it has no blob name)
    expect((await api.flowRunsOf(dep.id)).filter((r) => r.parameters.blob_name === '')).toEqual([]);
  });

  test('destroy leaves nothing', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(await api.automations(['e2e-azure-ingest'])).toEqual([]);
  });
});
