import { IConstruct } from 'constructs';
import { Checks, Rule, RuleFinding, RuleSeverity } from 'cdktf-prefect';
import { EXISTING_BUCKET_NOTIFICATION } from '../private/markers';

/** PF-AWS-002: a bucket notification that replaces an existing bucket's notification configuration. */
export const EXISTING_BUCKET_NOTIFICATION_RULE = new Rule({
  ruleId: 'PF-AWS-002',
  title: 'notification replacing an existing bucket\'s',
  severity: RuleSeverity.WARNING,
  rationale: 'aws_s3_bucket_notification owns a bucket\'s whole notification configuration. On a bucket that already sends notifications (to Lambda, SQS or SNS), applying it removes them, and destroying it removes EventBridge too.',
  fix: 'set enableBucketEventBridge: false if the bucket already sends notifications, and turn EventBridge on yourself',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return EXISTING_BUCKET_NOTIFICATION.of(construct).map((f) => ({
        message: `the bucket notification of existing bucket ${Checks.show(f.bucketName)} replaces its whole notification configuration`,
      }));
    },
  },
});
