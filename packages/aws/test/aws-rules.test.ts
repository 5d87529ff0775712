import * as fs from 'fs';
import * as path from 'path';
import { AnnotationMetadataEntryType, Aspects, TerraformStack, Testing } from 'cdktf';
import { PrefectApi, Suppressions } from 'cdktf-prefect';
import { IConstruct } from 'constructs';
import { DataAwsIamPolicyDocument } from '../src/.gen/providers/aws/data-aws-iam-policy-document';
import { IamPolicy } from '../src/.gen/providers/aws/iam-policy';
import { AwsRules, EcsWorker, S3BucketSensor, S3BucketSensorProps } from '../src';
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

// PF-AWS-002 and 003: S3BucketSensor runs AwsRules.correctness() on itself, so they show with no pack.
describe.each([
  {
    ruleId: 'PF-AWS-002', says: /^Stack\/Sensor: the bucket notification of existing bucket "acme-raw" replaces its whole notification configuration; set enableBucketEventBridge: false/,
    bad: (): S3BucketSensorProps => ({ bucketName: 'acme-raw', existingBucket: true }),
    good: (): S3BucketSensorProps => ({ bucketName: 'acme-raw', existingBucket: true, enableBucketEventBridge: false }),
  },
  {
    ruleId: 'PF-AWS-003', says: /^Stack\/Sensor: the self-hosted API URL "http:\/\/prefect.example.com\/api" is plain http, .*; serve the server's API over https/,
    bad: (): S3BucketSensorProps => ({ api: PrefectApi.selfHosted('http://prefect.example.com/api') }),
    good: (): S3BucketSensorProps => ({ api: PrefectApi.selfHosted('https://prefect.example.com/api') }),
  },
])('$ruleId (runs by default on S3BucketSensor)', ({ ruleId, says, bad, good }) => {
  const of = (scope: IConstruct) => scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => String(m.data).endsWith(`[${ruleId}]`)).map((m) => `${m.type === AnnotationMetadataEntryType.WARN ? 'warning' : m.type} ${c.node.path}: ${m.data}`));

  test('fires once on the bad sensor, quiet on the good one', () => {
    const stack = awsStack();
    new S3BucketSensor(stack, 'Sensor', bad());
    Testing.synth(stack);
    expect(of(stack)).toEqual([expect.stringMatching(new RegExp(`^warning ${says.source.slice(1)}.* \\[${ruleId}\\]$`))]);
    const quiet = awsStack();
    new S3BucketSensor(quiet, 'Sensor', good());
    Testing.synth(quiet);
    expect(of(quiet)).toEqual([]);
  });

  test('a suppression silences it and shows in policy-report.json; the pack added again reports nothing twice', () => {
    const stack = awsStack();
    Aspects.of(stack).add(AwsRules.correctness());
    Suppressions.of(new S3BucketSensor(stack, 'Sensor', bad())).add(ruleId, 'the bucket has no other notifications');
    const report = JSON.parse(fs.readFileSync(path.join(Testing.fullSynth(stack), 'stacks', 'Stack', 'policy-report.json'), 'utf8'));
    expect(of(stack)).toEqual([]);
    expect(report.suppressions).toEqual([expect.objectContaining({ ruleId, path: 'Stack/Sensor', reason: 'the bucket has no other notifications' })]);
    const twice = awsStack();
    Aspects.of(twice).add(AwsRules.correctness());
    new S3BucketSensor(twice, 'Sensor', bad());
    Testing.synth(twice);
    expect(of(twice)).toHaveLength(1);
  });
});
