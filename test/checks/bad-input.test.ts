// Bad-input tables of the synth-time checks of issue 13: one table per check; every row builds a
// small stack, synthesizes it with validations on, and asserts the construct path, the bad value
// as the message shows it, and the fix. Good-input rows must synthesize without an error.
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import {
  Action,
  Automation,
  BaseJobTemplate,
  Block,
  BlockSecretValue,
  BlockType,
  CompoundRequire,
  Deployment,
  DeploymentSchedule,
  Duration,
  Flow,
  FlowRunState,
  GlobalConcurrencyLimit,
  PullStep,
  ResourceSla,
  Schedule,
  ScheduledDeployment,
  Sla,
  Trigger,
  Variable,
  VariableValue,
  Webhook,
  WebhookTemplate,
  WorkPool,
  WorkPoolType,
  WorkQueue,
} from '../../src';
import { isCredentialGuarded } from '../../src/core/credentials';
import { warnings } from '../blocks/warnings';
import { newStack } from '../support/synth';
import { runTable } from '../support/bad-input-table';

const FLOW_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';
const flow = (s: Construct) => Flow.fromFlowAttributes(s, 'F', { flowName: 'etl', flowId: FLOW_ID });
const deployment = (s: Construct, props: object = {}) =>
  new Deployment(s, 'D', { flow: flow(s), deploymentName: 'nightly', entrypoint: 'etl.py:etl', ...props });
const automation = (s: Construct, trigger: Trigger, actions: Action[] = [Action.doNothing()]) =>
  new Automation(s, 'A', { automationName: 'a', trigger, actions });
const on = (...expect: string[]) => (s: Construct) => automation(s, Trigger.event({ expect }));

// ---------------------------------------------------------------------------------------------
// 1. event names against Prefect's catalogue
const NEVER = 'Prefect 3.8.8 never emits such an event';
runTable('event names in triggers', [
  { what: 'the provider example\'s lower-case state', build: on('prefect.flow-run.failed'), path: 'Stack/A', value: '"prefect.flow-run.failed"', fix: 'did you mean "prefect.flow-run.Failed"? (event names are case-sensitive)' },
  { what: 'a lower-case Crashed', build: on('prefect.flow-run.crashed'), path: 'Stack/A', value: '"prefect.flow-run.crashed"', fix: 'did you mean "prefect.flow-run.Crashed"?' },
  { what: 'a misspelt state', build: on('prefect.flow-run.Faild'), path: 'Stack/A', value: '"prefect.flow-run.Faild"', fix: 'did you mean "prefect.flow-run.Failed"?' },
  { what: 'a task-run state in capitals', build: on('prefect.task-run.COMPLETED'), path: 'Stack/A', value: '"prefect.task-run.COMPLETED"', fix: 'did you mean "prefect.task-run.Completed"?' },
  { what: 'flow_run with an underscore', build: on('prefect.flow_run.Failed'), path: 'Stack/A', value: '"prefect.flow_run.Failed"', fix: 'did you mean "prefect.flow-run.Failed"?' },
  { what: 'a capitalised work-pool status', build: on('prefect.work-pool.Paused'), path: 'Stack/A', value: '"prefect.work-pool.Paused"', fix: 'did you mean "prefect.work-pool.paused"?' },
  { what: 'not-ready without the dash', build: on('prefect.deployment.notready'), path: 'Stack/A', value: '"prefect.deployment.notready"', fix: 'did you mean "prefect.deployment.not-ready"?' },
  { what: 'a prefix of a kind that does not exist', build: on('prefect.flowrun.*'), path: 'Stack/A', value: '"prefect.flowrun.*"', fix: 'did you mean "prefect.flow-run.*"?' },
  { what: 'an asset event that does not exist', build: on('prefect.asset.materialization.success'), path: 'Stack/A', value: '"prefect.asset.materialization.success"', fix: 'did you mean "prefect.asset.materialization.succeeded"?' },
  { what: 'an invented prefect. event', build: on('prefect.etl.finished'), path: 'Stack/A', value: '"prefect.etl.finished"', fix: 'name your own events outside "prefect."' },
  { what: 'a bad name in after', build: (s) => automation(s, Trigger.event({ expect: ['acme.x'], after: ['prefect.flow-run.running'] })), path: 'Stack/A', value: 'after event name "prefect.flow-run.running"', fix: 'did you mean "prefect.flow-run.Running"?' },
  { what: 'a bad name inside a compound trigger', build: (s) => automation(s, Trigger.compound({ require: CompoundRequire.ALL, triggers: [Trigger.event({ expect: ['acme.x'] }), Trigger.event({ expect: ['prefect.worker.Started'] })] })), path: 'Stack/A', value: 'compound trigger 2 expect event name "prefect.worker.Started"', fix: 'did you mean "prefect.worker.started"?' },
  { what: 'a bad name inside a sequence trigger', build: (s) => automation(s, Trigger.sequence([Trigger.event({ expect: ['prefect.automation.fired'] })])), path: 'Stack/A', value: '"prefect.automation.fired"', fix: NEVER },
  { what: 'a bad name in runDeploymentOnEvent', build: (s) => Automation.runDeploymentOnEvent(s, 'R', { deployment: deployment(s), expect: ['prefect.flow-run.completed'] }), path: 'Stack/R', value: '"prefect.flow-run.completed"', fix: 'did you mean "prefect.flow-run.Completed"?' },
  { what: 'a bad freshness SLA event', build: (s) => new ResourceSla(s, 'S', { resourceId: `prefect.deployment.${FLOW_ID}`, slas: [Sla.freshness('fresh', Duration.hours(1), 'prefect.asset.materialized')] }), path: 'Stack/S', value: '"prefect.asset.materialized"', fix: NEVER },
], [
  { what: 'a custom event', build: on('acme.bucket.object-created') },
  { what: 'a custom prefix', build: on('acme.bucket.*') },
  { what: 'prefect.flow-run.*', build: on('prefect.flow-run.*') },
  { what: 'prefect.*', build: on('prefect.*') },
  { what: 'every state of FlowRunState', build: (s) => deployment(s).onFlowRunState('All', { states: [FlowRunState.FAILED, FlowRunState.CRASHED, FlowRunState.LATE, FlowRunState.TIMED_OUT, FlowRunState.AWAITING_RETRY, FlowRunState.SUSPENDED, FlowRunState.CACHED], action: Action.doNothing() }) },
  { what: 'work pool, queue and deployment statuses', build: on('prefect.work-pool.not-ready', 'prefect.work-queue.paused', 'prefect.deployment.ready') },
  { what: 'worker and automation events', build: on('prefect.worker.submitted-flow-run', 'prefect.automation.action.failed', 'prefect.automation.triggered') },
  { what: 'a block-loaded event', build: on('prefect.block.s3-bucket.loaded') },
  { what: 'a partial state prefix', build: on('prefect.flow-run.Fail*') },
  { what: 'a Prefect Cloud event', build: on('prefect-cloud.incident.declared') },
  { what: 'the heartbeat', build: on('prefect.flow-run.heartbeat') },
]);

test('a custom state name under prefect.flow-run is a warning, not an error', () => {
  const stack = newStack();
  deployment(stack).onFlowRunState('Flaky', { states: [FlowRunState.custom('Flaky', FlowRunState.FAILED.stateType)], action: Action.doNothing() });
  Testing.synth(stack, true);
  expect(warnings(stack).filter((w) => w.includes('"prefect.flow-run.Flaky"'))).toEqual([
    expect.stringMatching(/^Stack\/D\/Flaky: event trigger expect event name "prefect\.flow-run\.Flaky": Prefect 3\.8\.8 gives runs no state named "Flaky", so .* only fires if your flows set that custom state name/),
  ]);
});

// ---------------------------------------------------------------------------------------------
// 4. credential-looking literals in any free-text prop
// (built by concatenation: no credential-shaped literal in this file)
const GITHUB = 'ghp' + '_' + 'Ab1'.repeat(12);
const GITHUB_PAT = 'github' + '_pat_' + '11ABCDEFG'.repeat(4);
const GITLAB = 'glpat' + '-' + 'x1y2z3'.repeat(4);
const SLACK = 'xoxb' + '-' + '123456789012-abcdefABCDEF';
const SLACK_HOOK = 'https://hooks.slack' + '.com/services/' + 'T0000000/B0000000/' + 'abcdefghijklmnop';
const AWS_ID = 'AKIA' + 'IOSFODNN7EXAMPL1';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY';
const PRIVATE_KEY = '-----BEGIN ' + 'RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----';
const PREFECT_KEY = 'pnu' + '_' + 'Zz9'.repeat(12);
const FIX = 'store it in a secret block';

runTable('credential-looking literals', [
  { what: 'a GitHub token in a shell-script pull step', build: (s) => deployment(s, { pullSteps: [PullStep.runShellScript({ script: `git clone https://x:${GITHUB}@github.com/acme/flows` })] }), path: 'Stack/D', value: 'pullSteps[0].script (Terraform pull_steps[0].script) holds what looks like a GitHub token, ghp_**** (40 characters)', fix: FIX, hidden: GITHUB },
  { what: 'a GitHub token in a pull step env', build: (s) => deployment(s, { pullSteps: [PullStep.runShellScript({ script: 'make', env: { GH_TOKEN: GITHUB } })] }), path: 'Stack/D', value: 'pullSteps[0].env.GH_TOKEN', fix: FIX, hidden: GITHUB },
  { what: 'a fine-grained GitHub token in job variables', build: (s) => deployment(s, { jobVariables: { env: { GITHUB_TOKEN: GITHUB_PAT } } }), path: 'Stack/D', value: 'jobVariables.env.GITHUB_TOKEN (Terraform job_variables.env.GITHUB_TOKEN) holds what looks like a GitHub fine-grained token, github_pat_****', fix: FIX, hidden: GITHUB_PAT },
  { what: 'a GitLab token in parameters', build: (s) => deployment(s, { parameters: { token: GITLAB } }), path: 'Stack/D', value: 'parameters.token holds what looks like a GitLab token, glpat-****', fix: FIX, hidden: GITLAB },
  { what: 'a Slack token in a description', build: (s) => deployment(s, { description: `posts with ${SLACK}` }), path: 'Stack/D', value: 'description holds what looks like a Slack token, xoxb-****', fix: FIX, hidden: SLACK },
  { what: 'a Slack webhook URL in a variable', build: (s) => new Variable(s, 'V', { variableName: 'hook', value: VariableValue.fromString(SLACK_HOOK) }), path: 'Stack/V', value: 'value holds what looks like a Slack webhook URL', fix: FIX, hidden: 'abcdefghijklmnop' },
  {
    what: 'an AWS access key ID in job variables mixed with a token', build: (s) => {
      const image = new TerraformVariable(s, 'image', { type: 'string' });
      deployment(s, { jobVariables: { image: image.stringValue, env: { AWS_ACCESS_KEY_ID: AWS_ID } } });
    }, path: 'Stack/D', value: 'jobVariables (Terraform job_variables) holds what looks like an AWS access key ID, AKIA****', fix: FIX, hidden: AWS_ID,
  },
  { what: 'an AWS secret key labelled in job variables', build: (s) => deployment(s, { jobVariables: { env: { AWS_SECRET_ACCESS_KEY: AWS_SECRET } } }), path: 'Stack/D', value: 'jobVariables.env.AWS_SECRET_ACCESS_KEY (Terraform job_variables.env.AWS_SECRET_ACCESS_KEY) holds what looks like an AWS secret access key, **** (40 characters)', fix: FIX, hidden: AWS_SECRET },
  { what: 'an AWS secret key in a shell script', build: (s) => deployment(s, { pullSteps: [PullStep.runShellScript({ script: `export AWS_SECRET_ACCESS_KEY=${AWS_SECRET}; make` })] }), path: 'Stack/D', value: 'an AWS secret access key', fix: FIX, hidden: AWS_SECRET },
  { what: 'a private key in block data (a non-secret field)', build: (s) => new Block(s, 'B', { blockName: 'ssh', blockType: BlockType.custom('ssh-config'), data: { notes: PRIVATE_KEY } }), path: 'Stack/B', value: 'data.notes holds what looks like a private key, -----BEGIN ****', fix: FIX, hidden: 'MIIEow' },
  {
    what: 'a non-secret block field next to secretData', build: (s) => {
      const token = new TerraformVariable(s, 'token', { type: 'string', sensitive: true });
      new Block(s, 'B', { blockName: 'gh', blockType: BlockType.GITHUB_CREDENTIALS, data: { note: GITHUB }, secretData: { token: BlockSecretValue.fromVariable(token) } });
    }, path: 'Stack/B', value: 'data (Terraform data_wo) holds what looks like a GitHub token', fix: FIX, hidden: GITHUB,
  },
  { what: 'a Prefect API key in automation action parameters', build: (s) => automation(s, Trigger.event({ expect: ['acme.x'] }), [Action.runDeployment({ deployment: deployment(s), parameters: { api_key: PREFECT_KEY } })]), path: 'Stack/A', value: 'holds what looks like a Prefect API key, pnu_****', fix: FIX, hidden: PREFECT_KEY },
  { what: 'a GitHub token in a webhook template', build: (s) => new Webhook(s, 'W', { webhookName: 'w', template: WebhookTemplate.fromObject({ event: 'acme.x', resource: { 'prefect.resource.id': 'acme.x', 'acme.token': GITHUB } }) }), path: 'Stack/W', value: 'template.resource.acme.token', fix: FIX, hidden: GITHUB },
  { what: 'a token in a work pool description', build: (s) => new WorkPool(s, 'P', { workPoolName: 'p', workPoolType: WorkPoolType.PROCESS, description: `token ${GITLAB}` }), path: 'Stack/P', value: 'description holds what looks like a GitLab token', fix: FIX, hidden: GITLAB },
  { what: 'a token in a work queue description', build: (s) => new WorkQueue(s, 'Q', { workPool: new WorkPool(s, 'P', { workPoolName: 'p', workPoolType: WorkPoolType.PROCESS }), workQueueName: 'q', description: GITHUB }), path: 'Stack/Q', value: 'description holds what looks like a GitHub token', fix: FIX, hidden: GITHUB },
  { what: 'a token in schedule parameters', build: (s) => deployment(s).addSchedule('S', Schedule.cron('0 0 * * *', { parameters: { token: GITHUB } })), path: 'Stack/D/S', value: 'parameters.token', fix: FIX, hidden: GITHUB },
  { what: 'a token in a flow tag', build: (s) => new Flow(s, 'Fl', { flowName: 'etl', tags: [GITHUB] }), path: 'Stack/Fl', value: 'tags[0] holds what looks like a GitHub token', fix: FIX, hidden: GITHUB },
], [
  { what: 'a secret block reference in a pull step', build: (s) => deployment(s, { pullSteps: [PullStep.gitClone({ repository: 'https://github.com/acme/flows.git', accessToken: Block.fromBlockName(s, 'T', BlockType.SECRET, 'gh-token') })] }) },
  {
    what: 'a sensitive variable in job variables', build: (s) => {
      const token = new TerraformVariable(s, 'token', { type: 'string', sensitive: true });
      deployment(s, { jobVariables: { env: { GITHUB_TOKEN: token.stringValue } } });
    },
  },
  {
    what: 'secret block data from a sensitive variable', build: (s) => {
      const token = new TerraformVariable(s, 'token', { type: 'string', sensitive: true });
      new Block(s, 'B', { blockName: 'gh', blockType: BlockType.GITHUB_CREDENTIALS, secretData: { token: BlockSecretValue.fromVariable(token) } });
    },
  },
  { what: 'words that start like tokens', build: (s) => deployment(s, { description: 'ghp_ and AKIA prefixes, xoxb- in docs, a public key: -----BEGIN PUBLIC KEY-----' }) },
  { what: 'a concurrency limit named like a key prefix', build: (s) => new GlobalConcurrencyLimit(s, 'L', { globalConcurrencyLimitName: 'pnu-db', limit: 1 }) },
]);

test('every resource the constructs create is scanned for credentials', () => {
  const stack: TerraformStack = newStack();
  const d = deployment(stack, { pullSteps: [PullStep.runShellScript({ script: 'make' })] });
  d.addSchedule('S', Schedule.cron('0 0 * * *'));
  automation(stack, Trigger.event({ expect: ['acme.x'] }));
  new Variable(stack, 'V', { variableName: 'v', value: VariableValue.fromString('x') });
  new Block(stack, 'B', { blockName: 'b', blockType: BlockType.custom('x'), data: { a: 1 } });
  new WorkQueue(stack, 'Q', { workPool: new WorkPool(stack, 'P', { workPoolName: 'p', workPoolType: WorkPoolType.PROCESS }), workQueueName: 'q' });
  new Flow(stack, 'Fl', { flowName: 'f' });
  new GlobalConcurrencyLimit(stack, 'L', { globalConcurrencyLimitName: 'l', limit: 1 });
  new Webhook(stack, 'W', { webhookName: 'w', template: WebhookTemplate.cloudEvent() });
  new ResourceSla(stack, 'R', { resourceId: `prefect.deployment.${FLOW_ID}`, slas: [Sla.lateness('late', Duration.minutes(5))] });
  const resources = stack.node.findAll().filter((c: any) => typeof c.terraformResourceType === 'string' && c.terraformResourceType.startsWith('prefect_') && typeof c.terraformGeneratorMetadata === 'object' && !c.constructor.name.startsWith('DataPrefect'));
  expect(resources.length).toBeGreaterThanOrEqual(10);
  expect(resources.filter((r) => !isCredentialGuarded(r)).map((r) => r.node.path)).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// 2. webhook templates: Jinja syntax and the event's shape
const hook = (template: WebhookTemplate) => (s: Construct) => new Webhook(s, 'W', { webhookName: 'w', template });
const RESOURCE = { 'prefect.resource.id': 'acme.bucket.{{ body.bucket }}' };
runTable('webhook templates', [
  { what: 'an unclosed expression in an object value', build: hook(WebhookTemplate.fromObject({ event: 'acme.{{ body.type }', resource: RESOURCE })), path: 'Stack/W', value: '"acme.{{ body.type }" at event', fix: 'end it with "}}"' },
  { what: 'an unterminated string in an expression', build: hook(WebhookTemplate.fromObject({ event: 'acme.x', resource: { 'prefect.resource.id': "{{ body['bucket }}" } })), path: 'Stack/W', value: 'at resource.prefect.resource.id', fix: 'is never terminated: close it with \'' },
  { what: 'an if without endif in a raw template', build: hook(WebhookTemplate.fromJinja('{% if body.ok %}{"event": "acme.ok", "resource": {"prefect.resource.id": "acme"}}')), path: 'Stack/W', value: '"{% if body.ok %}', fix: 'add "{% endif %}"' },
  { what: 'an endfor closing an if', build: hook(WebhookTemplate.fromJinja('{% if a %}{% for x in y %}{% endif %}{% endfor %}')), path: 'Stack/W', value: '"{% endif %}" at character 27', fix: 'needs "{% endfor %}" first' },
  { what: 'an endif without an if', build: hook(WebhookTemplate.fromJinja('{{ body }}{% endif %}')), path: 'Stack/W', value: '"{% endif %}" at character 11', fix: 'remove it or open the block' },
  { what: 'an else outside any block', build: hook(WebhookTemplate.fromJinja('{{ body }}{% else %}')), path: 'Stack/W', value: '"{% else %}"', fix: 'move it inside the block' },
  { what: 'an unclosed comment', build: hook(WebhookTemplate.fromJinja('{# note {{ body|from_cloud_event(headers) }}')), path: 'Stack/W', value: '"{#" at character 1', fix: 'end it with "#}"' },
  { what: 'an object template without a resource', build: hook(WebhookTemplate.fromObject({ event: 'acme.x' })), path: 'Stack/W', value: '{"event":"acme.x"}', fix: 'write e.g. { "event": "acme.bucket.{{ body.type }}"' },
  { what: 'an object template without an event', build: hook(WebhookTemplate.fromObject({ resource: RESOURCE })), path: 'Stack/W', value: 'it lacks an "event" name', fix: 'Prefect needs both to make an event' },
  { what: 'plain JSON text without a resource id', build: hook(WebhookTemplate.fromJinja('{"event": "acme.x", "resource": {"acme.id": "1"}}')), path: 'Stack/W', value: 'it lacks a "resource" with a "prefect.resource.id"', fix: 'write e.g.' },
  { what: 'plain text that is not JSON', build: hook(WebhookTemplate.fromJinja('event=acme.x')), path: 'Stack/W', value: '"event=acme.x": it holds no Jinja', fix: 'or use WebhookTemplate.fromObject' },
], [
  { what: 'the CloudEvents template', build: hook(WebhookTemplate.cloudEvent()) },
  { what: 'an object template with Jinja values', build: hook(WebhookTemplate.fromObject({ event: 'acme.bucket.{{ body.type }}', resource: RESOURCE, payload: { size: '{{ body.size|int }}' } })) },
  { what: 'a raw template with blocks, strings and JSON braces', build: hook(WebhookTemplate.fromJinja('{% if body.kind == "a}}b" %}{"event": "acme.a", "resource": {"prefect.resource.id": "acme.{{ body.id }}"}}{% else %}{{ body|from_cloud_event(headers) }}{% endif %}')) },
  { what: 'plain JSON text of an event', build: hook(WebhookTemplate.fromJinja('{"event": "acme.ping", "resource": {"prefect.resource.id": "acme.pinger"}}')) },
]);

// ---------------------------------------------------------------------------------------------
// 3. cron expressions that can never fire
const cron = (expression: string) => (s: Construct) => deployment(s).addSchedule('S', Schedule.cron(expression));
const rrule = (rule: string) => (s: Construct) => deployment(s).addSchedule('S', Schedule.rrule(rule));
runTable('cron expressions and rrules that never fire', [
  { what: 'the 30th of February', build: cron('0 0 30 2 *'), path: 'Stack/D/S', value: '"0 0 30 2 *": it never fires: day-of-month 30 does not occur in February (February has at most 29 days)', fix: '"L" for the last day of the month' },
  { what: 'the 31st of the 30-day months', build: cron('0 0 31 4,6,9,11 *'), path: 'Stack/D/S', value: 'day-of-month 31 does not occur in April, June, September, November', fix: 'pick a day that exists in those months' },
  { what: 'the 30th and 31st of February by name', build: cron('15 6 30,31 feb *'), path: 'Stack/D/S', value: 'day-of-month 30, 31 does not occur in February', fix: 'pick a day' },
  { what: 'a day range after February\'s end', build: cron('0 0 30-31 2 ?'), path: 'Stack/D/S', value: '"0 0 30-31 2 ?"', fix: 'pick a day' },
  { what: 'the 31st of April given as a range of months', build: cron('0 12 31 apr-apr *'), path: 'Stack/D/S', value: 'does not occur in April', fix: 'pick a day' },
  { what: 'an rrule on the 30th of February', build: rrule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'), path: 'Stack/D/S', value: '"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30": it never occurs: BYMONTHDAY=30 does not exist in February (February has at most 29 days)', fix: 'BYMONTHDAY=-1 for the last day of the month' },
  { what: 'an rrule on the 31st of June and September, on Mondays', build: rrule('FREQ=MONTHLY;BYMONTH=6,9;BYMONTHDAY=31;BYDAY=MO'), path: 'Stack/D/S', value: 'BYMONTHDAY=31 does not exist in June, September', fix: 'pick a day that exists in those months' },
], [
  { what: 'the 29th of February (leap years)', build: cron('0 0 29 2 *') },
  { what: 'the 30th of February or any Monday (day fields are OR-ed)', build: cron('0 0 30 2 1') },
  { what: 'the last day of February', build: cron('0 0 L 2 *') },
  { what: 'the 31st of any month', build: cron('0 0 31 * *') },
  { what: 'the 31st of April or May', build: cron('0 0 31 4,5 *') },
  { what: 'every 10 days from the 25th in February', build: cron('0 0 25/10 2 *') },
  { what: 'an rrule on the last day of February', build: rrule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1') },
  { what: 'an rrule on the 29th of February', build: rrule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29') },
]);

// ---------------------------------------------------------------------------------------------
// 5. a wrong type in a block slot
const TOKEN = 'ghp' + '_' + 'Zy8'.repeat(12);
const REPO = 'https://github.com/acme/flows.git';
const step = (p: PullStep) => (s: Construct) => deployment(s, { pullSteps: [p] });
const BLOCK_FIX = 'it must be a block (IBlock), e.g. Block.fromBlockName(';
runTable('block slots', [
  { what: 'a short string as accessToken', build: step(PullStep.gitClone({ repository: REPO, accessToken: 'ghp_x' as any })), path: 'Stack/D', value: 'invalid git_clone accessToken "gh**** (5 characters)" (a string)', fix: BLOCK_FIX, hidden: 'ghp_x' },
  { what: 'a real-looking token as accessToken', build: step(PullStep.gitClone({ repository: REPO, accessToken: TOKEN as any })), path: 'Stack/D', value: '"ghp_**** (40 characters)" (a string that looks like a GitHub token)', fix: BLOCK_FIX, hidden: TOKEN },
  { what: 'a block name as credentials', build: step(PullStep.gitClone({ repository: REPO, credentials: 'github-creds' as any })), path: 'Stack/D', value: 'invalid git_clone credentials "gith**** (12 characters)" (a string)', fix: BLOCK_FIX },
  { what: 'a template reference string as S3 credentials', build: step(PullStep.pullFromS3({ bucket: 'flows', credentials: '{{ prefect.blocks.aws-credentials.prod }}' as any })), path: 'Stack/D', value: 'invalid pull_from_s3 credentials', fix: BLOCK_FIX },
  { what: 'an object without block attributes as Azure credentials', build: step(PullStep.pullFromAzureBlobStorage({ container: 'c', credentials: { name: 'prod-blob' } as any })), path: 'Stack/D', value: '{"name":"****"} (an object without blockId, blockName, blockTypeSlug, templateReference)', fix: BLOCK_FIX, hidden: 'prod-blob' },
  { what: 'a number as GCS credentials', build: step(PullStep.pullFromGcs({ bucket: 'b', credentials: 42 as any })), path: 'Stack/D', value: 'invalid pull_from_gcs credentials 42 (a number)', fix: BLOCK_FIX },
], [
  { what: 'an imported block as accessToken', build: (s) => step(PullStep.gitClone({ repository: REPO, accessToken: Block.fromBlockName(s, 'T', BlockType.SECRET, 'gh-token') }))(s) },
]);

// ---------------------------------------------------------------------------------------------
// 6. a wrong type in any slot that takes a construct reference (JavaScript callers, or `as any`)
const pool = (s: Construct) => new WorkPool(s, 'P', { workPoolName: 'etl-pool', workPoolType: WorkPoolType.PROCESS });
const acting = (action: Action) => (s: Construct) => automation(s, Trigger.event({ expect: ['acme.x'] }), [action]);
const withTemplate = (template: BaseJobTemplate) => (s: Construct) => new WorkPool(s, 'P', { workPoolName: 'p', baseJobTemplate: template });
const SLACK_URL = 'https://hooks.slack' + '.com/services/' + 'T0000000/B0000000/' + 'qrstuvwxyzabcdef';
runTable('reference slots', [
  { what: 'a pool name as a deployment\'s workPool', build: (s) => deployment(s, { workPool: 'etl-pool' }), path: 'Stack/D', value: 'invalid workPool "etl-pool" (a string)', fix: 'it must be a work pool (IWorkPool), e.g. a WorkPool, or WorkPool.fromWorkPoolName(this, "Pool", "etl-pool"), or give the name as workPoolName' },
  { what: 'a queue name as a deployment\'s workQueue', build: (s) => deployment(s, { workPool: pool(s), workQueue: 'critical' }), path: 'Stack/D', value: 'invalid workQueue "critical" (a string)', fix: 'pool.addQueue("Queue", { workQueueName: "critical" }), pool.defaultQueue() or WorkQueue.fromWorkQueueName(...), or give the name as workQueueName' },
  { what: 'a flow name as a deployment\'s flow', build: (s) => new Deployment(s, 'D', { flow: 'etl' as any, deploymentName: 'nightly', entrypoint: 'etl.py:etl' }), path: 'Stack/D', value: 'invalid flow "etl" (a string)', fix: 'it must be a flow (IFlow), e.g. new Flow(this, "Flow", { flowName: "etl" })' },
  { what: 'a limit name as globalConcurrencyLimit', build: (s) => deployment(s, { globalConcurrencyLimit: 'db' }), path: 'Stack/D', value: 'invalid globalConcurrencyLimit "db" (a string)', fix: 'GlobalConcurrencyLimit.fromGlobalConcurrencyLimitName(this, "Limit", "db")' },
  { what: 'a flow where a work pool goes', build: (s) => deployment(s, { workPool: Flow.fromFlowAttributes(s, 'Other', { flowName: 'other', flowId: FLOW_ID }) }), path: 'Stack/D', value: 'invalid workPool Stack/Other (an object without workPoolId, workPoolName)', fix: 'WorkPool.fromWorkPoolName(' },
  { what: 'null as workPool', build: (s) => deployment(s, { workPool: null }), path: 'Stack/D', value: 'invalid workPool null (null)', fix: 'WorkPool.fromWorkPoolName(this, "Pool", "etl-pool")' },
  { what: 'a flow name as a scheduled deployment\'s flow', build: (s) => new ScheduledDeployment(s, 'SD', { flow: 'etl' as any, deploymentName: 'nightly', entrypoint: 'etl.py:etl', schedules: [Schedule.cron('0 0 * * *')] }), path: 'Stack/SD', value: 'invalid flow "etl" (a string)', fix: 'or give flowName to create one' },
  { what: 'a pool name as a scheduled deployment\'s workPool', build: (s) => new ScheduledDeployment(s, 'SD', { flowName: 'etl', deploymentName: 'nightly', entrypoint: 'etl.py:etl', workPool: 'etl-pool' as any, schedules: [Schedule.cron('0 0 * * *')] }), path: 'Stack/SD', value: 'invalid workPool "etl-pool" (a string)', fix: 'or give the name as workPoolName' },
  { what: 'a pool name as a work queue\'s workPool', build: (s) => new WorkQueue(s, 'Q', { workPool: 'etl-pool' as any, workQueueName: 'q' }), path: 'Stack/Q', value: 'invalid workPool "etl-pool" (a string)', fix: 'WorkPool.fromWorkPoolName(this, "Pool", "etl-pool")' },
  { what: 'a deployment name as a schedule\'s deployment', build: (s) => new DeploymentSchedule(s, 'S', { deployment: 'nightly' as any, schedule: Schedule.cron('0 0 * * *') }), path: 'Stack/S', value: 'invalid deployment "nightly" (a string)', fix: 'it must be a deployment (IDeployment), e.g. a Deployment, or Deployment.fromDeploymentName(' },
  { what: 'a deployment name in runDeployment', build: acting(Action.runDeployment({ deployment: 'etl/nightly' as any })), path: 'Stack/A', value: 'invalid run-deployment deployment "etl/nightly" (a string)', fix: 'Deployment.fromDeploymentName(this, "Etl", "etl", "nightly")' },
  { what: 'a deployment ID in runDeploymentOnEvent', build: (s) => Automation.runDeploymentOnEvent(s, 'R', { deployment: FLOW_ID as any, expect: ['acme.x'] }), path: 'Stack/R', value: `invalid run-deployment deployment "${FLOW_ID}" (a string)`, fix: 'Deployment.fromDeploymentName(' },
  { what: 'a deployment ID in pauseDeployment', build: acting(Action.pauseDeployment(FLOW_ID as any)), path: 'Stack/A', value: `invalid pause-deployment deployment "${FLOW_ID}" (a string)`, fix: 'it must be a deployment (IDeployment)' },
  { what: 'a number in resumeDeployment', build: acting(Action.resumeDeployment(42 as any)), path: 'Stack/A', value: 'invalid resume-deployment deployment 42 (a number)', fix: 'it must be a deployment (IDeployment)' },
  { what: 'a pool name in pauseWorkPool', build: acting(Action.pauseWorkPool('etl-pool' as any)), path: 'Stack/A', value: 'invalid pause-work-pool workPool "etl-pool" (a string)', fix: 'WorkPool.fromWorkPoolName(this, "Pool", "etl-pool")' },
  { what: 'a pool in resumeWorkQueue', build: (s) => acting(Action.resumeWorkQueue(pool(s) as any))(s), path: 'Stack/A', value: 'invalid resume-work-queue workQueue Stack/P (an object without workQueueId, workQueueName)', fix: 'pool.defaultQueue()' },
  { what: 'an automation name in pauseAutomation', build: acting(Action.pauseAutomation('other' as any)), path: 'Stack/A', value: 'invalid pause-automation automation "other" (a string)', fix: 'Automation.fromAutomationId(this, "Other", id)' },
  { what: 'a Slack webhook URL in sendNotification', build: acting(Action.sendNotification(SLACK_URL as any, { body: 'failed' })), path: 'Stack/A', value: 'invalid send-notification block "hooks.slack.com/services/**** (', fix: 'a secret goes in by reference to a block that holds it', hidden: 'qrstuvwxyzabcdef' },
  { what: 'a URL in callWebhook', build: acting(Action.callWebhook('https://example.com/hook' as any)), path: 'Stack/A', value: 'invalid call-webhook block "http**** (24 characters)" (a string)', fix: BLOCK_FIX, hidden: 'example.com' },
  { what: 'a slug in pauseSchedule', build: acting(Action.pauseSchedule('nightly' as any)), path: 'Stack/A', value: 'invalid pause-schedule-for-flow-run schedule "nightly" (a string)', fix: 'the schedule deployment.addSchedule(...) returns' },
  { what: 'a block name as ecs awsCredentials', build: withTemplate(BaseJobTemplate.ecs({ awsCredentials: 'aws-prod' as any })), path: 'Stack/P', value: 'invalid BaseJobTemplate.ecs awsCredentials "aws-**** (8 characters)" (a string)', fix: BLOCK_FIX },
  { what: 'credentials themselves as docker registryCredentials', build: withTemplate(BaseJobTemplate.docker({ registryCredentials: { username: 'ci', password: 'hunter2-hunter2' } as any })), path: 'Stack/P', value: 'invalid BaseJobTemplate.docker registryCredentials {"username":"****","password":"****"} (an object without blockId', fix: BLOCK_FIX, hidden: 'hunter2' },
  { what: 'a kubeconfig path as kubernetes clusterConfig', build: withTemplate(BaseJobTemplate.kubernetes({ clusterConfig: '~/.kube/config' as any })), path: 'Stack/P', value: 'invalid BaseJobTemplate.kubernetes clusterConfig "~/.k**** (14 characters)" (a string)', fix: BLOCK_FIX },
  { what: 'a deployment name as an SLA\'s deployment', build: (s) => new ResourceSla(s, 'S', { deployment: 'nightly' as any, slas: [Sla.lateness('late', Duration.minutes(5))] }), path: 'Stack/S', value: 'invalid deployment "nightly" (a string)', fix: 'Deployment.fromDeploymentName(' },
], [
  { what: 'an imported pool, queue and limit', build: (s) => deployment(s, { workPool: WorkPool.fromWorkPoolName(s, 'IP', 'etl-pool'), workQueue: WorkQueue.fromWorkQueueName(s, 'IQ', 'etl-pool', 'critical'), globalConcurrencyLimit: GlobalConcurrencyLimit.fromGlobalConcurrencyLimitName(s, 'IL', 'db') }) },
  {
    what: 'every targeted action with its target', build: (s) => {
      const d = deployment(s, { workPool: pool(s) });
      const p = s.node.findChild('P') as WorkPool;
      acting(Action.pauseDeployment(d))(s);
      new Automation(s, 'A2', { automationName: 'a2', trigger: Trigger.event({ expect: ['acme.y'] }), actions: [Action.pauseWorkPool(p), Action.resumeWorkQueue(p.defaultQueue()), Action.pauseAutomation(Automation.fromAutomationId(s, 'O', FLOW_ID)), Action.runDeployment({ deployment: d })] });
    },
  },
  {
    what: 'a block in every job template slot', build: (s) => {
      const b = Block.fromBlockName(s, 'Aws', BlockType.AWS_CREDENTIALS, 'aws-prod');
      new WorkPool(s, 'E', { workPoolName: 'e', baseJobTemplate: BaseJobTemplate.ecs({ awsCredentials: b }) });
      new WorkPool(s, 'K', { workPoolName: 'k', baseJobTemplate: BaseJobTemplate.kubernetes({ clusterConfig: b }) });
    },
  },
]);
