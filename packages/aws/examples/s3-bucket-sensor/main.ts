// Files landing in S3 start Prefect flow runs, on Prefect Cloud. Two S3BucketSensors send their
// bucket's events through EventBridge to authenticated Prefect webhooks, and each one's automation
// runs the ingest deployment once per new object, with the bucket and key as flow parameters:
//   - a new bucket for partner uploads, where only `incoming/*.csv` keys count;
//   - an existing bucket another team owns (its stack has EventBridge notifications on), `.parquet` only.
//
//   cdktf deploy --var prefect_account_id=... --var prefect_workspace_id=... \
//     --var prefect_service_account_id=... \
//     --var 'webhook_api_key_secret_arn=arn:aws:secretsmanager:...' \
//     --var 'alarm_topic_arn=arn:aws:sns:...'
//
// The webhooks check the API key of a Prefect Cloud service account (Pro/Enterprise). The key is
// read from Secrets Manager by ARN and handed to EventBridge by reference, so it never appears in
// cdk.tf.json. PREFECT_API_KEY (for the Prefect provider) and the AWS credentials come from the
// environment. It imports the packages as a real app does (`npm install cdktf-prefect
// cdktf-prefect-aws`); in this repository the npm workspace links them to the compiled packages.
import { AwsProvider } from 'cdktf-prefect-aws/lib/.gen/providers/aws/provider';
import { CloudwatchMetricAlarm } from 'cdktf-prefect-aws/lib/.gen/providers/aws/cloudwatch-metric-alarm';
import { DataAwsSecretsmanagerSecretVersion } from 'cdktf-prefect-aws/lib/.gen/providers/aws/data-aws-secretsmanager-secret-version';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Flow, WorkPool } from 'cdktf-prefect';
import { S3BucketSensor } from 'cdktf-prefect-aws';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';

export class S3BucketSensorStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const input = (name: string, description: string) =>
      new TerraformVariable(this, name, { type: 'string', description }).stringValue;
    const accountId = input('prefect_account_id', 'Prefect Cloud account ID');
    const workspaceId = input('prefect_workspace_id', 'Prefect Cloud workspace ID');

    // The stack owns the providers; credentials come from the environment.
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
    new PrefectProvider(this, 'prefect', { accountId, workspaceId });

    // The service account the webhooks accept, and its API key, kept in Secrets Manager.
    const serviceAccountId = input('prefect_service_account_id', 'Prefect Cloud service account the webhooks accept');
    const webhookApiKey = new DataAwsSecretsmanagerSecretVersion(this, 'WebhookApiKey', {
      secretId: input('webhook_api_key_secret_arn', 'Secrets Manager secret holding that service account\'s API key'),
    }).secretString;

    // The deployment the objects start: one flow run per object, bucket and key as parameters.
    const ingest = new Flow(this, 'IngestFlow', { flowName: 'ingest-object' }).addDeployment('OnObject', {
      deploymentName: 'on-object',
      description: 'loads one S3 object; started by the S3 sensors\' automations',
      entrypoint: 'flows/ingest.py:ingest_object',
      workPool: WorkPool.fromWorkPoolName(this, 'Pool', 'ecs-prod'), // e.g. the ecs-worker example's pool
      parameterOpenApiSchema: {
        type: 'object',
        properties: { bucket: { type: 'string' }, key: { type: 'string' } },
        required: ['bucket', 'key'],
      },
      enforceParameterSchema: true,
    });

    const tags = { 'team': 'data-platform', 'cost-center': 'analytics' };
    // Delivery: at most 10 requests a second to Prefect; a failed event is retried for up to
    // 6 hours, then kept 14 days in the sensor's dead-letter queue.
    const delivery = { rateLimitPerSecond: 10, maxRetryAttempts: 50, maxEventAgeSeconds: 6 * 3600, deadLetterQueue: true };

    // A new bucket (public access blocked) for partner uploads.
    const landing = new S3BucketSensor(this, 'PartnerLanding', {
      bucketName: 'acme-partner-landing',
      eventTypes: ['Object Created'],
      keyPrefix: 'incoming/',
      keySuffix: '.csv',
      namePrefix: 'acme-partner-landing',
      webhookName: 'acme-partner-landing-s3',
      serviceAccountId,
      webhookApiKey,
      ...delivery,
      deployment: ingest,
      automationName: 'ingest partner uploads',
      tags,
    });

    // An existing bucket: nothing is created for it. Its own stack turns EventBridge
    // notifications on, so this one leaves the bucket's notification configuration alone.
    const exports = new S3BucketSensor(this, 'ErpExports', {
      bucketName: 'acme-erp-exports',
      existingBucket: true,
      enableBucketEventBridge: false,
      eventTypes: ['Object Created'],
      keySuffix: '.parquet',
      namePrefix: 'acme-erp-exports',
      webhookName: 'acme-erp-exports-s3',
      serviceAccountId,
      webhookApiKey,
      ...delivery,
      deployment: ingest,
      automationName: 'ingest ERP exports',
      tags,
    });

    // Someone hears about events that could not be delivered.
    const alarmTopic = input('alarm_topic_arn', 'SNS topic for the dead-letter alarms');
    for (const [name, sensor] of Object.entries({ PartnerLanding: landing, ErpExports: exports })) {
      new CloudwatchMetricAlarm(this, `${name}Undelivered`, {
        alarmName: `${sensor.deadLetterQueue!.name}-not-empty`,
        alarmDescription: `S3 events of ${sensor.bucketName} that EventBridge could not deliver to Prefect`,
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: sensor.deadLetterQueue!.name },
        statistic: 'Maximum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [alarmTopic],
        tags,
      });
      new TerraformOutput(this, `${name}_dead_letter_queue`, { value: sensor.deadLetterQueue!.url });
    }
    new TerraformOutput(this, 'landing_bucket', { value: landing.bucketName });
  }
}

const app = new App();
new S3BucketSensorStack(app, 's3-bucket-sensor');
app.synth();
