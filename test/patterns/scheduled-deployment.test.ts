import { Testing } from 'cdktf';
import { Flow, PullStep, Schedule } from '../../src/deployments';
import { Duration } from '../../src/core/duration';
import { ValidationError } from '../../src/core/errors';
import { ScheduledDeployment } from '../../src/patterns';
import { fakePool } from '../deployments/fakes';
import { newStack, onlyResource, resourcesOf, synthError, synthJson } from '../support/synth';

describe('ScheduledDeployment', () => {
  test('creates flow, deployment and schedules, all exposed', () => {
    const stack = newStack();
    const sd = new ScheduledDeployment(stack, 'Etl', {
      flowName: 'etl',
      flowTags: ['data'],
      deploymentName: 'nightly',
      entrypoint: 'flows/etl.py:etl',
      workPool: fakePool(stack, 'Pool', 'docker'),
      parameters: { full: false },
      pullSteps: [PullStep.gitClone({ repository: 'https://github.com/acme/flows.git' })],
      schedules: [
        Schedule.cron('0 2 * * *', { timezone: 'Europe/Berlin', slug: 'nightly' }),
        Schedule.interval(Duration.hours(6), { parameters: { full: true }, slug: 'every-6h' }),
      ],
    });
    const json = synthJson(stack);
    const flow = onlyResource(json, 'prefect_flow');
    expect(flow).toEqual({ name: 'etl', tags: ['data'] });
    const dep = onlyResource(json, 'prefect_deployment');
    expect(dep.name).toBe('nightly');
    expect(dep.work_pool_name).toBe('docker');
    expect(dep.parameters).toBe('{"full":false}');
    expect(dep.pull_steps).toHaveLength(1);
    const schedules = sd.schedules.map((s) => resourcesOf(json, 'prefect_deployment_schedule')[s.resource.friendlyUniqueId]);
    expect(schedules.map((s) => s.cron ?? s.interval)).toEqual(['0 2 * * *', 21600]);
    expect(schedules[0].slug).toBe('nightly');
    expect(schedules[1].parameters).toBe('{"full":true}');
    expect(sd.flow).toBeInstanceOf(Flow);
    expect(sd.schedules).toHaveLength(2);
    expect(sd.schedules[0].node.id).toBe('Schedule-nightly');
    expect(sd.schedules[1].node.id).toBe('Schedule-every-6h');
    expect(sd.deployment.resource.node.id).toBe('Resource');
    expect(dep.flow_id).toBe(`\${prefect_flow.${(sd.flow as Flow).resource.friendlyUniqueId}.id}`);
  });

  test('schedule IDs come from slugs: reordering the list changes nothing', () => {
    const build = (reversed: boolean) => {
      const stack = newStack();
      const schedules = [Schedule.cron('0 2 * * *', { slug: 'nightly' }), Schedule.interval(Duration.hours(6), { slug: 'every-6h' })];
      new ScheduledDeployment(stack, 'Etl', { flowName: 'etl', deploymentName: 'd', entrypoint: 'a.py:f', schedules: reversed ? schedules.reverse() : schedules });
      const all = resourcesOf(synthJson(stack), 'prefect_deployment_schedule');
      // depends_on orders the writes (one after the other) and so follows the list: leave it out
      return Object.fromEntries(Object.entries(all).map(([id, r]: [string, any]) => [id, { ...r, depends_on: undefined }]));
    };
    expect(Object.keys(build(false)).sort()).toEqual(Object.keys(build(true)).sort());
    expect(build(false)).toEqual(build(true));
  });

  test('one schedule may go without a slug; several without slugs fail, naming the pattern and the fix', () => {
    const stack = newStack();
    const one = new ScheduledDeployment(stack, 'One', { flowName: 'a', deploymentName: 'd', entrypoint: 'a.py:f', schedules: [Schedule.cron('@daily')] });
    expect(one.schedules[0].node.id).toBe('Schedule1');
    let error: unknown;
    try {
      new ScheduledDeployment(stack, 'Two', { flowName: 'b', deploymentName: 'd', entrypoint: 'a.py:f', schedules: [Schedule.cron('@daily', { slug: 'daily' }), Schedule.cron('@hourly')] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).constructPath).toBe('Stack/Two');
    expect((error as Error).message).toMatch(/^Stack\/Two: schedule 2 of 2 has no slug: with several schedules, each needs a slug/);
    expect((error as Error).message).toContain('deployment.addSchedule(id, schedule)');
  });

  test('reuses an existing flow', () => {
    const stack = newStack();
    const flow = Flow.fromFlowAttributes(stack, 'F', { flowName: 'etl', flowId: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f' });
    const sd = new ScheduledDeployment(stack, 'Etl', { flow, deploymentName: 'hourly', entrypoint: 'a.py:f', schedules: [Schedule.cron('@hourly')] });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'prefect_flow')).toEqual({});
    expect(onlyResource(json, 'prefect_deployment').flow_id).toBe('0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f');
    expect(sd.flow).toBe(flow);
  });

  test('warns without schedules', () => {
    const stack = newStack();
    const sd = new ScheduledDeployment(stack, 'Etl', { flowName: 'etl', deploymentName: 'd', entrypoint: 'a.py:f' });
    Testing.synth(stack); // rule PF-COR-014 reports at synth (schedules added after construction count)
    expect(sd.node.metadata.map((m) => String(m.data)).join('\n')).toMatch(/^scheduled deployment has no schedules; pass schedules, .* \[PF-COR-014\]$/m);
  });

  test.each([
    ['both flow and flowName', (s: any) => new ScheduledDeployment(s, 'Sd', {
      flow: Flow.fromFlowAttributes(s, 'F', { flowName: 'etl', flowId: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f' }),
      flowName: 'other', deploymentName: 'd', entrypoint: 'a.py:f',
    }), 'Stack/Sd', '"other"'],
    ['neither flow nor flowName', (s: any) => new ScheduledDeployment(s, 'Sd', { deploymentName: 'd', entrypoint: 'a.py:f' }), 'Stack/Sd', 'a flow is required'],
    ['a bad schedule names the inner path', (s: any) => new ScheduledDeployment(s, 'Sd', { flowName: 'etl', deploymentName: 'd', entrypoint: 'a.py:f', schedules: [Schedule.cron('0 0 * * 8')] }), 'Stack/Sd/Deployment/Schedule1', '"0 0 * * 8"'],
    ['slug with whitespace', (s: any) => new ScheduledDeployment(s, 'Sd', {
      flowName: 'etl', deploymentName: 'd', entrypoint: 'a.py:f',
      schedules: [Schedule.cron('0 0 * * *', { slug: 'a b' })],
    }), 'Stack/Sd/Deployment/Schedule-a b', '"a b"'],
  ])('%s', (_n, build, path, value) => {
    const message = synthError(build);
    expect(message).toContain(`${path}:`);
    expect(message).toContain(value);
  });

  test('snapshot', () => {
    const stack = newStack();
    new ScheduledDeployment(stack, 'Etl', {
      flowName: 'etl',
      deploymentName: 'nightly',
      entrypoint: 'flows/etl.py:etl',
      schedules: [Schedule.rrule('FREQ=WEEKLY;BYDAY=MO;BYHOUR=6', { timezone: 'Europe/London', slug: 'weekly' })],
    });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});
