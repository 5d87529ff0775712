import { ContainerResources } from './container-resources';
import { RedisMessaging } from './redis-messaging';

/**
 * Prefect's background services (scheduler, late-run detection, automations, ...) in a
 * Deployment of their own (the chart's `backgroundServices.runAsSeparateDeployment`), so that
 * the API pods only serve the API (`prefect server start --no-services`) and scale apart.
 *
 * Both Deployments then skip migrating the database on start; the chart's migrations Job (a
 * Helm hook after install and before every upgrade, `prefect server database upgrade -y`) does
 * it instead. It needs a PostgreSQL database (SQLite is refused) and Redis.
 */
export interface ServerBackgroundServices {
  /** The Redis the API pods and the background services share. */
  readonly redis: RedisMessaging;

  /**
   * How many background-services pods run.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * CPU and memory of the background-services container.
   * @default - the chart's: requests 500m / 512Mi, limits 1 / 1Gi
   */
  readonly resources?: ContainerResources;

  /**
   * Whether the chart's migrations Job upgrades the database schema after install and before
   * every upgrade. Without it, nothing migrates the database: run
   * `prefect server database upgrade -y` yourself before each upgrade.
   * @default true
   */
  readonly migrations?: boolean;

  /**
   * How long the migrations Job may run, in seconds (its `activeDeadlineSeconds`).
   * @default 300 (the chart's)
   */
  readonly migrationsTimeoutSeconds?: number;

  /**
   * The Secret (in the server's namespace) holding the URL of the Docket backend that
   * coordinates the background services (`PREFECT_SERVER_DOCKET_URL`, e.g.
   * `redis://:<password>@redis-master:6379/1`); the key is `docketUrlSecretKey`. Needed for more
   * than one background-services replica.
   * @default - Docket in memory (one replica only)
   */
  readonly docketUrlSecretName?: string;

  /**
   * The key of the URL in `docketUrlSecretName`.
   * @default "docket-url"
   */
  readonly docketUrlSecretKey?: string;
}
