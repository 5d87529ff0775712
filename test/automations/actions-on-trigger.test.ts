import { Action, Automation, FlowRunState, StateType, Trigger } from '../../src/automations';
import { newStack, onlyResource, synthError, synthJson } from '../support/synth';

const trigger = () => Trigger.event({ expect: ['prefect.flow-run.Failed'] });

describe('actions on trigger, on resolve, and the change-state name', () => {
  test('actions, actionsOnTrigger and actionsOnResolve each reach their own attribute', () => {
    const stack = newStack();
    const automation = new Automation(stack, 'A', {
      automationName: 'three lists',
      trigger: trigger(),
      actions: [Action.cancelFlowRun()],
      actionsOnTrigger: [Action.declareIncident()],
      actionsOnResolve: [Action.doNothing()],
    });
    automation.addActionOnTrigger(Action.suspendFlowRun());
    const res = onlyResource(synthJson(stack), 'prefect_automation');
    expect(res.actions.map((a: any) => a.type)).toEqual(['cancel-flow-run']);
    expect(res.actions_on_trigger.map((a: any) => a.type)).toEqual(['declare-incident', 'suspend-flow-run']);
    expect(res.actions_on_resolve.map((a: any) => a.type)).toEqual(['do-nothing']);
  });

  test('an automation with only actions on trigger is not "without actions"', () => {
    const stack = newStack();
    new Automation(stack, 'A', { automationName: 'on trigger only', trigger: trigger(), actionsOnTrigger: [Action.doNothing()] });
    expect(Object.keys(synthJson(stack).resource.prefect_automation)).toHaveLength(1);
  });

  test('stateName names the new state; without it, the state\'s own name', () => {
    const stack = newStack();
    new Automation(stack, 'A', {
      automationName: 'states',
      trigger: trigger(),
      actions: [
        Action.changeFlowRunState({ state: FlowRunState.CANCELLED, stateName: 'Skipped' }),
        Action.changeFlowRunState({ state: FlowRunState.custom('Quarantined', StateType.PAUSED) }),
      ],
    });
    const res = onlyResource(synthJson(stack), 'prefect_automation');
    expect(res.actions.map((a: any) => [a.state, a.name])).toEqual([['CANCELLED', 'Skipped'], ['PAUSED', 'Quarantined']]);
  });

  test('an empty stateName fails with the path, the value and the fix', () => {
    const message = synthError((s) => new Automation(s, 'A', {
      automationName: 'x', trigger: trigger(), actions: [Action.changeFlowRunState({ state: FlowRunState.CANCELLED, stateName: ' ' })],
    }));
    expect(message).toBe('Stack/A: change-flow-run-state state name must not be empty, got " "; leave stateName out to use "Cancelled"');
  });
});
