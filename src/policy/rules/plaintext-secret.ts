import { IConstruct } from 'constructs';
import { isLiteral, jsonObject, l1Attributes } from '../private/attributes';
import { SECRET_NAME } from '../private/names';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-SEC-001: a secret-looking literal in a variable, deployment parameters or job variables. */
export const PLAINTEXT_SECRET_RULE = new Rule({
  ruleId: 'PF-SEC-001',
  title: 'plaintext secret',
  severity: RuleSeverity.ERROR,
  rationale: 'Prefect variables, deployment parameters and job variables are stored and shown in plain text by Prefect, and a literal lands in cdk.tf.json, in Git and in the Terraform state. A value under a name such as password, token or api_key given as a literal is a leaked secret. (Block data is checked by Block itself.)',
  fix: 'keep the secret in a Secret block (Block with secretData from BlockSecretValue.fromVariable) and reference it, e.g. "{{ prefect.blocks.secret.db-password }}"',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const variable = l1Attributes(construct, 'prefect_variable');
      const secretName = variable && isLiteral(variable.name) && SECRET_NAME.test(variable.name);
      if (variable && secretName && nonEmptyLiteral(variable.value)) {
        return [{ message: `variable ${JSON.stringify(variable.name)} holds a literal value that looks like a secret` }];
      }
      const findings: RuleFinding[] = [];
      const deployment = l1Attributes(construct, 'prefect_deployment', 'prefect_deployment_schedule');
      for (const field of ['parameters', 'job_variables']) {
        const obj = jsonObject(deployment?.[field]);
        for (const key of secretKeys(obj)) findings.push({ message: `${field} key ${JSON.stringify(key)} holds a literal value that looks like a secret` });
      }
      return findings;
    },
  },
});

function nonEmptyLiteral(value: unknown): boolean {
  if (typeof value === 'string') return isLiteral(value) && value.length > 0 && !value.includes('{{');
  return typeof value === 'number';
}

function secretKeys(obj: { [key: string]: any } | undefined, prefix = ''): string[] {
  if (!obj) return [];
  return Object.entries(obj).flatMap(([k, v]) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) return secretKeys(v, `${prefix}${k}.`);
    return SECRET_NAME.test(k) && nonEmptyLiteral(v) ? [`${prefix}${k}`] : [];
  });
}
