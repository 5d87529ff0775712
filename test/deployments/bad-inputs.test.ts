import { Construct } from 'constructs';
import { CollisionStrategy, Deployment, DeploymentProps, DeploymentSchedule, Flow, PullStep, Schedule } from '../../src/deployments';
import { Duration } from '../../src/core/duration';
import { synthError } from '../support/synth';
import { fakeBlock, fakeLimit, fakePool, fakeQueue } from './fakes';

const FLOW_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';

/** A deployment `Stack/Dep` with the given overrides. */
function dep(scope: Construct, props: Partial<DeploymentProps> = {}): Deployment {
  const flow = Flow.fromFlowAttributes(scope, 'F', { flowName: 'etl', flowId: FLOW_ID });
  return new Deployment(scope, 'Dep', { flow, deploymentName: 'nightly', entrypoint: 'a.py:f', ...props });
}

/** A schedule `Stack/Dep/S` on such a deployment. */
function sched(schedule: Schedule, options = {}) {
  return (scope: Construct) => dep(scope).addSchedule('S', schedule, options);
}

const SCHEMA = { type: 'object', properties: { retries: { type: 'integer', minimum: 0 }, mode: { enum: ['full', 'delta'] } } };

// [case, build, construct path in the message, bad value in the message]
const cases: Array<[string, (scope: Construct) => unknown, string, string]> = [
  // names
  ['flow name with "/"', (s) => new Flow(s, 'Fl', { flowName: 'etl/daily' }), 'Stack/Fl', '"etl/daily"'],
  ['empty flow name', (s) => new Flow(s, 'Fl', { flowName: '  ' }), 'Stack/Fl', 'flow name must not be empty'],
  ['duplicate flow name', (s) => { new Flow(s, 'A', { flowName: 'etl' }); new Flow(s, 'B', { flowName: 'etl' }); }, 'Stack/B', 'Stack/A'],
  ['bad flow id', (s) => Flow.fromFlowAttributes(s, 'Fl', { flowName: 'etl', flowId: 'not-a-uuid' }), 'Stack/Fl', '"not-a-uuid"'],
  ['deployment name with "%"', (s) => dep(s, { deploymentName: '100%' }), 'Stack/Dep', '"100%"'],
  ['empty deployment name', (s) => dep(s, { deploymentName: '' }), 'Stack/Dep', 'deployment name must not be empty'],
  ['duplicate deployment name for one flow', (s) => {
    const flow = new Flow(s, 'Fl', { flowName: 'etl' });
    flow.addDeployment('A', { deploymentName: 'prod', entrypoint: 'a.py:f' });
    flow.addDeployment('B', { deploymentName: 'prod', entrypoint: 'a.py:f' });
  }, 'Stack/Fl/B', '"prod"'],
  ['duplicate deployment name across two imports of one flow', (s) => {
    const a = Flow.fromFlowAttributes(s, 'FA', { flowName: 'etl', flowId: FLOW_ID });
    const b = Flow.fromFlowAttributes(s, 'FB', { flowName: 'etl', flowId: FLOW_ID });
    new Deployment(s, 'A', { flow: a, deploymentName: 'prod', entrypoint: 'a.py:f' });
    new Deployment(s, 'B', { flow: b, deploymentName: 'prod', entrypoint: 'a.py:f' });
  }, 'Stack/B', 'Stack/A'],
  ['deployment of a flow imported by name only', (s) => new Deployment(s, 'Dep', { flow: Flow.fromFlowName(s, 'Fl', 'etl'), deploymentName: 'x', entrypoint: 'a.py:f' }), 'Stack/Fl', '"etl"'],
  ['missing flow', (s) => new Deployment(s, 'Dep', { deploymentName: 'x' } as any), 'Stack/Dep', 'a flow is required'],
  ['bad entrypoint', (s) => dep(s, { entrypoint: 'flows/etl.py' }), 'Stack/Dep', '"flows/etl.py"'],
  ['entrypoint with an empty function', (s) => dep(s, { entrypoint: 'etl.py:' }), 'Stack/Dep', '"etl.py:"'],
  // JSON objects and the schema
  ['parameters as a list', (s) => dep(s, { parameters: [1, 2] as any }), 'Stack/Dep', '[1,2]'],
  ['job variables as a string', (s) => dep(s, { jobVariables: 'image=x' as any }), 'Stack/Dep', '"image=x"'],
  ['parameters against the schema', (s) => dep(s, { parameters: { retries: -1, mode: 'half' }, parameterOpenApiSchema: SCHEMA }), 'Stack/Dep', '"retries" must be >= 0; "mode" must be equal to one of the allowed values'],
  ['parameter with the wrong type', (s) => dep(s, { parameters: { retries: 'three' }, parameterOpenApiSchema: SCHEMA }), 'Stack/Dep', '"retries" must be integer'],
  ['invalid parameter schema', (s) => dep(s, { parameterOpenApiSchema: { type: 'objekt' } }), 'Stack/Dep', 'not a JSON Schema'],
  ['schedule parameters against the schema', (s) => {
    const d = dep(s, { parameters: { retries: 1 }, parameterOpenApiSchema: SCHEMA });
    d.addSchedule('S', Schedule.cron('0 0 * * *', { parameters: { mode: 'other' } }));
  }, 'Stack/Dep/S', '"mode" must be equal to one of the allowed values'],
  ['schedule parameters as a list', sched(Schedule.cron('0 0 * * *'), { parameters: ['a'] }), 'Stack/Dep/S', '["a"]'],
  // pools, queues, concurrency, ids
  ['queue of another pool', (s) => dep(s, { workPool: fakePool(s, 'P', 'k8s'), workQueue: fakeQueue(s, 'Q', 'ecs', 'high') }), 'Stack/Dep', 'work queue "high" belongs to work pool "ecs", not to the deployment\'s work pool "k8s"'],
  ['queue of another pool given by name', (s) => dep(s, { workPoolName: 'k8s', workQueue: fakeQueue(s, 'Q', 'ecs', 'high') }), 'Stack/Dep', '"ecs"'],
  ['workPool and workPoolName', (s) => dep(s, { workPool: fakePool(s, 'P', 'k8s'), workPoolName: 'k8s2' }), 'Stack/Dep', '"k8s2"'],
  ['workQueue and workQueueName', (s) => dep(s, { workQueue: fakeQueue(s, 'Q', 'k8s', 'a'), workQueueName: 'b' }), 'Stack/Dep', '"b"'],
  ['queue name without pool', (s) => dep(s, { workQueueName: 'high' }), 'Stack/Dep', '"high"'],
  ['queue name with "&"', (s) => dep(s, { workPoolName: 'p', workQueueName: 'a&b' }), 'Stack/Dep', '"a&b"'],
  ['concurrency limit 0', (s) => dep(s, { concurrencyLimit: 0 }), 'Stack/Dep', 'concurrency limit 0'],
  ['fractional concurrency limit', (s) => dep(s, { concurrencyLimit: 1.5 }), 'Stack/Dep', '1.5'],
  ['both concurrency limits', (s) => dep(s, { concurrencyLimit: 2, globalConcurrencyLimit: fakeLimit(s, 'L', FLOW_ID), collisionStrategy: CollisionStrategy.ENQUEUE }), 'Stack/Dep', 'concurrencyLimit 2 and globalConcurrencyLimit'],
  ['bad storage document id', (s) => dep(s, { storageDocumentId: '1234' }), 'Stack/Dep', '"1234"'],
  ['bad deployment id on import', (s) => Deployment.fromDeploymentAttributes(s, 'Imp', { deploymentId: 'x', deploymentName: 'n', flowName: 'f' }), 'Stack/Imp', '"x"'],
  ['bad name on import', (s) => Deployment.fromDeploymentName(s, 'Imp', 'etl', 'a/b'), 'Stack/Imp', '"a/b"'],
  // pull steps
  ['git clone without repository', (s) => dep(s, { pullSteps: [PullStep.gitClone({ repository: '' })] }), 'Stack/Dep', 'git_clone pull step needs a repository, got ""'],
  ['git clone with a token in the URL', (s) => dep(s, { pullSteps: [PullStep.gitClone({ repository: 'https://x-token:ghp_abc@github.com/acme/flows.git' })] }), 'Stack/Dep', '"https://***@github.com/acme/flows.git"'],
  ['git clone with credentials and token', (s) => dep(s, { pullSteps: [PullStep.gitClone({ repository: 'https://github.com/a/b', credentials: fakeBlock(s, 'C', 'github-credentials', 'c'), accessToken: fakeBlock(s, 'T', 'secret', 't') })] }), 'Stack/Dep', '"https://github.com/a/b"'],
  ['s3 bucket as a URL', (s) => dep(s, { pullSteps: [PullStep.pullFromS3({ bucket: 's3://acme-code/etl' })] }), 'Stack/Dep', '"s3://acme-code/etl"'],
  ['gcs without bucket', (s) => dep(s, { pullSteps: [PullStep.pullFromGcs({ bucket: ' ' })] }), 'Stack/Dep', 'got " "'],
  ['azure without container', (s) => dep(s, { pullSteps: [PullStep.pullFromAzureBlobStorage({ container: '' })] }), 'Stack/Dep', 'needs a container, got ""'],
  ['shell step without script', (s) => dep(s, { pullSteps: [PullStep.runShellScript({ script: '' })] }), 'Stack/Dep', 'needs a script, got ""'],
  ['empty working directory', (s) => dep(s).addPullStep(PullStep.workingDirectory('')), 'Stack/Dep', 'needs a directory, got ""'],
  // cron
  ['cron with dayOr: false (provider 3.4.1 cannot apply it)', sched(Schedule.cron('0 9 8-14 * fri', { dayOr: false })), 'Stack/Dep/S', 'dayOr: false'],
  ['cron minute out of range', sched(Schedule.cron('61 * * * *')), 'Stack/Dep/S', '"61 * * * *"'],
  ['cron hour out of range', sched(Schedule.cron('0 24 * * *')), 'Stack/Dep/S', '24 is outside 0-23'],
  ['cron day-of-month 0', sched(Schedule.cron('0 0 0 * *')), 'Stack/Dep/S', '0 is outside 1-31'],
  ['cron month name in day field', sched(Schedule.cron('0 0 * * jan')), 'Stack/Dep/S', '"jan"'],
  ['cron four fields', sched(Schedule.cron('0 0 * *')), 'Stack/Dep/S', 'it has 4 fields'],
  ['cron six fields without withSeconds', sched(Schedule.cron('0 0 * * * 30')), 'Stack/Dep/S', 'it has 6 fields'],
  ['cron hashed field', sched(Schedule.cron('H 0 * * *')), 'Stack/Dep/S', '"H 0 * * *"'],
  ['cron hashed step', sched(Schedule.cron('H/5 * * * *')), 'Stack/Dep/S', 'hashed (H) and random (R)'],
  ['cron random', sched(Schedule.cron('0 R * * *')), 'Stack/Dep/S', '"0 R * * *"'],
  ['cron unknown macro', sched(Schedule.cron('@reboot')), 'Stack/Dep/S', '"@reboot"'],
  ['cron step 0', sched(Schedule.cron('*/0 * * * *')), 'Stack/Dep/S', 'a step of 0'],
  ['cron nth weekday 6', sched(Schedule.cron('0 0 * * fri#6')), 'Stack/Dep/S', '"#6"'],
  ['cron "5L" form', sched(Schedule.cron('0 0 * * 5L')), 'Stack/Dep/S', '"l5"'],
  ['cron mixing nth and plain weekdays', sched(Schedule.cron('0 0 * * 1,fri#2')), 'Stack/Dep/S', '"1,fri#2"'],
  ['cron "?" in the hour', sched(Schedule.cron('0 ? * * *')), 'Stack/Dep/S', '"0 ? * * *"'],
  ['cron negative number', sched(Schedule.cron('-5 * * * *')), 'Stack/Dep/S', '"-5 * * * *"'],
  ['cron empty', sched(Schedule.cron(' ')), 'Stack/Dep/S', 'the expression is empty'],
  ['cron seconds out of range', sched(Schedule.cron('0 0 * * * 60', { withSeconds: true })), 'Stack/Dep/S', '60 is outside 0-59'],
  // timezones
  ['unknown timezone', sched(Schedule.cron('0 0 * * *', { timezone: 'Mars/Olympus' })), 'Stack/Dep/S', '"Mars/Olympus"'],
  ['timezone in the wrong case', sched(Schedule.rrule('FREQ=DAILY', { timezone: 'europe/berlin' })), 'Stack/Dep/S', 'write "Europe/Berlin"'],
  ['offset as timezone', sched(Schedule.interval(Duration.hours(1), { timezone: '+02:00' })), 'Stack/Dep/S', '"+02:00"'],
  // interval
  ['interval 0', sched(Schedule.interval(Duration.seconds(0))), 'Stack/Dep/S', '"0 seconds"'],
  ['negative interval', sched(Schedule.interval(Duration.minutes(-5))), 'Stack/Dep/S', '"-5 minutes"'],
  ['fractional interval', sched(Schedule.interval(Duration.seconds(1.5))), 'Stack/Dep/S', '"1.5 seconds"'],
  ['anchor without offset', sched(Schedule.interval(Duration.hours(1), { anchorDate: '2024-01-01T09:00:00' })), 'Stack/Dep/S', '"2024-01-01T09:00:00"'],
  ['anchor not a date', sched(Schedule.interval(Duration.hours(1), { anchorDate: 'tomorrow' })), 'Stack/Dep/S', '"tomorrow"'],
  ['anchor on 30 February', sched(Schedule.interval(Duration.hours(1), { anchorDate: '2024-02-30T00:00:00Z' })), 'Stack/Dep/S', '"2024-02-30T00:00:00Z"'],
  ['anchor with fractional seconds', sched(Schedule.interval(Duration.hours(1), { anchorDate: '2024-01-01T00:00:00.5Z' })), 'Stack/Dep/S', 'whole seconds'],
  // rrule
  ['rrule without FREQ', sched(Schedule.rrule('BYHOUR=9')), 'Stack/Dep/S', '"BYHOUR=9"'],
  ['rrule unknown frequency', sched(Schedule.rrule('FREQ=FORTNIGHTLY')), 'Stack/Dep/S', 'FREQ=FORTNIGHTLY'],
  ['rrule BYHOUR out of range', sched(Schedule.rrule('FREQ=DAILY;BYHOUR=25')), 'Stack/Dep/S', 'BYHOUR=25'],
  ['rrule bad weekday', sched(Schedule.rrule('FREQ=WEEKLY;BYDAY=MO,XX')), 'Stack/Dep/S', 'BYDAY=XX'],
  ['rrule unknown part', sched(Schedule.rrule('FREQ=DAILY;FOO=1')), 'Stack/Dep/S', 'unknown rule part FOO'],
  ['rrule COUNT and UNTIL', sched(Schedule.rrule('FREQ=DAILY;COUNT=3;UNTIL=20300101T000000')), 'Stack/Dep/S', 'COUNT and UNTIL'],
  ['rrule COUNT without DTSTART', sched(Schedule.rrule('FREQ=DAILY;COUNT=10')), 'Stack/Dep/S', '"FREQ=DAILY;COUNT=10"'],
  ['rrule DTSTART in UTC', sched(Schedule.rrule('DTSTART:20250101T090000Z\nRRULE:FREQ=DAILY')), 'Stack/Dep/S', '"20250101T090000Z"'],
  ['rrule DTSTART with TZID', sched(Schedule.rrule('DTSTART;TZID=Europe/Paris:20250101T090000\nRRULE:FREQ=DAILY')), 'Stack/Dep/S', 'must not carry a TZID'],
  ['rrule two DTSTARTs', sched(Schedule.rrule('DTSTART:20250101T090000\nDTSTART:20250102T090000\nRRULE:FREQ=DAILY')), 'Stack/Dep/S', 'one DTSTART only'],
  ['rrule UNTIL in UTC', sched(Schedule.rrule('FREQ=DAILY;UNTIL=20300101T000000Z')), 'Stack/Dep/S', 'UNTIL=20300101T000000Z'],
  ['rrule too long', sched(Schedule.rrule(`FREQ=DAILY\nRDATE:${Array.from({ length: 500 }, () => '20300101T000000').join(',')}`)), 'Stack/Dep/S', 'at most 6500'],
  ['rrule only EXDATE', sched(Schedule.rrule('EXDATE:20300101T000000')), 'Stack/Dep/S', 'never runs'],
  ['rrule empty', sched(Schedule.rrule('')), 'Stack/Dep/S', 'the rule is empty'],
  // common schedule options
  ['max scheduled runs 0', sched(Schedule.cron('0 0 * * *', { maxScheduledRuns: 0 })), 'Stack/Dep/S', 'max scheduled runs 0'],
  ['max scheduled runs 51', sched(Schedule.cron('0 0 * * *'), { maxScheduledRuns: 51 }), 'Stack/Dep/S', 'max scheduled runs 51'],
  ['slug with whitespace', sched(Schedule.cron('0 0 * * *', { slug: 'night ly' })), 'Stack/Dep/S', '"night ly"'],
  ['duplicate slug', (s) => {
    const d = dep(s);
    d.addSchedule('A', Schedule.cron('0 0 * * *', { slug: 'nightly' }));
    d.addSchedule('B', Schedule.interval(Duration.hours(1)), { slug: 'nightly' });
  }, 'Stack/Dep/B', '"nightly"'],
  ['missing schedule', (s) => new DeploymentSchedule(s, 'S', { deployment: dep(s), schedule: undefined as any }), 'Stack/S', 'got undefined'],
];

describe('bad inputs fail at construction with the path and the value', () => {
  test('the table is large enough', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', (_name, build, path, value) => {
    const message = synthError(build);
    if (process.env.SHOW_MESSAGES) console.log(message);
    expect(message).toContain(`${path}:`);
    expect(message).toContain(value);
  });
});
