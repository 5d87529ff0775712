import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoogleProvider } from '../../src/.gen/providers/google/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { Deployment, Flow } from 'cdktf-prefect';
import { GcsBucketSensor } from '../../src';
import { missingProvider, TOOLCHAIN } from '../../../../test/e2e/support/env';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { PrefectEventsApi, waitFor } from '../../../../test/e2e/support/prefect-api';
import { describeUnless } from '../../../../test/support/skip';
import { withoutCloud } from '../../../../test/e2e/support/cloud-half';

// The Prefect half of GcsBucketSensor for real (issue 16's Proof). Google cannot be called
// here, so the google resources and the webhook (Prefect Cloud only) are synthesized but not
// applied; the rest of the same stack (flow, deployment, automation) is applied to the local
// server. Then the recorded Pub/Sub push envelope of an OBJECT_FINALIZE notification goes
// through the webhook template the sensor synthesized, rendered by Prefect's own sandboxed
// Jinja2 (the Prefect virtualenv), validated as Prefect's Event model, and POSTed to
// /api/events: the automation must start a flow run with the bucket and the object name.
const withProvider = describeUnless(missingProvider(false));
const PYTHON = path.join(TOOLCHAIN, 'venv', 'bin', 'python');
const ENVELOPE = path.join(__dirname, '..', 'fixtures', 'pubsub-push-object-finalize.json');

/** Renders a webhook template over a push envelope as Prefect does, and validates the event. */
const RENDER = `
import json, sys
from prefect.events.schemas.events import Event
from prefect.server.utilities.user_templates import render_user_template_sync
template, raw = sys.argv[1], open(sys.argv[2]).read()
rendered = render_user_template_sync(template, {"body": json.loads(raw), "raw_body": raw, "headers": {"content-type": "application/json"}})
event = Event.model_validate(json.loads(rendered))
print(json.dumps({"rendered": json.loads(rendered), "event": event.model_dump(mode="json")}))
`;

function render(template: string, envelope = ENVELOPE): { rendered: any; event: any } {
  return JSON.parse(execFileSync(PYTHON, ['-c', RENDER, template, envelope], { encoding: 'utf8' }));
}

withProvider('GcsBucketSensor: the Prefect half on the local server, fed the recorded Pub/Sub push envelope', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectEventsApi(apiUrl);
  let full: any;
  const tf = applyLifecycle(() => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'gcs-bucket-sensor');
    new GoogleProvider(stack, 'google', { project: 'acme-data', region: 'europe-west1' });
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    const flow = new Flow(stack, 'Flow', { flowName: 'e2e-gcs-ingest' });
    const deployment = new Deployment(stack, 'Ingest', { flow, deploymentName: 'on-object', entrypoint: 'flows/ingest.py:ingest' });
    new GcsBucketSensor(stack, 'Sensor', {
      bucketName: 'acme-raw',
      existingBucket: true,
      eventTypes: ['OBJECT_FINALIZE'],
      deployment,
      keyParameter: 'object_name',
      automationName: 'e2e-gcs-ingest',
    });
    const synthesized = Testing.synth(stack, true);
    full = JSON.parse(synthesized);
    return withoutCloud(synthesized, 'google', { dropWebhooks: true });
  });

  test('the recorded envelope is self-consistent: message.data decodes to the object its attributes name', () => {
    const envelope = JSON.parse(fs.readFileSync(ENVELOPE, 'utf8'));
    const object = JSON.parse(Buffer.from(envelope.message.data, 'base64').toString('utf8'));
    const a = envelope.message.attributes;
    expect([object.kind, object.bucket, object.name, object.generation, a.payloadFormat])
      .toEqual(['storage#object', a.bucketId, a.objectId, a.objectGeneration, 'JSON_API_V1']);
  });

  test('the webhook template renders it, with real Jinja2, into a valid Prefect event named by the real type, bucket and object', () => {
    const webhook = Object.values<any>(full.resource.prefect_webhook)[0];
    const { rendered, event } = render(webhook.template);
    expect(rendered).toEqual({
      event: 'GCS OBJECT_FINALIZE',
      resource: {
        'prefect.resource.id': 'gcs.bucket.acme-raw',
        'object-key': 'incoming/orders-2026-12-03.csv',
        'object-generation': '1764757200123456',
        'pubsub-message-id': '13416840523117386',
      },
    });
    expect(event).toMatchObject({ event: 'GCS OBJECT_FINALIZE', resource: rendered.resource, id: expect.any(String), occurred: expect.any(String) });
  });

  test('an object name with a quote, a backslash and Jinja braces still renders a valid event with that exact name', () => {
    const envelope = JSON.parse(fs.readFileSync(ENVELOPE, 'utf8'));
    const name = 'incoming/say "hi" \\ {{ body }}.csv';
    envelope.message.attributes.objectId = name;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gcs-envelope-')), 'envelope.json');
    fs.writeFileSync(file, JSON.stringify(envelope));
    const { event } = render(Object.values<any>(full.resource.prefect_webhook)[0].template, file);
    expect(event.resource['object-key']).toBe(name);
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('POSTed to /api/events, the event starts a flow run with the bucket and the object name', async () => {
    const dep = await api.get('/deployments/name/e2e-gcs-ingest/on-object');
    const webhook = Object.values<any>(full.resource.prefect_webhook)[0];
    // each delivery is a new rendering (a new event ID), as a redelivered push would be
    const run = await waitFor('a flow run created by the automation', async () => (await api.flowRunsOf(dep.id))[0],
      async () => { await api.post('/events', [render(webhook.template).event]); });
    expect(run.parameters).toEqual({ bucket: 'acme-raw', object_name: 'incoming/orders-2026-12-03.csv' });
  });

  test('destroy leaves nothing', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(await api.automations(['e2e-gcs-ingest'])).toEqual([]);
  });
});
