import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { resolveTokens } from '../../core/tokens';
import { isLiteral, l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-OPS-003 (opt in): a work pool that no automation in its stack watches. */
export const POOL_FAILURE_AUTOMATION_RULE = new Rule({
  ruleId: 'PF-OPS-003',
  title: 'pool without failure automation',
  severity: RuleSeverity.WARNING,
  rationale: 'When the workers of a pool go away or its flow runs fail, nothing tells anyone unless an automation watches it. Opt in with PrefectRules.operations({ requireFailureAutomation: true }).',
  fix: 'add pool.onWorkerOffline(...) or pool.onFlowRunState(...) (or an Automation whose trigger names the pool) in the same stack',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const pool = l1Attributes(construct, 'prefect_work_pool');
      if (!pool || !isLiteral(pool.name)) return [];
      const stack = TerraformStack.of(construct);
      const watched = stack.node.findAll().some((c) => {
        if (!(c instanceof TerraformResource) || c.terraformResourceType !== 'prefect_automation') return false;
        const text = JSON.stringify(resolveTokens(c, l1Attributes(c, 'prefect_automation')));
        return text.includes(pool.name) || text.includes(`prefect_work_pool.${(construct as TerraformResource).friendlyUniqueId}`);
      });
      return watched ? [] : [{ message: `work pool ${JSON.stringify(pool.name)} has no automation on failure in this stack` }];
    },
  },
});
