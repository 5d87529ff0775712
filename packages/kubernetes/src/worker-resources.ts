/**
 * CPU and memory of the worker's container, as Kubernetes quantities (`250m`, `1`, `512Mi`,
 * `1Gi`). Each one left out keeps the prefect-worker chart's default.
 */
export interface WorkerResources {
  /**
   * CPU the scheduler reserves for the worker.
   * @default "100m" (the chart's)
   */
  readonly cpuRequest?: string;

  /**
   * Memory the scheduler reserves for the worker.
   * @default "256Mi" (the chart's)
   */
  readonly memoryRequest?: string;

  /**
   * The most CPU the worker may use.
   * @default "1000m" (the chart's)
   */
  readonly cpuLimit?: string;

  /**
   * The most memory the worker may use before it is killed.
   * @default "1Gi" (the chart's)
   */
  readonly memoryLimit?: string;
}
