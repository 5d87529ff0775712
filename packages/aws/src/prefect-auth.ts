/**
 * How a worker (and the flow runs it starts) authenticates to the Prefect API.
 *
 * Prefect Cloud takes an API key; a self-hosted server takes nothing or a basic-auth string
 * (`PREFECT_API_AUTH_STRING`, `user:password`). Every choice keeps the secret in AWS Secrets
 * Manager and hands ECS only its ARN, so containers read it at start-up.
 */
export class PrefectAuth {
  /**
   * An API key kept in an existing Secrets Manager secret (preferred: the key never enters
   * Terraform state). The secret's value must be the bare key (`pnu_...`).
   * @param secretArn the secret's ARN
   */
  public static apiKeyFromSecretArn(secretArn: string): PrefectAuth {
    return new PrefectAuth('api-key-secret', secretArn);
  }

  /**
   * An API key given as a value, stored in a new Secrets Manager secret. Pass a sensitive
   * reference (e.g. `new TerraformVariable(this, 'prefect_api_key', { sensitive: true }).stringValue`),
   * never a literal: the key ends up in Terraform state either way, so prefer `apiKeyFromSecretArn`.
   * @param apiKey the key, as a sensitive reference
   */
  public static apiKey(apiKey: string): PrefectAuth {
    return new PrefectAuth('api-key-value', apiKey);
  }

  /**
   * For a self-hosted server with basic auth (`PREFECT_SERVER_API_AUTH_STRING`): an existing
   * Secrets Manager secret whose value is `user:password`.
   * @param secretArn the secret's ARN
   */
  public static basicAuthFromSecretArn(secretArn: string): PrefectAuth {
    return new PrefectAuth('basic-auth-secret', secretArn);
  }

  /** For a self-hosted server without authentication. */
  public static none(): PrefectAuth {
    return new PrefectAuth('none', '');
  }

  /** @internal */
  public readonly _kind: string;
  /** @internal */
  public readonly _value: string;

  private constructor(kind: string, value: string) {
    this._kind = kind;
    this._value = value;
  }

  /** True for the two API-key choices (what Prefect Cloud needs). */
  public get isApiKey(): boolean {
    return this._kind === 'api-key-secret' || this._kind === 'api-key-value';
  }
}
