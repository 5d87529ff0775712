import { IConstruct } from 'constructs';
import { isLiteral, l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-OPS-002: a cron schedule that fires in the hours a DST change skips or repeats. */
export const DST_SCHEDULE_RULE = new Rule({
  ruleId: 'PF-OPS-002',
  title: 'schedule in a DST gap',
  severity: RuleSeverity.WARNING,
  rationale: 'In a time zone with daylight saving time, local times between 01:00 and 03:59 are skipped once a year and repeated once a year (the exact hours depend on the zone). A cron schedule firing then runs zero or two times on those days.',
  fix: 'schedule outside 01:00-03:59 local time, or use timezone "UTC"',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const s = l1Attributes(construct, 'prefect_deployment_schedule');
      if (!s || !isLiteral(s.cron)) return [];
      const zone = isLiteral(s.timezone) ? s.timezone : 'UTC';
      if (!observesDst(zone)) return [];
      const hours = cronHours(s.cron);
      const risky = hours.filter((h) => h >= 1 && h <= 3);
      if (risky.length === 0) return [];
      return [{ message: `cron ${JSON.stringify(s.cron)} in time zone ${JSON.stringify(zone)} fires at hour(s) ${risky.join(', ')}, which a daylight saving change skips or repeats` }];
    },
  },
});

/** True when a time zone's UTC offset differs between January and July. */
export function observesDst(zone: string): boolean {
  try {
    const offset = (month: number) => {
      const d = new Date(Date.UTC(2025, month, 15, 12));
      const local = new Date(d.toLocaleString('en-US', { timeZone: zone }));
      const utc = new Date(d.toLocaleString('en-US', { timeZone: 'UTC' }));
      return local.getTime() - utc.getTime();
    };
    return offset(0) !== offset(6);
  } catch {
    return false;
  }
}

/** The hours a cron expression's hour field lists (0-23); every hour for `*`. */
export function cronHours(cron: string): number[] {
  const fields = cron.trim().split(/\s+/);
  if (fields.length < 5 || fields[0].startsWith('@')) return [];
  const hours = new Set<number>();
  for (const part of fields[1].split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let lo = 0;
    let hi = 23;
    if (range !== '*') {
      const [a, b] = range.split('-').map(Number);
      lo = a;
      hi = b ?? (stepText ? 23 : a);
    }
    if (![lo, hi, step].every(Number.isInteger) || step <= 0) return [];
    for (let h = lo; h <= hi; h += step) hours.add(h);
  }
  return [...hours].sort((x, y) => x - y);
}
