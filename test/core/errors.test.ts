import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import {
  Action, Automation, Block, BlockType, Deployment, Errors, Flow, GlobalConcurrencyLimit,
  Schedule, Trigger, ValidationError, Variable, VariableValue, WorkPool,
} from '../../src';
import { newStack } from '../support/synth';

/** Builds on a fresh stack and returns what it throws (construction or synth). */
function thrown(build: (scope: Construct) => void): unknown {
  const stack = newStack();
  try {
    build(stack);
    Testing.synth(stack, true);
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, but synth succeeded');
}

const flow = (s: Construct) => new Flow(s, 'Flow', { flowName: 'etl' });

// [what, build, construct path, the start of the message after the path]
const cases: Array<[string, (s: Construct) => void, string, string]> = [
  ['a deployment with a bad entrypoint', (s) => new Deployment(s, 'Etl', { flow: flow(s), deploymentName: 'nightly', entrypoint: 'etl.py:' }),
    'Stack/Etl', 'invalid entrypoint "etl.py:"'],
  ['a schedule with a bad cron, deep in the tree', (s) => new Deployment(s, 'Etl', { flow: flow(s), deploymentName: 'nightly', entrypoint: 'etl.py:etl' })
    .addSchedule('Nightly', Schedule.cron('0 0 * * 8')), 'Stack/Etl/Nightly', 'invalid cron expression "0 0 * * 8"'],
  ['a work pool with a reserved name', (s) => new WorkPool(s, 'Pool', { workPoolName: 'prefect-main' }), 'Stack/Pool', 'invalid work pool name "prefect-main"'],
  ['an automation without a name', (s) => new Automation(s, 'Auto', { automationName: ' ', trigger: Trigger.event({ expect: ['x'] }), actions: [Action.doNothing()] }),
    'Stack/Auto', 'automation name must not be empty'],
  ['a block with a bad name', (s) => new Block(s, 'Hook', { blockName: 'Ops Hook', blockType: BlockType.custom('webhook') }), 'Stack/Hook', 'invalid block name "Ops Hook"'],
  ['a variable with a bad name', (s) => new Variable(s, 'Var', { variableName: 'My-Var', value: VariableValue.fromString('x') }), 'Stack/Var', 'invalid variable name "My-Var"'],
  ['a global concurrency limit below 0', (s) => new GlobalConcurrencyLimit(s, 'Db', { globalConcurrencyLimitName: 'db', limit: -1 }),
    'Stack/Db', 'invalid limit -1'],
  ['an imported deployment with a bad ID', (s) => Deployment.fromDeploymentAttributes(s, 'Dep', { deploymentId: 'nope', deploymentName: 'd', flowName: 'f' }),
    'Stack/Dep', 'invalid deployment ID "nope"'],
];

describe('ValidationError', () => {
  test.each(cases)('%s throws a ValidationError with the construct path', (_what, build, path, start) => {
    const e = thrown(build);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e).toBeInstanceOf(Error);
    expect(Errors.isValidationError(e)).toBe(true);
    const error = e as ValidationError;
    expect(error.name).toBe('ValidationError');
    expect(error.constructPath).toBe(path);
    expect(error.message).toBe(`${path}: ${error.reason}`);
    expect(error.reason.startsWith(start)).toBe(true);
    // the stack trace is headed by the class name, as for any Error
    expect(error.stack).toContain('ValidationError: ');
  });

  test('a bug is not a ValidationError', () => {
    const e = thrown((s) => {
      new Flow(s, 'Flow', { flowName: 'etl' });
      throw new TypeError('cannot read properties of undefined');
    });
    expect(e).not.toBeInstanceOf(ValidationError);
    expect(Errors.isValidationError(e)).toBe(false);
    expect(Errors.isValidationError(undefined)).toBe(false);
    expect(Errors.isValidationError('Stack/Flow: a string')).toBe(false);
  });

  test('an error made by another copy of the library is recognized (the check is a registered symbol)', () => {
    const foreign = Object.defineProperty(new Error('Stack/X: bad'), Symbol.for('cdktf-prefect.ValidationError'), { value: true });
    expect(Errors.isValidationError(foreign)).toBe(true);
  });
});
