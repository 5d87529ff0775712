import { Construct } from 'constructs';
import {
  Action,
  ActionSource,
  Automation,
  CompoundRequire,
  Deployment,
  Duration,
  Flow,
  FlowRunState,
  MetricName,
  MetricOperator,
  Posture,
  ResourceSla,
  Sla,
  SlaSeverity,
  Trigger,
  Webhook,
  WebhookTemplate,
} from '../../src';
import { synthError } from '../support/synth';

type Case = [string, (scope: Construct) => void, string, string];

const ok = () => Action.doNothing();
const ev = (expect = ['acme.x']) => Trigger.event({ expect });
const auto = (s: Construct, trigger: Trigger, actions: Action[] = [ok()], name = 'a') =>
  new Automation(s, 'A', { automationName: name, trigger, actions });
const deployment = (s: Construct) =>
  new Deployment(s, 'D', { flow: new Flow(s, 'F', { flowName: 'etl' }), deploymentName: 'nightly', entrypoint: 'etl.py:etl' });
const metric = {
  metric: MetricName.DURATION, operator: MetricOperator.GREATER_THAN, threshold: 60, range: Duration.minutes(5), firingFor: Duration.minutes(5),
};
const DEP_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';

// [what, build, construct path, bad value as shown in the message]
const cases: Case[] = [
  // event triggers
  ['posture "Metric" (the docs example)', (s) => auto(s, Trigger.event({ expect: ['x'], posture: 'Metric' as Posture })), 'Stack/A', '"Metric"'],
  ['posture in lower case', (s) => auto(s, Trigger.event({ expect: ['x'], posture: 'reactive' as Posture })), 'Stack/A', '"reactive"'],
  ['threshold 0', (s) => auto(s, Trigger.event({ expect: ['x'], threshold: 0 })), 'Stack/A', 'threshold 0'],
  ['fractional threshold', (s) => auto(s, Trigger.event({ expect: ['x'], threshold: 1.5 })), 'Stack/A', 'threshold 1.5'],
  ['negative within', (s) => auto(s, Trigger.event({ expect: ['x'], within: Duration.seconds(-5) })), 'Stack/A', '-5 seconds'],
  ['proactive within under 10 s', (s) => auto(s, Trigger.event({ expect: ['x'], posture: Posture.PROACTIVE, within: Duration.seconds(5) })), 'Stack/A', '5 seconds'],
  ['proactive without within', (s) => auto(s, Trigger.event({ expect: ['x'], posture: Posture.PROACTIVE })), 'Stack/A', 'proactive but has no within'],
  ['wildcard in the middle of expect', (s) => auto(s, ev(['prefect.*.Failed'])), 'Stack/A', '"prefect.*.Failed"'],
  ['empty event name in after', (s) => auto(s, Trigger.event({ expect: ['x'], after: [' '] })), 'Stack/A', '" "'],
  ['wildcard in the middle of a match value', (s) => auto(s, Trigger.event({ expect: ['x'], match: { 'prefect.resource.id': 'acme.*.raw' } })), 'Stack/A', '"acme.*.raw"'],
  ['match value that is a number', (s) => auto(s, Trigger.event({ expect: ['x'], match: { 'acme.size': 3 } })), 'Stack/A', 'value 3'],
  ['match given as a list', (s) => auto(s, Trigger.event({ expect: ['x'], match: [{ a: 'b' }] as any })), 'Stack/A', '[{"a":"b"}]'],
  ['empty list of match values', (s) => auto(s, Trigger.event({ expect: ['x'], matchRelated: { 'prefect.resource.role': [] } })), 'Stack/A', '"prefect.resource.role"'],
  ['forEach with a bad related form', (s) => auto(s, Trigger.event({ expect: ['x'], forEach: ['related:deployment'] })), 'Stack/A', '"related:deployment"'],
  // compound, sequence, metric
  ['compound require 0', (s) => auto(s, Trigger.compound({ require: CompoundRequire.atLeast(0), triggers: [ev(), ev()] })), 'Stack/A', 'require 0'],
  ['compound require above the number of triggers', (s) => auto(s, Trigger.compound({ require: CompoundRequire.atLeast(3), triggers: [ev(), ev()] })), 'Stack/A', 'require 3'],
  ['compound require 1.5', (s) => auto(s, Trigger.compound({ require: CompoundRequire.atLeast(1.5), triggers: [ev(), ev()] })), 'Stack/A', 'require 1.5'],
  ['compound without triggers', (s) => auto(s, Trigger.compound({ require: CompoundRequire.ANY, triggers: [] })), 'Stack/A', '[]'],
  ['compound inside a compound', (s) => auto(s, Trigger.compound({ require: CompoundRequire.ANY, triggers: [ev(), Trigger.sequence([ev()])] })), 'Stack/A', 'compound trigger 2 is a sequence trigger'],
  ['negative compound within', (s) => auto(s, Trigger.compound({ require: CompoundRequire.ALL, triggers: [ev()], within: Duration.minutes(-1) })), 'Stack/A', '-1 minutes'],
  ['sequence without triggers', (s) => auto(s, Trigger.sequence([])), 'Stack/A', '[]'],
  ['bad trigger inside a sequence', (s) => auto(s, Trigger.sequence([ev(), Trigger.event({ expect: ['x'], threshold: -1 })])), 'Stack/A', 'sequence trigger 2 threshold -1'],
  ['metric range under 300 s', (s) => auto(s, Trigger.metric({ ...metric, range: Duration.seconds(60) })), 'Stack/A', '60 seconds'],
  ['metric firingFor under 300 s', (s) => auto(s, Trigger.metric({ ...metric, firingFor: Duration.minutes(1) })), 'Stack/A', '1 minutes'],
  ['metric successes threshold above 1', (s) => auto(s, Trigger.metric({ ...metric, metric: MetricName.SUCCESSES, threshold: 90 })), 'Stack/A', 'threshold 90'],
  ['metric operator "=="', (s) => auto(s, Trigger.metric({ ...metric, operator: '==' as MetricOperator })), 'Stack/A', '"=="'],
  // actions
  ['run-deployment selected without a deployment', (s) => auto(s, ev(), [Action.runDeployment({ source: ActionSource.SELECTED })]), 'Stack/A', 'source "selected" but no deployment'],
  ['run-deployment inferred with a deployment', (s) => auto(s, ev(), [Action.runDeployment({ source: ActionSource.INFERRED, deployment: deployment(s) })]), 'Stack/A', 'source "inferred" and a deployment'],
  ['run-deployment with list parameters', (s) => auto(s, ev(), [Action.runDeployment({ deployment: deployment(s), parameters: [1] as any })]), 'Stack/A', '[1]'],
  ['run-deployment loop on Running events (inferred)', (s) => auto(s, ev(['prefect.flow-run.Running']), [Action.runDeployment()]), 'Stack/A', '"prefect.flow-run.Running"'],
  ['run-deployment loop on any flow-run event, unfiltered', (s) => auto(s, ev(['prefect.flow-run.*']), [Action.runDeployment({ deployment: deployment(s) })]), 'Stack/A', '"prefect.flow-run.*"'],
  ['send-email-notification with no address', (s) => auto(s, ev(), [Action.sendEmailNotification({ emails: [], body: 'b' })]), 'Stack/A', 'address, got []'],
  ['send-email-notification with a bad address', (s) => auto(s, ev(), [Action.sendEmailNotification({ emails: ['oncall at acme'], body: 'b' })]), 'Stack/A', '"oncall at acme"'],
  ['send-email-notification with an empty body', (s) => auto(s, ev(), [Action.sendEmailNotification({ emails: ['a@b.io'], body: '' })]), 'Stack/A', 'body, got ""'],
  ['pause-schedule-for-flow-run with no schedule', (s) => auto(s, ev(), [Action.pauseSchedule(undefined as any)]), 'Stack/A', 'needs a schedule'],
  ['send-notification with an empty body', (s) => auto(s, ev(), [Action.sendNotification({ blockId: 'b', blockName: 'n', blockTypeSlug: 'slack-webhook', templateReference: 't' } as any, { body: ' ' })]), 'Stack/A', 'body, got " "'],
  ['change-flow-run-state without a state', (s) => auto(s, ev(), [Action.changeFlowRunState({} as any)]), 'Stack/A', 'needs a state'],
  // automations
  ['empty automation name', (s) => auto(s, ev(), [ok()], ' '), 'Stack/A', '" "'],
  ['duplicate automation name', (s) => {
    auto(s, ev(), [ok()], 'twice');
    new Automation(s, 'B', { automationName: 'twice', trigger: ev(), actions: [ok()] });
  }, 'Stack/B', '"twice"'],
  ['automation without actions', (s) => new Automation(s, 'A', { automationName: 'idle', trigger: ev() }), '[Stack/A]', '"idle"'],
  ['imported automation with a bad ID', (s) => Automation.fromAutomationId(s, 'Imp', 'not-a-uuid'), 'Stack/Imp', '"not-a-uuid"'],
  ['onFlowRunState without states', (s) => deployment(s).onFlowRunState('OnNothing', { states: [], action: ok() }), 'Stack/D', 'at least one state'],
  ['parameter both literal and from a label', (s) => Automation.runDeploymentOnEvent(s, 'R', {
    deployment: deployment(s), expect: ['acme.x'], parameters: { key: 'k' }, parametersFromLabels: { key: 'acme.key' },
  }), 'Stack', '"key"'],
  // Cloud-only constructs
  ['webhook object template without a resource id', (s) => new Webhook(s, 'W', { webhookName: 'w', template: WebhookTemplate.fromObject({ event: 'acme.x' }) }), 'Stack/W', '{"event":"acme.x"}'],
  ['webhook with an empty Jinja template', (s) => new Webhook(s, 'W', { webhookName: 'w', template: WebhookTemplate.fromJinja('  ') }), 'Stack/W', '"  "'],
  ['webhook service account that is not a UUID', (s) => new Webhook(s, 'W', { webhookName: 'w', template: WebhookTemplate.cloudEvent(), serviceAccountId: 'sa-1' }), 'Stack/W', '"sa-1"'],
  ['SLA resource id without the prefect. form', (s) => new ResourceSla(s, 'S', { resourceId: DEP_ID, slas: [Sla.lateness('late', Duration.minutes(5))] }), 'Stack/S', `"${DEP_ID}"`],
  ['SLA without SLAs', (s) => new ResourceSla(s, 'S', { resourceId: `prefect.deployment.${DEP_ID}`, slas: [] }), 'Stack/S', 'at least one SLA'],
  ['SLA with a fractional duration', (s) => new ResourceSla(s, 'S', { resourceId: `prefect.deployment.${DEP_ID}`, slas: [Sla.timeToCompletion('t', Duration.seconds(1.5))] }), 'Stack/S', '1.5 seconds'],
  ['duplicate SLA names', (s) => new ResourceSla(s, 'S', { resourceId: `prefect.deployment.${DEP_ID}`, slas: [Sla.lateness('x', Duration.minutes(1)), Sla.frequency('x', Duration.hours(1))] }), 'Stack/S', '"x"'],
  ['SLA severity "urgent"', (s) => new ResourceSla(s, 'S', { resourceId: `prefect.deployment.${DEP_ID}`, slas: [Sla.lateness('x', Duration.minutes(1), { severity: 'urgent' as SlaSeverity })] }), 'Stack/S', '"urgent"'],
  ['SLA on a deployment and a resource id', (s) => new ResourceSla(s, 'S', { deployment: deployment(s), resourceId: 'prefect.flow.x', slas: [Sla.lateness('x', Duration.minutes(1))] }), 'Stack/S', '"prefect.flow.x"'],
];

describe('bad inputs are refused at construction with the path and the bad value', () => {
  it.each(cases)('%s', (_what, build, path, shown) => {
    const message = synthError(build);
    expect(message).toContain(`${path}`);
    if (!path.startsWith('[')) expect(message.startsWith(`${path}: `) || message.startsWith(`${path}/`)).toBe(true);
    expect(message).toContain(shown);
  });
});

test('a flow-run state name makes the event name', () => {
  expect(FlowRunState.custom('Flaky', FlowRunState.FAILED.stateType).eventName).toBe('prefect.flow-run.Flaky');
});
