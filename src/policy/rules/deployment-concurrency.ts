import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { resolveTokens } from '../../core/tokens';
import { isLiteral, l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-OPS-001: a deployment that no concurrency limit bounds (its own, a global one, its queue's or its pool's). */
export const DEPLOYMENT_CONCURRENCY_RULE = new Rule({
  ruleId: 'PF-OPS-001',
  title: 'deployment without concurrency limit',
  severity: RuleSeverity.WARNING,
  rationale: 'Without a concurrency limit (the deployment\'s own, a global one, or one on the work queue or pool it runs in, declared in the same stack), a backlog of scheduled or triggered runs all start at once when workers come back, and can exhaust the pool, the database or an API the flow calls.',
  fix: 'set concurrencyLimit (with a collisionStrategy) or globalConcurrencyLimit on the deployment, or a concurrencyLimit on its WorkQueue or WorkPool, or suppress the rule with the reason the flow is safe to run in parallel',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const d = l1Attributes(construct, 'prefect_deployment');
      if (!d || d.concurrency_limit !== undefined || d.global_concurrency_limit_id !== undefined) return [];
      if (limitedBy(construct, 'prefect_work_queue', d.work_queue_name, d.work_pool_name) || limitedBy(construct, 'prefect_work_pool', d.work_pool_name)) return [];
      return [{ message: `deployment${isLiteral(d.name) ? ` ${JSON.stringify(d.name)}` : ''} has no concurrency limit, nor has its work queue or pool` }];
    },
  },
});

/** True when a queue (or pool) of the stack named `name` (in pool `poolName`) has a concurrency limit. */
function limitedBy(deployment: IConstruct, type: string, name: unknown, poolName?: unknown): boolean {
  if (name === undefined) return false;
  const wanted = resolveTokens(deployment, name);
  const wantedPool = poolName === undefined ? undefined : resolveTokens(deployment, poolName);
  return TerraformStack.of(deployment).node.findAll().some((c) => {
    if (!(c instanceof TerraformResource) || c.terraformResourceType !== type) return false;
    const attrs = l1Attributes(c, type)!;
    if (attrs.concurrency_limit === undefined) return false;
    // the deployment names it either by a literal or by a reference to its name attribute
    if (wanted !== resolveTokens(c, attrs.name) && wanted !== `\${${type}.${c.friendlyUniqueId}.name}`) return false;
    if (type !== 'prefect_work_queue') return true;
    const pool = resolveTokens(c, attrs.work_pool_name);
    return !(isLiteral(wantedPool) && isLiteral(pool) && wantedPool !== pool); // another pool's queue of the same name
  });
}
