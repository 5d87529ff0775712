import { IConstruct } from 'constructs';
import { EMPTY_EXPECT } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-012: an event trigger with an empty expect, which matches every event. */
export const EMPTY_EXPECT_RULE = new Rule({
  ruleId: 'PF-COR-012',
  title: 'trigger matching every event',
  severity: RuleSeverity.WARNING,
  rationale: 'An event trigger with no expect matches every event Prefect receives (narrowed only by match and matchRelated). Such automations fire constantly, and one whose action emits events can run away (PrefectHQ/prefect#11470).',
  fix: 'list the events the trigger is for, e.g. expect: ["prefect.flow-run.Failed"]',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return EMPTY_EXPECT.of(construct).map((f) => ({
        message: `!!! ${f.what} has an empty expect, so it matches EVERY event Prefect receives (${f.narrowed ? 'only match/matchRelated narrow it' : 'nothing narrows it'}): such automations fire constantly and can run away (PrefectHQ/prefect#11470)`,
      }));
    },
  },
});
