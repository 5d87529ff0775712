import { IBlock } from '../../blocks/block-ref';
import { JobTemplateOptions } from './common-options';

/**
 * The launch stage of the Cloud Run jobs a `cloud-run-v2` worker creates (the work pool's
 * `launch_stage`): which Cloud Run features the job may use.
 */
export class CloudRunLaunchStage {
  /** Generally available features only. */
  public static readonly GA = new CloudRunLaunchStage('GA');
  /** Beta features allowed (the worker's default). */
  public static readonly BETA = new CloudRunLaunchStage('BETA');
  /** Alpha features allowed (needs an allow-listed project). */
  public static readonly ALPHA = new CloudRunLaunchStage('ALPHA');

  /**
   * Another stage the worker accepts: "DEPRECATED", "EARLY_ACCESS", "PRELAUNCH", "UNIMPLEMENTED"
   * or "LAUNCH_TAG_UNSPECIFIED".
   * @param name the stage as Cloud Run spells it
   */
  public static of(name: string): CloudRunLaunchStage {
    return new CloudRunLaunchStage(name);
  }

  private constructor(
    /** The stage's name, as the `launch_stage` variable carries it. */
    public readonly name: string,
  ) {}
}

/**
 * Variable defaults for a `cloud-run-v2` work pool (`prefect-gcp`'s Cloud Run V2 worker).
 */
export interface CloudRunV2JobTemplateOptions extends JobTemplateOptions {
  /**
   * Region the flow-run Cloud Run jobs are created in, e.g. "europe-west1".
   * @default "us-central1" (the worker's default)
   */
  readonly region?: string;

  /**
   * Container image of the flow runs.
   * @default "prefecthq/prefect:3-latest" (the worker's default)
   */
  readonly image?: string;

  /**
   * Arguments passed to the image's entrypoint command.
   * @default - none
   */
  readonly args?: string[];

  /**
   * A `gcp-credentials` block the worker calls Cloud Run with.
   * @default - the worker's own credentials (its service account on Cloud Run)
   */
  readonly credentials?: IBlock;

  /**
   * Keep each Cloud Run job after its flow run ends.
   * @default false
   */
  readonly keepJob?: boolean;

  /**
   * Launch stage of the Cloud Run jobs.
   * @default CloudRunLaunchStage.BETA
   */
  readonly launchStage?: CloudRunLaunchStage;

  /**
   * How often Cloud Run retries a failed task of a flow-run job (0 to 10).
   * @default 0
   */
  readonly maxRetries?: number;

  /**
   * CPU of each flow-run container, as Cloud Run spells it: "1000m", "1", "2", "4", "8".
   * @default "1000m"
   */
  readonly cpu?: string;

  /**
   * Memory of each flow-run container with its unit (G, Gi, M or Mi), e.g. "2Gi".
   * @default "512Mi"
   */
  readonly memory?: string;

  /**
   * Seconds a flow-run job may run before Cloud Run fails it (1 to 604800, 7 days).
   * @default 600
   */
  readonly timeoutSeconds?: number;

  /**
   * Serverless VPC Access connector of the flow-run jobs, as
   * "projects/<project>/locations/<region>/connectors/<name>".
   * @default - no VPC connector
   */
  readonly vpcConnectorName?: string;

  /**
   * Email of the service account the flow-run jobs run as (what flow code can do in Google Cloud).
   * @default - the Compute Engine default service account
   */
  readonly serviceAccountName?: string;
}
