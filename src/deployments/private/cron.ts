// Cron validation in the dialect Prefect accepts: the server runs a vendored `croniter.is_valid`
// and then refuses any field that is exactly `H` or `R`. We are a little stricter where the
// server's behaviour surprises (seconds as the *last* field, hashed/random fields).
import { memoized } from './memo';

/** The macros croniter expands (case-insensitive). `@reboot` is not one of them. */
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface CronField {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** names accepted instead of numbers */
  readonly names?: readonly string[];
  /** values that croniter maps to another one (day-of-week 7 = Sunday) */
  readonly alias?: Readonly<Record<number, number>>;
}

const MINUTE: CronField = { label: 'minute', min: 0, max: 59 };
const HOUR: CronField = { label: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: CronField = { label: 'day-of-month', min: 1, max: 31 };
const MONTH: CronField = { label: 'month', min: 1, max: 12, names: MONTH_NAMES };
const DAY_OF_WEEK: CronField = { label: 'day-of-week', min: 0, max: 6, names: DAY_NAMES, alias: { 7: 0 } };
const SECOND: CronField = { label: 'second', min: 0, max: 59 };

/** What a checked cron expression tells the caller. */
export interface CronCheck {
  /** the problem, or undefined when the expression is valid */
  readonly error?: string;
  /** true when both day-of-month and day-of-week are restricted (dayOr then matters) */
  readonly restrictsBothDays?: boolean;
}

/**
 * Checks a cron expression. Five fields (minute hour day-of-month month day-of-week) or a macro;
 * with `withSeconds`, exactly six fields with the seconds **last**, as croniter reads them.
 * Remembered per expression: an estate repeats a few expressions across many deployments.
 */
export function checkCron(expression: string, withSeconds: boolean): CronCheck {
  return (withSeconds ? checkSixFields : checkFiveFields)(expression);
}

const checkFiveFields = memoized((expression) => check(expression, false));
const checkSixFields = memoized((expression) => check(expression, true));

function check(expression: string, withSeconds: boolean): CronCheck {
  const trimmed = expression.trim();
  if (trimmed.length === 0) return { error: 'the expression is empty' };
  if (trimmed.startsWith('@')) {
    if (withSeconds) return { error: `the macro ${trimmed} has no seconds field; drop withSeconds or write six fields` };
    if (!MACROS.includes(trimmed.toLowerCase())) {
      return { error: `unknown macro ${trimmed}; Prefect accepts ${MACROS.join(', ')}` };
    }
    return {};
  }
  const written = trimmed.split(/\s+/);
  const fields = written.map((f) => f.toLowerCase());
  const expected = withSeconds ? 6 : 5;
  if (fields.length !== expected) {
    if (!withSeconds && (fields.length === 6 || fields.length === 7)) {
      return {
        error: `it has ${fields.length} fields; Prefect reads a 6th field as seconds and a 7th as the year, while its UI reads seconds first, so only 5 fields (minute hour day-of-month month day-of-week) are allowed here; set withSeconds: true for 6 fields with seconds last`,
      };
    }
    return { error: `it has ${fields.length} fields; write ${expected} fields: ${withSeconds ? 'minute hour day-of-month month day-of-week second' : 'minute hour day-of-month month day-of-week'}` };
  }
  const kinds = [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, SECOND];
  for (let i = 0; i < fields.length; i++) {
    const error = checkField(fields[i], kinds[i]);
    if (error) return { error: `${kinds[i].label} field ${JSON.stringify(written[i])}: ${error}` };
  }
  const restricted = (f: string) => f !== '*' && f !== '?';
  const restrictsBothDays = restricted(fields[2]) && restricted(fields[4]);
  // croniter ORs the two day fields when both are restricted, so any weekday then fires
  if (!restricted(fields[4])) {
    const never = neverFires(fields[2], fields[3]);
    if (never) return { error: never };
  }
  return { restrictsBothDays };
}

export const MONTH_LABELS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** The most days each month can have (February in a leap year). */
export const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Why a day-of-month and month combination never occurs (the fields are valid), or undefined. */
function neverFires(dayOfMonth: string, month: string): string | undefined {
  if (dayOfMonth === '*' || dayOfMonth === '?') return undefined;
  const days = expand(dayOfMonth, DAY_OF_MONTH);
  if (days === undefined) return undefined; // "l" (the last day) is in every month
  const months = expand(month, MONTH)!;
  if (months.some((m) => days.some((d) => d <= MONTH_DAYS[m - 1]))) return undefined;
  const dayList = days.join(', ');
  const monthList = months.map((m) => MONTH_LABELS[m - 1]).join(', ');
  return `it never fires: day-of-month ${dayList} does not occur in ${monthList}${months.includes(2) ? ' (February has at most 29 days)' : ''}; pick a day that exists in those months, or "L" for the last day of the month`;
}

/** The values a valid field stands for; undefined when it holds "l". */
function expand(field: string, kind: CronField): number[] | undefined {
  const out = new Set<number>();
  for (const item of field.split(',')) {
    const [range, stepText] = item.split('/');
    if (range === 'l' || range.endsWith('-l')) return undefined;
    const step = stepText === undefined ? 1 : Number(stepText);
    const value = (v: string) => (/^\d+$/.test(v) ? Number(v) : kind.min + kind.names!.indexOf(v));
    let low = kind.min;
    let high = kind.max;
    if (range !== '*') {
      const bounds = range.split('-');
      low = value(bounds[0]);
      high = bounds.length === 2 ? value(bounds[1]) : stepText === undefined ? low : kind.max;
    }
    if (low > high) return undefined; // a wrapping range: not analysed
    for (let v = low; v <= high; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function checkField(field: string, kind: CronField): string | undefined {
  if (/(^|[^a-z])[hr]([^a-z]|$)/.test(field)) {
    return 'hashed (H) and random (R) values are not allowed; Prefect rejects them or schedules unpredictably';
  }
  if (field === '?') {
    return kind === DAY_OF_MONTH || kind === DAY_OF_WEEK ? undefined : '"?" is only allowed in the day-of-month and day-of-week fields';
  }
  if (field.includes('?')) return '"?" must stand alone';
  let nth = false;
  let plain = false;
  for (const item of field.split(',')) {
    if (item.length === 0) return 'empty list item';
    if (kind === DAY_OF_WEEK) {
      const special = checkSpecialDayOfWeek(item);
      if (special !== null) {
        if (special) return special;
        nth = true;
        continue;
      }
    }
    const error = checkItem(item, kind);
    if (error) return error;
    plain = true;
  }
  if (nth && plain) return 'croniter does not support mixing nth-weekday ("fri#2", "l5") and plain values in one field';
  return undefined;
}

/** `<day>#<n>` (nth weekday of the month) and `l<day>` (last weekday); null when not such an item. */
function checkSpecialDayOfWeek(item: string): string | undefined | null {
  const hash = item.match(/^([a-z0-9-]+)#(\d+)$/);
  if (hash) {
    const n = Number(hash[2]);
    if (n < 1 || n > 5) return `the nth-weekday "#${hash[2]}" must be from 1 to 5`;
    return checkItem(hash[1], DAY_OF_WEEK);
  }
  const last = item.match(/^l(\d+)$/);
  if (last) return checkValue(last[1], DAY_OF_WEEK);
  if (/^\d+l$/.test(item)) return `write the last weekday as "l${item.slice(0, -1)}" (croniter does not read "${item}")`;
  return null;
}

function checkItem(item: string, kind: CronField): string | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined) return `"${item}" has more than one "/"`;
  if (step !== undefined && !/^\d+$/.test(step)) return `the step "${step}" must be a whole number`;
  if (step !== undefined && Number(step) === 0) return 'a step of 0 is not allowed';
  if (range === '*') return undefined;
  if (kind === DAY_OF_MONTH && range === 'l') {
    return step === undefined ? undefined : '"l" (last day of the month) cannot take a step';
  }
  const bounds = range.split('-');
  if (bounds.length > 2) return `"${range}" is not a range; write "low-high"`;
  for (const [i, bound] of bounds.entries()) {
    // croniter lets the last day of the month end a day-of-month range ("25-l")
    if (i === 1 && kind === DAY_OF_MONTH && bound === 'l') continue;
    const error = checkValue(bound, kind);
    if (error) return error;
  }
  return undefined;
}

function checkValue(value: string, kind: CronField): string | undefined {
  if (value.length === 0) return 'a value is missing (negative numbers are not allowed)';
  if (/^\d+$/.test(value)) {
    const raw = Number(value);
    const n = kind.alias?.[raw] ?? raw;
    if (n < kind.min || n > kind.max) {
      return `${value} is outside ${kind.min}-${kind.max}${kind === DAY_OF_WEEK ? ' (7 also means Sunday)' : ''}`;
    }
    return undefined;
  }
  if (kind.names?.includes(value)) return undefined;
  if (kind.names) return `"${value}" is neither a number from ${kind.min} to ${kind.max} nor one of ${kind.names.join(', ')}`;
  return `"${value}" is not a number from ${kind.min} to ${kind.max}`;
}
