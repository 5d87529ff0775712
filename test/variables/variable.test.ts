import 'cdktf/lib/testing/adapters/jest';
import { TerraformVariable, Testing, Token } from 'cdktf';
import { resolveTokens } from '../../src/core/tokens';
import { Variable, VariableValue } from '../../src/variables';
import { newStack, onlyResource, resourcesOf, synthJson } from '../support/synth';

function synthValue(value: VariableValue): unknown {
  const stack = newStack();
  new Variable(stack, 'Var', { variableName: 'v', value });
  return onlyResource(synthJson(stack), 'prefect_variable').value;
}

describe('Variable', () => {
  test('every prop lands in prefect_variable', () => {
    const stack = newStack();
    const v = new Variable(stack, 'Config', {
      variableName: 'etl_config',
      value: VariableValue.fromObject({ env: 'prod', replicas: 3 }),
      tags: ['team-data', 'prod'],
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties({ tfResourceType: 'prefect_variable' }, {
      name: 'etl_config',
      value: { env: 'prod', replicas: 3 },
      tags: ['team-data', 'prod'],
    });
    expect(v.node.findChild('Resource')).toBe(v.resource);
    expect(v.variableName).toBe('etl_config');
    expect(v.templateReference).toBe('{{ prefect.variables.etl_config }}');
    const logicalId = Object.keys(resourcesOf(synthJson(stack), 'prefect_variable'))[0];
    expect(resolveTokens(stack, v.variableId)).toBe(`\${prefect_variable.${logicalId}.id}`);
  });

  test('tags are omitted when not given', () => {
    const stack = newStack();
    new Variable(stack, 'Var', { variableName: 'x', value: VariableValue.fromString('y') });
    expect(onlyResource(synthJson(stack), 'prefect_variable')).toEqual({ name: 'x', value: 'y' });
  });

  // the binding types `value` as a map: without Token.asAny these would synthesize as {} or {"0":…}
  test.each([
    ['a number', VariableValue.fromNumber(2), 2],
    ['a decimal', VariableValue.fromNumber(0.25), 0.25],
    ['zero', VariableValue.fromNumber(0), 0],
    ['true', VariableValue.fromBoolean(true), true],
    ['false', VariableValue.fromBoolean(false), false],
    ['a string', VariableValue.fromString('x'), 'x'],
    ['an empty string', VariableValue.fromString(''), ''],
    ['a mixed list', VariableValue.fromList([1, 'a']), [1, 'a']],
    ['an empty list', VariableValue.fromList([]), []],
    ['an object', VariableValue.fromObject({ a: 1 }), { a: 1 }],
    ['a nested object', VariableValue.fromObject({ a: { b: [true, null] } }), { a: { b: [true, null] } }],
    ['of() with a number', VariableValue.of(42), 42],
    ['of() with a list', VariableValue.of(['x', 'y']), ['x', 'y']],
  ])('%s synthesizes natively', (_name, value, expected) => {
    expect(synthValue(value)).toEqual(expected);
  });

  test('tokens synthesize as references, alone and nested', () => {
    const stack = newStack();
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    const count = new TerraformVariable(stack, 'count', { type: 'number' });
    const other = new Variable(stack, 'Base', { variableName: 'base', value: VariableValue.fromString('b') });
    new Variable(stack, 'Str', { variableName: 'str', value: VariableValue.fromString(region.stringValue) });
    new Variable(stack, 'Num', { variableName: 'num', value: VariableValue.fromNumber(count.numberValue) });
    new Variable(stack, 'Any', { variableName: 'any', value: VariableValue.of(Token.asAny(other.resource.value)) });
    new Variable(stack, 'Obj', { variableName: 'obj', value: VariableValue.fromObject({ region: region.stringValue, id: other.variableId }) });
    const vars = Object.values(resourcesOf(synthJson(stack), 'prefect_variable')) as any[];
    const byName = Object.fromEntries(vars.map((v) => [v.name, v.value]));
    expect(byName.str).toBe('${var.region}');
    expect(byName.num).toBe('${var.count}');
    expect(byName.any).toMatch(/^\$\{prefect_variable\.\w+\.value\}$/);
    expect(byName.obj).toEqual({ region: '${var.region}', id: expect.stringMatching(/^\$\{prefect_variable\.\w+\.id\}$/) });
  });

  test('snapshot', () => {
    const stack = newStack();
    new Variable(stack, 'Regions', { variableName: 'regions', value: VariableValue.fromList(['eu-west-1', 'us-east-1']), tags: ['infra'] });
    new Variable(stack, 'Retries', { variableName: 'retries', value: VariableValue.fromNumber(3) });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  test('a value of exactly 5000 bytes is accepted', () => {
    const stack = newStack();
    new Variable(stack, 'Big', { variableName: 'big', value: VariableValue.fromString('x'.repeat(4998)) });
    expect(onlyResource(synthJson(stack), 'prefect_variable').value).toHaveLength(4998);
  });
});

describe('Variable.fromVariableName', () => {
  test('looks the variable up with the data source', () => {
    const stack = newStack();
    const v = Variable.fromVariableName(stack, 'Imported', 'shared_config');
    const json = synthJson(stack);
    const lookups = Object.entries(json.data.prefect_variable) as [string, any][];
    expect(lookups).toHaveLength(1);
    expect(lookups[0][1]).toEqual({ name: 'shared_config' });
    expect(resolveTokens(stack, v.variableId)).toBe(`\${data.prefect_variable.${lookups[0][0]}.id}`);
    expect(v.variableName).toBe('shared_config');
    expect(v.templateReference).toBe('{{ prefect.variables.shared_config }}');
    expect(json.resource?.prefect_variable).toBeUndefined();
  });
});
