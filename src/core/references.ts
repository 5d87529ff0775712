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
  /**
   * How to make one, e.g. `Block.fromBlockName(this, "Token", BlockType.SECRET, "github-token")`;
   * a function gets the string that was given instead, if any (often the object's name).
   */
  readonly example: string | ((given: string | undefined) => string);
  /**
   * Whether the slot is where a secret goes by reference (a block of credentials): a string
   * given there is always shown masked, and the message says where the secret goes.
   * @default false
   */
  readonly holdsSecret?: boolean;
}

/**
 * Fails unless `value` (when given) is an object with every attribute of `kind`. A string is
 * shown as it is, unless it looks like a credential or the slot holds secrets: then masked.
 * @param what the prop as the user writes it, e.g. "workPool" or "git_clone accessToken"
 * @param alternative another way to fix it, e.g. `or give the pool's name as workPoolName`
 */
export function checkReference(scope: IConstruct, what: string, value: unknown, kind: ReferenceKind, alternative?: string): void {
  if (value === undefined) return;
  if (value !== null && typeof value === 'object' && kind.attributes.every((a) => a in (value as object))) return;
  const given = typeof value === 'string' ? value : undefined;
  let shown: string;
  if (given !== undefined) {
    const credential = findCredential(given);
    const hidden = credential ? credential.redacted : kind.holdsSecret ? mask(given, Math.min(4, Math.floor(given.length / 2))) : undefined;
    shown = `${hidden === undefined ? show(given) : `"${hidden}"`} (a string${credential ? ` that looks like ${credential.what}` : ''})`;
  } else {
    // in a slot for secrets, an object is likely the credentials themselves: show its shape only
    const masked = kind.holdsSecret ? maskStrings(value) : value;
    shown = `${show(masked)} (${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object without ' + kind.attributes.filter((a) => !(a in (value as object))).join(', ') : `a ${typeof value}`})`;
  }
  // a name that looks like a credential is not repeated in the example
  const safe = given !== undefined && !kind.holdsSecret && !findCredential(given) ? given : undefined;
  const example = typeof kind.example === 'string' ? kind.example : kind.example(safe);
  const secret = kind.holdsSecret ? '; a secret goes in by reference to a block that holds it, never as a literal' : '';
  fail(scope, `invalid ${what} ${shown}: it must be ${kind.name}, e.g. ${example}${alternative ? `, ${alternative}` : ''}${secret}`);
}

/** A copy of a value with every string replaced by `****`. */
function maskStrings(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'string' ? '****' : v)) ?? 'null');
  } catch {
    return '****';
  }
}
