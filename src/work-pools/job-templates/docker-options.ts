import { IBlock } from '../../blocks/block-ref';
import { JobTemplateOptions } from './common-options';
import { ImagePullPolicy } from './image-pull-policy';

/**
 * Variable defaults for a `docker` work pool.
 */
export interface DockerJobTemplateOptions extends JobTemplateOptions {
  /**
   * Container image of the flow runs, e.g. `docker.io/prefecthq/prefect:3-latest`.
   * @default - the Prefect image that matches the worker's version
   */
  readonly image?: string;

  /**
   * A `docker-registry-credentials` block used to log in before pulling the image.
   * @default - no registry login
   */
  readonly registryCredentials?: IBlock;

  /**
   * When to pull the image.
   * @default - Docker's own behaviour (pull when missing)
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Docker networks the containers join. Cannot be combined with `networkMode`.
   * @default - the default bridge network
   */
  readonly networks?: string[];

  /**
   * Network mode of the containers, e.g. `host` or `bridge`. Cannot be combined with `networks`.
   * @default - Docker's default mode
   */
  readonly networkMode?: string;

  /**
   * Whether containers are removed when they finish.
   * @default false
   */
  readonly autoRemove?: boolean;

  /**
   * Volumes to mount, each as `source:target[:mode]`, e.g. `/data:/data:ro`.
   * @default - none
   */
  readonly volumes?: string[];

  /**
   * Whether the worker copies the containers' output to its own standard output.
   * @default true
   */
  readonly streamOutput?: boolean;

  /**
   * Seconds the worker watches a container before it stops waiting for it (the container keeps running).
   * @default - the worker waits until the container exits
   */
  readonly containerWaitTimeout?: number;

  /**
   * Memory limit of each container, a number with an optional unit `b`, `k`, `m` or `g`, e.g. `512m`.
   * @default - no limit
   */
  readonly memLimit?: string;

  /**
   * Memory plus swap limit of each container (same format as `memLimit`), or `-1` for unlimited swap.
   * Only meaningful together with `memLimit`.
   * @default - twice `memLimit`
   */
  readonly memswapLimit?: string;

  /**
   * Whether containers run privileged.
   * @default false
   */
  readonly privileged?: boolean;
}
