import { AnnotationMetadataEntryType, Aspects, TerraformStack, Testing } from 'cdktf';
import { Suppressions } from 'cdktf-prefect';
import { IConstruct } from 'constructs';
import { DataAwsIamPolicyDocument } from '../src/.gen/providers/aws/data-aws-iam-policy-document';
import { IamPolicy } from '../src/.gen/providers/aws/iam-policy';
import { AwsRules, EcsWorker } from '../src';
import { awsStack, cloud } from './fixtures';

// PF-AWS-001 through the pack of this package, on raw IAM resources and on EcsWorker's own.

function findings(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => (m.type === AnnotationMetadataEntryType.ERROR || m.type === AnnotationMetadataEntryType.WARN) && String(m.data).endsWith('[PF-AWS-001]'))
    .map((m) => `${c.node.path}: ${m.data}`));
}

function withPack(): TerraformStack {
  const stack = awsStack();
  Aspects.of(stack).add(AwsRules.security());
  return stack;
}

const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('PF-AWS-001 wildcard IAM on sensitive actions', () => {
  test('fires on "*" and on iam:* / secretsmanager:* on resource "*", in JSON policies and policy documents', () => {
    const stack = withPack();
    new IamPolicy(stack, 'Admin', { name: 'admin', policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
    new IamPolicy(stack, 'Secrets', { name: 's', policy: policy({ Effect: 'Allow', Action: ['s3:GetObject', 'secretsmanager:*'], Resource: ['*'] }) });
    new DataAwsIamPolicyDocument(stack, 'Doc', { statement: [{ actions: ['iam:*'], resources: ['*'] }] });
    Testing.synth(stack);
    expect(findings(stack)).toEqual([
      expect.stringMatching(/^Stack\/Admin: an Allow statement grants \["\*"\] on resource "\*"; list the actions/),
      expect.stringMatching(/^Stack\/Secrets: an Allow statement grants \["secretsmanager:\*"\]/),
      expect.stringMatching(/^Stack\/Doc: an Allow statement grants \["iam:\*"\]/),
    ]);
  });

  test('quiet on scoped resources, non-sensitive wildcards, Deny, and on EcsWorker\'s own policies', () => {
    const stack = withPack();
    new IamPolicy(stack, 'Scoped', { name: 'a', policy: policy({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' }) });
    new IamPolicy(stack, 'Logs', { name: 'b', policy: policy({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }) });
    new IamPolicy(stack, 'Deny', { name: 'c', policy: policy({ Effect: 'Deny', Action: '*', Resource: '*' }) });
    new EcsWorker(stack, 'Worker', cloud());
    Testing.synth(stack);
    expect(findings(stack)).toEqual([]);
  });

  test('suppressible with a reason', () => {
    const stack = withPack();
    const admin = new IamPolicy(stack, 'Admin', { name: 'admin', policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
    Suppressions.of(admin).add('PF-AWS-001', 'break-glass role, reviewed by security');
    Testing.synth(stack);
    expect(findings(stack)).toEqual([]);
  });
});
