/** Options of `ServerDatabase.bundledPostgres`. */
export interface BundledPostgresOptions {
  /**
   * Whether the database keeps its data on a PersistentVolumeClaim (the chart's default keeps it
   * on the pod's disk, lost when the pod goes).
   * @default true
   */
  readonly persistence?: boolean;

  /**
   * The claim's size, a Kubernetes quantity.
   * @default "8Gi" (the postgresql chart's)
   */
  readonly size?: string;
}

/**
 * Where a `PrefectServer` keeps its data. Every credential stays in a Secret that exists in the
 * server's namespace: none is written into the Helm values (the chart's bundled database has a
 * well-known default password, `prefect-rocks`, which is never used here).
 */
export class ServerDatabase {
  /**
   * An external PostgreSQL server, its SQLAlchemy URL in a Secret
   * (`postgresql+asyncpg://<user>:<password>@<host>:5432/<database>`).
   * @param secretName the Secret's name
   * @param key the key that holds the URL
   * @default key "connection-string"
   */
  public static externalFromSecret(secretName: string, key?: string): ServerDatabase {
    return new ServerDatabase('external', secretName, key ?? 'connection-string', {});
  }

  /**
   * The chart's bundled PostgreSQL (bitnami's postgresql chart), its user `prefect` and database
   * `server`, with the password and the URL from one Secret: key `password` (the database user's
   * password) and key `connection-string`
   * (`postgresql+asyncpg://prefect:<password>@<release>-postgresql.<namespace>:5432/server`).
   * @param secretName the Secret's name
   * @param options persistence
   */
  public static bundledPostgres(secretName: string, options: BundledPostgresOptions = {}): ServerDatabase {
    return new ServerDatabase('bundled', secretName, 'connection-string', options);
  }

  /**
   * SQLite on a PersistentVolumeClaim: one server replica only, for trials and small teams.
   */
  public static sqlite(): ServerDatabase {
    return new ServerDatabase('sqlite', undefined, undefined, {});
  }

  /** `external`, `bundled` or `sqlite`. */
  public readonly kind: string;
  /** The Secret's name, undefined for SQLite. */
  public readonly secretName?: string;
  /** The key of the connection URL in the Secret, undefined for SQLite. */
  public readonly secretKey?: string;
  /** The bundled database's options. */
  public readonly bundledOptions: BundledPostgresOptions;

  private constructor(kind: string, secretName: string | undefined, secretKey: string | undefined, options: BundledPostgresOptions) {
    this.kind = kind;
    this.secretName = secretName;
    this.secretKey = secretKey;
    this.bundledOptions = options;
  }
}
