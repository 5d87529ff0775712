import { toJsonAttribute } from './json';

/**
 * Serializes values for a provider's JSON-string attributes, the way every construct of this
 * library does: a literal with `JSON.stringify` and its keys sorted (the plan does not change
 * when key order does), anything that holds a token through Terraform's `jsonencode` (the
 * references resolve at apply time). Cloud packages and L1 users share it.
 */
export class JsonString {
  /**
   * The JSON text of `value`, or a `jsonencode(...)` expression when it holds tokens.
   * @param value an object, array or scalar
   */
  public static of(value: any): string {
    return toJsonAttribute(value);
  }

  private constructor() {}
}
