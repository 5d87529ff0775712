import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { BucketSensorTarget, Deployment, Flow, PrefectApi } from 'cdktf-prefect';
import { AzureEventSchema } from '../../src';
import { missingProvider, TOOLCHAIN } from '../../../../test/e2e/support/env';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { PrefectEventsApi, waitFor } from '../../../../test/e2e/support/prefect-api';
import { describeUnless } from '../../../../test/support/skip';

// The self-hosted relay's transformation for real (issue 16 item 3, Azure half): relay/eventgrid_relay.py
// runs as an HTTP server on loopback in front of the local Prefect server; the recorded Event Grid
// deliveries are POSTed to it as Event Grid would, it answers both validation handshakes and
// posts Prefect events to /api/events; the automation a self-hosted AzureBlobSensor would have
// (the core's BucketSensorTarget on PrefectApi.selfHosted, the same labels) must start flow runs with
// the container and the blob name. Its events must equal what the Cloud webhook template renders.
// Not covered: the Azure Function around it (not built; see packages/azure/README.md).
const withProvider = describeUnless(missingProvider(false));
const PYTHON = path.join(TOOLCHAIN, 'venv', 'bin', 'python');
const RELAY_DIR = path.join(__dirname, '..', '..', 'relay');
const FIXTURES = path.join(__dirname, '..', 'fixtures');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** The relay's events and the template's rendering of one delivery, both validated as Prefect events. */
const COMPARE = `
import json, sys
sys.path.insert(0, sys.argv[1])
import eventgrid_relay
from prefect.events.schemas.events import Event
from prefect.server.utilities.user_templates import render_user_template_sync
template, raw = sys.argv[2], sys.argv[3]
relay = [Event.model_validate(e).model_dump(mode="json") for e in
         [eventgrid_relay.prefect_event(e) for e in (json.loads(raw) if isinstance(json.loads(raw), list) else [json.loads(raw)])]]
rendered = json.loads(render_user_template_sync(template, {"body": json.loads(raw), "raw_body": raw, "headers": {}}))
print(json.dumps({"relay": relay, "template": Event.model_validate(rendered).model_dump(mode="json")}))
`;

function startRelay(apiUrl: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(PYTHON, [path.join(RELAY_DIR, 'eventgrid_relay.py'), '0'], { env: { ...process.env, PREFECT_API_URL: apiUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    proc.stdout!.once('data', (d) => resolve({ proc, url: `http://127.0.0.1:${String(d).trim()}/` }));
    proc.once('exit', (code) => reject(new Error(`the relay exited with ${code}`)));
  });
}

withProvider('Event Grid relay for a self-hosted server: relay/eventgrid_relay.py in front of the local Prefect server', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectEventsApi(apiUrl);
  const relays: ChildProcess[] = [];
  let relay: string;
  const tf = applyLifecycle(() => {
    const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'eventgrid-relay');
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    const flow = new Flow(stack, 'Flow', { flowName: 'e2e-azure-relay' });
    const deployment = new Deployment(stack, 'Ingest', { flow, deploymentName: 'on-blob', entrypoint: 'flows/ingest.py:ingest' });
    new BucketSensorTarget(stack, 'Default', {
      api: PrefectApi.selfHosted(apiUrl),
      bucketName: 'acmeraw',
      resourceId: 'azure.storage.acmeraw',
      deployment,
      expect: ['Microsoft.Storage.BlobCreated'],
      keyLabel: 'blob-name',
      bucketLabel: 'container',
      bucketParameter: 'container',
      keyParameter: 'blob_name',
      automationName: 'e2e-azure-relay',
    });
    return Testing.synth(stack, true);
  });

  beforeAll(async () => {
    const started = await startRelay(apiUrl);
    relays.push(started.proc);
    relay = started.url;
  });
  afterAll(() => relays.forEach((p) => p.kill()));

  test.each([
    ['the Event Grid schema', 'eventgrid-blob-created.json', AzureEventSchema.EVENT_GRID],
    ['CloudEvents 1.0', 'cloudevents-blob-created.json', AzureEventSchema.CLOUD_EVENTS],
  ])('%s: the relay makes the event the webhook template makes, with Event Grid\'s ID and time', (_name, file, schema) => {
    const raw = read(file);
    const { relay: events, template } = JSON.parse(execFileSync(PYTHON, ['-c', COMPARE, RELAY_DIR, schema.webhookTemplate().jinjaTemplate!, raw], { encoding: 'utf8' }));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect([event.event, event.resource, event.payload]).toEqual([template.event, template.resource, template.payload]);
    expect(event.id).toBe('5f2d1c3a-801e-0059-3b4a-65a8b0063a1c');
    expect(event.occurred).toMatch(/^2026-12-03T10:20:00\.152784/);
  });

  test('the CloudEvents handshake: OPTIONS is answered with WebHook-Allowed-Origin', async () => {
    const response = await fetch(relay, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'eventemitters.eventgrid.azure.net' } });
    expect([response.status, response.headers.get('webhook-allowed-origin')]).toEqual([200, 'eventemitters.eventgrid.azure.net']);
  });

  test('the Event Grid schema handshake: the validation event is answered with its code, and nothing is posted', async () => {
    const response = await fetch(relay, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: read('eventgrid-subscription-validation.json') });
    expect([response.status, await response.json()]).toEqual([200, { validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' }]);
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('deliveries in each schema, POSTed to the relay as Event Grid would, start flow runs with the container and the blob name', async () => {
    const dep = await api.get('/deployments/name/e2e-azure-relay/on-blob');
    const runFor = (blob: string) => async () => (await api.flowRunsOf(dep.id)).find((r) => r.parameters.blob_name === blob);
    const deliver = async (file: string, blob: string) => {
      // each poke is another event (a new Event Grid ID): the relay keeps the ID, and Prefect would take a repeat as the same event
      const delivery = JSON.parse(read(file));
      for (const e of Array.isArray(delivery) ? delivery : [delivery]) {
        e.id = crypto.randomUUID();
        e.subject = `/blobServices/default/containers/landing/blobs/${blob}`;
      }
      const response = await fetch(relay, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(delivery) });
      expect(response.status).toBe(200);
    };
    for (const [file, blob] of [['eventgrid-blob-created.json', 'incoming/via-relay.csv'], ['cloudevents-blob-created.json', 'incoming/via-relay-ce.csv']]) {
      const run = await waitFor(`a flow run for ${blob}`, runFor(blob), () => deliver(file, blob));
      expect(run.parameters).toEqual({ container: 'landing', blob_name: blob });
    }
  });

  test('when the server cannot take the events, the relay answers 502, so Event Grid retries and dead-letters', async () => {
    const down = await startRelay('http://127.0.0.1:9/api');
    relays.push(down.proc);
    const response = await fetch(down.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: read('eventgrid-blob-created.json') });
    expect(response.status).toBe(502);
  });

  test('destroy leaves nothing', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(await api.automations(['e2e-azure-relay'])).toEqual([]);
  });
});
