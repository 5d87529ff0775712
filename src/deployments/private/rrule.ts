// RFC 5545 recurrence rules as Prefect stores them (python-dateutil `rrulestr`), checked at synth.
// rrule is loaded on first use, so that only apps with RRule schedules pay for it
import type * as RRuleModule from 'rrule';
import { MONTH_DAYS, MONTH_LABELS } from './cron';

let rruleModule: typeof RRuleModule | undefined;

function rrulestr(rule: string, options: { forceset: true }): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: only rrule schedules need it
  rruleModule ??= require('rrule') as typeof RRuleModule;
  return rruleModule.rrulestr(rule, options);
}

/** Prefect refuses longer rules (`MAX_RRULE_LENGTH`). */
export const MAX_RRULE_LENGTH = 6500;

/** The DTSTART Prefect itself assumes when a rule has none, written floating (no zone). */
const DEFAULT_DTSTART = 'DTSTART:20200101T000000';

const FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY', 'SECONDLY'];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** [min, max, signed] of each numeric BY part; signed parts allow -max..-1 too, never 0. */
const BY_RANGES: Record<string, [number, number, boolean]> = {
  BYSECOND: [0, 59, false],
  BYMINUTE: [0, 59, false],
  BYHOUR: [0, 23, false],
  BYMONTH: [1, 12, false],
  BYMONTHDAY: [1, 31, true],
  BYYEARDAY: [1, 366, true],
  BYWEEKNO: [1, 53, true],
  BYSETPOS: [1, 366, true],
};

const FLOATING_DATE = /^\d{8}(T\d{6})?$/;

/** The outcome of checking a rule: the rule to send, or what is wrong with it. */
export interface RRuleCheck {
  readonly rule?: string;
  readonly error?: string;
}

/**
 * Checks a rule (or a set: several lines of RRULE/EXRULE/RDATE/EXDATE with at most one DTSTART)
 * and returns it with an explicit floating DTSTART, so that the server neither injects one (it
 * does from Prefect 3.6.26, which shows up as drift) nor reads the rule from an unexpected start.
 */
export function checkRRule(input: string): RRuleCheck {
  const lines = input.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0) return { error: 'the rule is empty; write e.g. "FREQ=DAILY;BYHOUR=9;BYMINUTE=0"' };

  let dtstart: string | undefined;
  let hasCount = false;
  let occurrences = 0;
  const out: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = (colon === -1 ? 'RRULE' : line.slice(0, colon)).toUpperCase();
    const value = colon === -1 ? line : line.slice(colon + 1);
    const key = name.split(';')[0];
    let error: string | undefined;
    switch (key) {
      case 'DTSTART':
        if (dtstart !== undefined) return { error: 'a rule set must have one DTSTART only' };
        dtstart = value;
        error = checkFloating(name, value);
        break;
      case 'RRULE':
      case 'EXRULE': {
        const parts = checkRulePart(value);
        error = parts.error ?? (key === 'RRULE' ? parts.never : undefined);
        hasCount = hasCount || !!parts.hasCount;
        if (key === 'RRULE') occurrences++;
        break;
      }
      case 'RDATE':
      case 'EXDATE':
        error = checkFloating(name, value);
        if (key === 'RDATE') occurrences++;
        break;
      default:
        error = `unknown line "${name}"; a rule set has DTSTART, RRULE, EXRULE, RDATE and EXDATE lines`;
    }
    if (error) return { error };
    out.push(colon === -1 ? `RRULE:${line}` : line);
  }
  if (occurrences === 0) return { error: 'the rule set has no RRULE or RDATE line, so it never runs' };
  if (hasCount && dtstart === undefined) {
    return {
      error: 'COUNT is counted from DTSTART, which Prefect sets to 2020-01-01 when the rule has none, so the rule would have ended long ago; give an explicit DTSTART (e.g. "DTSTART:20250101T090000") or use UNTIL',
    };
  }
  const rule = dtstart === undefined ? [DEFAULT_DTSTART, ...out].join('\n') : out.join('\n');
  if (rule.length > MAX_RRULE_LENGTH) {
    return { error: `the rule is ${rule.length} characters long (with its DTSTART); Prefect accepts at most ${MAX_RRULE_LENGTH}` };
  }
  try {
    rrulestr(rule, { forceset: true });
  } catch (e) {
    return { error: `it does not parse as RFC 5545: ${(e as Error).message}` };
  }
  return { rule };
}

/** DTSTART, RDATE and EXDATE must be floating: Prefect replaces their zone with `timezone`. */
function checkFloating(name: string, value: string): string | undefined {
  if (/;TZID=/i.test(name)) {
    return `${name.split(';')[0]} must not carry a TZID: Prefect replaces it with the schedule's timezone; drop the TZID and set the timezone option`;
  }
  for (const date of value.split(',')) {
    if (/Z$/i.test(date)) {
      return `${name} "${date}" must be floating (no "Z"): Prefect reads it in the schedule's timezone; drop the "Z" and set the timezone option`;
    }
    if (!FLOATING_DATE.test(date)) return `${name} "${date}" is not a date like 20250101T090000`;
  }
  return undefined;
}

function checkRulePart(rule: string): { error?: string; hasCount?: boolean; never?: string } {
  const seen = new Map<string, string>();
  for (const pair of rule.split(';').filter((p) => p.length > 0)) {
    const [rawKey, value, extra] = pair.split('=');
    const key = rawKey.toUpperCase();
    if (value === undefined || extra !== undefined || value.length === 0) return { error: `"${pair}" is not a KEY=VALUE pair` };
    if (seen.has(key)) return { error: `${key} is given twice` };
    seen.set(key, value.toUpperCase());
  }
  const freq = seen.get('FREQ');
  if (freq === undefined) return { error: `FREQ is missing; start the rule with FREQ=${FREQUENCIES.join('|')}` };
  if (!FREQUENCIES.includes(freq)) return { error: `FREQ=${freq} is not one of ${FREQUENCIES.join(', ')}` };
  if (seen.has('COUNT') && seen.has('UNTIL')) return { error: 'COUNT and UNTIL must not both be given (RFC 5545)' };
  for (const [key, value] of seen) {
    const error = checkRuleValue(key, value);
    if (error) return { error };
  }
  return { hasCount: seen.has('COUNT'), never: neverOccurs(seen) };
}

/**
 * Why a valid rule never produces an occurrence, when that is cheap to tell: every BYMONTHDAY
 * (counted from the start of the month) is past the end of every BYMONTH. RFC 5545 intersects the
 * BY parts, so a BYDAY does not help.
 */
function neverOccurs(parts: Map<string, string>): string | undefined {
  const monthDays = parts.get('BYMONTHDAY');
  const months = parts.get('BYMONTH');
  if (monthDays === undefined || months === undefined) return undefined;
  const days = monthDays.split(',').map(Number);
  if (days.some((d) => d < 0)) return undefined;
  const monthList = months.split(',').map(Number);
  if (monthList.some((m) => days.some((d) => d <= MONTH_DAYS[m - 1]))) return undefined;
  return `it never occurs: BYMONTHDAY=${monthDays} does not exist in ${monthList.map((m) => MONTH_LABELS[m - 1]).join(', ')}${monthList.includes(2) ? ' (February has at most 29 days)' : ''}; pick a day that exists in those months, or BYMONTHDAY=-1 for the last day of the month`;
}

function checkRuleValue(key: string, value: string): string | undefined {
  const range = BY_RANGES[key];
  if (range) {
    const [min, max, signed] = range;
    for (const item of value.split(',')) {
      const n = Number(item);
      const ok = /^[+-]?\d+$/.test(item) && (signed ? Math.abs(n) >= min && Math.abs(n) <= max : n >= min && n <= max);
      if (!ok) return `${key}=${item} is outside ${signed ? `±${min}..±${max}` : `${min}..${max}`}`;
    }
    return undefined;
  }
  switch (key) {
    case 'FREQ':
      return undefined;
    case 'INTERVAL':
    case 'COUNT':
      return /^\d+$/.test(value) && Number(value) >= 1 ? undefined : `${key}=${value} must be a whole number of at least 1`;
    case 'UNTIL':
      if (/Z$/.test(value)) return `UNTIL=${value} must be floating (no "Z"), like the DTSTART it is compared with`;
      return FLOATING_DATE.test(value) ? undefined : `UNTIL=${value} is not a date like 20251231T235959`;
    case 'WKST':
      return WEEKDAYS.includes(value) ? undefined : `WKST=${value} is not one of ${WEEKDAYS.join(', ')}`;
    case 'BYDAY':
    case 'BYWEEKDAY':
      for (const item of value.split(',')) {
        const m = item.match(/^([+-]?\d{1,2})?([A-Z]{2})$/);
        if (!m || !WEEKDAYS.includes(m[2]) || (m[1] !== undefined && (Number(m[1]) === 0 || Math.abs(Number(m[1])) > 53))) {
          return `${key}=${item} is not a weekday such as MO, -1FR or 2TU`;
        }
      }
      return undefined;
    default:
      return `unknown rule part ${key}`;
  }
}
