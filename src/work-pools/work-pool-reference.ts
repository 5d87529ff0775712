import { Construct } from 'constructs';
import { DataPrefectWorkPool } from '../.gen/providers/prefect/data-prefect-work-pool';
import { validateName } from '../core';
import { IWorkPool } from './work-pool-ref';

/**
 * A work pool that exists outside this stack, read through the `prefect_work_pool` data source.
 * Made by `WorkPool.fromWorkPoolName()`.
 * (not exported from the package)
 */
export class ImportedWorkPool extends Construct implements IWorkPool {
  public readonly workPoolName: string;
  public readonly workPoolId: string;
  /** The data source that reads the pool. */
  public readonly data: DataPrefectWorkPool;

  constructor(scope: Construct, id: string, workPoolName: string) {
    super(scope, id);
    validateName(this, 'work pool', workPoolName);
    this.data = new DataPrefectWorkPool(this, 'Data', { name: workPoolName });
    this.workPoolName = workPoolName;
    this.workPoolId = this.data.id;
  }
}
