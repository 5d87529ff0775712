import { IAspect } from 'cdktf';
import { IConstruct } from 'constructs';
import { usePolicy } from './private/runner';
import { PACKS } from './private/state';
import { Rule } from './rule';

/** Properties of a RulePack. */
export interface RulePackProps {
  /** The pack's name, e.g. "prefect-security". */
  readonly packName: string;
  /** Its rules (ids unique within the pack). */
  readonly rules: Rule[];
}

/**
 * A set of rules applied as an Aspect: `Aspects.of(app).add(PrefectRules.security())`. On the
 * App, a stack or any subtree; each construct is checked once even when several packs hold the
 * same rule. Findings are error or warning annotations ending in the rule id; silence one with
 * `Suppressions.of(construct).add(ruleId, reason)`.
 */
export class RulePack implements IAspect {
  /** The pack's name. */
  public readonly packName: string;
  /** Its rules. */
  public readonly rules: Rule[];

  constructor(props: RulePackProps) {
    const ids = props.rules.map((r) => r.ruleId);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new Error(`rule pack ${JSON.stringify(props.packName)} holds rule ${twice} twice: list each rule once`);
    this.packName = props.packName;
    this.rules = [...props.rules];
    PACKS.set(this, { packName: this.packName, rules: this.rules });
  }

  /** Hands the construct to its stack's policy runner. */
  public visit(node: IConstruct): void {
    usePolicy(node, true);
  }
}
