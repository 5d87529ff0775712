// Uniqueness of names within one stack (Prefect identifies deployments by flow + name, and
// schedules by slug within a deployment), checked when the second one is constructed.
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail } from '../../core';

const claims = new WeakMap<IConstruct, Map<string, string>>();

function stackOf(scope: IConstruct): IConstruct {
  try {
    return TerraformStack.of(scope);
  } catch {
    return scope.node.root;
  }
}

/**
 * Claims `key` for `owner` in its stack; fails, naming the first owner's path, when another
 * construct already holds it.
 */
export function claimUnique(owner: IConstruct, key: string, message: (firstPath: string) => string): void {
  const stack = stackOf(owner);
  let taken = claims.get(stack);
  if (!taken) {
    taken = new Map();
    claims.set(stack, taken);
  }
  const first = taken.get(key);
  if (first !== undefined && first !== owner.node.path) fail(owner, message(first));
  taken.set(key, owner.node.path);
}
