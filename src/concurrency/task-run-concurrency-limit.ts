import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { TaskRunConcurrencyLimit as TaskRunConcurrencyLimitResource } from '../.gen/providers/prefect/task-run-concurrency-limit';
import { fail, refuseCredentials, show, validateInteger } from '../core';
import { usePolicy } from '../policy/hook';

/**
 * Properties of a `TaskRunConcurrencyLimit`.
 */
export interface TaskRunConcurrencyLimitProps {
  /**
   * The task tag the limit applies to: every task run carrying this tag takes a slot.
   * Changing it replaces the limit (the provider cannot update it in place).
   */
  readonly tag: string;

  /**
   * The number of task runs with the tag that may run at once, a whole number of at least 0
   * (0 stops every task run with the tag). Changing it replaces the limit: the
   * provider cannot update it in place, so slots held at that moment are dropped.
   */
  readonly concurrencyLimit: number;
}

/**
 * A tag-based task run concurrency limit (`prefect_task_run_concurrency_limit`): at most
 * `concurrencyLimit` task runs tagged `tag` run at the same time.
 *
 * Both properties force replacement: any change deletes the limit and creates a new one.
 *
 * @example
 * new TaskRunConcurrencyLimit(this, 'Warehouse', { tag: 'warehouse', concurrencyLimit: 5 });
 */
export class TaskRunConcurrencyLimit extends Construct {
  /** The generated `prefect_task_run_concurrency_limit` resource (escape hatch). */
  public readonly resource: TaskRunConcurrencyLimitResource;

  /** The limit's ID (a UUID). */
  public readonly taskRunConcurrencyLimitId: string;

  /** The task tag the limit applies to. */
  public readonly tag: string;

  constructor(scope: Construct, id: string, props: TaskRunConcurrencyLimitProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.tag) && props.tag.trim().length === 0) {
      fail(this, `invalid task run concurrency limit tag ${show(props.tag)}: give the tag your tasks carry, e.g. "database"`);
    }
    validateInteger(this, 'concurrencyLimit', props.concurrencyLimit, 0);
    // a limit of 0 is allowed, and reported by rule PF-COR-004

    usePolicy(this);
    this.resource = new TaskRunConcurrencyLimitResource(this, 'Resource', {
      tag: props.tag,
      concurrencyLimit: props.concurrencyLimit,
    });
    refuseCredentials(this, this.resource);
    this.taskRunConcurrencyLimitId = this.resource.id;
    this.tag = props.tag;
  }
}
