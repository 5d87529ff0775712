import { IConstruct } from 'constructs';
import { fail } from '../core';
import { RULE_ID } from './private/names';
import { SUPPRESSIONS } from './private/state';

/**
 * Suppressions of rule findings for a construct and everything below it, each with a reason
 * (listed in policy-report.json and in the stack's policy summary).
 */
export class Suppressions {
  /** The suppressions of a construct. */
  public static of(construct: IConstruct): Suppressions {
    return new Suppressions(construct);
  }

  private constructor(private readonly construct: IConstruct) {}

  /** Suppresses rule `ruleId` (e.g. "PF-OPS-001") here and below, for `reason` (required). */
  public add(ruleId: string, reason: string): Suppressions {
    if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) {
      fail(this.construct, `invalid rule id ${JSON.stringify(ruleId)}: name a rule by its id, e.g. "PF-SEC-002" (see docs/rules.md)`);
    }
    if (typeof reason !== 'string' || reason.trim().length === 0) {
      fail(this.construct, `suppression of ${ruleId} has no reason: say why the finding does not apply, e.g. Suppressions.of(x).add("${ruleId}", "the image is pinned by digest in CI")`);
    }
    const map = SUPPRESSIONS.get(this.construct) ?? new Map<string, string>();
    map.set(ruleId, reason.trim());
    SUPPRESSIONS.set(this.construct, map);
    return this;
  }

  /** The reason rule `ruleId` is suppressed here or above, or undefined. */
  public reasonFor(ruleId: string): string | undefined {
    const scopes = this.construct.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const reason = SUPPRESSIONS.get(scopes[i])?.get(ruleId);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }
}
