// Facts the AWS constructs record for this package's rules (the synthesized tree alone cannot
// tell that a bucket is an existing one, or what the self-hosted API URL was). Typed, kept
// outside the tree. @internal
import { IConstruct } from 'constructs';

function marker<T>() {
  const facts = new WeakMap<IConstruct, T[]>();
  return {
    record(scope: IConstruct, fact: T): void {
      facts.set(scope, [...(facts.get(scope) ?? []), fact]);
    },
    of(construct: IConstruct): readonly T[] {
      return facts.get(construct) ?? [];
    },
  };
}

/** S3BucketSensor: EventBridge notifications turned on for an existing bucket (PF-AWS-002). */
export const EXISTING_BUCKET_NOTIFICATION = marker<{ readonly bucketName: string }>();

/** S3BucketSensor: a self-hosted API URL over plain http (PF-AWS-003). */
export const PLAIN_HTTP_API = marker<{ readonly url: string }>();
