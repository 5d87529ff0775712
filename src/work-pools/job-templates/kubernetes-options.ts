import { IBlock } from '../../blocks/block-ref';
import { JobTemplateOptions } from './common-options';
import { ImagePullPolicy } from './image-pull-policy';

/**
 * Variable defaults for a `kubernetes` work pool.
 */
export interface KubernetesJobTemplateOptions extends JobTemplateOptions {
  /**
   * Container image of the flow runs.
   * @default - the Prefect image that matches the worker's version
   */
  readonly image?: string;

  /**
   * Namespace the jobs are created in (a DNS label: lowercase letters, digits and `-`).
   * @default "default"
   */
  readonly namespace?: string;

  /**
   * Service account the job pods run as.
   * @default - the namespace's default service account
   */
  readonly serviceAccountName?: string;

  /**
   * When the kubelet pulls the image (`IF_POSSIBLE` is Docker-only and rejected here).
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Seconds after which Kubernetes deletes a finished job (`ttlSecondsAfterFinished`).
   * @default - finished jobs are kept
   */
  readonly finishedJobTtl?: number;

  /**
   * Seconds the worker watches a job before it gives up on it.
   * @default - the worker watches until the job finishes
   */
  readonly jobWatchTimeoutSeconds?: number;

  /**
   * Seconds the worker waits for the job's pod to start.
   * @default 60
   */
  readonly podWatchTimeoutSeconds?: number;

  /**
   * Whether the worker copies the pods' output to its own standard output.
   * @default true
   */
  readonly streamOutput?: boolean;

  /**
   * A `kubernetes-cluster-config` block describing the cluster to run jobs on.
   * @default - the worker's in-cluster or local kube configuration
   */
  readonly clusterConfig?: IBlock;

  /**
   * CPU request of the flow run container, a Kubernetes quantity such as `500m` or `1`.
   * @default - no request
   */
  readonly cpuRequest?: string;

  /**
   * CPU limit of the flow run container, a Kubernetes quantity such as `2`.
   * @default - no limit
   */
  readonly cpuLimit?: string;

  /**
   * Memory request of the flow run container, a Kubernetes quantity such as `512Mi`.
   * @default - no request
   */
  readonly memoryRequest?: string;

  /**
   * Memory limit of the flow run container, a Kubernetes quantity such as `1Gi`.
   * @default - no limit
   */
  readonly memoryLimit?: string;
}
