import { IConstruct } from 'constructs';
import { l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-004: a concurrency limit of 0 on a pool, a queue, a task tag or an active global limit. */
export const ZERO_LIMIT_RULE = new Rule({
  ruleId: 'PF-COR-004',
  title: 'concurrency limit of 0',
  severity: RuleSeverity.WARNING,
  rationale: 'A limit of 0 is accepted by Prefect and blocks everything it covers: no flow run of a pool or queue with limit 0 starts, no task run with a tag limited to 0 runs, and every run that asks an active global limit of 0 for a slot waits forever. It looks like a pause but is not one: nothing says why runs are stuck.',
  fix: 'set a limit of at least 1, or stop the work on purpose: paused: true on a pool or queue, active: false on a global limit',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const pool = l1Attributes(construct, 'prefect_work_pool');
      if (pool?.concurrency_limit === 0) {
        return [{ message: `work pool ${JSON.stringify(pool.name)} has a concurrency limit of 0, so none of its flow runs will start`, fix: 'set a limit of at least 1, or use paused: true to stop it on purpose' }];
      }
      const queue = l1Attributes(construct, 'prefect_work_queue');
      if (queue?.concurrency_limit === 0) {
        return [{ message: `work queue ${JSON.stringify(queue.name)} has a concurrency limit of 0, so none of its flow runs will start`, fix: 'set a limit of at least 1, or use paused: true to stop it on purpose' }];
      }
      const task = l1Attributes(construct, 'prefect_task_run_concurrency_limit');
      if (task?.concurrency_limit === 0) {
        return [{ message: `concurrencyLimit is 0: no task run tagged ${JSON.stringify(task.tag)} can run`, fix: 'set at least 1 to allow them' }];
      }
      const global = l1Attributes(construct, 'prefect_global_concurrency_limit');
      if (global?.limit === 0 && global.active !== false) {
        return [{ message: `global concurrency limit ${JSON.stringify(global.name)} has limit 0: every run that asks for a slot waits forever`, fix: 'set a limit of at least 1 or active: false' }];
      }
      return [];
    },
  },
});
