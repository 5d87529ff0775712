import { Testing } from 'cdktf';
import { Action, Automation, Duration, FlowRunState } from '../../src';
import { onlyResource, resourcesOf, synthJson } from '../support/synth';
import { fixture } from './fixtures';

const DEP = '${prefect_deployment.Nightly_C44EE0A7.id}';

describe('deployment.onFlowRunState', () => {
  test('an automation on the flow runs of this deployment', () => {
    const f = fixture();
    const a = f.cleanup.onFlowRunState([FlowRunState.FAILED, FlowRunState.CRASHED], Action.pauseDeployment(f.deployment));
    expect(a.node.path).toBe('Stack/Cleanup/OnFailedOrCrashed');
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

  test('a name, description and enabled flag; a second helper call gets its own ID', () => {
    const f = fixture();
    f.cleanup.onFlowRunState([FlowRunState.FAILED], Action.doNothing(), { automationName: 'one', description: 'd', enabled: false });
    const second = f.cleanup.onFlowRunState([FlowRunState.FAILED], Action.cancelFlowRun(), { automationName: 'two' });
    expect(second.node.id).toBe('OnFailed2');
    const all = Object.values(resourcesOf(synthJson(f.stack), 'prefect_automation')).sort((a: any, b: any) => a.name.localeCompare(b.name));
    expect(all.map((r: any) => [r.name, r.description, r.enabled])).toEqual([['one', 'd', false], ['two', undefined, undefined]]);
  });
});

describe('workPool.onWorkerOffline', () => {
  test('reactive on the pool going not ready', () => {
    const f = fixture();
    f.pool.onWorkerOffline(Action.sendNotification(f.slack, { body: 'pool {{ event.resource.name }} has no workers' }));
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
    f.pool.onWorkerOffline(Action.doNothing(), { automationName: 'pool down' }, Duration.minutes(10));
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
    f.cleanup.onFlowRunState([FlowRunState.TIMED_OUT], Action.changeFlowRunState({ state: FlowRunState.CANCELLED }));
    f.pool.onWorkerOffline(Action.pauseWorkPool(f.pool));
    Automation.runDeploymentOnEvent(f.stack, 'OnUpload', { automationName: 'x', deployment: f.deployment, expect: ['acme.up'], parametersFromLabels: { key: "it's" } });
    expect(Testing.synth(f.stack)).toMatchSnapshot();
  });
});
