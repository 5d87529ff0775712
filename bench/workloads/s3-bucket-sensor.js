// Workload: the S3BucketSensor pattern. N buckets whose new objects run one ingest deployment on
// Prefect Cloud: each sensor filters keys by prefix and suffix, sends the events through an
// authenticated webhook (a service account, its API key a sensitive variable) with a dead-letter
// queue, and has the automation that runs the deployment with the bucket and the key as
// parameters. Even sensors create their bucket, odd ones watch an existing bucket. Two variants
// that synthesize the same resources:
//   l3  the library's S3BucketSensor, Flow and Deployment (lib/, the compiled package)
//   l1  the same resources written on the generated Prefect bindings (deep imports from
//       lib/.gen/providers/prefect/<name>) and deep imports of the generated AWS classes (packages/aws/lib/.gen)
'use strict';
const path = require('path');

const { GEN, AWS_LIB, awsClasses, providers } = require('./aws-helpers');
const { deploymentIdentity, replacementTrigger } = require('./triggers');

const LIB = path.resolve(__dirname, '..', '..', 'lib');
const STACK = 's3-bucket-sensor';
const SERVICE_ACCOUNT = '3b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';
const TAGS = { team: 'data-platform' };
const CREATED = ['S3 PutObject', 'S3 POST Object', 'S3 CopyObject', 'S3 CompleteMultipartUpload'];

/** The inputs of sensor i. */
function spec(i) {
  return {
    id: `Landing${i}`,
    bucket: `acme-landing-${i}`,
    existing: i % 2 === 1,
    prefix: 'incoming/',
    suffix: '.csv',
    namePrefix: `acme-landing-${i}`,
    webhookName: `acme-landing-${i}-events`,
  };
}

/** The variables and providers (both variants). */
function base(cdktf, stack) {
  providers(stack);
  return {
    apiKey: new cdktf.TerraformVariable(stack, 'sensor_api_key', {
      type: 'string', sensitive: true, description: 'API key of the service account the webhooks check',
    }).stringValue,
  };
}

function l3(n, outdir) {
  const cdktf = require('cdktf');
  const { Deployment, Flow } = require(LIB);
  const { S3BucketSensor } = require(AWS_LIB);
  return () => {
    const app = new cdktf.App({ outdir });
    const stack = new cdktf.TerraformStack(app, STACK);
    const { apiKey } = base(cdktf, stack);
    const flow = new Flow(stack, 'IngestFlow', { flowName: 'ingest-landing' });
    const deployment = new Deployment(stack, 'Ingest', {
      flow, deploymentName: 'on-upload', entrypoint: 'flows/ingest.py:ingest_landing', workPoolName: 'ecs-prod',
    });
    for (let i = 0; i < n; i++) {
      const s = spec(i);
      new S3BucketSensor(stack, s.id, {
        bucketName: s.bucket,
        existingBucket: s.existing,
        keyPrefix: s.prefix,
        keySuffix: s.suffix,
        namePrefix: s.namePrefix,
        webhookName: s.webhookName,
        serviceAccountId: SERVICE_ACCOUNT,
        webhookApiKey: apiKey,
        deployment,
        bucketParameter: 'source_bucket',
        keyParameter: 'object_key',
        tags: TAGS,
      });
    }
    app.synth();
  };
}

function l1(n, outdir) {
  const cdktf = require('cdktf');
  const { Fn } = cdktf;
  const {
    CloudwatchEventApiDestination, CloudwatchEventConnection, CloudwatchEventRule, CloudwatchEventTarget, DataAwsIamPolicyDocument,
    IamRole, IamRolePolicy, S3Bucket, S3BucketNotification, S3BucketPublicAccessBlock, SqsQueue, SqsQueuePolicy,
  } = awsClasses(
    'cloudwatch-event-api-destination', 'cloudwatch-event-connection', 'cloudwatch-event-rule', 'cloudwatch-event-target',
    'data-aws-iam-policy-document', 'iam-role', 'iam-role-policy', 's3-bucket', 's3-bucket-notification',
    's3-bucket-public-access-block', 'sqs-queue', 'sqs-queue-policy',
  );
  const { Automation } = require(path.join(GEN, 'automation'));
  const { Deployment } = require(path.join(GEN, 'deployment'));
  const { Flow } = require(path.join(GEN, 'flow'));
  const { Webhook } = require(path.join(GEN, 'webhook'));
  return () => {
    const app = new cdktf.App({ outdir });
    const stack = new cdktf.TerraformStack(app, STACK);
    const { apiKey } = base(cdktf, stack);
    const flow = new Flow(stack, 'flow', { name: 'ingest-landing' });
    const deployment = new Deployment(stack, 'deployment', {
      flowId: flow.id, name: 'on-upload', entrypoint: 'flows/ingest.py:ingest_landing', workPoolName: 'ecs-prod', description: '', version: '',
    });
    replacementTrigger(stack, 'deployment-trigger', deployment, deploymentIdentity('entrypoint', 'work_pool_name'));
    const eventsService = [{ type: 'Service', identifiers: ['events.amazonaws.com'] }];
    for (let i = 0; i < n; i++) {
      const s = spec(i);
      const id = (what) => `${s.namePrefix}-${what}`;
      let bucketName = s.bucket;
      if (!s.existing) {
        const bucket = new S3Bucket(stack, id('bucket'), { bucket: s.bucket, tags: TAGS });
        new S3BucketPublicAccessBlock(stack, id('bucket-pab'), {
          bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        });
        bucketName = bucket.bucket;
      }
      new S3BucketNotification(stack, id('bucket-notification'), { bucket: bucketName, eventbridge: true });
      const rule = new CloudwatchEventRule(stack, id('rule'), {
        name: `${s.namePrefix}-rule`,
        description: `S3 events of ${s.bucket} to Prefect`,
        eventPattern: s.existing
          ? JSON.stringify({ 'detail': { bucket: { name: [bucketName] }, object: { key: [{ wildcard: `${s.prefix}*${s.suffix}` }] } }, 'detail-type': ['Object Created', 'Object Deleted'], 'source': ['aws.s3'] })
          : Fn.jsonencode({ 'source': ['aws.s3'], 'detail-type': ['Object Created', 'Object Deleted'], 'detail': { bucket: { name: [bucketName] }, object: { key: [{ wildcard: `${s.prefix}*${s.suffix}` }] } } }),
        tags: TAGS,
      });
      const webhook = new Webhook(stack, id('webhook'), {
        name: s.webhookName,
        description: `S3 events of ${s.bucket}, sent by EventBridge`,
        template: JSON.stringify({
          event: 'S3 {{ body.detail.reason }}',
          resource: { 'object-key': '{{ body.detail.object.key }}', 'prefect.resource.id': 's3.bucket.{{ body.detail.bucket.name }}' },
        }),
        serviceAccountId: SERVICE_ACCOUNT,
      });
      const connection = new CloudwatchEventConnection(stack, id('connection'), {
        name: `${s.namePrefix}-connection`,
        description: 'Prefect credentials',
        authorizationType: 'API_KEY',
        authParameters: { apiKey: { key: 'Authorization', value: `Bearer ${apiKey}` } },
      });
      const destination = new CloudwatchEventApiDestination(stack, id('destination'), {
        name: `${s.namePrefix}-destination`,
        description: 'the Prefect Cloud webhook',
        connectionArn: connection.arn,
        invocationEndpoint: webhook.endpoint,
        httpMethod: 'POST',
        invocationRateLimitPerSecond: 20,
      });
      const trust = new DataAwsIamPolicyDocument(stack, id('role-trust'), {
        statement: [{
          sid: 'EventBridgeRuleOfThisSensor',
          actions: ['sts:AssumeRole'],
          principals: eventsService,
          condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [rule.arn] }],
        }],
      });
      const role = new IamRole(stack, id('role'), { name: `${s.namePrefix}-invoke`, assumeRolePolicy: trust.json, tags: TAGS });
      const invoke = new DataAwsIamPolicyDocument(stack, id('role-policy-document'), {
        statement: [{ sid: 'InvokeItsDestination', actions: ['events:InvokeApiDestination'], resources: [destination.arn] }],
      });
      new IamRolePolicy(stack, id('role-policy'), { name: 'invoke-api-destination', role: role.name, policy: invoke.json });
      const dlq = new SqsQueue(stack, id('dlq'), { name: `${s.namePrefix}-dlq`, messageRetentionSeconds: 1209600, sqsManagedSseEnabled: true, tags: TAGS });
      const dlqPolicy = new DataAwsIamPolicyDocument(stack, id('dlq-policy-document'), {
        statement: [{
          sid: 'DeadLettersOfItsRule',
          actions: ['sqs:SendMessage'],
          principals: eventsService,
          resources: [dlq.arn],
          condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [rule.arn] }],
        }],
      });
      new SqsQueuePolicy(stack, id('dlq-policy'), { queueUrl: dlq.url, policy: dlqPolicy.json });
      new CloudwatchEventTarget(stack, id('target'), {
        rule: rule.name,
        arn: destination.arn,
        roleArn: role.arn,
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 },
        deadLetterConfig: { arn: dlq.arn },
      });
      new Automation(stack, id('automation'), {
        name: `${s.bucket}: run ${deployment.name}`,
        trigger: {
          event: {
            posture: 'Reactive',
            expect: CREATED,
            match: JSON.stringify({ 'prefect.resource.id': `s3.bucket.${s.bucket}` }),
            threshold: 1,
            within: 0,
          },
        },
        actions: [{
          type: 'run-deployment',
          source: 'selected',
          deploymentId: deployment.id,
          parameters: JSON.stringify({
            object_key: { __prefect_kind: 'jinja', template: '{{ event.resource[\'object-key\'] }}' },
            source_bucket: s.bucket,
          }),
        }],
      });
    }
    app.synth();
  };
}

module.exports = {
  id: 's3-bucket-sensor',
  stack: STACK,
  description: 'N × S3BucketSensor (EventBridge rule, connection, API destination, role, DLQ, webhook, run-deployment automation; even: new bucket) + 1 flow and deployment',
  variants: { l3, l1 },
};
