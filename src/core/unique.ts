// Uniqueness of keys within one stack (a name that must not be used twice), checked when the
// second claimant is constructed, so that the error names both construct paths.
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail } from './validation';

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
