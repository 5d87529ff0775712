/**
 * CPU and memory of a chart's main container, as Kubernetes quantities (`250m`, `1`, `512Mi`,
 * `1Gi`). Each one left out keeps the chart's default (named at the construct's `resources`).
 */
export interface ContainerResources {
  /**
   * CPU the scheduler reserves.
   * @default - the chart's
   */
  readonly cpuRequest?: string;

  /**
   * Memory the scheduler reserves.
   * @default - the chart's
   */
  readonly memoryRequest?: string;

  /**
   * The most CPU the container may use.
   * @default - the chart's
   */
  readonly cpuLimit?: string;

  /**
   * The most memory the container may use before it is killed.
   * @default - the chart's
   */
  readonly memoryLimit?: string;
}
