import { IConstruct } from 'constructs';
import { isLiteral, l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-003: a collision strategy with no concurrency limit for it to act on. */
export const COLLISION_STRATEGY_RULE = new Rule({
  ruleId: 'PF-COR-003',
  title: 'collision strategy without limit',
  severity: RuleSeverity.WARNING,
  rationale: 'A deployment\'s collision strategy (ENQUEUE or CANCEL_NEW) says what happens to a run when the deployment\'s concurrency limit is reached. With no limit it never applies, so runs that were meant to be cancelled or queued all start.',
  fix: 'set concurrencyLimit or globalConcurrencyLimit on the deployment, or drop collisionStrategy',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const d = l1Attributes(construct, 'prefect_deployment');
      const strategy = d?.concurrency_options?.collision_strategy;
      if (!d || strategy === undefined || d.concurrency_limit !== undefined || d.global_concurrency_limit_id !== undefined) return [];
      return [{ message: `collision strategy ${isLiteral(strategy) ? JSON.stringify(strategy) : '(a reference)'} has no effect without concurrencyLimit or globalConcurrencyLimit` }];
    },
  },
});
