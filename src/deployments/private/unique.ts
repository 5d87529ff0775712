// Uniqueness of names within one stack (Prefect identifies deployments by flow + name, and
// schedules by slug within a deployment), checked when the second one is constructed.
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail } from '../../core';

const claims = new WeakMap<IConstruct, Map<string, IConstruct>>();

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
  // the owner, not its path: a path is built by walking the tree, and is needed only for the error
  const first = taken.get(key);
  if (first !== undefined && first !== owner && first.node.path !== owner.node.path) fail(owner, message(first.node.path));
  taken.set(key, owner);
}
