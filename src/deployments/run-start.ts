import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Duration, fail, show } from '../core';
import { parseAnchorDate } from './private/time';

/**
 * When a flow run created by a `DeploymentRun` is scheduled to start: at once, at a given time,
 * or some time after the apply creates it.
 */
export class RunStart {
  /** As soon as a worker picks it up (Prefect's default). */
  public static now(): RunStart {
    return new RunStart();
  }

  /**
   * At a fixed time, e.g. `RunStart.at("2026-07-01T06:00:00Z")`: an ISO 8601 date-time with a
   * UTC offset. A time in the past starts the run at once.
   */
  public static at(time: string): RunStart {
    return new RunStart(time);
  }

  /** That long after the apply creates the run, e.g. `RunStart.after(Duration.minutes(10))`. */
  public static after(delay: Duration): RunStart {
    return new RunStart(undefined, delay);
  }

  private constructor(private readonly time?: string, private readonly delay?: Duration) {}

  /**
   * The fields of the run script's input: `scheduled_time` (UTC) or `delay_seconds`.
   * @internal
   */
  public _render(scope: IConstruct): { scheduled_time?: string; delay_seconds?: number } {
    if (this.time !== undefined) {
      if (Token.isUnresolved(this.time)) return { scheduled_time: this.time };
      const parsed = parseAnchorDate(this.time);
      if (parsed.error) fail(scope, `invalid scheduled time ${show(this.time)}: ${parsed.error}`);
      return { scheduled_time: parsed.utc };
    }
    if (this.delay !== undefined) {
      const seconds = this.delay.toSeconds();
      if (!Token.isUnresolved(seconds) && !(seconds > 0)) {
        fail(scope, `invalid start delay ${this.delay}: it must be longer than 0 seconds; use RunStart.now() to start at once`);
      }
      return { delay_seconds: seconds };
    }
    return {};
  }
}
