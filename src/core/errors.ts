import { IConstruct } from 'constructs';

// jsii refuses a public class whose base chain holds `Error` (JSII3004 for `extends Error`,
// JSII3001/JSII9002 for a public class over a hidden base that extends it): a jsii type must be
// representable in Python, Java and Go, and JavaScript's `Error` is not. So, as aws-cdk-lib does:
// - `ValidationError` is a real `Error` subclass, exported for TypeScript/JavaScript callers
//   (`instanceof ValidationError`), and `@internal` to jsii, which then leaves it out of the
//   assembly. It extends a module-private base because jsii checks the `extends` clause of every
//   exported class, internal or not, and rejects a direct `extends Error`.
// - `Errors.isValidationError(x)` is the jsii-visible check. It tests a brand (a registered
//   symbol), not the prototype, so it also recognizes errors thrown by another copy of this
//   library in the same process (e.g. one bundled by a cloud package).
// In Python, Java and Go the error arrives as the runtime's own exception type (jsii forwards
// the message): there the message format `<construct path>: <message>` is the contract.

const VALIDATION_ERROR = Symbol.for('cdktf-prefect.ValidationError');

/** The base of this library's errors (not exported: jsii cannot represent `Error`). */
abstract class PrefectConstructError extends Error {
  /** The path of the construct the error is about, e.g. `MyStack/Etl/Nightly`. */
  public readonly constructPath: string;

  protected constructor(scope: IConstruct, message: string) {
    super(`${scope.node.path}: ${message}`);
    this.constructPath = scope.node.path;
  }
}

/**
 * Thrown at synth when a construct's input breaks a rule (of Prefect, of the provider, or of this
 * library): a bad value, a missing or conflicting property. The message is
 * `<construct path>: <what is wrong, the value, the fix>`; a plain `Error` is a bug.
 *
 * TypeScript and JavaScript: `e instanceof ValidationError`, or `Errors.isValidationError(e)`.
 *
 * @internal (to jsii: see the note at the top of this file)
 */
export class ValidationError extends PrefectConstructError {
  /** The message without the construct path. */
  public readonly reason: string;

  constructor(scope: IConstruct, message: string) {
    super(scope, message);
    Object.setPrototypeOf(this, new.target.prototype);
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
    this.name = 'ValidationError';
    this.reason = message;
  }
}

/**
 * Tells this library's errors from other ones.
 */
export class Errors {
  /**
   * Whether `x` is a `ValidationError`: bad input found at synth (the message starts with the
   * construct path), as opposed to a bug.
   * @param x anything caught
   */
  public static isValidationError(x: any): boolean {
    return x !== null && typeof x === 'object' && VALIDATION_ERROR in x;
  }

  private constructor() {}
}
