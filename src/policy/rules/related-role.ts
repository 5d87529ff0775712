import { IConstruct } from 'constructs';
import { show } from '../../core';
import { RELATED_WITHOUT_ROLE } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-013: a matchRelated without a role. */
export const RELATED_ROLE_RULE = new Rule({
  ruleId: 'PF-COR-013',
  title: 'matchRelated without role',
  severity: RuleSeverity.WARNING,
  rationale: 'matchRelated matches an event\'s related resources. Without "prefect.resource.role" it matches a related resource of any role, so a filter meant for a deployment also matches a flow, a work pool or a tag with the same labels.',
  fix: 'add "prefect.resource.role" to matchRelated, e.g. "deployment" or "flow"',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return RELATED_WITHOUT_ROLE.of(construct).map((f) => ({
        message: `${f.what} matchRelated ${show(f.matchRelated)} has no "prefect.resource.role": it then matches a related resource of any role`,
      }));
    },
  },
});
