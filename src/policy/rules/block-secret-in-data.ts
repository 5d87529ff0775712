import { IConstruct } from 'constructs';
import { show } from '../../core';
import { SECRET_FIELD_IN_DATA } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-SEC-004: a block type's secret field given (by reference) in data rather than secretData. */
export const BLOCK_SECRET_IN_DATA_RULE = new Rule({
  ruleId: 'PF-SEC-004',
  title: 'secret block field in data',
  severity: RuleSeverity.WARNING,
  rationale: 'Block data is an ordinary attribute: Terraform keeps it in its state and shows it in plans. secretData goes to the write-only data_wo (ephemeral with Terraform 1.11+), which the state never holds.',
  fix: 'move the field to secretData, e.g. { field: BlockSecretValue.fromVariable(sensitiveVariable) }',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return SECRET_FIELD_IN_DATA.of(construct).map((f) => ({ message: `block field ${show(f.field)} is secret but given in data, so Terraform stores it in its state` }));
    },
  },
});
