import { IConstruct } from 'constructs';
import { fail, show, validateInteger } from './validation';

/** A whole-number prop to check (`Checks.integer`). */
export interface IntegerCheck {
  /** The prop's name, as the message shows it. */
  readonly name: string;
  /**
   * The value given.
   * @default - nothing to check
   */
  readonly value?: number;
  /** The least value allowed. */
  readonly min: number;
  /**
   * The greatest value allowed.
   * @default - no upper bound
   */
  readonly max?: number;
}

/**
 * The synth-time checks every construct of this library uses, for the cloud packages built on
 * it (cdktf-prefect-aws, ...): each failure is thrown as an error that starts with the
 * construct's path and says the bad value and the fix, e.g.
 * `MyStack/Worker: invalid desiredCount -1: it must be a whole number of at least 0`.
 */
export class Checks {
  /**
   * Fails synth at `scope` with `message` (lowercase, no final period, naming the value and the fix).
   * @param scope the construct whose input is wrong
   * @param message what is wrong and how to fix it
   */
  public static fail(scope: IConstruct, message: string): void {
    fail(scope, message);
  }

  /**
   * Fails unless a literal value is a whole number in the range; tokens and undefined pass.
   * @param scope the construct whose input it is
   * @param check the prop, its value and the range
   */
  public static integer(scope: IConstruct, check: IntegerCheck): void {
    validateInteger(scope, check.name, check.value, check.min, check.max);
  }

  /**
   * A value as error messages show it: a string quoted, anything else as JSON.
   * @param value the value
   */
  public static show(value: any): string {
    return show(value);
  }

  private constructor() {}
}
