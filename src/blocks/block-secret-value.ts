import { Fn, TerraformVariable } from 'cdktf';

/**
 * Options for `BlockSecretValue.fromVariable` and `BlockSecretValue.fromJsonVariable`.
 */
export interface BlockSecretValueOptions {
  /**
   * Mark the Terraform variable `ephemeral` (Terraform 1.11 or later), so that its value is
   * kept out of the plan and the state as well as out of `cdk.tf.json`.
   *
   * An ephemeral variable can only be used where Terraform allows ephemeral values (write-only
   * attributes such as a block's data, provider settings, locals). Turn this off when the same
   * variable also feeds an ordinary attribute.
   * @default true
   */
  readonly ephemeral?: boolean;
}

/**
 * A secret field of a block's data, given by reference, never as a literal.
 *
 * Secret fields are written to the provider's write-only `data_wo` attribute, so Terraform
 * keeps them out of its state (Terraform 1.11 or later). The synthesized JSON holds only the
 * reference, e.g. `${var.github_token}`.
 *
 * @example
 * const token = new TerraformVariable(this, 'github_token', { type: 'string', sensitive: true });
 * new Block(this, 'GitHub', {
 *   blockName: 'github',
 *   blockType: BlockType.GITHUB_CREDENTIALS,
 *   secretData: { token: BlockSecretValue.fromVariable(token) },
 * });
 */
export class BlockSecretValue {
  /**
   * The value of a sensitive Terraform variable (declared with `sensitive: true`), used as it is.
   */
  public static fromVariable(variable: TerraformVariable, options: BlockSecretValueOptions = {}): BlockSecretValue {
    return new BlockSecretValue(variable.stringValue, variable, options.ephemeral ?? true);
  }

  /**
   * The value of a sensitive Terraform variable that holds JSON text (e.g. a GCP service
   * account key), decoded with Terraform's `jsondecode` so that the field holds an object.
   */
  public static fromJsonVariable(variable: TerraformVariable, options: BlockSecretValueOptions = {}): BlockSecretValue {
    return new BlockSecretValue(Fn.jsondecode(variable.stringValue), variable, options.ephemeral ?? true);
  }

  /**
   * Any reference that resolves to the secret at apply time, e.g. the `secret_string` of an
   * AWS Secrets Manager secret version data source, or a `random_password`'s `result`.
   * A literal string is refused.
   */
  public static fromToken(token: string): BlockSecretValue {
    return new BlockSecretValue(token, undefined, false);
  }

  /** @internal */
  public readonly _value: any;
  /** @internal */
  public readonly _variable?: TerraformVariable;
  /** @internal */
  public readonly _ephemeral: boolean;

  private constructor(value: any, variable: TerraformVariable | undefined, ephemeral: boolean) {
    this._value = value;
    this._variable = variable;
    this._ephemeral = ephemeral;
  }
}
