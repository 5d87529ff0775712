import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import {
  Action,
  Automation,
  Block,
  BlockType,
  CompoundRequire,
  Deployment,
  DeploymentSchedule,
  Duration,
  Flow,
  FlowRunState,
  MetricName,
  MetricOperator,
  Posture,
  ResourceSla,
  Schedule,
  Sla,
  SlaSeverity,
  Trigger,
  Webhook,
  WebhookTemplate,
  WorkPool,
} from '../../src';
import { missingProviders } from './support/env';
import { applyLifecycle, expectEmptyPlan } from './support/lifecycle';
import { PrefectEventsApi } from './support/prefect-api';
import { TerraformWorkdir } from './support/terraform';
import { describeUnless } from '../support/skip';

// Automations on a real Prefect server with its services running: the automation is applied,
// the test makes the triggering event happen through the REST API, and then watches the
// automation's effect. Automations take a few seconds to load, so the tests poll.
const withProvider = describeUnless(missingProviders('prefect'));

const DEADLINE_MS = 90_000;

function newStack(name: string, apiUrl: string): TerraformStack {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, name);
  new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
  return stack;
}

/** Calls `probe` until it returns something, `poke` between tries, failing after the deadline. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, poke?: () => Promise<void>): Promise<T> {
  const start = Date.now();
  let lastPoke = 0;
  for (;;) {
    if (poke && Date.now() - lastPoke > 5_000) {
      await poke();
      lastPoke = Date.now();
    }
    const found = await probe();
    if (found !== undefined) {
      // eslint-disable-next-line no-console
      console.log(`[e2e] ${what} after ${((Date.now() - start) / 1000).toFixed(1)} s`);
      return found;
    }
    if (Date.now() - start > DEADLINE_MS) throw new Error(`timed out after ${DEADLINE_MS / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

withProvider('an automation runs a deployment when a custom event arrives', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectEventsApi(apiUrl);
  const key = `incoming/orders-${process.pid}.csv`;
  const tf = applyLifecycle(() => {
    const stack = newStack('automation-on-event', apiUrl);
    const flow = new Flow(stack, 'Flow', { flowName: 'e2e-ingest' });
    const deployment = new Deployment(stack, 'Ingest', {
      flow,
      deploymentName: 'on-upload',
      entrypoint: 'flows/ingest.py:ingest',
      parameters: { mode: 'batch' },
    });
    Automation.runDeploymentOnEvent(stack, 'OnUpload', {
      automationName: 'e2e-ingest-on-upload',
      deployment,
      expect: ['acme.bucket.object-created'],
      match: { 'prefect.resource.id': 'acme.bucket.*' },
      parametersFromLabels: { key: 'acme.bucket.key', bucket: 'prefect.resource.id' },
      parameters: { mode: 'event' },
    });
    return Testing.synth(stack);
  });

  test('a plan right after apply shows no changes', () => expectEmptyPlan(tf()));

  test('the automation reads back with its trigger and action', async () => {
    const [automation] = await api.automations(['e2e-ingest-on-upload']);
    const dep = await api.get('/deployments/name/e2e-ingest/on-upload');
    expect(automation).toMatchObject({
      enabled: true,
      trigger: {
        type: 'event',
        posture: 'Reactive',
        expect: ['acme.bucket.object-created'],
        match: { 'prefect.resource.id': 'acme.bucket.*' },
        threshold: 1,
        within: 0,
      },
      actions: [{
        type: 'run-deployment',
        source: 'selected',
        deployment_id: dep.id,
        parameters: {
          mode: 'event',
          key: { __prefect_kind: 'jinja', template: "{{ event.resource['acme.bucket.key'] }}" },
          bucket: { __prefect_kind: 'jinja', template: "{{ event.resource['prefect.resource.id'] }}" },
        },
      }],
    });
  });

  test('emitting the event creates a flow run whose parameters come from the event', async () => {
    const dep = await api.get('/deployments/name/e2e-ingest/on-upload');
    const run = await waitFor('a flow run created by the automation',
      async () => (await api.flowRunsOf(dep.id)).find((r) => r.parameters?.key === key),
      () => api.emitEvents([{ event: 'acme.bucket.object-created', resource: { 'prefect.resource.id': 'acme.bucket.raw', 'acme.bucket.key': key } }]));
    expect(run.parameters).toEqual({ mode: 'event', key, bucket: 'acme.bucket.raw' });
  });

  test('an event of another bucket prefix does not match', async () => {
    const dep = await api.get('/deployments/name/e2e-ingest/on-upload');
    await api.emitEvents([{ event: 'acme.bucket.object-created', resource: { 'prefect.resource.id': 'other.raw', 'acme.bucket.key': 'nope' } }]);
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await api.flowRunsOf(dep.id)).filter((r) => r.parameters?.key === 'nope')).toEqual([]);
  });

  test('destroy leaves nothing behind', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(await api.automations()).toEqual([]);
    expect(await api.deployments(['on-upload'])).toEqual([]);
  });
});

withProvider('a flow-run-failed trigger pauses a deployment', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectEventsApi(apiUrl);
  const tf = applyLifecycle(() => {
    const stack = newStack('automation-on-failure', apiUrl);
    const flow = new Flow(stack, 'Flow', { flowName: 'e2e-guarded' });
    const upstream = new Deployment(stack, 'Upstream', { flow, deploymentName: 'upstream', entrypoint: 'flows/etl.py:extract' });
    const downstream = new Deployment(stack, 'Downstream', { flow, deploymentName: 'downstream', entrypoint: 'flows/etl.py:load' });
    upstream.onFlowRunState('PauseDownstreamOnFailure', {
      states: [FlowRunState.FAILED, FlowRunState.CRASHED],
      action: Action.pauseDeployment(downstream),
      automationName: 'e2e-pause-downstream-on-failure',
    });

    // every other trigger and action kind the server runs, disabled, to check they apply and re-plan clean
    const pool = new WorkPool(stack, 'Pool', { workPoolName: 'e2e-auto-pool' });
    const queue = pool.addQueue('Queue', { workQueueName: 'e2e-auto-queue' });
    // any flow run of the pool (here of a deployment in it) that crashes pauses the pool
    new Deployment(stack, 'Pooled', { flow, deploymentName: 'pooled', entrypoint: 'flows/etl.py:transform', workPool: pool });
    pool.onFlowRunState('PausePoolOnCrash', {
      states: [FlowRunState.CRASHED],
      action: Action.pauseWorkPool(pool),
      automationName: 'e2e-pause-pool-on-crash',
    });
    // (Prefect 3.8 registers no `json` block type: any registered type will do for the IDs)
    const block = new Block(stack, 'Notify', {
      blockName: 'e2e-auto-notify',
      blockType: BlockType.custom('slack-webhook'),
      data: { url: 'https://hooks.slack.com/services/T000/B000/XXXX' },
    });
    const other = new Automation(stack, 'Other', {
      automationName: 'e2e-other',
      enabled: false,
      trigger: Trigger.event({ expect: ['acme.other'] }),
      actions: [Action.doNothing()],
    });
    new Automation(stack, 'Everything', {
      automationName: 'e2e-every-kind',
      description: 'all kinds',
      enabled: false,
      trigger: Trigger.compound({
        require: CompoundRequire.atLeast(2),
        within: Duration.minutes(10),
        triggers: [
          Trigger.event({ expect: ['acme.a'], match: { 'prefect.resource.id': ['acme.x', 'acme.y'] }, forEach: ['prefect.resource.id'], threshold: 2, within: Duration.seconds(30) }),
          Trigger.event({ expect: ['acme.b'], posture: Posture.PROACTIVE, within: Duration.minutes(1) }),
          Trigger.event({ expect: ['acme.c'], after: ['acme.a'] }),
        ],
      }),
      actions: [
        Action.runDeployment({ deployment: downstream, parameters: { n: 1 }, jobVariables: { image: 'x:1' } }),
        Action.runDeployment(),
        Action.pauseDeployment(), Action.resumeDeployment(downstream),
        Action.pauseWorkQueue(queue), Action.resumeWorkQueue(),
        Action.pauseWorkPool(pool), Action.resumeWorkPool(),
        Action.pauseAutomation(other), Action.resumeAutomation(),
        Action.cancelFlowRun(), Action.suspendFlowRun(), Action.resumeFlowRun(),
        Action.changeFlowRunState({ state: FlowRunState.CANCELLED, message: 'stopped by automation' }),
        Action.sendNotification(block, { body: 'run {{ flow_run.name }}' }),
        Action.callWebhook(block, '{"ok": true}'),
      ],
      actionsOnResolve: [Action.doNothing()],
    });
    new Automation(stack, 'Sequence', {
      automationName: 'e2e-sequence',
      enabled: false,
      trigger: Trigger.sequence([Trigger.event({ expect: ['acme.first'] }), Trigger.event({ expect: ['acme.second'] })], { within: Duration.hours(1) }),
      actions: [Action.doNothing()],
    });
    return Testing.synth(stack);
  });

  test('a plan right after apply shows no changes', () => expectEmptyPlan(tf()));

  test('compound and sequence triggers read back', async () => {
    const [every] = await api.automations(['e2e-every-kind']);
    expect(every.trigger).toMatchObject({ type: 'compound', require: 2, within: 600 });
    expect(every.trigger.triggers.map((t: any) => t.posture)).toEqual(['Reactive', 'Proactive', 'Reactive']);
    expect(every.actions.map((a: any) => a.type)).toHaveLength(16);
    expect(every.actions_on_resolve).toEqual([{ type: 'do-nothing' }]);
    const [sequence] = await api.automations(['e2e-sequence']);
    expect(sequence.trigger).toMatchObject({ type: 'sequence', within: 3600 });
  });

  test('a failed run of the upstream deployment pauses the downstream deployment', async () => {
    const upstream = await api.get('/deployments/name/e2e-guarded/upstream');
    expect((await api.get('/deployments/name/e2e-guarded/downstream')).paused).toBe(false);
    // the automation may not be loaded yet: fail a fresh run every few seconds until it acts
    await waitFor('the downstream deployment paused',
      async () => ((await api.get('/deployments/name/e2e-guarded/downstream')).paused ? true : undefined),
      async () => {
        const run = await api.post(`/deployments/${upstream.id}/create_flow_run`, {});
        await api.post(`/flow_runs/${run.id}/set_state`, { state: { type: 'FAILED' }, force: true });
      });
  });

  test('a crashed run of a deployment in the pool pauses the pool (pool.onFlowRunState)', async () => {
    const [automation] = await api.automations(['e2e-pause-pool-on-crash']);
    const pool = (await api.workPools(['e2e-auto-pool']))[0];
    // the trigger names the pool as a related resource of the flow-run event, with its role
    expect(JSON.parse(JSON.stringify(automation.trigger.match_related))).toEqual({
      'prefect.resource.role': 'work-pool', 'prefect.resource.id': `prefect.work-pool.${pool.id}`,
    });
    expect(pool.is_paused).toBe(false);
    const pooled = await api.get('/deployments/name/e2e-guarded/pooled');
    await waitFor('the work pool paused',
      async () => ((await api.workPools(['e2e-auto-pool']))[0].is_paused ? true : undefined),
      async () => {
        const run = await api.post(`/deployments/${pooled.id}/create_flow_run`, {});
        await api.post(`/flow_runs/${run.id}/set_state`, { state: { type: 'CRASHED' }, force: true });
      });
  });

  test('destroy leaves nothing behind', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(await api.automations()).toEqual([]);
    expect(await api.deployments(['upstream', 'downstream', 'pooled'])).toEqual([]);
  });
});

withProvider('the Prefect Cloud-only parts pass terraform validate', () => {
  test('webhook, resource SLA, metric trigger and the Cloud-only actions', () => {
    const stack = newStack('cloud-only', 'https://api.prefect.cloud/api/accounts/0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f/workspaces/1b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f');
    const deployment = Deployment.fromDeploymentAttributes(stack, 'Dep', {
      deploymentId: '2b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f', deploymentName: 'nightly', flowName: 'etl',
    });
    new Webhook(stack, 'Object', {
      webhookName: 'bucket-events',
      template: WebhookTemplate.fromObject({ event: 'acme.bucket.{{ body.type }}', resource: { 'prefect.resource.id': 'acme.bucket.{{ body.bucket }}' } }),
    });
    new Webhook(stack, 'CloudEvents', { webhookName: 'cloud-events', template: WebhookTemplate.cloudEvent(), enabled: false, serviceAccountId: '3b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f' });
    new ResourceSla(stack, 'Sla', {
      deployment,
      slas: [
        Sla.timeToCompletion('under an hour', Duration.hours(1), { severity: SlaSeverity.CRITICAL }),
        Sla.frequency('daily', Duration.days(1)),
        Sla.lateness('on time', Duration.minutes(10)),
        Sla.freshness('fresh', Duration.hours(6), 'acme.table.updated', { resourceMatch: { 'prefect.resource.id': 'acme.table.orders' } }),
      ],
    });
    new Automation(stack, 'Slow', {
      automationName: 'slow runs',
      trigger: Trigger.metric({
        metric: MetricName.DURATION, operator: MetricOperator.GREATER_THAN, threshold: 3600,
        range: Duration.minutes(10), firingFor: Duration.minutes(5),
      }),
      actions: [Action.declareIncident()],
    });
    const nightly = new DeploymentSchedule(stack, 'Nightly', { deployment, schedule: Schedule.cron('0 2 * * *') });
    new Automation(stack, 'Failed', {
      automationName: 'nightly failed',
      trigger: Trigger.event({ expect: ['prefect.flow-run.Failed'] }),
      actions: [Action.sendEmailNotification({ emails: ['oncall@acme.com'], body: 'run {{ flow_run.name }} failed' }), Action.pauseSchedule(nightly)],
      actionsOnResolve: [Action.resumeSchedule(nightly)],
    });
    const tf = TerraformWorkdir.fromStackJson(Testing.synth(stack));
    try {
      tf.init();
      expect(tf.ok('validate', '-no-color')).toContain('The configuration is valid');
    } finally {
      tf.remove();
    }
  });
});
