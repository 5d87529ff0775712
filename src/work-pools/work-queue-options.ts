/**
 * Settings of a work queue, as `WorkPool.addQueue()` takes them.
 */
export interface WorkQueueOptions {
  /**
   * The queue's name, unique within its pool. `default` is taken: Prefect creates that queue with
   * every pool (reference it with `WorkPool.defaultQueue()`).
   */
  readonly workQueueName: string;

  /**
   * What the queue is for.
   * @default - no description
   */
  readonly description?: string;

  /**
   * The queue's priority within its pool: 1 is the highest. Workers take runs from higher-priority
   * queues first. Prefect shifts other queues down when two share a priority.
   * @default - the first free priority of the pool
   */
  readonly priority?: number;

  /**
   * The most flow runs of this queue that may run at once (0 stops all of them).
   * @default - no limit
   */
  readonly concurrencyLimit?: number;

  /**
   * Whether the queue starts paused (workers take no runs from it).
   * @default false
   */
  readonly paused?: boolean;
}
