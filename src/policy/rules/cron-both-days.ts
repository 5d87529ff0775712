import { IConstruct } from 'constructs';
import { show } from '../../core';
import { CRON_BOTH_DAYS } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-009: a cron expression that restricts both day fields, which Prefect ORs. */
export const CRON_BOTH_DAYS_RULE = new Rule({
  ruleId: 'PF-COR-009',
  title: 'cron restricting both day fields',
  severity: RuleSeverity.WARNING,
  rationale: 'When a cron expression restricts both day-of-month and day-of-week (e.g. "0 9 1-7 * MON", meant as "the first Monday"), Prefect runs on either day (day_or defaults to true, as in classic cron): every day from the 1st to the 7th and every Monday.',
  fix: 'for "both must match" use Schedule.rrule (e.g. "FREQ=MONTHLY;BYDAY=1MO"); if OR is meant, set dayOr: true to say so',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return CRON_BOTH_DAYS.of(construct).map((f) => ({
        message: `cron expression ${show(f.expression)} restricts both day-of-month and day-of-week, which Prefect combines with OR (it runs on either)`,
      }));
    },
  },
});
