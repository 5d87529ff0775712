/**
 * How a Prefect worker on Google Cloud (and the flow runs it starts) authenticates to the Prefect
 * API.
 *
 * Prefect Cloud takes an API key; a self-hosted server takes nothing or a basic-auth string
 * (`user:password`). Both secrets stay in Secret Manager: Cloud Run reads them by reference when a
 * container starts, so they are never in `cdk.tf.json` nor in the Terraform state.
 */
export class GcpPrefectAuth {
  /**
   * An API key kept in a Secret Manager secret. The worker's service and every flow-run job read
   * it by reference (`PREFECT_API_KEY`); the worker's and the flow runs' service accounts are
   * granted `roles/secretmanager.secretAccessor` on that one secret.
   *
   * @param secretId the secret's name in the worker's project, or its ID "projects/<project>/secrets/<name>"
   * @param version the version to read
   */
  public static apiKeyFromSecretManager(secretId: string, version: string = 'latest'): GcpPrefectAuth {
    return new GcpPrefectAuth('api-key', secretId, version);
  }

  /**
   * For a self-hosted server with basic auth: a Secret Manager secret whose value is
   * `user:password` (`PREFECT_API_AUTH_STRING`), read as for `apiKeyFromSecretManager`.
   *
   * @param secretId the secret's name in the worker's project, or its ID "projects/<project>/secrets/<name>"
   * @param version the version to read
   */
  public static authStringFromSecretManager(secretId: string, version: string = 'latest'): GcpPrefectAuth {
    return new GcpPrefectAuth('auth-string', secretId, version);
  }

  /** For a self-hosted server without authentication. */
  public static none(): GcpPrefectAuth {
    return new GcpPrefectAuth('none');
  }

  /** @internal */
  public readonly _kind: string;
  /** @internal */
  public readonly _secretId?: string;
  /** @internal */
  public readonly _version?: string;

  private constructor(kind: string, secretId?: string, version?: string) {
    this._kind = kind;
    this._secretId = secretId;
    this._version = version;
  }

  /** True for the API key (what Prefect Cloud needs). */
  public get isApiKey(): boolean {
    return this._kind === 'api-key';
  }
}
