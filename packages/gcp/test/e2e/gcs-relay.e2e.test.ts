import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { Deployment, Flow, PrefectApi } from 'cdktf-prefect';
import { GoogleProvider } from '../../src/.gen/providers/google/provider';
import { GcsBucketSensor } from '../../src';
import { missingProvider, TOOLCHAIN } from '../../../../test/e2e/support/env';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { PrefectEventsApi, waitFor } from '../../../../test/e2e/support/prefect-api';
import { describeUnless } from '../../../../test/support/skip';
import { withoutCloud } from '../../../../test/e2e/support/cloud-half';

// The self-hosted relay of GcsBucketSensor for real (issue 16 item 3). Google cannot be called
// here, so the google resources (the function among them) are synthesized but not applied; the
// Prefect half of the same stack (flow, deployment, automation) is applied to the local server.
// Then the relay's own code, packages/gcp/assets/gcs-relay/main.py (what the function ships), runs
// in the Prefect virtualenv's Python over the recorded Pub/Sub push envelope of an OBJECT_FINALIZE
// notification, through its entry point `relay(request)`: its event is validated with Prefect's
// own Event model, it POSTs to the local server's /api/events, and the automation must start a
// flow run with the bucket and the object name.
const withProvider = describeUnless(missingProvider(false));
const PYTHON = path.join(TOOLCHAIN, 'venv', 'bin', 'python');
const RELAY = path.join(__dirname, '..', '..', 'assets', 'gcs-relay');
const ENVELOPE = path.join(__dirname, '..', 'fixtures', 'pubsub-push-object-finalize.json');

/** Runs the relay's entry point on an envelope (given a message ID), with a request as Flask gives it. */
const RUN = `
import json, os, sys
sys.path.insert(0, sys.argv[1])
import main
from prefect.events.schemas.events import Event
envelope = json.load(open(sys.argv[2]))
if sys.argv[3]:
    envelope["message"]["messageId"] = envelope["message"]["message_id"] = sys.argv[3]
class Request:
    def get_json(self, silent=False):
        return envelope
event = main.to_event(envelope)
Event.model_validate(event)
status = main.relay(Request())[1] if sys.argv[4] == "post" else None
print(json.dumps({"status": status, "event": event}))
`;

function runRelay(apiUrl: string | undefined, messageId = '', envelope = ENVELOPE): { status: number; event: any } {
  const out = execFileSync(PYTHON, ['-c', RUN, RELAY, envelope, messageId, apiUrl === undefined ? 'transform' : 'post'], { encoding: 'utf8', env: { ...process.env, PREFECT_API_URL: apiUrl ?? '' } });
  return JSON.parse(out.trim().split('\n').pop()!);
}

withProvider('GcsBucketSensor on a self-hosted server: the relay function\'s code against the local server', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectEventsApi(apiUrl);
  let full: any;
  const tf = applyLifecycle(() => {
    const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'gcs-relay');
    new GoogleProvider(stack, 'google', { project: 'acme-data', region: 'europe-west1' });
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    const flow = new Flow(stack, 'Flow', { flowName: 'e2e-gcs-relay' });
    const deployment = new Deployment(stack, 'Ingest', { flow, deploymentName: 'on-object', entrypoint: 'flows/ingest.py:ingest' });
    new GcsBucketSensor(stack, 'Sensor', {
      bucketName: 'acme-raw', existingBucket: true, project: 'acme-data', eventTypes: ['OBJECT_FINALIZE'],
      api: PrefectApi.selfHosted(apiUrl), relayRegion: 'europe-west1',
      deployment, keyParameter: 'object_name', automationName: 'e2e-gcs-relay',
    });
    const synthesized = Testing.synth(stack, true);
    full = JSON.parse(synthesized);
    return withoutCloud(synthesized, 'google');
  });

  test('the stack ships the relay and pushes to it; no webhook on a self-hosted server', () => {
    const fn = Object.values<any>(full.resource.google_cloudfunctions2_function)[0];
    expect(fn.service_config.environment_variables.PREFECT_API_URL).toBe(apiUrl);
    expect(full.resource.prefect_webhook).toBeUndefined();
    expect(fs.readdirSync(RELAY).sort()).toEqual(['main.py', 'requirements.txt']);
  });

  test('the relay turns the envelope into the event the Cloud webhook makes, valid for Prefect\'s Event model', () => {
    const { event } = runRelay(undefined);
    expect(event).toMatchObject({
      event: 'GCS OBJECT_FINALIZE',
      occurred: '2026-12-03T10:20:00.152Z',
      resource: {
        'prefect.resource.id': 'gcs.bucket.acme-raw',
        'object-key': 'incoming/orders-2026-12-03.csv',
        'object-generation': '1764757200123456',
        'pubsub-message-id': '13416840523117386',
      },
    });
    // a redelivered message is the same event
    expect(runRelay(undefined).event.id).toBe(event.id);
    expect(runRelay(undefined, 'another-message').event.id).not.toBe(event.id);
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('run as the function runs it, the relay POSTs to /api/events and the automation starts a flow run with the bucket and the object name', async () => {
    const dep = await api.get('/deployments/name/e2e-gcs-relay/on-object');
    let attempt = 0;
    const run = await waitFor('a flow run created by the automation', async () => (await api.flowRunsOf(dep.id))[0],
      async () => { expect(runRelay(apiUrl, `e2e-${process.pid}-${attempt++}`).status).toBe(204); });
    expect(run.parameters).toEqual({ bucket: 'acme-raw', object_name: 'incoming/orders-2026-12-03.csv' });
  });

  test('destroy leaves nothing', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(await api.automations(['e2e-gcs-relay'])).toEqual([]);
  });
});
