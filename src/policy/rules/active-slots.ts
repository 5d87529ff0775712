import { IConstruct } from 'constructs';
import { l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-005: a global concurrency limit that starts with more slots taken than it has. */
export const ACTIVE_SLOTS_RULE = new Rule({
  ruleId: 'PF-COR-005',
  title: 'active slots above limit',
  severity: RuleSeverity.WARNING,
  rationale: 'activeSlots is the number of slots taken when the limit is written. Above the limit, no slot is free until enough are released (by slot decay or by runs that hold them), so runs asking for one wait.',
  fix: 'set activeSlots to at most limit (usually leave it unset, 0)',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const g = l1Attributes(construct, 'prefect_global_concurrency_limit');
      if (!g || typeof g.active_slots !== 'number' || typeof g.limit !== 'number' || g.active_slots <= g.limit) return [];
      return [{ message: `activeSlots ${g.active_slots} is above limit ${g.limit}: no slot is free until enough are released` }];
    },
  },
});
