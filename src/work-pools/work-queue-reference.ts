import { Construct } from 'constructs';
import { DataPrefectWorkQueue } from '../.gen/providers/prefect/data-prefect-work-queue';
import { validateName } from '../core';
import { IWorkPool, IWorkQueue } from './work-pool-ref';

/**
 * A work queue that this stack does not create: read through the `prefect_work_queue` data
 * source, or, when its ID is already known (a pool's `default` queue), taken as it is.
 * (not exported from the package)
 */
export class WorkQueueReference extends Construct implements IWorkQueue {
  public readonly workQueueName: string;
  public readonly workPoolName: string;
  public readonly workQueueId: string;
  /** The pool construct the queue belongs to, when known (a pool's default queue). */
  public readonly _workPool?: IWorkPool;

  constructor(scope: Construct, id: string, workPoolName: string, workQueueName: string, workQueueId?: string, pool?: IWorkPool) {
    super(scope, id);
    this._workPool = pool;
    validateName(this, 'work pool', workPoolName);
    validateName(this, 'work queue', workQueueName);
    this.workPoolName = workPoolName;
    this.workQueueName = workQueueName;
    this.workQueueId = workQueueId
      ?? new DataPrefectWorkQueue(this, 'Resource', { workPoolName, name: workQueueName }).id;
  }
}
