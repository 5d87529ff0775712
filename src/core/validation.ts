import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/**
 * Throws a synth-time `ValidationError` that names the construct path, the bad value and the fix.
 *
 * Messages are lowercase and end without a period, e.g.
 * `MyStack/Etl: invalid cron expression "61 * * * *": minute 61 is outside 0-59`.
 *
 * @internal
 */
export function fail(scope: IConstruct, message: string): never {
  throw new ValidationError(scope, message);
}

/**
 * Renders a value for an error message: strings quoted, everything else as JSON.
 * @internal
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s;
  } catch {
    return String(value);
  }
}

/**
 * True when the value, or anything inside it, is a cdktf token (a reference resolved at
 * synth or apply time). A token is never validated as if it were a literal.
 * @internal
 */
export function containsToken(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Token.isUnresolved(value)) return true;
  if (Array.isArray(value)) return value.some(containsToken);
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
      // class instances (e.g. IResolvable implementations) are treated as tokens
      return true;
    }
    return Object.entries(value as Record<string, unknown>).some(([k, v]) => Token.isUnresolved(k) || containsToken(v));
  }
  return false;
}

/** True when the value is a literal that can be checked now. @internal */
export function isLiteral(value: unknown): boolean {
  return value !== undefined && !containsToken(value);
}

/**
 * Checks a name against Prefect's rules for object names: not empty, and none of the
 * characters Prefect rejects in names (`/`, `%`, `&`, `>`, `<`).
 * @internal
 */
export function validateName(scope: IConstruct, kind: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  if (name.trim().length === 0) {
    fail(scope, `${kind} name must not be empty: give it a name such as "etl-nightly"`);
  }
  const bad = name.match(/[/%&><]/g);
  if (bad) {
    fail(scope, `invalid ${kind} name ${show(name)}: Prefect rejects the characters ${[...new Set(bad)].map((c) => `"${c}"`).join(', ')} in names; use letters, digits, "-", "_", "." or spaces`);
  }
}

/**
 * Checks that an optional whole number is at least `min` (when it is a literal).
 * @internal
 */
export function validateInteger(scope: IConstruct, what: string, value: number | undefined, min: number, max?: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
    fail(scope, `invalid ${what} ${show(value)}: it must be ${range}`);
  }
}
