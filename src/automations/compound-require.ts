import { Token } from 'cdktf';

/**
 * How many of a compound trigger's triggers must fire (the `require` of a compound trigger).
 */
export class CompoundRequire {
  /** Any one of the triggers. */
  public static readonly ANY = new CompoundRequire('any');

  /** All of the triggers. */
  public static readonly ALL = new CompoundRequire('all');

  /**
   * At least `count` of the triggers (from 1 to the number of triggers).
   * @param count how many triggers must fire
   */
  public static atLeast(count: number): CompoundRequire {
    return new CompoundRequire(count);
  }

  private constructor(private readonly requirement: any) {}

  /** The requirement as written, e.g. `any` or `2`. */
  public toString(): string {
    return Token.isUnresolved(this.requirement) ? '<token>' : String(this.requirement);
  }

  /** The number of triggers, when the requirement is a count (`undefined` for any and all). */
  public get count(): number | undefined {
    return typeof this.requirement === 'string' && !Token.isUnresolved(this.requirement) ? undefined : this.requirement;
  }

  /**
   * The provider's dynamic `require` value: a string or a number, passed as-is (a plain value
   * in a dynamic attribute would otherwise synthesize as `{}`).
   * @internal
   */
  public _render(): { [key: string]: any } {
    return Token.asAny(this.requirement) as any;
  }
}
