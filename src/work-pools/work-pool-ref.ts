import { IConstruct } from 'constructs';
import { checkReference } from '../core';

/**
 * A Prefect work pool, created here (`WorkPool`) or imported (`WorkPool.fromWorkPoolName`).
 */
export interface IWorkPool extends IConstruct {
  /**
   * The work pool's name, its identifier in Prefect's API.
   * @attribute
   */
  readonly workPoolName: string;

  /**
   * The work pool's ID (a UUID), e.g. for automation actions.
   * @attribute
   */
  readonly workPoolId: string;
}

/**
 * A queue of a Prefect work pool, created here (`WorkQueue`, `WorkPool.addQueue`) or imported.
 */
export interface IWorkQueue extends IConstruct {
  /**
   * The queue's name, unique within its work pool.
   * @attribute
   */
  readonly workQueueName: string;

  /**
   * The name of the work pool the queue belongs to.
   * @attribute
   */
  readonly workPoolName: string;

  /**
   * The queue's ID (a UUID).
   * @attribute
   */
  readonly workQueueId: string;
}

/**
 * Fails unless a prop typed `IWorkPool` holds a work pool (a plain string, e.g. the pool's
 * name, is refused with the prop's name).
 * From Python and the other jsii languages the jsii kernel refuses a wrong type before this code
 * runs (see `checkBlockSlot`).
 * @internal
 */
export function checkWorkPoolSlot(scope: IConstruct, what: string, value: unknown, alternative?: string): void {
  checkReference(scope, what, value, {
    name: 'a work pool (IWorkPool)',
    attributes: ['workPoolId', 'workPoolName'],
    example: (given) => `a WorkPool, or WorkPool.fromWorkPoolName(this, "Pool", ${JSON.stringify(given ?? 'etl-pool')})`,
  }, alternative);
}

/**
 * Fails unless a prop typed `IWorkQueue` holds a work queue.
 * @internal
 */
export function checkWorkQueueSlot(scope: IConstruct, what: string, value: unknown, alternative?: string): void {
  checkReference(scope, what, value, {
    name: 'a work queue (IWorkQueue)',
    attributes: ['workQueueId', 'workQueueName', 'workPoolName'],
    example: (given) => `pool.addQueue("Queue", { workQueueName: ${JSON.stringify(given ?? 'critical')} }), pool.defaultQueue() or WorkQueue.fromWorkQueueName(...)`,
  }, alternative);
}
