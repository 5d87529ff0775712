import { IConstruct } from 'constructs';
import { l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** Longer intervals lose precision: the provider stores `interval` as a float32. */
const FLOAT32_EXACT = 2 ** 24;

/** PF-COR-010: an interval schedule under a minute, or too long for the provider to keep exact. */
export const INTERVAL_RANGE_RULE = new Rule({
  ruleId: 'PF-COR-010',
  title: 'interval outside the scheduler\'s range',
  severity: RuleSeverity.WARNING,
  rationale: `Prefect's scheduler runs every 60 seconds and creates the runs of a shorter interval in bursts (many runs per pass, up to max_scheduled_runs). Above ${FLOAT32_EXACT} seconds (about 194 days) the provider stores the interval as a float32 and may round it, so the plan shows drift.`,
  fix: `use an interval from 60 to ${FLOAT32_EXACT} seconds (for sub-minute work, loop inside one flow run; for rare runs, use Schedule.cron or Schedule.rrule)`,
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const s = l1Attributes(construct, 'prefect_deployment_schedule');
      const seconds = s?.interval;
      if (typeof seconds !== 'number') return [];
      if (seconds < 60) return [{ message: `interval of ${seconds} seconds is under a minute: Prefect's scheduler runs every 60 s and may create many runs` }];
      if (seconds > FLOAT32_EXACT) return [{ message: `interval of ${seconds} seconds is above ${FLOAT32_EXACT} s (about 194 days): the provider stores it as a float32 and may round it` }];
      return [];
    },
  },
});
