import { IConstruct } from 'constructs';
import { l1Type } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

const KEY_HOLDERS: { [type: string]: string } = {
  prefect_service_account: 'api_key',
  prefect_user_api_key: 'key',
};

/** PF-SEC-003: a resource whose API key Terraform keeps in its state. */
export const API_KEY_IN_STATE_RULE = new Rule({
  ruleId: 'PF-SEC-003',
  title: 'API key in state',
  severity: RuleSeverity.WARNING,
  rationale: 'prefect_service_account and prefect_user_api_key return the new API key as an attribute, so Terraform writes it in plain text to the state (and to any plan file). Anyone who can read the state can act as the account.',
  fix: 'keep the state in an encrypted backend with narrow read access (StateBackend.s3 with encrypt, HCP Terraform), rotate the key on a schedule, and never output it',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const type = l1Type(construct);
      const attr = type ? KEY_HOLDERS[type] : undefined;
      return attr ? [{ message: `${type}.${attr} is stored in plain text in the Terraform state` }] : [];
    },
  },
});
