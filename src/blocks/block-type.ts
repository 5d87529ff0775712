/**
 * Options for a block type that this library does not list (`BlockType.custom`).
 */
export interface BlockTypeOptions {
  /**
   * Top-level data fields that hold secrets. A literal value for one of them in `data` is
   * refused; give it through `secretData` instead.
   * @default - no field is known to be secret
   */
  readonly secretFields?: string[];

  /**
   * Top-level data fields the block type requires.
   * @default - no field is required
   */
  readonly requiredFields?: string[];
}

/**
 * The type of a Prefect block, named by its slug (`prefect block type ls` lists the slugs
 * registered on a server; collection block types such as `aws-credentials` exist once the
 * collection is installed and registered).
 *
 * Each known type carries the data fields that hold secrets, so that `Block` can refuse
 * them as literals.
 */
export class BlockType {
  /** `secret`: one secret string or JSON value (`value`). */
  public static readonly SECRET = new BlockType('secret', ['value'], ['value']);
  /** `slack-webhook`: a Slack incoming webhook; its `url` is secret. */
  public static readonly SLACK_WEBHOOK = new BlockType('slack-webhook', ['url'], ['url']);
  /** `ms-teams-webhook`: a Microsoft Teams incoming webhook; its `url` is secret. */
  public static readonly MICROSOFT_TEAMS_WEBHOOK = new BlockType('ms-teams-webhook', ['url'], ['url']);
  /** `local-file-system`: a directory on the worker's machine (`basepath`). */
  public static readonly LOCAL_FILE_SYSTEM = new BlockType('local-file-system', [], []);
  /** `github-credentials` (prefect-github): a GitHub `token` (secret). */
  public static readonly GITHUB_CREDENTIALS = new BlockType('github-credentials', ['token'], []);
  /** `gitlab-credentials` (prefect-gitlab): a GitLab `token` (secret). */
  public static readonly GITLAB_CREDENTIALS = new BlockType('gitlab-credentials', ['token'], []);
  /** `bitbucket-credentials` (prefect-bitbucket): a `token` or `password` (secret). */
  public static readonly BITBUCKET_CREDENTIALS = new BlockType('bitbucket-credentials', ['token', 'password'], []);
  /** `aws-credentials` (prefect-aws): `aws_secret_access_key` and `aws_session_token` are secret. */
  public static readonly AWS_CREDENTIALS = new BlockType('aws-credentials', ['aws_secret_access_key', 'aws_session_token'], []);
  /** `minio-credentials` (prefect-aws): `minio_root_password` is secret. */
  public static readonly MINIO_CREDENTIALS = new BlockType('minio-credentials', ['minio_root_password'], ['minio_root_user', 'minio_root_password']);
  /** `s3-bucket` (prefect-aws): a bucket, usually with a `credentials` block reference. */
  public static readonly S3_BUCKET = new BlockType('s3-bucket', [], ['bucket_name']);
  /** `gcp-credentials` (prefect-gcp): `service_account_info` (a JSON key) is secret. */
  public static readonly GCP_CREDENTIALS = new BlockType('gcp-credentials', ['service_account_info'], []);
  /** `gcs-bucket` (prefect-gcp): a bucket, usually with a `gcp_credentials` block reference. */
  public static readonly GCS_BUCKET = new BlockType('gcs-bucket', [], ['bucket']);
  /** `azure-blob-storage-credentials` (prefect-azure): `connection_string` is secret. */
  public static readonly AZURE_BLOB_STORAGE_CREDENTIALS = new BlockType('azure-blob-storage-credentials', ['connection_string'], []);
  /** `azure-container-instance-credentials` (prefect-azure): `client_secret` is secret. */
  public static readonly AZURE_CONTAINER_INSTANCE_CREDENTIALS = new BlockType('azure-container-instance-credentials', ['client_secret'], []);
  /** `docker-registry-credentials` (prefect-docker): `password` is secret. */
  public static readonly DOCKER_REGISTRY_CREDENTIALS = new BlockType('docker-registry-credentials', ['password'], ['username', 'password', 'registry_url']);

  /**
   * Any other block type, by slug (lowercase letters, digits and dashes, e.g. `my-api-client`).
   * Name its secret fields so that literals for them are refused.
   */
  public static custom(slug: string, options: BlockTypeOptions = {}): BlockType {
    return new BlockType(slug, options.secretFields ?? [], options.requiredFields ?? []);
  }

  /** The block type's slug, e.g. `secret`. */
  public readonly slug: string;

  /** Top-level data fields that hold secrets. */
  public readonly secretFields: string[];

  /** Top-level data fields the block type requires. */
  public readonly requiredFields: string[];

  private constructor(slug: string, secretFields: string[], requiredFields: string[]) {
    this.slug = slug;
    this.secretFields = secretFields;
    this.requiredFields = requiredFields;
  }
}
