import { PrefectChart } from './prefect-chart';

/** What every release of Prefect's charts takes: the chart's source, names and Helm's waiting. */
export interface PrefectReleaseProps {
  /**
   * Where the chart comes from.
   * @default PrefectChart.fromRepository() (prefect-helm at PrefectChart.PINNED_VERSION)
   */
  readonly chart?: PrefectChart;

  /**
   * The Helm release's name (a DNS label of at most 53 characters); the chart names its
   * Deployment, Service and service account after it.
   * @default - a name unique to this construct's path
   */
  readonly releaseName?: string;

  /**
   * The release's namespace, where the Secrets the release references must be.
   * @default "prefect"
   */
  readonly namespace?: string;

  /**
   * Whether Helm creates `namespace` when it does not exist.
   * @default true
   */
  readonly createNamespace?: boolean;

  /**
   * Whether Terraform waits until the release's pods are ready.
   * @default true
   */
  readonly wait?: boolean;

  /**
   * Seconds Helm waits for the release.
   * @default 300 (600 for a PrefectServer, which upgrades its database schema as it starts)
   */
  readonly timeoutSeconds?: number;
}
