import { IAspect } from 'cdktf';
import { IConstruct } from 'constructs';
import { targetNameOf, usePolicy } from './private/runner';
import { TARGETS } from './private/state';

/**
 * The kind of Prefect server a scope deploys to, declared with
 * `Aspects.of(scope).add(PrefectTarget.selfHosted())` (or `.cloud()`) on an app, a stack or any
 * subtree; the nearest declaration wins. Cloud-only features (rule PF-TGT-001) are then silent on
 * Cloud and an error on a self-hosted server; with no declaration they are a warning. Workspaces
 * (Workspaces.of) are refused on a self-hosted target.
 */
export class PrefectTarget implements IAspect {
  /** Prefect Cloud. */
  public static cloud(): PrefectTarget {
    return new PrefectTarget('cloud');
  }

  /** A self-hosted Prefect server. */
  public static selfHosted(): PrefectTarget {
    return new PrefectTarget('self-hosted');
  }

  /**
   * The name of the target declared for a construct (`cloud` or `self-hosted`): the nearest
   * declaration on it or above it, the App included.
   * @returns undefined when no target is declared
   */
  public static nameOf(construct: IConstruct): string | undefined {
    return targetNameOf(construct);
  }

  private constructor(
    /** `cloud` or `self-hosted`. */
    public readonly name: string,
  ) {
    TARGETS.set(this, name);
  }

  /** Hands the construct to its stack's policy runner. */
  public visit(node: IConstruct): void {
    usePolicy(node, true);
  }
}
