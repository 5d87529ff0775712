import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Duration, fail, show } from '../core';
import { checkCron } from './private/cron';
import { RenderedSchedule } from './private/rendered-schedule';
import { checkRRule } from './private/rrule';
import { checkTimezone, defaultAnchorDate, parseAnchorDate } from './private/time';
import { CRON_BOTH_DAYS } from '../policy/markers';

/** The three kinds of Prefect schedule. */
export enum ScheduleKind {
  /** A cron expression. */
  CRON = 'cron',
  /** A fixed interval from an anchor date. */
  INTERVAL = 'interval',
  /** An RFC 5545 recurrence rule. */
  RRULE = 'rrule',
}

/** Options every kind of schedule takes; `Deployment.addSchedule` can override them. */
export interface ScheduleOptions {
  /**
   * Whether the schedule creates runs.
   * @default true
   */
  readonly active?: boolean;

  /**
   * How many runs to schedule ahead, from 1 to 50 (the server's default cap).
   * Self-hosted Prefect's scheduler may ignore it (PrefectHQ/prefect#13207).
   * @default - the server's setting (3 runs, more if they fall within the hour)
   */
  readonly maxScheduledRuns?: number;

  /**
   * Parameters for the runs this schedule creates; they are merged over the deployment's
   * parameters, the schedule's winning.
   * @default - the deployment's parameters
   */
  readonly parameters?: { [key: string]: any };

  /**
   * A stable identifier of the schedule, unique within its deployment (no whitespace).
   * @default - no slug
   */
  readonly slug?: string;
}

/** Options of a cron schedule. */
export interface CronScheduleOptions extends ScheduleOptions {
  /**
   * The IANA time zone the expression is read in, e.g. `Europe/Berlin`.
   * @default "UTC"
   */
  readonly timezone?: string;

  /**
   * How day-of-month and day-of-week combine when both are restricted: `true` runs on either
   * (like Vixie cron). `false` (only when both match) is refused: provider 3.4.1 drops a
   * false `day_or` from its request, the server keeps `true`, and apply fails with
   * "Provider produced inconsistent result" (seen against Prefect 3.8.8). For "the 2nd
   * Friday" use `Schedule.rrule('FREQ=MONTHLY;BYDAY=2FR;BYHOUR=9;BYMINUTE=0')`.
   * @default true
   */
  readonly dayOr?: boolean;

  /**
   * Accept six fields, the sixth being **seconds** (croniter's order). Prefect's UI reads a
   * sixth field as the first, so it will describe such a schedule wrongly.
   * @default false
   */
  readonly withSeconds?: boolean;
}

/** Options of an interval schedule. */
export interface IntervalScheduleOptions extends ScheduleOptions {
  /**
   * The date-time the intervals are counted from (an anchor, not a start: earlier and later
   * runs line up with it), ISO 8601 with an offset, e.g. `2024-01-01T09:00:00+01:00`.
   * Sent in UTC, as the server stores it.
   * @default - midnight of 2020-01-01 in `timezone` (the server's own default, "now", drifts)
   */
  readonly anchorDate?: string;

  /**
   * The IANA time zone for daylight-saving handling: intervals of 24 hours and more keep the
   * local clock time, shorter ones follow UTC.
   * @default "UTC"
   */
  readonly timezone?: string;
}

/** Options of an RRule schedule. */
export interface RRuleScheduleOptions extends ScheduleOptions {
  /**
   * The IANA time zone the rule's (floating) dates are read in.
   * @default "UTC"
   */
  readonly timezone?: string;
}

/**
 * When a deployment runs: a cron expression, an interval or a recurrence rule.
 *
 * Add it to a deployment with `deployment.addSchedule(id, schedule)`; the expression is checked
 * then, with the deployment's construct path in the error.
 */
export class Schedule {
  /**
   * A cron schedule: five fields (minute hour day-of-month month day-of-week, with ranges,
   * steps, lists, month and day names, `L` and `#`) or a macro such as `@hourly`.
   */
  public static cron(expression: string, options: CronScheduleOptions = {}): Schedule {
    return new Schedule(ScheduleKind.CRON, expression, options, (scope) => {
      const timezone = renderTimezone(scope, options.timezone);
      if (!Token.isUnresolved(expression)) {
        const check = checkCron(expression, options.withSeconds ?? false);
        if (check.error) fail(scope, `invalid cron expression ${show(expression)}: ${check.error}`);
        if (check.restrictsBothDays && options.dayOr === undefined) CRON_BOTH_DAYS.record(scope, { expression });
      }
      if (options.dayOr === false) {
        fail(scope, 'dayOr: false cannot be applied with prefecthq/prefect 3.4.1 (it drops a false day_or, the server keeps true, and apply fails with "inconsistent result"): express "both day fields must match" as Schedule.rrule(...), e.g. \'FREQ=MONTHLY;BYDAY=2FR\' for the 2nd Friday');
      }
      return { cron: expression, dayOr: options.dayOr, timezone };
    });
  }

  /**
   * An interval schedule, e.g. `Schedule.interval(Duration.minutes(15))`; the interval is
   * sent in whole seconds.
   */
  public static interval(every: Duration, options: IntervalScheduleOptions = {}): Schedule {
    return new Schedule(ScheduleKind.INTERVAL, `every ${every}`, options, (scope) => {
      const timezone = renderTimezone(scope, options.timezone);
      const seconds = every.toSeconds();
      if (!Token.isUnresolved(seconds)) {
        if (!Number.isInteger(seconds) || seconds <= 0) {
          fail(scope, `invalid interval ${show(every.toString())}: it must be a whole number of seconds greater than 0`);
        }
        // under a minute or above 2^24 s: rule PF-COR-010
      }
      let anchorDate: string;
      if (options.anchorDate === undefined) {
        anchorDate = Token.isUnresolved(timezone) ? '2020-01-01T00:00:00Z' : defaultAnchorDate(timezone);
      } else if (Token.isUnresolved(options.anchorDate)) {
        anchorDate = options.anchorDate;
      } else {
        const parsed = parseAnchorDate(options.anchorDate);
        if (parsed.error) fail(scope, `invalid anchor date ${show(options.anchorDate)}: ${parsed.error}`);
        anchorDate = parsed.utc!;
      }
      return { interval: seconds, anchorDate, timezone };
    });
  }

  /**
   * An RRule schedule (RFC 5545), e.g. `FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=0`, or a set of
   * lines with RRULE, EXRULE, RDATE and EXDATE. Dates must be floating (no `Z`, no `TZID`): use
   * the `timezone` option. Without a DTSTART the rule is sent with `DTSTART:20200101T000000`.
   */
  public static rrule(rule: string, options: RRuleScheduleOptions = {}): Schedule {
    return new Schedule(ScheduleKind.RRULE, rule, options, (scope) => {
      const timezone = renderTimezone(scope, options.timezone);
      if (Token.isUnresolved(rule)) return { rrule: rule, timezone };
      const check = checkRRule(rule);
      if (check.error) fail(scope, `invalid rrule ${show(rule.length > 200 ? `${rule.slice(0, 200)}...` : rule)}: ${check.error}`);
      return { rrule: check.rule, timezone };
    });
  }

  /**
   * @param kind the kind of schedule
   * @param expression the cron expression, `every <duration>` or the rule, as given
   * @param options the options common to all kinds
   */
  private constructor(
    public readonly kind: ScheduleKind,
    public readonly expression: string,
    public readonly options: ScheduleOptions,
    private readonly renderer: (scope: IConstruct) => RenderedSchedule,
  ) {}

  /**
   * Checks the schedule, failing with `scope`'s path, and returns its attributes.
   * @internal
   */
  public _render(scope: IConstruct): RenderedSchedule {
    return this.renderer(scope);
  }
}

function renderTimezone(scope: IConstruct, timezone: string | undefined): string {
  if (timezone === undefined) return 'UTC';
  if (!Token.isUnresolved(timezone)) {
    const error = checkTimezone(timezone);
    if (error) fail(scope, `invalid timezone ${show(timezone)}: ${error}`);
  }
  return timezone;
}
