import { Testing } from 'cdktf';
import { Action, Automation, Deployment, Duration, FlowRunState, WorkPool } from '../../src';
import { onlyResource, resourcesOf, synthJson } from '../support/synth';
import { fixture } from './fixtures';

const DEP = '${prefect_deployment.Nightly_C44EE0A7.id}';

describe('deployment.onFlowRunState', () => {
  test('an automation on the flow runs of this deployment, with the ID given', () => {
    const f = fixture();
    const a = f.cleanup.onFlowRunState('PauseOnFailure', { states: [FlowRunState.FAILED, FlowRunState.CRASHED], action: Action.pauseDeployment(f.deployment) });
    expect(a.node.path).toBe('Stack/Cleanup/PauseOnFailure');
    expect(onlyResource(synthJson(f.stack), 'prefect_automation')).toEqual({
      name: '${prefect_flow.Flow_A74D6E88.name}/${prefect_deployment.Cleanup_D4E4842E.name}: flow run Failed or Crashed',
      trigger: {
        event: {
          posture: 'Reactive',
          expect: ['prefect.flow-run.Failed', 'prefect.flow-run.Crashed'],
          match: '{"prefect.resource.id":"prefect.flow-run.*"}',
          match_related: '${jsonencode({"prefect.resource.role" = "deployment", "prefect.resource.id" = "prefect.deployment.${prefect_deployment.Cleanup_D4E4842E.id}"})}',
          threshold: 1,
          within: 0,
        },
      },
      actions: [{ type: 'pause-deployment', source: 'selected', deployment_id: DEP }],
    });
  });

  test('a name, description and enabled flag; the IDs do not depend on the call order', () => {
    const build = (order: string[]) => {
      const f = fixture();
      const calls: Record<string, () => void> = {
        one: () => f.cleanup.onFlowRunState('One', { states: [FlowRunState.FAILED], action: Action.doNothing(), automationName: 'one', description: 'd', enabled: false }),
        two: () => f.cleanup.onFlowRunState('Two', { states: [FlowRunState.FAILED], action: Action.cancelFlowRun(), automationName: 'two' }),
      };
      order.forEach((name) => calls[name]());
      return resourcesOf(synthJson(f.stack), 'prefect_automation');
    };
    const forward = build(['one', 'two']);
    expect(Object.values(forward).map((r: any) => [r.name, r.description, r.enabled]).sort()).toEqual([['one', 'd', false], ['two', undefined, undefined]]);
    // same logical IDs, same resources, whatever the order of the calls
    expect(build(['two', 'one'])).toEqual(forward);
    expect(Object.keys(forward).sort()).toEqual(['Cleanup_One_87876353', 'Cleanup_Two_B2FE3FD6']);
  });

  test('the same ID twice fails at synth, naming the construct path', () => {
    const f = fixture();
    f.cleanup.onFlowRunState('OnFailure', { states: [FlowRunState.FAILED], action: Action.doNothing(), automationName: 'one' });
    expect(() => f.cleanup.onFlowRunState('OnFailure', { states: [FlowRunState.FAILED], action: Action.doNothing(), automationName: 'two' }))
      .toThrow(/There is already a Construct with name 'OnFailure' in Deployment \[Cleanup\]/);
  });

  test('an imported deployment has the same helpers', () => {
    const f = fixture();
    const imported = Deployment.fromDeploymentName(f.stack, 'Other', 'etl', 'other');
    const a = imported.onFlowRunState('OnCrash', { states: [FlowRunState.CRASHED], action: Action.doNothing() });
    expect(a.node.path).toBe('Stack/Other/OnCrash');
    const r = onlyResource(synthJson(f.stack), 'prefect_automation');
    expect(r.name).toBe('etl/other: flow run Crashed');
    expect(r.trigger.event.match_related).toBe('${jsonencode({"prefect.resource.role" = "deployment", "prefect.resource.id" = "prefect.deployment.${data.prefect_deployment.Other_34654A52.id}"})}');
  });
});

describe('workPool.onWorkerOffline', () => {
  test('reactive on the pool going not ready', () => {
    const f = fixture();
    const a = f.pool.onWorkerOffline('NotifyOffline', { action: Action.sendNotification(f.slack, { body: 'pool {{ event.resource.name }} has no workers' }) });
    expect(a.node.path).toBe('Stack/Pool/NotifyOffline');
    const r = onlyResource(synthJson(f.stack), 'prefect_automation');
    expect(r.name).toBe('${prefect_work_pool.Pool_D3F588B8.name}: workers offline');
    expect(r.trigger).toEqual({
      event: {
        posture: 'Reactive',
        expect: ['prefect.work-pool.not-ready'],
        match: '${jsonencode({"prefect.resource.id" = "prefect.work-pool.${prefect_work_pool.Pool_D3F588B8.id}"})}',
        threshold: 1,
        within: 0,
      },
    });
  });

  test('with a grace period: proactive, not ready again within it', () => {
    const f = fixture();
    f.pool.onWorkerOffline('PoolDown', { action: Action.doNothing(), automationName: 'pool down', gracePeriod: Duration.minutes(10) });
    expect(onlyResource(synthJson(f.stack), 'prefect_automation').trigger.event).toEqual({
      posture: 'Proactive',
      after: ['prefect.work-pool.not-ready'],
      expect: ['prefect.work-pool.ready'],
      for_each: ['prefect.resource.id'],
      match: '${jsonencode({"prefect.resource.id" = "prefect.work-pool.${prefect_work_pool.Pool_D3F588B8.id}"})}',
      threshold: 1,
      within: 600,
    });
  });
});

describe('workPool.onFlowRunState', () => {
  test('an automation on the flow runs of any deployment in the pool (related resource role work-pool)', () => {
    const f = fixture();
    const a = f.pool.onFlowRunState('PauseOnCrash', { states: [FlowRunState.CRASHED], action: Action.pauseWorkPool(f.pool) });
    expect(a.node.path).toBe('Stack/Pool/PauseOnCrash');
    expect(onlyResource(synthJson(f.stack), 'prefect_automation')).toEqual({
      name: '${prefect_work_pool.Pool_D3F588B8.name}: flow run Crashed',
      trigger: {
        event: {
          posture: 'Reactive',
          expect: ['prefect.flow-run.Crashed'],
          match: '{"prefect.resource.id":"prefect.flow-run.*"}',
          match_related: '${jsonencode({"prefect.resource.role" = "work-pool", "prefect.resource.id" = "prefect.work-pool.${prefect_work_pool.Pool_D3F588B8.id}"})}',
          threshold: 1,
          within: 0,
        },
      },
      actions: [{ type: 'pause-work-pool', source: 'selected', work_pool_id: '${prefect_work_pool.Pool_D3F588B8.id}' }],
    });
  });

  test('an imported pool has the same helpers; its data source is the child "Resource"', () => {
    const f = fixture();
    const pool = WorkPool.fromWorkPoolName(f.stack, 'Shared', 'shared');
    pool.onFlowRunState('OnFailure', { states: [FlowRunState.FAILED], action: Action.doNothing() });
    pool.onWorkerOffline('Offline', { action: Action.doNothing() });
    const queue = pool.addQueue('Slow', { workQueueName: 'slow' });
    const json = synthJson(f.stack);
    expect(Object.keys(json.data.prefect_work_pool)).toEqual(['Shared_DACC02AA']);
    const names = Object.values(resourcesOf(json, 'prefect_automation')).map((r: any) => r.name).sort();
    expect(names).toEqual(['shared: flow run Failed', 'shared: workers offline']);
    const related = Object.values(resourcesOf(json, 'prefect_automation')).map((r: any) => r.trigger.event.match_related ?? r.trigger.event.match);
    expect(related.every((m: string) => m.includes('prefect.work-pool.${data.prefect_work_pool.Shared_DACC02AA.id}'))).toBe(true);
    expect(queue.node.path).toBe('Stack/Shared/Slow');
    expect(resourcesOf(json, 'prefect_work_queue')[queue.resource.friendlyUniqueId].work_pool_name).toBe('shared');
    expect(pool.defaultQueue().workQueueId).toBe(pool.defaultQueueId);
  });

  test('without states or action it fails, naming the pool and the helper ID', () => {
    const f = fixture();
    expect(() => f.pool.onFlowRunState('Empty', { states: [], action: Action.doNothing() }))
      .toThrow('Stack/Pool: onFlowRunState "Empty" needs at least one state, e.g. states: [FlowRunState.FAILED]');
    expect(() => f.pool.onWorkerOffline('NoAction', { action: undefined as unknown as Action }))
      .toThrow('Stack/Pool: onWorkerOffline "NoAction" needs an action');
  });
});

describe('Automation.runDeploymentOnEvent', () => {
  test('resource labels become Jinja parameters', () => {
    const f = fixture();
    Automation.runDeploymentOnEvent(f.stack, 'OnUpload', {
      automationName: 'ingest on upload',
      deployment: f.deployment,
      expect: ['acme.bucket.object-created'],
      match: { 'prefect.resource.id': 'acme.bucket.raw' },
      parametersFromLabels: { key: 'acme.bucket.key', bucket: 'prefect.resource.id' },
      parameters: { mode: 'event' },
      jobVariables: { image: 'acme/ingest:1' },
    });
    const r = onlyResource(synthJson(f.stack), 'prefect_automation');
    expect(r.trigger.event).toEqual({
      posture: 'Reactive', expect: ['acme.bucket.object-created'], match: '{"prefect.resource.id":"acme.bucket.raw"}', threshold: 1, within: 0,
    });
    expect(r.actions).toEqual([{
      type: 'run-deployment',
      source: 'selected',
      deployment_id: DEP,
      job_variables: '{"image":"acme/ingest:1"}',
      parameters: JSON.stringify({
        bucket: { __prefect_kind: 'jinja', template: "{{ event.resource['prefect.resource.id'] }}" },
        key: { __prefect_kind: 'jinja', template: "{{ event.resource['acme.bucket.key'] }}" },
        mode: 'event',
      }),
    }]);
  });

  test('without parameters, none are written; the default name says what it does', () => {
    const f = fixture();
    Automation.runDeploymentOnEvent(f.stack, 'OnPing', { deployment: f.deployment, expect: ['acme.ping'] });
    const r = onlyResource(synthJson(f.stack), 'prefect_automation');
    expect(r.name).toBe('run ${prefect_deployment.Nightly_C44EE0A7.name} on acme.ping');
    expect(r.actions).toEqual([{ type: 'run-deployment', source: 'selected', deployment_id: DEP }]);
  });

  test('snapshot of the three helpers', () => {
    const f = fixture();
    f.cleanup.onFlowRunState('OnTimedOut', { states: [FlowRunState.TIMED_OUT], action: Action.changeFlowRunState({ state: FlowRunState.CANCELLED }) });
    f.pool.onWorkerOffline('OnWorkerOffline', { action: Action.pauseWorkPool(f.pool) });
    Automation.runDeploymentOnEvent(f.stack, 'OnUpload', { automationName: 'x', deployment: f.deployment, expect: ['acme.up'], parametersFromLabels: { key: "it's" } });
    expect(Testing.synth(f.stack)).toMatchSnapshot();
  });
});
