import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';

/** A stack with a Prefect provider pointed at a local server, as users configure it. */
export function newStack(configure?: (stack: TerraformStack) => void): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'Stack');
  new PrefectProvider(stack, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
  configure?.(stack);
  return stack;
}

/** Synthesizes a stack and returns the parsed Terraform JSON. */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** All resources of one Terraform type in a synthesized stack, keyed by logical ID. */
export function resourcesOf(json: any, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** The one resource of a type, failing when there is not exactly one. */
export function onlyResource(json: any, type: string): any {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** Runs `fn` on a fresh stack (from `makeStack`) and returns the error it throws (or fails the test). */
export function synthError(fn: (scope: Construct) => void, makeStack: () => TerraformStack = newStack): string {
  const stack = makeStack();
  try {
    fn(stack);
    Testing.synth(stack, true);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but synth succeeded');
}

/**
 * A resource without its `lifecycle` block, after checking that the block holds only
 * `replace_triggered_by` entries, the library's replacement triggers (docs/upgrade-safety.md).
 */
export function withoutTrigger(resource: any): any {
  const { lifecycle, ...rest } = resource;
  expect(Object.keys(lifecycle)).toEqual(['replace_triggered_by']);
  expect(lifecycle.replace_triggered_by.length).toBeGreaterThan(0);
  for (const trigger of lifecycle.replace_triggered_by) expect(trigger).toMatch(/^terraform_data\.[\w]+_Replace\w+_[0-9A-F]{8}$/);
  return rest;
}
