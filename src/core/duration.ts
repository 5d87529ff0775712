import { Op, Token } from 'cdktf';

/**
 * A length of time, e.g. the interval of an interval schedule.
 *
 * Prefect reads intervals as seconds; `Duration.minutes(15)` is 900 seconds.
 */
export class Duration {
  /** A duration of `amount` seconds. */
  public static seconds(amount: number): Duration {
    return new Duration(amount, 1, 'seconds');
  }

  /** A duration of `amount` minutes. */
  public static minutes(amount: number): Duration {
    return new Duration(amount, 60, 'minutes');
  }

  /** A duration of `amount` hours. */
  public static hours(amount: number): Duration {
    return new Duration(amount, 3600, 'hours');
  }

  /** A duration of `amount` days (24 hours each). */
  public static days(amount: number): Duration {
    return new Duration(amount, 86400, 'days');
  }

  private constructor(private readonly amount: number, private readonly factor: number, private readonly unit: string) {}

  /** The duration in seconds (a token when the amount is one). */
  public toSeconds(): number {
    if (Token.isUnresolved(this.amount)) {
      return this.factor === 1 ? this.amount : Token.asNumber(Op.mul(this.amount, this.factor));
    }
    return this.amount * this.factor;
  }

  /** The duration as written, e.g. `15 minutes`. */
  public toString(): string {
    return Token.isUnresolved(this.amount) ? `<token> ${this.unit}` : `${this.amount} ${this.unit}`;
  }
}
