import { IConstruct } from 'constructs';
import { fail, show } from '../core';

/**
 * How an environment turns the name an object has everywhere (`etl`) into the physical name it
 * has in that environment (`dev-etl`). Physical names must differ between environments that
 * share a Prefect server or workspace: Prefect merges two flows of the same name into one, and
 * destroying one environment would then delete the other's deployments with it.
 */
export class EnvironmentNaming {
  /**
   * Puts a prefix before every name.
   * @param prefix the prefix; default `<environment>-`
   */
  public static prefix(prefix?: string): EnvironmentNaming {
    return new EnvironmentNaming('prefix', prefix, undefined);
  }

  /**
   * Puts a suffix after every name.
   * @param suffix the suffix; default `-<environment>`
   */
  public static suffix(suffix?: string): EnvironmentNaming {
    return new EnvironmentNaming('suffix', undefined, suffix);
  }

  /**
   * Both a prefix and a suffix (either may be empty).
   * @param prefix the prefix
   * @param suffix the suffix
   */
  public static affix(prefix: string, suffix: string): EnvironmentNaming {
    return new EnvironmentNaming('affix', prefix, suffix);
  }

  /**
   * Names unchanged, e.g. for prod on a server or workspace of its own. Two environments on one
   * server must not both use it.
   */
  public static unchanged(): EnvironmentNaming {
    return new EnvironmentNaming('unchanged', '', '');
  }

  private constructor(
    /** @internal */ public readonly _kind: string,
    private readonly prefixText: string | undefined,
    private readonly suffixText: string | undefined,
  ) {}

  /**
   * The prefix and suffix for `environment`, checked.
   * @internal
   */
  public _affixes(scope: IConstruct, environment: string): { prefix: string; suffix: string } {
    const prefix = this.prefixText ?? (this._kind === 'prefix' ? `${environment}-` : '');
    const suffix = this.suffixText ?? (this._kind === 'suffix' ? `-${environment}` : '');
    for (const [what, text] of [['prefix', prefix], ['suffix', suffix]]) {
      const bad = text.match(/[/%&><]/g);
      if (bad) {
        fail(scope, `invalid naming ${what} ${show(text)}: Prefect rejects the characters ${[...new Set(bad)].map((c) => `"${c}"`).join(', ')} in names; use letters, digits, "-", "_" or "."`);
      }
      if (text !== text.trim()) fail(scope, `invalid naming ${what} ${show(text)}: it starts or ends with whitespace; remove it, e.g. ${show(text.trim() || `${environment}-`)}`);
    }
    return { prefix, suffix };
  }
}
