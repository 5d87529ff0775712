import { Rule, RulePack } from 'cdktf-prefect';
import { EXISTING_BUCKET_NOTIFICATION_RULE } from './rules/existing-bucket-notification';
import { PLAIN_HTTP_API_RULE } from './rules/plain-http-api';
import { WILDCARD_IAM_RULE } from './rules/wildcard-iam';

/**
 * The rule packs of cdktf-prefect-aws: `Aspects.of(app).add(AwsRules.security())`. S3BucketSensor
 * runs the correctness pack on itself, so its findings show with no pack added.
 */
export class AwsRules {
  /** Security: wildcard IAM on sensitive actions (PF-AWS-001). */
  public static security(): RulePack {
    return new RulePack({ packName: 'prefect-aws-security', rules: [WILDCARD_IAM_RULE] });
  }

  /** Correctness: a notification replacing an existing bucket's (PF-AWS-002), an http API for EventBridge (PF-AWS-003). */
  public static correctness(): RulePack {
    return new RulePack({ packName: 'prefect-aws-correctness', rules: [EXISTING_BUCKET_NOTIFICATION_RULE, PLAIN_HTTP_API_RULE] });
  }

  /** Every rule of this package (docs/rules.md lists them). */
  public static all(): Rule[] {
    return [WILDCARD_IAM_RULE, EXISTING_BUCKET_NOTIFICATION_RULE, PLAIN_HTTP_API_RULE];
  }

  private constructor() {}
}
