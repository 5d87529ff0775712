import { IConstruct } from 'constructs';
import { show } from '../../core';
import { QUEUE_PRIORITY_CLASH } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-008: two queues of one pool with the same priority. */
export const QUEUE_PRIORITY_RULE = new Rule({
  ruleId: 'PF-COR-008',
  title: 'work queues sharing a priority',
  severity: RuleSeverity.WARNING,
  rationale: 'Prefect keeps the priorities of a pool\'s queues distinct: writing a queue with a priority another queue holds shifts the other one. The next plan then shows drift on the shifted queue, the apply shifts the first back, and the plan never converges.',
  fix: 'give each queue of a pool its own priority',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return QUEUE_PRIORITY_CLASH.of(construct).map((f) => ({
        message: `work queues ${show(f.otherQueueName)} and ${show(f.queueName)} both have priority ${f.priority}: Prefect shifts one of them when the other is written, so every plan shows drift`,
      }));
    },
  },
});
