import { IConstruct } from 'constructs';
import { show } from '../../core';
import { SECRET_LOOKING_LITERAL } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-SEC-005: a secret-looking block field given as a literal. */
export const BLOCK_SECRET_LITERAL_RULE = new Rule({
  ruleId: 'PF-SEC-005',
  title: 'secret-looking literal in block data',
  severity: RuleSeverity.WARNING,
  rationale: 'A literal in block data is written in plain text to cdk.tf.json (and so to Git) and to the state. A field named like password, token, api_key or connection_string that the block type does not declare secret is most likely a leaked credential.',
  fix: 'give the field in secretData with BlockSecretValue.fromVariable(sensitiveVariable)',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return SECRET_LOOKING_LITERAL.of(construct).map((f) => ({ message: `block field ${show(f.field)} looks like a secret but is a literal that lands in plain text in cdk.tf.json` }));
    },
  },
});
