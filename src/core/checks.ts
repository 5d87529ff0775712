import { IConstruct } from 'constructs';
import { refuseCredentialsInProps } from './credentials';
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
   * Refuses literal credentials in props that reach the configuration (names, tags, images,
   * environment variables, commands, ...), as every construct of this library does for its
   * own resources. At synth (when validations run), a string in one of `props` that looks like
   * a credential (a GitHub, GitLab or Slack token, a Slack webhook URL, an AWS access key ID or
   * secret access key, a private key, a Prefect API key) fails with `scope`'s path, the prop and
   * the value masked, e.g.
   * `MyStack/Worker: tags.Owner holds what looks like a GitHub token, ghp_**** (40 characters), as a literal that would be written in plain text to cdk.tf.json and the Terraform state; <fix>`.
   *
   * Values may be strings, lists and maps at any depth. Tokens are resolved to what they
   * synthesize to, so a literal inside `Fn.join(...)` is seen and a reference such as
   * `${var.token}` never matches. Constructs inside the props are skipped (they check their own
   * configuration).
   *
   * @param scope the construct whose props they are
   * @param props prop name (as the user writes it) → value, e.g. `{ tags: props.tags, image: props.image }`, or the whole props object
   * @param fix what to do instead, for the message; by default "keep secrets out of the configuration: store it in a secret block and pass the block (Block.reference / templateReference), or feed it from a sensitive TerraformVariable"
   */
  public static refuseCredentials(scope: IConstruct, props: { [prop: string]: any }, fix?: string): void {
    refuseCredentialsInProps(scope, props, fix);
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
