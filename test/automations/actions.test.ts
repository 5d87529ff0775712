import { Testing } from 'cdktf';
import { Action, ActionSource, Automation, Deployment, FlowRunState, JinjaTemplate, Schedule, Trigger } from '../../src';
import { resolveTokens } from '../../src/core/tokens';
import { warnings } from '../blocks/warnings';
import { onlyResource, resourcesOf, synthJson } from '../support/synth';
import { fixture } from './fixtures';

const DEP = '${prefect_deployment.Nightly_C44EE0A7.id}';
const POOL = '${prefect_work_pool.Pool_D3F588B8.id}';
const QUEUE = '${prefect_work_queue.Pool_Fast_33871DCD.id}';
const SLACK = '${prefect_block.Slack_738A1058.id}';
const HOOK = '${prefect_block.Hook_B39E2767.id}';
const NIGHTLY = '${prefect_deployment_schedule.Nightly_Cron_393BCF26.id}';

/** A cron schedule of the fixture's nightly deployment. */
const nightly = (f: ReturnType<typeof fixture>) => (f.deployment as Deployment).addSchedule('Cron', Schedule.cron('0 2 * * *'));

/** Synthesizes one automation with `action` on trigger and returns its `actions`. */
function actionJson(make: (f: ReturnType<typeof fixture>) => Action): any[] {
  const f = fixture();
  new Automation(f.stack, 'A', { automationName: 'a', trigger: Trigger.event({ expect: ['acme.x'] }), actions: [make(f)] });
  return resourcesOf(synthJson(f.stack), 'prefect_automation').A_CCC8ACD5.actions;
}

describe('every action kind synthesizes exactly', () => {
  test.each<[string, (f: ReturnType<typeof fixture>) => Action, any]>([
    ['run-deployment, selected, with parameters and job variables',
      (f) => Action.runDeployment({ deployment: f.deployment, parameters: { day: JinjaTemplate.payloadField('day'), n: 1 }, jobVariables: { image: 'acme/etl:2' } }),
      { type: 'run-deployment', source: 'selected', deployment_id: DEP, parameters: '{"day":{"__prefect_kind":"jinja","template":"{{ event.payload.day }}"},"n":1}', job_variables: '{"image":"acme/etl:2"}' }],
    ['run-deployment, inferred', () => Action.runDeployment(), { type: 'run-deployment', source: 'inferred' }],
    ['run-deployment, inferred explicitly', () => Action.runDeployment({ source: ActionSource.INFERRED }), { type: 'run-deployment', source: 'inferred' }],
    ['pause-deployment, selected', (f) => Action.pauseDeployment(f.deployment), { type: 'pause-deployment', source: 'selected', deployment_id: DEP }],
    ['pause-deployment, inferred', () => Action.pauseDeployment(), { type: 'pause-deployment', source: 'inferred' }],
    ['resume-deployment', (f) => Action.resumeDeployment(f.deployment), { type: 'resume-deployment', source: 'selected', deployment_id: DEP }],
    ['pause-work-queue', (f) => Action.pauseWorkQueue(f.queue), { type: 'pause-work-queue', source: 'selected', work_queue_id: QUEUE }],
    ['resume-work-queue, inferred', () => Action.resumeWorkQueue(), { type: 'resume-work-queue', source: 'inferred' }],
    ['pause-work-pool', (f) => Action.pauseWorkPool(f.pool), { type: 'pause-work-pool', source: 'selected', work_pool_id: POOL }],
    ['resume-work-pool', (f) => Action.resumeWorkPool(f.pool), { type: 'resume-work-pool', source: 'selected', work_pool_id: POOL }],
    ['pause-automation, inferred', () => Action.pauseAutomation(), { type: 'pause-automation', source: 'inferred' }],
    ['resume-automation, imported', (f) => Action.resumeAutomation(Automation.fromAutomationId(f.stack, 'Imp', '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f')),
      { type: 'resume-automation', source: 'selected', automation_id: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f' }],
    ['cancel-flow-run', () => Action.cancelFlowRun(), { type: 'cancel-flow-run' }],
    ['suspend-flow-run', () => Action.suspendFlowRun(), { type: 'suspend-flow-run' }],
    ['resume-flow-run', () => Action.resumeFlowRun(), { type: 'resume-flow-run' }],
    ['change-flow-run-state', () => Action.changeFlowRunState({ state: FlowRunState.CANCELLED, message: 'too slow' }),
      { type: 'change-flow-run-state', state: 'CANCELLED', name: 'Cancelled', message: 'too slow' }],
    ['change-flow-run-state to a named state of another type', () => Action.changeFlowRunState({ state: FlowRunState.LATE }),
      { type: 'change-flow-run-state', state: 'SCHEDULED', name: 'Late' }],
    ['send-notification, default subject written', (f) => Action.sendNotification(f.slack, { body: 'run {{ flow_run.name }} failed' }),
      { type: 'send-notification', block_document_id: SLACK, subject: 'Prefect automated notification', body: 'run {{ flow_run.name }} failed' }],
    ['send-notification with a subject', (f) => Action.sendNotification(f.slack, { subject: 'ETL', body: 'b' }),
      { type: 'send-notification', block_document_id: SLACK, subject: 'ETL', body: 'b' }],
    ['call-webhook', (f) => Action.callWebhook(f.hook, '{"run": "{{ flow_run.id }}"}'), { type: 'call-webhook', block_document_id: HOOK, payload: '{"run": "{{ flow_run.id }}"}' }],
    ['call-webhook, empty payload written', (f) => Action.callWebhook(f.hook), { type: 'call-webhook', block_document_id: HOOK, payload: '' }],
    ['declare-incident', () => Action.declareIncident(), { type: 'declare-incident' }],
    ['send-email-notification, default subject written', () => Action.sendEmailNotification({ emails: ['oncall@acme.com', 'data@acme.com'], body: 'run {{ flow_run.name }} failed' }),
      { type: 'send-email-notification', emails: ['oncall@acme.com', 'data@acme.com'], subject: 'Prefect automated notification', body: 'run {{ flow_run.name }} failed' }],
    ['pause-schedule-for-flow-run', (f) => Action.pauseSchedule(nightly(f)),
      { type: 'pause-schedule-for-flow-run', deployment_id: DEP, schedule_id: NIGHTLY }],
    ['resume-schedule-for-flow-run', (f) => Action.resumeSchedule(nightly(f)),
      { type: 'resume-schedule-for-flow-run', deployment_id: DEP, schedule_id: NIGHTLY }],
    ['do-nothing', () => Action.doNothing(), { type: 'do-nothing' }],
  ])('%s', (_what, make, expected) => {
    expect(actionJson(make)).toEqual([expected]);
  });
});

test('actions on trigger and on resolve, added later too', () => {
  const f = fixture();
  const a = new Automation(f.stack, 'A', {
    automationName: 'a',
    trigger: Trigger.event({ expect: ['acme.x'] }),
    actions: [Action.pauseDeployment(f.deployment)],
    actionsOnResolve: [Action.resumeDeployment(f.deployment)],
  });
  a.addAction(Action.sendNotification(f.slack, { body: 'paused' }));
  a.addActionOnResolve(Action.doNothing());
  const r = onlyResource(synthJson(f.stack), 'prefect_automation');
  expect(r.actions.map((x: any) => x.type)).toEqual(['pause-deployment', 'send-notification']);
  expect(r.actions_on_resolve.map((x: any) => x.type)).toEqual(['resume-deployment', 'do-nothing']);
  expect(r.actions_on_trigger).toBeUndefined();
});

test('declare-incident warns that it is Cloud-only', () => {
  const f = fixture();
  const a = new Automation(f.stack, 'A', { automationName: 'a', trigger: Trigger.event({ expect: ['x'] }), actionsOnResolve: [Action.declareIncident()] });
  synthJson(f.stack); // PF-TGT-001 reports Cloud-only features at synth
  expect(warnings(a)).toEqual([expect.stringMatching(/^Stack\/A: the declare-incident action \(on resolve\) is available on Prefect Cloud only/)]);
});

test.each<[string, (f: ReturnType<typeof fixture>) => Action]>([
  ['send-email-notification', () => Action.sendEmailNotification({ emails: ['a@b.io'], body: 'b' })],
  ['pause-schedule-for-flow-run', (f) => Action.pauseSchedule(nightly(f))],
  ['resume-schedule-for-flow-run', (f) => Action.resumeSchedule(nightly(f))],
])('%s warns that it is Cloud-only', (type, make) => {
  const f = fixture();
  const a = new Automation(f.stack, 'A', { automationName: 'a', trigger: Trigger.event({ expect: ['x'] }), actions: [make(f)] });
  synthJson(f.stack); // PF-TGT-001 reports Cloud-only features at synth
  expect(warnings(a)).toEqual([expect.stringMatching(new RegExp(`^Stack/A: the ${type} action \\(on trigger\\) is available on Prefect Cloud only`))]);
});

test('the automation resource: name, description, enabled, attributes', () => {
  const f = fixture();
  const a = new Automation(f.stack, 'A', { automationName: 'pause etl', description: 'd', enabled: false, trigger: Trigger.event({ expect: ['x'] }), actions: [Action.doNothing()] });
  expect(onlyResource(synthJson(f.stack), 'prefect_automation')).toMatchObject({ name: 'pause etl', description: 'd', enabled: false });
  expect(resolveTokens(f.stack, a.automationId)).toBe('${prefect_automation.A_CCC8ACD5.id}');
  expect(resolveTokens(f.stack, a.automationName)).toBe('${prefect_automation.A_CCC8ACD5.name}');
  expect(a.resource.node.id).toBe('Resource');
});

test('Automation.fromAutomationId reads the name through the data source', () => {
  const f = fixture();
  const imp = Automation.fromAutomationId(f.stack, 'Imp', '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f');
  expect(imp.automationId).toBe('0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f');
  expect(resolveTokens(f.stack, imp.automationName)).toBe('${data.prefect_automation.Imp_1622D878.name}');
});

test('snapshot of every action kind', () => {
  const f = fixture();
  const schedule = nightly(f);
  new Automation(f.stack, 'All', {
    automationName: 'all',
    trigger: Trigger.event({ expect: ['acme.x'] }),
    actions: [
      Action.runDeployment({ deployment: f.deployment, parameters: { key: JinjaTemplate.resourceLabel('acme.key') } }),
      Action.pauseDeployment(f.deployment), Action.resumeDeployment(),
      Action.pauseWorkQueue(f.queue), Action.resumeWorkQueue(f.queue),
      Action.pauseWorkPool(f.pool), Action.resumeWorkPool(),
      Action.pauseAutomation(), Action.resumeAutomation(),
      Action.cancelFlowRun(), Action.suspendFlowRun(), Action.resumeFlowRun(),
      Action.changeFlowRunState({ state: FlowRunState.FAILED }),
      Action.sendNotification(f.slack, { body: 'b' }), Action.callWebhook(f.hook, 'p'),
      Action.declareIncident(), Action.doNothing(),
      Action.sendEmailNotification({ emails: ['oncall@acme.com'], subject: 's', body: 'b' }),
      Action.pauseSchedule(schedule), Action.resumeSchedule(schedule),
    ],
  });
  expect(Testing.synth(f.stack)).toMatchSnapshot();
});
