import { Rule, RulePack } from 'cdktf-prefect';
import { WILDCARD_IAM_RULE } from './rules/wildcard-iam';

/** The rule pack of cdktf-prefect-aws: `Aspects.of(app).add(AwsRules.security())`. */
export class AwsRules {
  /** Security: wildcard IAM on sensitive actions (PF-AWS-001). */
  public static security(): RulePack {
    return new RulePack({ packName: 'prefect-aws-security', rules: [WILDCARD_IAM_RULE] });
  }

  /** Every rule of this package (docs/rules.md lists them). */
  public static all(): Rule[] {
    return [WILDCARD_IAM_RULE];
  }

  private constructor() {}
}
