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
    return Fn.jsonencode(hclLiterals(value));
  }
  return escapeTemplate(JSON.stringify(sortKeys(value)));
}

/**
 * Terraform reads every string of a JSON configuration as a template: `${...}` interpolates and
 * `%{...}` is a directive. A literal document must keep both as text, so they are doubled.
 * @internal
 */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, '%%{');
}

/**
 * cdktf writes the strings inside `Fn.jsonencode(...)` into an HCL expression as they are,
 * escaping only newlines and `${`: a `"` ends the HCL string early and a `\` starts an escape
 * (the plan then fails, or the JSON is wrong), a `%{` starts a directive, and a `null` in a list
 * is written as nothing (found with `terraform apply` of such documents, test/core/json.test.ts). This escapes the literal parts of every string and key (a token's
 * `${TfToken[...]}` marker has none of these characters) and makes nulls explicit.
 * @internal
 */
export function hclLiterals(value: unknown): unknown {
  // cdktf writes a null as nothing in a list (`[1, , 2]`): an expression that is null instead
  if (value === null) return Fn.jsondecode('null');
  if (typeof value === 'string') return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%\{/g, '%%{');
  if (Array.isArray(value)) {
    // a list token (["#{TfToken[...]}"]) is left as cdktf encoded it
    return Token.isUnresolved(value) ? value : value.map(hclLiterals);
  }
  if (typeof value === 'object' && value !== undefined) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value; // an IResolvable
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[Token.isUnresolved(k) ? k : (hclLiterals(k) as string)] = hclLiterals(v);
    }
    return out;
  }
  return value;
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
