import { IConstruct } from 'constructs';
import { show } from '../../core';
import { NAMED_WORK_QUEUE } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-002: a deployment that names its work queue instead of declaring it. */
export const NAMED_WORK_QUEUE_RULE = new Rule({
  ruleId: 'PF-COR-002',
  title: 'work queue named, not declared',
  severity: RuleSeverity.WARNING,
  rationale: 'A deployment whose workQueueName names a queue that does not exist still applies: Prefect silently creates the queue, with no concurrency limit and no priority, and nothing in the code shows it.',
  fix: 'pass workQueue (a WorkQueue, pool.defaultQueue(), or WorkQueue.fromWorkQueueName(...)) to make the queue explicit',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return NAMED_WORK_QUEUE.of(construct).map((f) => ({
        message: `work queue ${show(f.queueName)} is named, not declared: Prefect silently creates a missing queue without limits`,
      }));
    },
  },
});
