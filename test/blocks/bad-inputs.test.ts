import { TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Block, BlockSecretValue, BlockType } from '../../src/blocks';
import { GlobalConcurrencyLimit, TaskRunConcurrencyLimit } from '../../src/concurrency';
import { Variable, VariableValue } from '../../src/variables';
import { synthError } from '../support/synth';

type Case = [string, (scope: Construct) => void, string, string];

const plainVariable = (scope: Construct) => new TerraformVariable(scope, 'plain', { type: 'string' });

// [what, build, construct path, bad value as shown in the message]
const cases: Case[] = [
  // Variable
  ['variable name with a dash', (s) => new Variable(s, 'V', { variableName: 'my-var', value: VariableValue.fromString('x') }), 'Stack/V', '"my-var"'],
  ['variable name with capitals', (s) => new Variable(s, 'V', { variableName: 'MyVar', value: VariableValue.fromNumber(1) }), 'Stack/V', '"MyVar"'],
  ['empty variable name', (s) => new Variable(s, 'V', { variableName: '', value: VariableValue.fromNumber(1) }), 'Stack/V', 'must not be empty'],
  ['variable name over 255 characters', (s) => new Variable(s, 'V', { variableName: 'a'.repeat(256), value: VariableValue.fromNumber(1) }), 'Stack/V', '256 characters'],
  ['variable value over 5000 bytes', (s) => new Variable(s, 'V', { variableName: 'big', value: VariableValue.fromString('é'.repeat(2500)) }), 'Stack/V', '5002 bytes'],
  ['variable value NaN', (s) => new Variable(s, 'V', { variableName: 'n', value: VariableValue.fromNumber(NaN) }), 'Stack/V', 'holds NaN'],
  ['variable value Infinity in a list', (s) => new Variable(s, 'V', { variableName: 'n', value: VariableValue.fromList([1, Infinity]) }), 'Stack/V', 'holds Infinity'],
  ['variable value holding a function', (s) => new Variable(s, 'V', { variableName: 'n', value: VariableValue.fromObject({ f: () => 1 }) }), 'Stack/V', 'holds a function'],
  ['variable value null', (s) => new Variable(s, 'V', { variableName: 'n', value: VariableValue.of(null) }), 'Stack/V', 'null'],
  ['empty variable tag', (s) => new Variable(s, 'V', { variableName: 'n', value: VariableValue.fromNumber(1), tags: ['ok', ' '] }), 'Stack/V', '" "'],
  ['duplicate variable tag', (s) => new Variable(s, 'V', { variableName: 'n', value: VariableValue.fromNumber(1), tags: ['a', 'a'] }), 'Stack/V', '"a"'],
  ['imported variable with a bad name', (s) => Variable.fromVariableName(s, 'Imp', 'Bad Name'), 'Stack/Imp', '"Bad Name"'],
  // Block
  ['block name with capitals', (s) => new Block(s, 'B', { blockName: 'MyBlock', blockType: BlockType.custom('json'), data: { value: 1 } }), 'Stack/B', '"MyBlock"'],
  ['block name with a banned character', (s) => new Block(s, 'B', { blockName: 'a/b', blockType: BlockType.custom('json'), data: { value: 1 } }), 'Stack/B', '"a/b"'],
  ['block type slug with underscores', (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.custom('My_Type') }), 'Stack/B', '"My_Type"'],
  ['literal secret in data', (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.SECRET, data: { value: 'pa55' } }), 'Stack/B', '"value"'],
  ['literal GitHub token in data', (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.GITHUB_CREDENTIALS, data: { token: 'ghp_x' } }), 'Stack/B', '"token"'],
  ['literal secret through fromToken', (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.SECRET, secretData: { value: BlockSecretValue.fromToken('pa55') } }), 'Stack/B', '"value"'],
  ['non-sensitive variable through fromVariable', (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.SECRET, secretData: { value: BlockSecretValue.fromVariable(plainVariable(s)) } }), 'Stack/B', '"Stack/plain"'],
  ['field in data and secretData', (s) => new Block(s, 'B', {
    blockName: 'b', blockType: BlockType.custom('x'), data: { key: 'k' },
    secretData: { key: BlockSecretValue.fromToken(new TerraformVariable(s, 'k', { sensitive: true }).stringValue) },
  }), 'Stack/B', '"key"'],
  ['missing required field', (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.SECRET }), 'Stack/B', '"value"'],
  ['block data as a list', (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.custom('x'), data: ['a'] as any }), 'Stack/B', '["a"]'],
  ['secretDataVersion without secretData', (s) => new Block(s, 'B', { blockName: 'b', blockType: BlockType.custom('json'), data: { value: 1 }, secretDataVersion: 2 }), 'Stack/B', 'secretDataVersion 2'],
  ['secretDataVersion 0', (s) => new Block(s, 'B', {
    blockName: 'b', blockType: BlockType.SECRET, secretDataVersion: 0,
    secretData: { value: BlockSecretValue.fromVariable(new TerraformVariable(s, 'pw', { sensitive: true })) },
  }), 'Stack/B', 'secretDataVersion 0'],
  ['whole-reference data together with secretData', (s) => new Block(s, 'B', {
    blockName: 'b', blockType: BlockType.custom('x'), data: Token.asAny(new TerraformVariable(s, 'd', {}).value),
    secretData: { k: BlockSecretValue.fromVariable(new TerraformVariable(s, 'pw', { sensitive: true })) },
  }), 'Stack/B', 'single reference'],
  ['imported block with a bad name', (s) => Block.fromBlockName(s, 'Imp', BlockType.SECRET, 'Bad_Name'), 'Stack/Imp', '"Bad_Name"'],
  // GlobalConcurrencyLimit
  ['negative global limit', (s) => new GlobalConcurrencyLimit(s, 'G', { globalConcurrencyLimitName: 'g', limit: -1 }), 'Stack/G', 'limit -1'],
  ['fractional global limit', (s) => new GlobalConcurrencyLimit(s, 'G', { globalConcurrencyLimitName: 'g', limit: 2.5 }), 'Stack/G', 'limit 2.5'],
  ['negative activeSlots', (s) => new GlobalConcurrencyLimit(s, 'G', { globalConcurrencyLimitName: 'g', limit: 2, activeSlots: -3 }), 'Stack/G', 'activeSlots -3'],
  ['negative slotDecayPerSecond', (s) => new GlobalConcurrencyLimit(s, 'G', { globalConcurrencyLimitName: 'g', limit: 2, slotDecayPerSecond: -0.5 }), 'Stack/G', 'slotDecayPerSecond -0.5'],
  ['global limit name with a banned character', (s) => new GlobalConcurrencyLimit(s, 'G', { globalConcurrencyLimitName: 'a&b', limit: 1 }), 'Stack/G', '"a&b"'],
  ['empty global limit name', (s) => new GlobalConcurrencyLimit(s, 'G', { globalConcurrencyLimitName: ' ', limit: 1 }), 'Stack/G', 'must not be empty'],
  ['imported global limit with a bad name', (s) => GlobalConcurrencyLimit.fromGlobalConcurrencyLimitName(s, 'Imp', 'x<y'), 'Stack/Imp', '"x<y"'],
  // TaskRunConcurrencyLimit
  ['empty task tag', (s) => new TaskRunConcurrencyLimit(s, 'T', { tag: '', concurrencyLimit: 1 }), 'Stack/T', '""'],
  ['negative task run limit', (s) => new TaskRunConcurrencyLimit(s, 'T', { tag: 't', concurrencyLimit: -2 }), 'Stack/T', 'concurrencyLimit -2'],
  ['fractional task run limit', (s) => new TaskRunConcurrencyLimit(s, 'T', { tag: 't', concurrencyLimit: 1.5 }), 'Stack/T', 'concurrencyLimit 1.5'],
];

// literal secrets are never echoed back: their rows name the field instead of the value
describe('bad inputs are refused at construction with the path and the bad value', () => {
  it.each(cases)('%s', (_what, build, path, shown) => {
    const message = synthError(build);
    expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message).toContain(shown);
    expect(message).not.toMatch(/pa55|ghp_x/);
  });
});
