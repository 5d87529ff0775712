import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Deployment, Flow, PrefectApi, WebhookTemplate } from 'cdktf-prefect';
import { S3BucketSensor, S3BucketSensorProps } from '../src';
import { onlyResource, resourcesOf, synthError, synthJson } from '../../../test/support/synth';
import { awsStack, ref, resourceCounts } from './fixtures';


function fakeDeployment(scope: Construct, id: string): Deployment {
  const flow = new Flow(scope, `${id}Flow`, { flowName: 'ingest' });
  return new Deployment(scope, id, { flow, deploymentName: 'ingest', entrypoint: 'flows/ingest.py:ingest' });
}

function synthSensor(props: (scope: Construct) => S3BucketSensorProps = () => ({})) {
  const stack = awsStack();
  const sensor = new S3BucketSensor(stack, 'Sensor', props(stack));
  return { sensor, json: synthJson(stack) };
}

function statements(json: any): any[] {
  return Object.values<any>(json.data.aws_iam_policy_document).flatMap((d) => d.statement);
}

describe('S3BucketSensor', () => {
  test('two sensors of one stack get different default names for every named resource', () => {
    const stack = awsStack();
    const a = new S3BucketSensor(stack, 'Orders');
    const b = new S3BucketSensor(stack, 'Invoices');
    const json = synthJson(stack);
    // the synthesized names, per resource type: each sensor has its own, none shared
    for (const [type, key] of [['aws_s3_bucket', 'bucket'], ['aws_cloudwatch_event_rule', 'name'], ['aws_cloudwatch_event_connection', 'name'],
      ['aws_cloudwatch_event_api_destination', 'name'], ['aws_iam_role', 'name'], ['aws_sqs_queue', 'name'], ['prefect_webhook', 'name']]) {
      const names = Object.values<any>(json.resource[type]).map((r) => r[key]);
      expect([type, names.length, new Set(names).size]).toEqual([type, 2, 2]);
    }
    expect([a.node.path, b.node.path]).toEqual(['Stack/Orders', 'Stack/Invoices']);
    expect(Object.values<any>(json.resource.aws_s3_bucket).map((r) => r.bucket).sort()).toEqual([expect.stringMatching(/^invoices-[0-9a-f]{8}$/), expect.stringMatching(/^orders-[0-9a-f]{8}$/)]);
  });

  test('defaults: the module\'s resources and template, names unique to the construct path, plus public access block and dead-letter queue', () => {
    const { sensor, json } = synthSensor();
    expect(resourceCounts(json)).toEqual({
      aws_s3_bucket: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_notification: 1,
      aws_cloudwatch_event_rule: 1,
      aws_cloudwatch_event_connection: 1,
      aws_cloudwatch_event_api_destination: 1,
      aws_cloudwatch_event_target: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_sqs_queue: 1,
      aws_sqs_queue_policy: 1,
      prefect_webhook: 1,
    });
    expect(onlyResource(json, 'aws_s3_bucket')).toEqual({ bucket: 'sensor-72c15a81' });
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).toEqual({
      bucket: ref('aws_s3_bucket', sensor.bucket!, 'id'),
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(onlyResource(json, 'aws_s3_bucket_notification')).toEqual({ bucket: ref('aws_s3_bucket', sensor.bucket!, 'bucket'), eventbridge: true });
    const rule = onlyResource(json, 'aws_cloudwatch_event_rule');
    expect(rule.name).toBe('sensor-72c15a81-rule');
    expect(rule.event_pattern).toBe(`\${jsonencode({"source" = ["aws.s3"], "detail-type" = ["Object Created", "Object Deleted"], "detail" = {"bucket" = {"name" = [aws_s3_bucket.${sensor.bucket!.friendlyUniqueId}.bucket]}}})}`);
    expect(onlyResource(json, 'aws_cloudwatch_event_connection')).toEqual({
      name: 'sensor-72c15a81-connection',
      description: 'no credentials: the endpoint is unauthenticated',
      authorization_type: 'API_KEY',
      auth_parameters: { api_key: { key: 'X-Prefect-Sensor', value: 'aws-eventbridge' } },
    });
    expect(onlyResource(json, 'aws_cloudwatch_event_api_destination')).toEqual({
      name: 'sensor-72c15a81-destination',
      description: 'the Prefect Cloud webhook',
      connection_arn: ref('aws_cloudwatch_event_connection', sensor.connection, 'arn'),
      invocation_endpoint: ref('prefect_webhook', sensor.webhook!.resource, 'endpoint'),
      http_method: 'POST',
      invocation_rate_limit_per_second: 20,
    });
    const webhook = onlyResource(json, 'prefect_webhook');
    expect(webhook.name).toBe('webhook-sensor-72c15a81');
    expect(JSON.parse(webhook.template)).toEqual({
      event: 'S3 {{ body.detail.reason }}',
      resource: { 'prefect.resource.id': 's3.bucket.{{ body.detail.bucket.name }}', 'object-key': '{{ body.detail.object.key }}' },
    });
    expect(onlyResource(json, 'aws_cloudwatch_event_target')).toEqual({
      rule: ref('aws_cloudwatch_event_rule', sensor.rule, 'name'),
      arn: ref('aws_cloudwatch_event_api_destination', sensor.apiDestination, 'arn'),
      role_arn: ref('aws_iam_role', sensor.role, 'arn'),
      retry_policy: { maximum_retry_attempts: 185, maximum_event_age_in_seconds: 86400 },
      dead_letter_config: { arn: ref('aws_sqs_queue', sensor.deadLetterQueue!, 'arn') },
    });
    expect(onlyResource(json, 'aws_sqs_queue')).toEqual({ name: 'sensor-72c15a81-dlq', message_retention_seconds: 1209600, sqs_managed_sse_enabled: true });
    expect(onlyResource(json, 'aws_iam_role').name).toBe('sensor-72c15a81-invoke');
    expect(sensor.automation).toBeUndefined();
  });

  test('IAM: every statement, and events:InvokeApiDestination only on its own destination', () => {
    const { sensor, json } = synthSensor();
    const rule = ref('aws_cloudwatch_event_rule', sensor.rule, 'arn');
    expect(statements(json)).toEqual(expect.arrayContaining([
      {
        sid: 'EventBridgeRuleOfThisSensor',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
        condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [rule] }],
      },
      { sid: 'InvokeItsDestination', actions: ['events:InvokeApiDestination'], resources: [ref('aws_cloudwatch_event_api_destination', sensor.apiDestination, 'arn')] },
      {
        sid: 'DeadLettersOfItsRule',
        actions: ['sqs:SendMessage'],
        principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
        resources: [ref('aws_sqs_queue', sensor.deadLetterQueue!, 'arn')],
        condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [rule] }],
      },
    ]));
    expect(statements(json)).toHaveLength(3);
    for (const s of statements(json)) {
      if (s.resources) expect(s.resources).not.toContain('*');
    }
    expect(onlyResource(json, 'aws_iam_role_policy').policy).toBe(ref('data.aws_iam_policy_document', sensor.policyDocument, 'json'));
  });

  test('every module input, an existing bucket, filters, authenticated webhook, limits and the automation', () => {
    const { sensor, json } = synthSensor((scope) => ({
      bucketName: 'acme-raw',
      existingBucket: true,
      eventTypes: ['Object Created'],
      keyPrefix: 'incoming/',
      keySuffix: '.csv',
      namePrefix: 'acme-raw',
      webhookName: 'acme-raw-events',
      webhookTemplate: WebhookTemplate.fromObject({ event: 'acme.{{ body.detail.reason }}', resource: { 'prefect.resource.id': 'acme.raw' } }),
      serviceAccountId: '3b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f',
      webhookApiKey: new TerraformVariable(scope, 'sa_key', { sensitive: true }).stringValue,
      rateLimitPerSecond: 5,
      maxRetryAttempts: 10,
      maxEventAgeSeconds: 3600,
      deadLetterQueue: false,
      deployment: fakeDeployment(scope, 'Ingest'),
      bucketParameter: 'source_bucket',
      keyParameter: 'object_key',
      tags: { team: 'data' },
    }));
    expect(resourcesOf(json, 'aws_s3_bucket')).toEqual({});
    expect(resourcesOf(json, 'aws_sqs_queue')).toEqual({});
    expect(onlyResource(json, 'aws_s3_bucket_notification')).toEqual({ bucket: 'acme-raw', eventbridge: true });
    expect(sensor.node.metadata.map((m) => m.data)).toEqual([expect.stringMatching(/replaces its whole notification configuration; set enableBucketEventBridge: false .* \[PF-AWS-002\]$/)]);
    expect(JSON.parse(onlyResource(json, 'aws_cloudwatch_event_rule').event_pattern)).toEqual({
      'source': ['aws.s3'],
      'detail-type': ['Object Created'],
      'detail': { bucket: { name: ['acme-raw'] }, object: { key: [{ wildcard: 'incoming/*.csv' }] } },
    });
    expect(onlyResource(json, 'aws_cloudwatch_event_rule').tags).toEqual({ team: 'data' });
    expect(onlyResource(json, 'aws_iam_role').tags).toEqual({ team: 'data' });
    expect(onlyResource(json, 'aws_cloudwatch_event_connection').auth_parameters).toEqual({ api_key: { key: 'Authorization', value: 'Bearer ${var.sa_key}' } });
    expect(onlyResource(json, 'aws_cloudwatch_event_api_destination').invocation_rate_limit_per_second).toBe(5);
    const target = onlyResource(json, 'aws_cloudwatch_event_target');
    expect(target.retry_policy).toEqual({ maximum_retry_attempts: 10, maximum_event_age_in_seconds: 3600 });
    expect(target.dead_letter_config).toBeUndefined();
    const webhook = onlyResource(json, 'prefect_webhook');
    expect([webhook.name, webhook.service_account_id]).toEqual(['acme-raw-events', '3b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f']);
    const automation = onlyResource(json, 'prefect_automation');
    expect(automation.name).toMatch(/^acme-raw: run \$\{prefect_deployment\.\w+\.name\}$/);
    expect(automation.trigger.event).toMatchObject({
      expect: ['S3 PutObject', 'S3 POST Object', 'S3 CopyObject', 'S3 CompleteMultipartUpload'],
      match: JSON.stringify({ 'prefect.resource.id': 's3.bucket.acme-raw' }),
      posture: 'Reactive',
    });
    expect(JSON.parse(automation.actions[0].parameters)).toEqual({
      source_bucket: 'acme-raw',
      object_key: { __prefect_kind: 'jinja', template: "{{ event.resource['object-key'] }}" },
    });
  });

  test('self-hosted: no webhook; EventBridge posts the template\'s event to <url>/events, with basic auth', () => {
    const { sensor, json } = synthSensor((scope) => ({
      api: PrefectApi.selfHosted('https://prefect.example.com/api/'),
      selfHostedAuthString: new TerraformVariable(scope, 'auth', { sensitive: true }).stringValue,
      keyPrefix: 'in/',
    }));
    expect(resourcesOf(json, 'prefect_webhook')).toEqual({});
    expect(sensor.webhook).toBeUndefined();
    expect(onlyResource(json, 'aws_cloudwatch_event_api_destination').invocation_endpoint).toBe('https://prefect.example.com/api/events');
    expect(onlyResource(json, 'aws_cloudwatch_event_connection').auth_parameters.api_key).toEqual({ key: 'Authorization', value: 'Basic ${base64encode(var.auth)}' });
    expect(onlyResource(json, 'aws_cloudwatch_event_rule').event_pattern).toContain('"object" = {"key" = [{"prefix" = "in/"}]}');
    const transformer = onlyResource(json, 'aws_cloudwatch_event_target').input_transformer;
    expect(transformer.input_paths).toEqual({ id: '$.id', time: '$.time', reason: '$.detail.reason', bucket: '$.detail.bucket.name', key: '$.detail.object.key' });
    // with sample values filled in, the template is the POST /api/events body
    const filled = transformer.input_template
      .replace('<id>', '"5f0b8f84-4c5e-4b9e-9a53-5d8f8c2a7f11"').replace('<time>', '"2026-11-22T03:00:00Z"')
      .replace('<reason>', 'PutObject').replace('<bucket>', 'raw').replace('<key>', '"in/a.csv"');
    expect(JSON.parse(filled)).toEqual([{
      id: '5f0b8f84-4c5e-4b9e-9a53-5d8f8c2a7f11', occurred: '2026-11-22T03:00:00Z', event: 'S3 PutObject',
      resource: { 'prefect.resource.id': 's3.bucket.raw', 'object-key': 'in/a.csv' }, payload: {},
    }]);
  });

  test('a server only reachable inside a VPC: the connection goes through its VPC Lattice resource configuration', () => {
    const arn = 'arn:aws:vpc-lattice:eu-west-1:123456789012:resourceconfiguration/rcfg-0123456789abcdef0';
    const { sensor, json } = synthSensor(() => ({ api: PrefectApi.selfHosted('https://prefect.internal.example.com/api'), privateEndpointResourceConfigurationArn: arn }));
    expect(onlyResource(json, 'aws_cloudwatch_event_connection').invocation_connectivity_parameters).toEqual({ resource_parameters: { resource_configuration_arn: arn } });
    expect(sensor.node.metadata).toEqual([]);
    // without it, nothing is set
    expect(onlyResource(synthSensor().json, 'aws_cloudwatch_event_connection').invocation_connectivity_parameters).toBeUndefined();
  });

  test('a plain-http server URL warns: EventBridge only calls https endpoints', () => {
    const { sensor, json } = synthSensor(() => ({ api: PrefectApi.selfHosted('http://prefect.example.com/api') }));
    expect(sensor.node.metadata.map((m) => [m.type, m.data])).toEqual([[
      '@cdktf/warn',
      'the self-hosted API URL "http://prefect.example.com/api" is plain http, but EventBridge API destinations only call https endpoints; serve the server\'s API over https (with a certificate AWS trusts) and give that URL [PF-AWS-003]',
    ]]);
    expect(onlyResource(json, 'aws_cloudwatch_event_api_destination').invocation_endpoint).toBe('http://prefect.example.com/api/events');
  });

  test('a suffix alone; no EventBridge setting on request', () => {
    const { json } = synthSensor(() => ({ keySuffix: '.parquet', enableBucketEventBridge: false }));
    expect(resourcesOf(json, 'aws_s3_bucket_notification')).toEqual({});
    expect(onlyResource(json, 'aws_cloudwatch_event_rule').event_pattern).toContain('"object" = {"key" = [{"suffix" = ".parquet"}]}');
  });
});

describe('S3BucketSensor bad input', () => {
  const key = (s: Construct) => new TerraformVariable(s, 'k', { sensitive: true }).stringValue;
  test.each<[string, (s: Construct) => S3BucketSensorProps, RegExp]>([
    ['bad bucket name', () => ({ bucketName: 'My_Bucket' }), /invalid bucketName "My_Bucket": S3 bucket names are 3 to 63 lowercase/],
    ['existing bucket without name', () => ({ existingBucket: true }), /existingBucket is true but no bucketName is given/],
    ['webhook option with self-hosted', () => ({ api: PrefectApi.selfHosted('http://p/api'), webhookName: 'x' }), /webhookName is for the Prefect Cloud webhook, but api is PrefectApi.selfHosted\("http:\/\/p\/api"\) \(a self-hosted server has no webhooks\)/],
    ['auth string without self-hosted', (s) => ({ selfHostedAuthString: key(s) }), /selfHostedAuthString needs a self-hosted server: give api: PrefectApi.selfHosted\(url\)/],
    ['auth string with Prefect Cloud', (s) => ({ api: PrefectApi.cloud('acc', 'ws'), selfHostedAuthString: key(s) }), /selfHostedAuthString needs a self-hosted server/],
    ['bad URL', () => ({ api: PrefectApi.selfHosted('prefect/api') }), /invalid PrefectApi.selfHosted URL "prefect\/api": use the server's API address/],
    ['cloud URL as self-hosted', () => ({ api: PrefectApi.selfHosted('https://api.prefect.cloud/api/accounts/a/workspaces/w') }), /is a Prefect Cloud URL: use PrefectApi.cloud\(accountId, workspaceId\)/],
    ['bad workspace ID', () => ({ api: PrefectApi.cloud('acc', 'w s') }), /invalid Prefect Cloud workspace ID "w s"/],
    ['literal key', () => ({ serviceAccountId: '3b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f', webhookApiKey: 'pnu_x' }), /webhookApiKey is a literal, so it would be written to cdk.tf.json/],
    ['literal auth string', () => ({ api: PrefectApi.selfHosted('http://p/api'), selfHostedAuthString: 'u:p' }), /selfHostedAuthString is a literal/],
    ['key without service account', (s) => ({ webhookApiKey: key(s) }), /serviceAccountId undefined and webhookApiKey go together/],
    ['no event types', () => ({ eventTypes: [] }), /eventTypes is empty/],
    ['star in prefix', () => ({ keyPrefix: 'a*' }), /invalid keyPrefix "a\*": give a non-empty text without "\*"/],
    ['empty suffix', () => ({ keySuffix: '' }), /invalid keySuffix ""/],
    ['rate limit', () => ({ rateLimitPerSecond: 301 }), /invalid rateLimitPerSecond 301: it must be a whole number from 1 to 300/],
    ['retries', () => ({ maxRetryAttempts: 186 }), /invalid maxRetryAttempts 186/],
    ['event age', () => ({ maxEventAgeSeconds: 30 }), /invalid maxEventAgeSeconds 30: it must be a whole number from 60 to 86400/],
    ['automation option without deployment', () => ({ expect: ['S3 PutObject'] }), /expect configures the automation, which needs a deployment/],
    ['same parameter twice', (s) => ({ deployment: fakeDeployment(s, 'D'), bucketParameter: 'key' }), /bucketParameter and keyParameter are both "key"/],
    ['aws: tag', () => ({ tags: { 'aws:x': 'y' } }), /invalid tag key "aws:x"/],
    ['not a resource configuration ARN', () => ({ privateEndpointResourceConfigurationArn: 'arn:aws:vpc-lattice:eu-west-1:123456789012:service/svc-0123456789abcdef0' }),
      /invalid privateEndpointResourceConfigurationArn "arn:aws:vpc-lattice:eu-west-1:123456789012:service\/svc-0123456789abcdef0": give the ARN of a VPC Lattice resource configuration/],
  ])('%s', (_name, props, message) => {
    const error = synthError((scope) => new S3BucketSensor(scope, 'S', props(scope)));
    expect(error).toMatch(message);
    expect(error).toMatch(/^Stack\/S/);
  });
});
