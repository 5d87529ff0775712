// Checks, at run time, that a prop typed as a reference interface really holds such an object:
// TypeScript's types vanish in JavaScript, and a wrong value would otherwise be dropped without a
// word (a string has no `blockId`) or fail later without the prop's name.
import { IConstruct } from 'constructs';
import { findCredential, mask } from './credentials';
import { fail, show } from './validation';

/** What a reference interface looks like, for `checkReference`. */
export interface ReferenceKind {
  /** e.g. "a block (IBlock)" */
  readonly name: string;
  /** attributes every such object has, e.g. ["blockId", "templateReference"] */
  readonly attributes: string[];
  /** how to make one, e.g. `Block.fromBlockName(this, "Token", BlockType.SECRET, "github-token")` */
  readonly example: string;
}

/**
 * Fails unless `value` (when given) is an object with every attribute of `kind`. A string is
 * shown masked, since a slot for a reference is often where a secret was meant to go by reference.
 */
export function checkReference(scope: IConstruct, what: string, value: unknown, kind: ReferenceKind): void {
  if (value === undefined) return;
  if (value !== null && typeof value === 'object' && kind.attributes.every((a) => a in (value as object))) return;
  let shown: string;
  if (typeof value === 'string') {
    const credential = findCredential(value);
    shown = `"${credential ? credential.redacted : mask(value, Math.min(4, Math.floor(value.length / 2)))}" (a string${credential ? ` that looks like ${credential.what}` : ''})`;
  } else {
    shown = `${show(value)} (${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object without ' + kind.attributes.filter((a) => !(a in (value as object))).join(', ') : `a ${typeof value}`})`;
  }
  fail(scope, `invalid ${what} ${shown}: it must be ${kind.name}, e.g. ${kind.example}; a secret goes in by reference to a block that holds it, never as a literal`);
}
