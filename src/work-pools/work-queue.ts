import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { WorkQueue as WorkQueueResource } from '../.gen/providers/prefect/work-queue';
import { fail, refuseCredentials, replaceWhenChanged, show, validateInteger, validateName } from '../core';
import { checkWorkPoolSlot, IWorkPool, IWorkQueue } from './work-pool-ref';
import { WorkQueueOptions } from './work-queue-options';
import { WorkQueueReference } from './work-queue-reference';
import { usePolicy } from '../policy/hook';
import { QUEUE_PRIORITY_CLASH } from '../policy/markers';

/**
 * Properties of a `WorkQueue`.
 */
export interface WorkQueueProps extends WorkQueueOptions {
  /** The work pool the queue belongs to. */
  readonly workPool: IWorkPool;
}

/** The queues declared in this app, per pool: name → queue. */
const QUEUES = new WeakMap<IWorkPool, Map<string, { readonly path: string; readonly priority?: number }>>();

/**
 * A queue of a Prefect work pool (`prefect_work_queue`). Deployments send their runs to a queue;
 * workers poll the pool's queues in priority order.
 *
 * Usually made with `workPool.addQueue(id, options)`.
 */
export class WorkQueue extends Construct implements IWorkQueue {
  /**
   * References a queue that exists outside this stack, through the `prefect_work_queue` data source.
   *
   * @param scope the parent construct
   * @param id the construct ID
   * @param workPoolName the name of the queue's work pool
   * @param workQueueName the queue's name
   */
  public static fromWorkQueueName(scope: Construct, id: string, workPoolName: string, workQueueName: string): IWorkQueue {
    return new WorkQueueReference(scope, id, workPoolName, workQueueName);
  }

  /** The `prefect_work_queue` resource (escape hatch). */
  public readonly resource: WorkQueueResource;

  /** The queue's name. @attribute */
  public readonly workQueueName: string;

  /** The name of the queue's work pool. @attribute */
  public readonly workPoolName: string;

  /** The queue's ID (a UUID). @attribute */
  public readonly workQueueId: string;

  /**
   * The pool construct the queue belongs to (compared by identity when names are tokens).
   * @internal
   */
  public readonly _workPool: IWorkPool;

  /**
   * The queue's name when known at synth (its `workQueueName` attribute is a token).
   * @internal
   */
  public readonly _literalName?: string;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    if (props.workPool === undefined) fail(this, 'a work pool is required: pass workPool, or use workPool.addQueue(...)');
    checkWorkPoolSlot(this, 'workPool', props.workPool);
    const name = props.workQueueName;
    validateName(this, 'work queue', name);
    validateInteger(this, 'work queue priority', props.priority, 1);
    validateInteger(this, 'work queue concurrency limit', props.concurrencyLimit, 0);
    if (name === 'default') {
      fail(this, `work queue name ${show(name)} is taken: Prefect creates a "default" queue with every work pool; reference it with workPool.defaultQueue() or WorkQueue.fromWorkQueueName(), or give this queue another name`);
    }
    this.registerIn(props.workPool, name, props.priority);

    usePolicy(this);
    this.resource = new WorkQueueResource(this, 'Resource', {
      name,
      workPoolName: props.workPool.workPoolName,
      description: props.description,
      priority: props.priority,
      concurrencyLimit: props.concurrencyLimit,
      isPaused: props.paused,
    });
    refuseCredentials(this, this.resource, { props: { name: 'workQueueName', is_paused: 'paused' } });
    // The provider moves a queue to another pool as an in-place update, which the server
    // answers with a 404 (a queue cannot change pools): a new pool replaces the queue instead.
    replaceWhenChanged(this, 'ReplaceOnPoolChange', this.resource, `pool:${props.workPool.workPoolName}`);
    // Removing the priority makes the provider send priority 0, which the server refuses with a
    // 422 (it must be greater than 0): a queue losing its priority is replaced, and the new one
    // gets the priority the server assigns.
    replaceWhenChanged(this, 'ReplaceOnClear', this.resource, props.priority === undefined ? 'priority:unset' : 'priority:set');
    this._workPool = props.workPool;
    this._literalName = Token.isUnresolved(name) ? undefined : name;
    this.workQueueName = this.resource.name;
    this.workPoolName = this.resource.workPoolName;
    this.workQueueId = this.resource.id;
  }

  private registerIn(pool: IWorkPool, name: string, priority: number | undefined): void {
    if (Token.isUnresolved(name)) return;
    let queues = QUEUES.get(pool);
    if (!queues) {
      queues = new Map();
      QUEUES.set(pool, queues);
    }
    const other = queues.get(name);
    if (other) {
      fail(this, `duplicate work queue name ${show(name)} in work pool ${show(pool.node.path)}: ${other.path} already declares it; queue names are unique within a pool`);
    }
    if (priority !== undefined && !Token.isUnresolved(priority)) {
      const clash = [...queues.entries()].find(([, q]) => q.priority === priority);
      if (clash) {
        QUEUE_PRIORITY_CLASH.record(this, { queueName: name, otherQueueName: clash[0], priority });
      }
    }
    queues.set(name, { path: this.node.path, priority });
  }
}
