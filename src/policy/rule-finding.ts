import { RuleSeverity } from './rule-severity';

/** One thing a rule found on a construct. */
export interface RuleFinding {
  /** What is wrong, with the value (lowercase, no rule id: the pack adds it). */
  readonly message: string;
  /**
   * The severity of this finding, when it differs from the rule's.
   * @default the rule's severity
   */
  readonly severity?: RuleSeverity;
}
