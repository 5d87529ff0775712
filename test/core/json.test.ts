import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { toJsonAttribute } from '../../src/core';
import { testUnless } from '../support/skip';

// Strings that Terraform or HCL read specially: quotes, backslashes, template sequences, newlines.
const TRICKY = {
  'quote"key': 'say "hi"',
  'path': 'C:\\flows\\new',
  'shell': 'echo ${HOME} %{ if x }',
  'lines': 'a\nb\tc',
  'list': ['x"y', 'back\\', null, 1, true, { deep: '\\"' }],
  'none': null,
};

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0 ? undefined : 'terraform is not on the PATH';

/** Applies a stack with only outputs (no provider) and returns the outputs' values. */
function applyOutputs(stack: TerraformStack): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'json-attr-'));
  try {
    writeFileSync(join(dir, 'main.tf.json'), Testing.synth(stack));
    const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    execFileSync('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env, stdio: 'pipe' });
    execFileSync('terraform', ['apply', '-auto-approve', '-input=false', '-no-color', '-var', 'v=from "var" \\ ${x}'], { cwd: dir, env, stdio: 'pipe' });
    const out = JSON.parse(execFileSync('terraform', ['output', '-json'], { cwd: dir, env, encoding: 'utf8' }));
    return Object.fromEntries(Object.entries<any>(out).map(([k, v]) => [k, v.value]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('toJsonAttribute', () => {
  it('escapes the characters HCL reads specially inside jsonencode, and writes nulls', () => {
    const stack = new TerraformStack(Testing.app(), 'S');
    const v = new TerraformVariable(stack, 'v', { type: 'string' });
    const attr = toJsonAttribute({ ...TRICKY, token: v.stringValue, mixed: `pre "${v.stringValue}" \\` });
    expect(attr).toMatch(/TfToken/);
    new TerraformOutput(stack, 'o', { value: attr });
    const synth = Testing.synth(stack);
    expect(synth).toContain('quote\\\\\\"key');
    expect(synth).toContain('jsonencode(');
    expect(synth).not.toMatch(/, ,|\[ *,/);
  });

  it('keeps ${ and %{ as text in a literal document', () => {
    const text = toJsonAttribute(TRICKY);
    expect(text).toContain('$${HOME} %%{ if x }');
    expect(text).not.toContain('jsonencode');
  });

  testUnless(terraform)('Terraform reads back exactly the document, literal or with a token', () => {
    const stack = new TerraformStack(Testing.app(), 'S');
    const v = new TerraformVariable(stack, 'v', { type: 'string' });
    new TerraformOutput(stack, 'literal', { value: toJsonAttribute(TRICKY) });
    new TerraformOutput(stack, 'tokens', { value: toJsonAttribute({ ...TRICKY, token: v.stringValue, mixed: `pre "${v.stringValue}" \\` }) });
    const out = applyOutputs(stack);
    expect(JSON.parse(out.literal)).toEqual(TRICKY);
    const value = 'from "var" \\ ${x}';
    expect(JSON.parse(out.tokens)).toEqual({ ...TRICKY, token: value, mixed: `pre "${value}" \\` });
  }, 60_000);
});
