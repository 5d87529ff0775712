import * as fs from 'fs';
import * as path from 'path';
import { Aspects, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import {
  Action, Automation, BaseJobTemplate, Block, BlockSecretValue, BlockType, CollisionStrategy, Deployment, DeploymentImage,
  Duration, Flow, FlowRunState, GlobalConcurrencyLimit, PrefectRules, Schedule, ScheduledDeployment, Suppressions,
  TaskRunConcurrencyLimit, Trigger, WorkPool, WorkPoolType,
} from '../../src';
import { makeContext } from '../patterns/image-fixtures';
import { newStack } from '../support/synth';
import { NullProvider } from '../../src/.gen/providers/null/provider';
import { annotations } from './support';

const FLOW_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';

function flowOf(stack: Construct, id = 'F') {
  return Flow.fromFlowAttributes(stack, id, { flowName: 'etl', flowId: FLOW_ID });
}

function deployment(stack: Construct, id: string, props: Partial<ConstructorParameters<typeof Deployment>[2]> = {}): Deployment {
  return new Deployment(stack, id, { flow: flowOf(stack, `${id}Flow`), deploymentName: id.toLowerCase(), entrypoint: 'flows/etl.py:etl', ...props });
}

function sensitive(stack: Construct, id: string, isSensitive = true): TerraformVariable {
  return new TerraformVariable(stack, id, { type: 'string', sensitive: isSensitive });
}

interface Row {
  /** The rule. */
  readonly ruleId: string;
  /** Builds input that breaks the rule; returns the construct the finding is reported on. */
  readonly bad: (scope: Construct) => IConstruct;
  /** The path (below Stack/) the finding is reported on, and a piece of its message. */
  readonly where: string;
  readonly says: RegExp;
  /** Builds the closest input that complies. */
  readonly good: (scope: Construct) => void;
}

const ROWS: Row[] = [
  {
    ruleId: 'PF-COR-001', where: 'D/Resource', says: /deployment "d" has no entrypoint, so workers cannot load its flow; set entrypoint/,
    bad: (s) => deployment(s, 'D', { entrypoint: undefined }).resource,
    good: (s) => void deployment(s, 'D'),
  },
  {
    ruleId: 'PF-COR-002', where: 'D', says: /work queue "nightly" is named, not declared: .*; pass workQueue/,
    bad: (s) => deployment(s, 'D', { workPoolName: 'p', workQueueName: 'nightly' }),
    good: (s) => {
      const pool = new WorkPool(s, 'Pool', { workPoolName: 'p' });
      deployment(s, 'D', { workPool: pool, workQueue: pool.addQueue('Q', { workQueueName: 'nightly' }) });
    },
  },
  {
    ruleId: 'PF-COR-003', where: 'D/Resource', says: /collision strategy "CANCEL_NEW" has no effect without concurrencyLimit/,
    bad: (s) => deployment(s, 'D', { collisionStrategy: CollisionStrategy.CANCEL_NEW }).resource,
    good: (s) => void deployment(s, 'D', { collisionStrategy: CollisionStrategy.CANCEL_NEW, concurrencyLimit: 1 }),
  },
  {
    ruleId: 'PF-COR-004', where: 'Pool/Resource', says: /work pool "p" has a concurrency limit of 0, .*; set a limit of at least 1, or use paused: true/,
    bad: (s) => new WorkPool(s, 'Pool', { workPoolName: 'p', concurrencyLimit: 0 }).resource,
    good: (s) => void new WorkPool(s, 'Pool', { workPoolName: 'p', concurrencyLimit: 1 }),
  },
  {
    ruleId: 'PF-COR-004', where: 'Pool/Q/Resource', says: /work queue "q" has a concurrency limit of 0/,
    bad: (s) => new WorkPool(s, 'Pool', { workPoolName: 'p' }).addQueue('Q', { workQueueName: 'q', concurrencyLimit: 0 }).resource,
    good: (s) => void new WorkPool(s, 'Pool', { workPoolName: 'p' }).addQueue('Q', { workQueueName: 'q', paused: true }),
  },
  {
    ruleId: 'PF-COR-004', where: 'T/Resource', says: /concurrencyLimit is 0: no task run tagged "db" can run; set at least 1/,
    bad: (s) => new TaskRunConcurrencyLimit(s, 'T', { tag: 'db', concurrencyLimit: 0 }).resource,
    good: (s) => void new TaskRunConcurrencyLimit(s, 'T', { tag: 'db', concurrencyLimit: 1 }),
  },
  {
    ruleId: 'PF-COR-004', where: 'G/Resource', says: /global concurrency limit "g" has limit 0: every run .* waits forever; set a limit of at least 1 or active: false/,
    bad: (s) => new GlobalConcurrencyLimit(s, 'G', { globalConcurrencyLimitName: 'g', limit: 0 }).resource,
    good: (s) => void new GlobalConcurrencyLimit(s, 'G', { globalConcurrencyLimitName: 'g', limit: 0, active: false }),
  },
  {
    ruleId: 'PF-COR-005', where: 'G/Resource', says: /activeSlots 3 is above limit 1: no slot is free/,
    bad: (s) => new GlobalConcurrencyLimit(s, 'G', { globalConcurrencyLimitName: 'g', limit: 1, activeSlots: 3 }).resource,
    good: (s) => void new GlobalConcurrencyLimit(s, 'G', { globalConcurrencyLimitName: 'g', limit: 3, activeSlots: 3 }),
  },
  {
    ruleId: 'PF-COR-006', where: 'Pool/Resource', says: /work pool name "my pool" has characters other than letters/,
    bad: (s) => new WorkPool(s, 'Pool', { workPoolName: 'my pool' }).resource,
    good: (s) => void new WorkPool(s, 'Pool', { workPoolName: 'my-pool' }),
  },
  {
    ruleId: 'PF-COR-007', where: 'Pool', says: /written for "ecs" workers but the work pool's type is "ecs:push".*; use the BaseJobTemplate factory/,
    bad: (s) => new WorkPool(s, 'Pool', { workPoolName: 'p', workPoolType: WorkPoolType.ECS_PUSH, baseJobTemplate: BaseJobTemplate.ecs() }),
    good: (s) => void new WorkPool(s, 'Pool', { workPoolName: 'p', workPoolType: WorkPoolType.ECS, baseJobTemplate: BaseJobTemplate.ecs() }),
  },
  {
    ruleId: 'PF-COR-008', where: 'Pool/B', says: /work queues "a" and "b" both have priority 2: .*; give each queue of a pool its own priority/,
    bad: (s) => {
      const pool = new WorkPool(s, 'Pool', { workPoolName: 'p' });
      pool.addQueue('A', { workQueueName: 'a', priority: 2 });
      return pool.addQueue('B', { workQueueName: 'b', priority: 2 });
    },
    good: (s) => {
      const pool = new WorkPool(s, 'Pool', { workPoolName: 'p' });
      pool.addQueue('A', { workQueueName: 'a', priority: 2 });
      pool.addQueue('B', { workQueueName: 'b', priority: 3 });
    },
  },
  {
    ruleId: 'PF-COR-009', where: 'D/S', says: /cron expression "0 0 13 \* fri" restricts both day-of-month and day-of-week.*; for "both must match" use Schedule.rrule/,
    bad: (s) => deployment(s, 'D').addSchedule('S', Schedule.cron('0 0 13 * fri')),
    good: (s) => void deployment(s, 'D').addSchedule('S', Schedule.cron('0 0 13 * fri', { dayOr: true })),
  },
  {
    ruleId: 'PF-COR-010', where: 'D/S/Resource', says: /interval of 30 seconds is under a minute/,
    bad: (s) => deployment(s, 'D').addSchedule('S', Schedule.interval(Duration.seconds(30))).node.findChild('Resource'),
    good: (s) => void deployment(s, 'D').addSchedule('S', Schedule.interval(Duration.minutes(1))),
  },
  {
    ruleId: 'PF-COR-010', where: 'D/S/Resource', says: /interval of 31536000 seconds is above 16777216 s .* float32/,
    bad: (s) => deployment(s, 'D').addSchedule('S', Schedule.interval(Duration.days(365))).node.findChild('Resource'),
    good: (s) => void deployment(s, 'D').addSchedule('S', Schedule.interval(Duration.days(180))),
  },
  {
    ruleId: 'PF-COR-011', where: 'D/Flaky', says: /event trigger expect event name "prefect\.flow-run\.Flaky": Prefect .* gives runs no state named "Flaky"/,
    bad: (s) => deployment(s, 'D').onFlowRunState('Flaky', { states: [FlowRunState.custom('Flaky', FlowRunState.FAILED.stateType)], action: Action.doNothing() }),
    good: (s) => void deployment(s, 'D').onFlowRunState('Flaky', { states: [FlowRunState.FAILED], action: Action.doNothing() }),
  },
  {
    ruleId: 'PF-COR-012', where: 'A', says: /!!! event trigger has an empty expect, so it matches EVERY event .*nothing narrows it.*; list the events/,
    bad: (s) => new Automation(s, 'A', { automationName: 'a', trigger: Trigger.event({}), actions: [Action.doNothing()] }),
    good: (s) => void new Automation(s, 'A', { automationName: 'a', trigger: Trigger.event({ expect: ['prefect.flow-run.Failed'] }), actions: [Action.doNothing()] }),
  },
  {
    ruleId: 'PF-COR-013', where: 'A', says: /event trigger matchRelated \{"prefect.resource.id":"prefect.flow.x"\} has no "prefect.resource.role": .*; add "prefect.resource.role"/,
    bad: (s) => new Automation(s, 'A', { automationName: 'a', trigger: Trigger.event({ expect: ['x'], matchRelated: { 'prefect.resource.id': 'prefect.flow.x' } }), actions: [Action.doNothing()] }),
    good: (s) => void new Automation(s, 'A', { automationName: 'a', trigger: Trigger.event({ expect: ['x'], matchRelated: { 'prefect.resource.id': 'prefect.flow.x', 'prefect.resource.role': 'flow' } }), actions: [Action.doNothing()] }),
  },
  {
    ruleId: 'PF-COR-014', where: 'Etl', says: /scheduled deployment has no schedules; pass schedules, or add them/,
    bad: (s) => new ScheduledDeployment(s, 'Etl', { flowName: 'etl', deploymentName: 'd', entrypoint: 'a.py:f' }),
    // a schedule added after construction counts (the old inline warning fired anyway)
    good: (s) => void new ScheduledDeployment(s, 'Etl', { flowName: 'etl', deploymentName: 'd', entrypoint: 'a.py:f' }).deployment.addSchedule('Nightly', Schedule.cron('0 2 * * *')),
  },
  {
    ruleId: 'PF-COR-015', where: 'Image', says: /build argument\(s\) "VERSION" are tokens, which the default tag cannot include.*; set tag/,
    bad: (s) => image(s, { buildArgs: { VERSION: sensitive(s, 'v', false).stringValue } }),
    good: (s) => void image(s, { buildArgs: { VERSION: sensitive(s, 'v', false).stringValue }, tag: 'v1' }),
  },
  {
    ruleId: 'PF-SEC-004', where: 'B', says: /block field "value" is secret but given in data, so Terraform stores it in its state; move the field to secretData/,
    bad: (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.SECRET, data: { value: sensitive(s, 'pw').stringValue } }),
    good: (s) => void new Block(s, 'B', { blockName: 'b', blockType: BlockType.SECRET, secretData: { value: BlockSecretValue.fromVariable(sensitive(s, 'pw')) } }),
  },
  {
    ruleId: 'PF-SEC-005', where: 'B', says: /block field "api_key" looks like a secret but is a literal .*; give the field in secretData/,
    bad: (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.custom('thing'), data: { api_key: 'abc' } }),
    good: (s) => void new Block(s, 'B', { blockName: 'b', blockType: BlockType.custom('thing'), data: { region: 'abc' } }),
  },
  {
    ruleId: 'PF-SEC-006', where: 'B', says: /secretData field "value" comes from the Terraform variable "Stack\/plain", which is not sensitive; declare it with sensitive: true/,
    bad: (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.SECRET, secretData: { value: BlockSecretValue.fromToken(sensitive(s, 'plain', false).stringValue) } }),
    good: (s) => void new Block(s, 'B', { blockName: 'b', blockType: BlockType.SECRET, secretData: { value: BlockSecretValue.fromToken(sensitive(s, 'plain').stringValue) } }),
  },
];

let context: string;
beforeAll(() => {
  context = makeContext();
});

function image(stack: Construct, props: { buildArgs?: { [key: string]: string }; tag?: string }): DeploymentImage {
  if (!stack.node.tryFindChild('null')) new NullProvider(stack, 'null');
  return new DeploymentImage(stack, 'Image', { repository: 'registry.example.com/acme/flows', directory: context, ...props });
}

/** Synthesizes (aspects and validations run) and returns the findings of one rule, and the report. */
function synth(stack: TerraformStack, ruleId: string): { findings: string[]; report: any } {
  const outdir = Testing.fullSynth(stack);
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'policy-report.json'), 'utf8'));
  const all = annotations(stack);
  // every warning and error is a rule finding: no construct annotates one itself any more
  expect(all.filter((a) => !/ \[PF-[A-Z]+-\d{3}\]$/.test(a))).toEqual([]);
  return { findings: all.filter((a) => a.endsWith(`[${ruleId}]`)), report };
}

describe.each(ROWS.map((r) => [`${r.ruleId} ${r.where}`, r] as const))('%s (runs by default, no pack added)', (_name, row) => {
  test('fires once on the bad construct, as "problem; fix [id]", and is in the report', () => {
    const stack = newStack();
    row.bad(stack);
    const { findings, report } = synth(stack, row.ruleId);
    expect(findings).toEqual([expect.stringMatching(new RegExp(`^warning Stack/${row.where}: `))]);
    expect(findings[0]).toMatch(row.says);
    expect(findings[0]).toMatch(new RegExp(`; [^;]+ \\[${row.ruleId}\\]$`));
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: row.ruleId, path: `Stack/${row.where}`, severity: 'warning', fix: expect.any(String) })]);
    expect(report.rules).toContain(row.ruleId);
  });

  test('stays quiet on the good construct', () => {
    const stack = newStack();
    row.good(stack);
    expect(synth(stack, row.ruleId).findings).toEqual([]);
  });

  test('a suppression with a reason silences it and is listed in the report', () => {
    const stack = newStack();
    const at = row.bad(stack);
    Suppressions.of(at).add(row.ruleId, 'accepted in this test');
    const { findings, report } = synth(stack, row.ruleId);
    expect(findings).toEqual([]);
    expect(report.findings.filter((f: any) => f.ruleId === row.ruleId)).toEqual([]);
    expect(report.suppressions).toEqual([expect.objectContaining({ ruleId: row.ruleId, path: `Stack/${row.where}`, reason: 'accepted in this test' })]);
  });

  test('a pack holding the rule, added on top of the defaults, reports nothing twice', () => {
    const stack = newStack();
    row.bad(stack);
    Aspects.of(stack.node.scope!).add(PrefectRules.defaults());
    Aspects.of(stack).add(row.ruleId.startsWith('PF-SEC') ? PrefectRules.security() : PrefectRules.correctness());
    expect(synth(stack, row.ruleId).findings).toHaveLength(1);
  });
});

test('every default rule has a row here, and every correctness rule runs by default', () => {
  const ids = new Set(ROWS.map((r) => r.ruleId));
  const defaults = PrefectRules.defaults().rules.map((r) => r.ruleId).filter((id) => id !== 'PF-TGT-001');
  expect([...ids].sort()).toEqual([...defaults].sort());
  expect(PrefectRules.correctness().rules.every((r) => defaults.includes(r.ruleId))).toBe(true);
});
