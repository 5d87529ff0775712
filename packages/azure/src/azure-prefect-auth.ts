/**
 * How a Prefect worker on Azure (and the flow runs it starts) authenticates to the Prefect API.
 *
 * Prefect Cloud takes an API key; a self-hosted server takes nothing or a basic-auth string
 * (`user:password`). The Key Vault choices keep the secret out of the configuration and out of
 * the Terraform state: the container reads it from Key Vault with its managed identity each
 * time it starts.
 */
export class AzurePrefectAuth {
  /**
   * An API key kept in a Key Vault secret (preferred). The worker reads the secret at start-up
   * with its managed identity, so the key is never in `cdk.tf.json` nor in the state; the
   * identity is granted `getSecret` on that one secret. The vault must use Azure RBAC
   * (`enable_rbac_authorization`), not access policies.
   *
   * @param keyVaultId the vault's ARM resource ID
   * @param secretName the secret's name; its value is the bare key (`pnu_...`)
   */
  public static apiKeyFromKeyVault(keyVaultId: string, secretName: string): AzurePrefectAuth {
    return new AzurePrefectAuth('api-key-vault', keyVaultId, secretName);
  }

  /**
   * For a self-hosted server with basic auth: a Key Vault secret whose value is `user:password`,
   * read at start-up as for `apiKeyFromKeyVault`.
   *
   * @param keyVaultId the vault's ARM resource ID
   * @param secretName the secret's name
   */
  public static basicAuthFromKeyVault(keyVaultId: string, secretName: string): AzurePrefectAuth {
    return new AzurePrefectAuth('basic-auth-vault', keyVaultId, secretName);
  }

  /**
   * An API key given as a value, passed as a secure environment variable of the container group
   * (hidden in the Azure portal and API, but in the Terraform state, as Prefect's module does).
   * Pass a sensitive reference, never a literal; prefer `apiKeyFromKeyVault`.
   *
   * @param apiKey the key, as a sensitive reference
   */
  public static apiKey(apiKey: string): AzurePrefectAuth {
    return new AzurePrefectAuth('api-key-value', apiKey);
  }

  /** For a self-hosted server without authentication. */
  public static none(): AzurePrefectAuth {
    return new AzurePrefectAuth('none', '');
  }

  /** @internal */
  public readonly _kind: string;
  /** @internal */
  public readonly _value: string;
  /** @internal */
  public readonly _secretName?: string;

  private constructor(kind: string, value: string, secretName?: string) {
    this._kind = kind;
    this._value = value;
    this._secretName = secretName;
  }

  /** True for the API-key choices (what Prefect Cloud needs). */
  public get isApiKey(): boolean {
    return this._kind === 'api-key-vault' || this._kind === 'api-key-value';
  }

  /** True when the secret is read from Key Vault at start-up. */
  public get fromKeyVault(): boolean {
    return this._kind === 'api-key-vault' || this._kind === 'basic-auth-vault';
  }
}
