import { AnnotationMetadataEntryType, TerraformVariable, Testing } from 'cdktf';
import { Deployment, DeploymentSchedule, Flow, Schedule, ScheduleKind } from '../../src/deployments';
import { Duration } from '../../src/core/duration';
import { newStack, onlyResource, resourcesOf, synthJson } from '../support/synth';

function deployment(stack: any, extra: any = {}) {
  const flow = Flow.fromFlowAttributes(stack, 'F', { flowName: 'etl', flowId: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f' });
  return new Deployment(stack, 'Dep', { flow, deploymentName: 'nightly', entrypoint: 'a.py:f', ...extra });
}

function scheduleOf(schedule: Schedule, options: any = {}, extra: any = {}) {
  const stack = newStack();
  const dep = deployment(stack, extra);
  dep.addSchedule('S', schedule, options);
  return onlyResource(synthJson(stack), 'prefect_deployment_schedule');
}

function warningsOf(schedule: Schedule): string {
  const stack = newStack();
  const s = deployment(stack).addSchedule('S', schedule);
  synthJson(stack); // the rules (PF-COR-009, PF-COR-010) report at synth
  return s.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data)).join('\n');
}

describe('Schedule.cron', () => {
  test('renders cron, timezone and day_or', () => {
    const res = scheduleOf(Schedule.cron('0 9 8-14 * fri', { timezone: 'Europe/Berlin', dayOr: true }));
    expect(res.cron).toBe('0 9 8-14 * fri');
    expect(res.timezone).toBe('Europe/Berlin');
    expect(res.day_or).toBe(true);
    expect(res.deployment_id).toMatch(/^\$\{prefect_deployment\.Dep_.*\.id\}$/);
    expect(res.interval).toBeUndefined();
    expect(res.rrule).toBeUndefined();
  });

  test('defaults the timezone to UTC and leaves day_or to the server', () => {
    const res = scheduleOf(Schedule.cron('*/15 * * * *'));
    expect(res.timezone).toBe('UTC');
    expect(res.day_or).toBeUndefined();
  });

  test.each([
    '* * * * *',
    '0 0 * * *',
    '*/5 1-5,10 * * mon-fri',
    '0 0 L * *',
    '0 0 25-L * *',
    '0 9 * * fri#2',
    '0 9 * * 5#3',
    '0 9 * * L5',
    '0 22-2 * * *',
    '0 0 1 jan,jul *',
    '0 0 1 JAN-MAR/2 *',
    '0 0 * * 7',
    '0 0 ? * 1',
    '5/10 * * * *',
    '@hourly',
    '@Daily',
    '@annually',
    '0  0   *  *  *',
  ])('accepts %p', (expr) => {
    expect(scheduleOf(Schedule.cron(expr)).cron).toBe(expr);
  });

  test('withSeconds accepts six fields with the seconds last', () => {
    expect(scheduleOf(Schedule.cron('0 9 * * * 30', { withSeconds: true })).cron).toBe('0 9 * * * 30');
  });

  test('warns when day-of-month and day-of-week are both restricted with the default dayOr', () => {
    expect(warningsOf(Schedule.cron('0 0 13 * fri'))).toMatch(/combines with OR \(it runs on either\); for "both must match" use Schedule.rrule.* \[PF-COR-009\]$/);
    expect(warningsOf(Schedule.cron('0 0 13 * fri', { dayOr: true }))).toBe('');
  });

  test('a token expression is passed through unchecked', () => {
    const stack = newStack();
    const v = new TerraformVariable(stack, 'cron', { type: 'string' });
    deployment(stack).addSchedule('S', Schedule.cron(v.stringValue));
    expect(onlyResource(synthJson(stack), 'prefect_deployment_schedule').cron).toBe('${var.cron}');
  });
});

describe('Schedule.interval', () => {
  test('renders seconds, a UTC anchor and the timezone', () => {
    const res = scheduleOf(Schedule.interval(Duration.hours(24), { anchorDate: '2024-03-01T09:00:00+01:00', timezone: 'Europe/Paris' }));
    expect(res.interval).toBe(86400);
    expect(res.anchor_date).toBe('2024-03-01T08:00:00Z');
    expect(res.timezone).toBe('Europe/Paris');
    expect(res.cron).toBeUndefined();
  });

  test('the default anchor is midnight 2020-01-01 on the schedule clock', () => {
    expect(scheduleOf(Schedule.interval(Duration.days(1))).anchor_date).toBe('2020-01-01T00:00:00Z');
    expect(scheduleOf(Schedule.interval(Duration.days(1), { timezone: 'America/New_York' })).anchor_date).toBe('2020-01-01T05:00:00Z');
  });

  test('Duration units', () => {
    expect(Duration.seconds(90).toSeconds()).toBe(90);
    expect(Duration.minutes(15).toSeconds()).toBe(900);
    expect(Duration.hours(2).toSeconds()).toBe(7200);
    expect(Duration.days(7).toSeconds()).toBe(604800);
    expect(Duration.minutes(15).toString()).toBe('15 minutes');
  });

  test('a token amount multiplies in Terraform', () => {
    const stack = newStack();
    const v = new TerraformVariable(stack, 'minutes', { type: 'number' });
    deployment(stack).addSchedule('S', Schedule.interval(Duration.minutes(v.numberValue)));
    expect(onlyResource(synthJson(stack), 'prefect_deployment_schedule').interval).toBe('${(var.minutes * 60)}');
  });

  test('warns under a minute', () => {
    expect(warningsOf(Schedule.interval(Duration.seconds(30)))).toMatch(/^interval of 30 seconds is under a minute: .*; use an interval from 60 .* \[PF-COR-010\]$/);
  });

  test('warns above float32 precision', () => {
    expect(warningsOf(Schedule.interval(Duration.days(365)))).toMatch(/float32 and may round it; use an interval .* \[PF-COR-010\]$/);
  });
});

describe('Schedule.rrule', () => {
  test('adds a floating DTSTART and defaults the timezone to UTC', () => {
    const res = scheduleOf(Schedule.rrule('FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=0'));
    expect(res.rrule).toBe('DTSTART:20200101T000000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=0');
    expect(res.timezone).toBe('UTC');
  });

  test('keeps a given floating DTSTART, rule sets and COUNT with it', () => {
    const rule = 'DTSTART:20250101T090000\nRRULE:FREQ=DAILY;COUNT=30\nEXDATE:20250102T090000';
    const res = scheduleOf(Schedule.rrule(rule, { timezone: 'Asia/Tokyo' }));
    expect(res.rrule).toBe(rule);
    expect(res.timezone).toBe('Asia/Tokyo');
  });

  test.each([
    'FREQ=DAILY',
    'RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=23',
    'FREQ=YEARLY;BYMONTH=1,7;BYDAY=1MO',
    'FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU',
    'FREQ=DAILY;UNTIL=20301231T000000',
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
  ])('accepts %p', (rule) => {
    expect(scheduleOf(Schedule.rrule(rule)).rrule).toContain(rule.replace(/^RRULE:/, ''));
  });
});

describe('common options', () => {
  test('options on the schedule, overridden by addSchedule options', () => {
    const schedule = Schedule.cron('0 1 * * *', { active: false, maxScheduledRuns: 10, parameters: { day: 'today' }, slug: 'nightly' });
    expect(schedule.kind).toBe(ScheduleKind.CRON);
    expect(schedule.expression).toBe('0 1 * * *');
    const plain = scheduleOf(schedule);
    expect(plain.active).toBe(false);
    expect(plain.max_scheduled_runs).toBe(10);
    expect(plain.parameters).toBe('{"day":"today"}');
    expect(plain.slug).toBe('nightly');
    const overridden = scheduleOf(schedule, { active: true, slug: 'other', maxScheduledRuns: 5, parameters: { day: 'yesterday' } });
    expect(overridden.active).toBe(true);
    expect(overridden.slug).toBe('other');
    expect(overridden.max_scheduled_runs).toBe(5);
    expect(overridden.parameters).toBe('{"day":"yesterday"}');
  });

  test('schedule parameters merged over the deployment\'s pass the schema', () => {
    const res = scheduleOf(Schedule.cron('0 1 * * *', { parameters: { retries: 5 } }), {}, {
      parameters: { day: 'x' },
      parameterOpenApiSchema: { type: 'object', properties: { retries: { type: 'integer' }, day: { type: 'string' } } },
    });
    expect(res.parameters).toBe('{"retries":5}');
  });

  test('several schedules per deployment, and a standalone DeploymentSchedule', () => {
    const stack = newStack();
    const dep = deployment(stack);
    const a = dep.addSchedule('A', Schedule.cron('0 1 * * *', { slug: 'a' }));
    dep.addSchedule('B', Schedule.interval(Duration.hours(6), { slug: 'b' }));
    new DeploymentSchedule(stack, 'C', { deployment: dep, schedule: Schedule.rrule('FREQ=HOURLY'), slug: 'c' });
    const schedules = resourcesOf(synthJson(stack), 'prefect_deployment_schedule');
    expect(Object.keys(schedules)).toHaveLength(3);
    // one after the other: SQLite servers answer concurrent schedule writes to one deployment with 503
    const dependsOn = Object.fromEntries(Object.entries<any>(schedules).map(([k, v]) => [k.replace(/_[0-9A-F]{8}$/, '').split('_').pop(), v.depends_on]));
    expect(dependsOn).toEqual({
      A: undefined,
      B: [expect.stringMatching(/^prefect_deployment_schedule\.[A-Za-z]+_A_[0-9A-F]{8}$/)],
      C: [expect.stringMatching(/^prefect_deployment_schedule\.[A-Za-z]+_B_[0-9A-F]{8}$/)],
    });
    expect(a.resource.node.id).toBe('Resource');
    expect(a.schedule.kind).toBe(ScheduleKind.CRON);
    expect(a.scheduleId).toMatch(/TfToken/);
  });

  test('the same slug in two deployments is fine', () => {
    const stack = newStack();
    const flow = Flow.fromFlowAttributes(stack, 'F', { flowName: 'etl', flowId: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f' });
    const d1 = new Deployment(stack, 'D1', { flow, deploymentName: 'one', entrypoint: 'a.py:f' });
    const d2 = new Deployment(stack, 'D2', { flow, deploymentName: 'two', entrypoint: 'a.py:f' });
    d1.addSchedule('S', Schedule.cron('0 1 * * *', { slug: 'nightly' }));
    d2.addSchedule('S', Schedule.cron('0 1 * * *', { slug: 'nightly' }));
    const schedules = Object.values<any>(resourcesOf(synthJson(stack), 'prefect_deployment_schedule'));
    expect(schedules).toHaveLength(2);
    expect(schedules.map((s) => s.depends_on)).toEqual([undefined, undefined]); // different deployments: in parallel
  });

  test('snapshot', () => {
    const stack = newStack();
    const dep = deployment(stack);
    dep.addSchedule('Cron', Schedule.cron('0 3 * * *', { timezone: 'Europe/Berlin', slug: 'cron' }));
    dep.addSchedule('Interval', Schedule.interval(Duration.minutes(30), { anchorDate: '2024-01-01T00:00:00Z', slug: 'interval' }));
    dep.addSchedule('RRule', Schedule.rrule('FREQ=DAILY;BYHOUR=9', { timezone: 'America/Chicago', slug: 'rrule' }));
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});
