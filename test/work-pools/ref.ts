import { TerraformOutput, TerraformStack } from 'cdktf';
import { synthJson } from '../support/synth';

let counter = 0;

/** What a (token) value synthesizes to, read back through a test-only output. */
export function synthValue(stack: TerraformStack, value: unknown): unknown {
  const id = `probe${counter++}`;
  new TerraformOutput(stack, id, { value });
  return synthJson(stack).output[id].value;
}
