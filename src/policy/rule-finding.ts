import { RuleSeverity } from './rule-severity';

/**
 * One thing a rule found on a construct. It is reported as `<message>; <fix> [<rule id>]`.
 */
export interface RuleFinding {
  /** What is wrong, with the value (lowercase, no rule id: the pack adds it). */
  readonly message: string;
  /**
   * How to fix this finding, when it is more specific than the rule's fix.
   * @default the rule's fix
   */
  readonly fix?: string;
  /**
   * The severity of this finding, when it differs from the rule's.
   * @default the rule's severity
   */
  readonly severity?: RuleSeverity;
}
