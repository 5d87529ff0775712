import { IConstruct } from 'constructs';
import { RULE_ID } from './private/names';
import { RuleFinding } from './rule-finding';
import { RuleSeverity } from './rule-severity';

/** What a rule knows besides the construct it checks. */
export interface RuleContext {
  /**
   * The declared target of the construct: `cloud` or `self-hosted` (see PrefectTarget).
   * @default - no target declared
   */
  readonly targetName?: string;
}

/** The check of a rule: a pure function of a construct (no side effects, no annotations). */
export interface IRuleCheck {
  /** The findings for one construct; an empty list when it complies. */
  check(construct: IConstruct, context: RuleContext): RuleFinding[];
}

/** Properties of a Rule. */
export interface RuleProps {
  /** A stable id, e.g. `PF-SEC-001`: upper-case words and digits joined by `-`. Suppressions name it. */
  readonly ruleId: string;
  /** A short title, e.g. "unpinned image". */
  readonly title: string;
  /** The severity of its findings (a finding can raise or lower its own). */
  readonly severity: RuleSeverity;
  /** Why the rule exists (goes to docs/rules.md). */
  readonly rationale: string;
  /** How to comply (added to every finding and to docs/rules.md). */
  readonly fix: string;
  /** The check. */
  readonly check: IRuleCheck;
}


/** One policy rule: a stable id, a severity, why, how to fix, and a pure check. */
export class Rule {
  /** The stable id. */
  public readonly ruleId: string;
  /** A short title. */
  public readonly title: string;
  /** The default severity of its findings. */
  public readonly severity: RuleSeverity;
  /** Why the rule exists. */
  public readonly rationale: string;
  /** How to comply. */
  public readonly fix: string;
  private readonly checker: IRuleCheck;

  constructor(props: RuleProps) {
    if (!RULE_ID.test(props.ruleId)) throw new Error(`invalid rule id ${JSON.stringify(props.ruleId)}: use upper-case words and digits joined by "-", e.g. "ACME-OPS-001"`);
    this.ruleId = props.ruleId;
    this.title = props.title;
    this.severity = props.severity;
    this.rationale = props.rationale;
    this.fix = props.fix;
    this.checker = props.check;
  }

  /** The findings of this rule on one construct. */
  public evaluate(construct: IConstruct, context: RuleContext): RuleFinding[] {
    return this.checker.check(construct, context);
  }
}
