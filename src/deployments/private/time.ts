// Time zones and dates as Prefect reads them. The checks are pure functions of their text,
// remembered per text (memo.ts).
import { memoized } from './memo';

/**
 * Checks an IANA time zone name; returns the problem or undefined.
 *
 * Prefect checks names against Python's `zoneinfo`/`pytz` lists, case-sensitively; Node's ICU
 * knows the same IANA database (aliases such as `US/Eastern` included) but matches names
 * without regard to case, so a case-only difference is caught here separately.
 */
export const checkTimezone: (zone: string) => string | undefined = memoized((zone) => timezoneError(zone));

/**
 * ICU's canonical zone names, exactly as written (`Europe/Berlin`, not `UTC` or `US/Eastern`).
 * Listing them costs about 2 ms and 0.4 MB once; the first `Intl.DateTimeFormat` costs about
 * 17 ms and 8 MB (its locale data), so a listed name skips it. The formatter accepts every
 * listed name as it is written (a unit test checks each one); every other name still goes
 * through it, so aliases, wrong case and unknown names are judged as before.
 */
let canonicalZones: Set<string> | undefined;

function timezoneError(zone: string): string | undefined {
  if (/^[+-]/.test(zone) || /^(utc|gmt)[+-]/i.test(zone)) {
    return 'offsets are not time zones; use an IANA name such as "UTC", "Etc/GMT-2" or "Europe/Berlin"';
  }
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(zone)) return undefined;
  return formatterTimezoneError(zone);
}

/** The check itself: what `Intl.DateTimeFormat` makes of the name. */
export function formatterTimezoneError(zone: string): string | undefined {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return 'it is not an IANA time zone name; use one such as "UTC", "America/New_York" or "Europe/Berlin"';
  }
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) {
    return `time zone names are case-sensitive in Prefect; write "${resolved}"`;
  }
  return undefined;
}

/** The offset of `zone` at `instant`, as `+HH:MM` (or `Z` for none). */
function offsetAt(zone: string, instant: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = part.match(/^GMT([+-]\d{2}):?(\d{2})?$/);
  return m ? `${m[1]}:${m[2] ?? '00'}` : 'Z';
}

/**
 * The default interval anchor: midnight of 2020-01-01 on the schedule's wall clock, written in
 * UTC. (Prefect's own default is "now", which moves on every create and drifts.)
 */
export const defaultAnchorDate: (zone: string) => string = memoized((zone) => computeDefaultAnchorDate(zone));

function computeDefaultAnchorDate(zone: string): string {
  const offset = offsetAt(zone, new Date(Date.UTC(2020, 0, 1)));
  return toUtcString(new Date(`2020-01-01T00:00:00${offset === 'Z' ? 'Z' : offset}`));
}

/** ISO 8601 date-time in whole seconds with an explicit offset (`Z` or `±HH:MM`). */
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads an anchor date. Returns the UTC form Prefect stores and echoes back (so the state
 * matches the configuration), or an error message.
 */
export const parseAnchorDate: (value: string) => { readonly utc?: string; readonly error?: string } = memoized((value) => readAnchorDate(value));

function readAnchorDate(value: string): { utc?: string; error?: string } {
  const m = value.match(ISO_WITH_OFFSET);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(value)) {
      return { error: 'it has no UTC offset; add one, e.g. "2024-01-01T09:00:00Z" or "2024-01-01T09:00:00+01:00"' };
    }
    if (/\.\d/.test(value)) return { error: 'fractional seconds are not kept the same by the server; use whole seconds' };
    return { error: 'it is not an ISO 8601 date-time; write e.g. "2024-01-01T09:00:00Z" or "2024-01-01T09:00:00+01:00"' };
  }
  const [, y, mo, d, h, mi] = m.map(Number);
  const date = new Date(value);
  // Date() rolls 2024-02-30 over to March; catch that by comparing the calendar fields
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (Number.isNaN(date.getTime()) || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59) {
    return { error: 'it is not a real calendar date and time' };
  }
  return { utc: toUtcString(date) };
}

function toUtcString(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
