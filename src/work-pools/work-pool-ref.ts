import { IConstruct } from 'constructs';

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
