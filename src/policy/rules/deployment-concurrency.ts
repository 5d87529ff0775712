import { IConstruct } from 'constructs';
import { isLiteral, l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-OPS-001: a deployment with no concurrency limit of its own. */
export const DEPLOYMENT_CONCURRENCY_RULE = new Rule({
  ruleId: 'PF-OPS-001',
  title: 'deployment without concurrency limit',
  severity: RuleSeverity.WARNING,
  rationale: 'Without a concurrency limit (its own, or a global one), a backlog of scheduled or triggered runs of one deployment all start at once when workers come back, and can exhaust the pool, the database or an API the flow calls.',
  fix: 'set concurrencyLimit (with a collisionStrategy) or globalConcurrencyLimit on the deployment, or suppress the rule with the reason the flow is safe to run in parallel',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const d = l1Attributes(construct, 'prefect_deployment');
      if (!d || d.concurrency_limit !== undefined || d.global_concurrency_limit_id !== undefined) return [];
      return [{ message: `deployment${isLiteral(d.name) ? ` ${JSON.stringify(d.name)}` : ''} has no concurrency limit` }];
    },
  },
});
