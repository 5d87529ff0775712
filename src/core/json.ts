import { Fn, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { containsToken, fail, show } from './validation';

/**
 * Serializes an object for one of the provider's JSON-string attributes
 * (parameters, job_variables, base_job_template, match, block data, ...).
 *
 * - a literal is written with `JSON.stringify` and its keys sorted, so the
 *   synthesized JSON (and so the plan) does not change when key order does;
 * - anything that holds a token goes through Terraform's `jsonencode`, so that
 *   references resolve at apply time instead of being frozen as token strings.
 *
 * @internal
 */
export function toJsonAttribute(value: unknown): string {
  if (containsToken(value)) {
    return Fn.jsonencode(value);
  }
  return JSON.stringify(sortKeys(value));
}

/** @internal */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Parameters, job variables and schemas must be JSON objects (the provider parses them so). */
export function checkObject(scope: IConstruct, what: string, value: unknown): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(scope, `invalid ${what} ${show(value)}: it must be a JSON object such as { "key": "value" }`);
  }
}

/** The provider's JSON-string form of an optional object. */
export function jsonOrUndefined(value: { [key: string]: any } | undefined): string | undefined {
  return value === undefined ? undefined : toJsonAttribute(value);
}
