/** Options of `RedisMessaging.external`. */
export interface RedisMessagingOptions {
  /**
   * The Redis port.
   * @default 6379
   */
  readonly port?: number;

  /**
   * The Redis database number.
   * @default 0
   */
  readonly db?: number;

  /**
   * The Redis user (ACL).
   * @default - none (the default user)
   */
  readonly username?: string;

  /**
   * Whether the connection uses TLS.
   * @default false
   */
  readonly ssl?: boolean;

  /**
   * The Secret (in the server's namespace) that holds the Redis password.
   * @default - no password
   */
  readonly passwordSecretName?: string;

  /**
   * The key of the password in `passwordSecretName`.
   * @default "redis-password"
   */
  readonly passwordSecretKey?: string;
}

/**
 * The Redis that a `PrefectServer`'s separate background services and its API pods exchange
 * events and leases through (Prefect's `prefect_redis` messaging broker, cache, causal
 * ordering and lease storage). The password is only ever a Secret reference: the chart's plain
 * `password` value is not offered.
 */
export class RedisMessaging {
  /**
   * A Redis you run (standalone: Prefect does not support Redis Cluster or Sentinel).
   * @param host its host name, e.g. `redis-master.redis.svc.cluster.local` (no scheme, port or credentials)
   * @param options port, database, user, TLS and the password's Secret
   */
  public static external(host: string, options: RedisMessagingOptions = {}): RedisMessaging {
    return new RedisMessaging(host, options);
  }

  /** The host name. */
  public readonly host: string;
  /** The port, database, user, TLS and password Secret. */
  public readonly options: RedisMessagingOptions;

  private constructor(host: string, options: RedisMessagingOptions) {
    this.host = host;
    this.options = options;
  }
}
