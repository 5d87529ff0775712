import { IConstruct } from 'constructs';
import { isLiteral, l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-001: a deployment with no entrypoint. */
export const DEPLOYMENT_ENTRYPOINT_RULE = new Rule({
  ruleId: 'PF-COR-001',
  title: 'deployment without entrypoint',
  severity: RuleSeverity.WARNING,
  rationale: 'A worker loads a deployment\'s flow from its entrypoint (a file and a function, or a module path). Without one the deployment applies, but every flow run of it crashes when the worker starts it.',
  fix: 'set entrypoint, e.g. "flows/etl.py:etl"',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const d = l1Attributes(construct, 'prefect_deployment');
      if (!d || d.entrypoint !== undefined) return [];
      return [{ message: `deployment${isLiteral(d.name) ? ` ${JSON.stringify(d.name)}` : ''} has no entrypoint, so workers cannot load its flow` }];
    },
  },
});
