import { Token } from 'cdktf';

/**
 * The value of a Prefect variable: any JSON value (string, number, boolean, list or object).
 *
 * Prefect stores the value as JSON, so a number stays a number and a list stays a list.
 * Strings, numbers and the contents of lists and objects may be tokens (references to other
 * resources or Terraform variables); they are resolved by Terraform at apply time.
 *
 * @example
 * VariableValue.fromString('eu-west-1');
 * VariableValue.fromNumber(3);
 * VariableValue.fromObject({ retries: 3, regions: ['eu', 'us'] });
 */
export class VariableValue {
  /** A string value, e.g. a bucket name or a URL. */
  public static fromString(value: string): VariableValue {
    return new VariableValue(value);
  }

  /** A number value (whole or decimal). */
  public static fromNumber(value: number): VariableValue {
    return new VariableValue(value);
  }

  /** A boolean value. */
  public static fromBoolean(value: boolean): VariableValue {
    return new VariableValue(value);
  }

  /** A list value; its items may be any JSON values. */
  public static fromList(value: any[]): VariableValue {
    return new VariableValue(value);
  }

  /** An object value; its values may be any JSON values. */
  public static fromObject(value: { [key: string]: any }): VariableValue {
    return new VariableValue(value);
  }

  /**
   * Any JSON value, or a token that resolves to one (for example the `value` of another
   * variable's data source). Prefer the typed factories when the kind is known.
   */
  public static of(value: any): VariableValue {
    return new VariableValue(value);
  }

  /**
   * The value as given (a literal or a token).
   */
  public readonly value: any;

  private constructor(value: any) {
    this.value = value;
  }

  /**
   * The value in the form the generated binding needs. Its `value` slot is typed as a map,
   * and cdktf turns a number, boolean, string or list put there into `{}` or an index map;
   * wrapping it with `Token.asAny` makes cdktf write the value as it is.
   * @internal
   */
  public _forBinding(): any {
    return Token.asAny(this.value);
  }
}
