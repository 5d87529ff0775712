import { IConstruct } from 'constructs';
import { show } from '../../core';
import { NON_SENSITIVE_SECRET_SOURCE } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-SEC-006: block secretData fed from a Terraform variable that is not sensitive. */
export const BLOCK_SECRET_SOURCE_RULE = new Rule({
  ruleId: 'PF-SEC-006',
  title: 'secret from a non-sensitive variable',
  severity: RuleSeverity.WARNING,
  rationale: 'Terraform hides a variable\'s value in plans and logs only when the variable is declared sensitive. A secret block field fed from an ordinary variable (through a reference the construct cannot see past) is printed in every plan.',
  fix: 'declare the Terraform variable with sensitive: true',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return NON_SENSITIVE_SECRET_SOURCE.of(construct).map((f) => ({
        message: `secretData field ${show(f.field)} comes from the Terraform variable "${f.variablePath}", which is not sensitive`,
        fix: 'declare it with sensitive: true so that Terraform hides it in plans and logs',
      }));
    },
  },
});
