import { CloudwatchEventApiDestination } from './.gen/providers/aws/cloudwatch-event-api-destination';
import { CloudwatchEventConnection } from './.gen/providers/aws/cloudwatch-event-connection';
import { CloudwatchEventRule } from './.gen/providers/aws/cloudwatch-event-rule';
import { CloudwatchEventTarget } from './.gen/providers/aws/cloudwatch-event-target';
import { DataAwsIamPolicyDocument } from './.gen/providers/aws/data-aws-iam-policy-document';
import { IamRole } from './.gen/providers/aws/iam-role';
import { IamRolePolicy } from './.gen/providers/aws/iam-role-policy';
import { S3Bucket } from './.gen/providers/aws/s3-bucket';
import { S3BucketNotification } from './.gen/providers/aws/s3-bucket-notification';
import { S3BucketPublicAccessBlock } from './.gen/providers/aws/s3-bucket-public-access-block';
import { SqsQueue } from './.gen/providers/aws/sqs-queue';
import { SqsQueuePolicy } from './.gen/providers/aws/sqs-queue-policy';
import { Aspects, Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Automation, BucketSensorAutomationOptions, BucketSensorTarget, Checks, JsonString, PrefectApi, UniqueName, Webhook, WebhookTemplate } from 'cdktf-prefect';
import { AwsRules } from './aws-rules';
import { checkSensitive, checkTags } from './private/checks';
import { EXISTING_BUCKET_NOTIFICATION, PLAIN_HTTP_API } from './private/markers';

/** The module's default template: event `S3 <reason>` on resource `s3.bucket.<name>`, label `object-key`. */
const DEFAULT_TEMPLATE = {
  event: 'S3 {{ body.detail.reason }}',
  resource: {
    'prefect.resource.id': 's3.bucket.{{ body.detail.bucket.name }}',
    'object-key': '{{ body.detail.object.key }}',
  },
};
/** The `detail.reason` values of "Object Created" events, as the default template names them. */
const CREATED = ['S3 PutObject', 'S3 POST Object', 'S3 CopyObject', 'S3 CompleteMultipartUpload'];

/** Properties of an `S3BucketSensor`. */
export interface S3BucketSensorProps extends BucketSensorAutomationOptions {
  /**
   * The bucket to watch: created here, or an existing one with `existingBucket: true`.
   * @default - a name unique to this construct's path (`UniqueName.of`), e.g. `orders-sensor-2f1c9a7e`
   *   (the module's fixed `s3-event-notification-bucket` would collide for a second sensor, or user, anywhere)
   */
  readonly bucketName?: string;

  /**
   * Whether `bucketName` is an existing bucket (nothing is created for it but, unless
   * `enableBucketEventBridge` is false, its EventBridge notification setting).
   * @default false
   */
  readonly existingBucket?: boolean;

  /**
   * Whether to turn on the bucket's EventBridge notifications (`aws_s3_bucket_notification`).
   * That resource owns the bucket's whole notification configuration: with an existing bucket
   * that already sends notifications, set this to false and turn EventBridge on yourself.
   * @default true
   */
  readonly enableBucketEventBridge?: boolean;

  /**
   * The EventBridge `detail-type`s that are sent to Prefect.
   * @default ["Object Created", "Object Deleted"]
   */
  readonly eventTypes?: string[];

  /**
   * Only objects whose key starts with this.
   * @default - any key
   */
  readonly keyPrefix?: string;

  /**
   * Only objects whose key ends with this, e.g. `.csv`.
   * @default - any key
   */
  readonly keySuffix?: string;

  /**
   * Prefix of the EventBridge connection, API destination, rule, role and queue names
   * (the module's `topic_name`).
   * @default - a prefix unique to this construct's path (`UniqueName.of`), with room for the suffixes
   */
  readonly namePrefix?: string;

  /**
   * The Prefect Cloud webhook's name.
   * @default - a name unique to this construct's path (`UniqueName.of`)
   */
  readonly webhookName?: string;

  /**
   * How the webhook turns the EventBridge event into a Prefect event.
   * @default - the module's: event `S3 {{ body.detail.reason }}` on `s3.bucket.<bucket>`, label `object-key`
   */
  readonly webhookTemplate?: WebhookTemplate;

  /**
   * The service account callers must authenticate as (Prefect Cloud Pro/Enterprise). With
   * `webhookApiKey`, EventBridge sends `Authorization: Bearer <key>`.
   * @default - an unauthenticated webhook
   */
  readonly serviceAccountId?: string;

  /**
   * The API key of `serviceAccountId`, as a sensitive reference (e.g. a sensitive
   * `TerraformVariable`); EventBridge keeps it in its connection's own secret.
   * @default - no Authorization header
   */
  readonly webhookApiKey?: string;

  /**
   * Where the events go. Prefect Cloud (`PrefectApi.cloud(...)`, or nothing) gets a webhook.
   * A self-hosted server has no webhooks: with `PrefectApi.selfHosted(url)` no webhook is
   * created, and EventBridge posts the same event the default template would make to
   * `<url>/events` (an input transformer builds it). EventBridge calls https endpoints only, so
   * the server needs an https URL that AWS can reach (or `privateEndpointResourceConfigurationArn`).
   * @default - Prefect Cloud: a webhook is created
   */
  readonly api?: PrefectApi;

  /**
   * The self-hosted server's basic-auth string (`user:password`), as a sensitive reference.
   * @default - no Authorization header
   */
  readonly selfHostedAuthString?: string;

  /**
   * For an endpoint that is reachable only inside a VPC (typically a self-hosted server): the
   * ARN of the VPC Lattice resource configuration that exposes it. EventBridge then calls it
   * privately, through the connection's `invocation_connectivity_parameters`.
   * @default - a public endpoint
   */
  readonly privateEndpointResourceConfigurationArn?: string;

  /**
   * Requests per second EventBridge sends at most (1 to 300).
   * @default 20
   */
  readonly rateLimitPerSecond?: number;

  /**
   * How often EventBridge retries a failed delivery (0 to 185).
   * @default 185
   */
  readonly maxRetryAttempts?: number;

  /**
   * How long, in seconds, EventBridge keeps retrying an event (60 to 86400).
   * @default 86400
   */
  readonly maxEventAgeSeconds?: number;

  /**
   * Whether events that could not be delivered go to a new SQS dead-letter queue.
   * @default true
   */
  readonly deadLetterQueue?: boolean;

  /**
   * Tags of every AWS resource the sensor creates.
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

/**
 * Sends a bucket's S3 events to Prefect through EventBridge, and optionally runs a deployment
 * for each matching object.
 *
 * Replaces the `s3` submodule of Prefect's `terraform-prefect-bucket-sensor` (every input has a
 * prop) and adds: existing buckets, key prefix/suffix filters, an authenticated webhook
 * (EventBridge connection of type API_KEY), a configurable rate limit, retries and a dead-letter
 * queue, `events:InvokeApiDestination` only on its own destination, and the automation that
 * closes the loop. Webhooks are Prefect Cloud only: with `api: PrefectApi.selfHosted(url)`,
 * EventBridge posts the event straight to the server's `/events` API instead.
 *
 * The Prefect half (webhook, automation) is the core's `BucketSensorTarget`, created as the
 * child `Default`: cdktf leaves that ID out of logical IDs, so the webhook and the automation
 * keep the logical IDs they had as the sensor's own children.
 */
export class S3BucketSensor extends Construct {
  /** The created bucket, undefined with `existingBucket`. */
  public readonly bucket?: S3Bucket;
  /** The created bucket's public access block, undefined with `existingBucket`. */
  public readonly bucketPublicAccessBlock?: S3BucketPublicAccessBlock;
  /** The bucket's EventBridge notification setting, undefined with `enableBucketEventBridge: false`. */
  public readonly bucketNotification?: S3BucketNotification;
  /** The Prefect half: the webhook or the server's events API, and the automation. */
  public readonly prefectTarget: BucketSensorTarget;
  /** The Prefect Cloud webhook, undefined with `PrefectApi.selfHosted(url)`. */
  public readonly webhook?: Webhook;
  /** The EventBridge rule that matches the bucket's events. */
  public readonly rule: CloudwatchEventRule;
  /** The EventBridge connection (authorization) of the API destination. */
  public readonly connection: CloudwatchEventConnection;
  /** The API destination: the webhook, or the server's `/events` API. */
  public readonly apiDestination: CloudwatchEventApiDestination;
  /** The role EventBridge assumes to call the API destination. */
  public readonly role: IamRole;
  /** Its inline policy. */
  public readonly rolePolicy: IamRolePolicy;
  /** The statements of the role's policy. */
  public readonly policyDocument: DataAwsIamPolicyDocument;
  /** The rule's target. */
  public readonly target: CloudwatchEventTarget;
  /** The dead-letter queue, undefined with `deadLetterQueue: false`. */
  public readonly deadLetterQueue?: SqsQueue;
  /** The automation that runs `deployment`, undefined without it. */
  public readonly automation?: Automation;
  /** The watched bucket's name. @attribute */
  public readonly bucketName: string;
  /** The Prefect resource ID of the bucket's events with the default template: `s3.bucket.<bucketName>`. */
  public readonly resourceId: string;

  constructor(scope: Construct, id: string, props: S3BucketSensorProps = {}) {
    super(scope, id);
    // this package's correctness rules (PF-AWS-002, 003) run on the sensor with no pack added; a
    // pack the user adds as well reports nothing twice (each rule runs once per construct)
    Aspects.of(this).add(AwsRules.correctness());
    this.validate(props);
    // EventBridge names take 64 characters, IAM role names 64: room for the longest suffix (-destination)
    const prefix = props.namePrefix ?? UniqueName.of(this, { maxLength: 51 });
    const tags = props.tags;
    const name = props.bucketName ?? UniqueName.of(this, { maxLength: 63 });

    if (props.existingBucket) {
      this.bucketName = name;
    } else {
      this.bucket = new S3Bucket(this, 'Bucket', { bucket: name, tags });
      this.bucketPublicAccessBlock = new S3BucketPublicAccessBlock(this, 'BucketPublicAccessBlock', {
        bucket: this.bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      this.bucketName = this.bucket.bucket;
    }
    this.resourceId = `s3.bucket.${name}`;
    if (props.enableBucketEventBridge ?? true) {
      if (props.existingBucket) {
        EXISTING_BUCKET_NOTIFICATION.record(this, { bucketName: name });
      }
      this.bucketNotification = new S3BucketNotification(this, 'BucketNotification', { bucket: this.bucketName, eventbridge: true });
    }

    const detail: { [key: string]: any } = { bucket: { name: [this.bucketName] } };
    const keyFilter = keyMatcher(props.keyPrefix, props.keySuffix);
    if (keyFilter) detail.object = { key: [keyFilter] };
    this.rule = new CloudwatchEventRule(this, 'Rule', {
      name: `${prefix}-rule`,
      description: `S3 events of ${name} to Prefect`,
      eventPattern: JsonString.of({
        'source': ['aws.s3'],
        'detail-type': props.eventTypes ?? ['Object Created', 'Object Deleted'],
        detail,
      }),
      tags,
    });

    const selfHosted = props.api !== undefined && !props.api.isCloud;
    // ID "Default": left out of logical IDs, so the webhook and automation keep theirs
    this.prefectTarget = new BucketSensorTarget(this, 'Default', {
      api: props.api,
      bucketName: name,
      resourceId: this.resourceId,
      ...(selfHosted ? {} : {
        webhookName: props.webhookName ?? UniqueName.of(this, { prefix: 'webhook-' }),
        webhookDescription: `S3 events of ${name}, sent by EventBridge`,
        webhookTemplate: props.webhookTemplate ?? WebhookTemplate.fromObject(DEFAULT_TEMPLATE),
        serviceAccountId: props.serviceAccountId,
      }),
      deployment: props.deployment,
      expect: props.expect ?? (props.deployment ? CREATED : undefined),
      keyLabel: 'object-key',
      bucketParameter: props.bucketParameter,
      keyParameter: props.keyParameter,
      automationName: props.automationName,
    });
    this.webhook = this.prefectTarget.webhook;
    this.automation = this.prefectTarget.automation;
    const authorization = props.webhookApiKey !== undefined ? `Bearer ${props.webhookApiKey}`
      : props.selfHostedAuthString !== undefined ? `Basic ${Fn.base64encode(props.selfHostedAuthString)}` : undefined;
    this.connection = new CloudwatchEventConnection(this, 'Connection', {
      name: `${prefix}-connection`,
      description: authorization === undefined ? 'no credentials: the endpoint is unauthenticated' : 'Prefect credentials',
      authorizationType: 'API_KEY',
      // without credentials, an ordinary header instead of the module's fake "no-op" Basic credentials
      authParameters: {
        apiKey: authorization === undefined
          ? { key: 'X-Prefect-Sensor', value: 'aws-eventbridge' }
          : { key: 'Authorization', value: authorization },
      },
      invocationConnectivityParameters: props.privateEndpointResourceConfigurationArn === undefined ? undefined
        : { resourceParameters: { resourceConfigurationArn: props.privateEndpointResourceConfigurationArn } },
    });
    this.apiDestination = new CloudwatchEventApiDestination(this, 'ApiDestination', {
      name: `${prefix}-destination`,
      description: selfHosted ? 'the Prefect server\'s events API' : 'the Prefect Cloud webhook',
      connectionArn: this.connection.arn,
      invocationEndpoint: this.prefectTarget.endpoint,
      httpMethod: 'POST',
      invocationRateLimitPerSecond: props.rateLimitPerSecond ?? 20,
    });

    const trust = new DataAwsIamPolicyDocument(this, 'RoleTrust', {
      statement: [{
        sid: 'EventBridgeRuleOfThisSensor',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
        condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [this.rule.arn] }],
      }],
    });
    this.role = new IamRole(this, 'Role', { name: `${prefix}-invoke`, assumeRolePolicy: trust.json, tags });
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      statement: [{ sid: 'InvokeItsDestination', actions: ['events:InvokeApiDestination'], resources: [this.apiDestination.arn] }],
    });
    this.rolePolicy = new IamRolePolicy(this, 'RolePolicy', { name: 'invoke-api-destination', role: this.role.name, policy: this.policyDocument.json });

    if (props.deadLetterQueue ?? true) {
      this.deadLetterQueue = new SqsQueue(this, 'DeadLetterQueue', { name: `${prefix}-dlq`, messageRetentionSeconds: 1209600, sqsManagedSseEnabled: true, tags });
      const queuePolicy = new DataAwsIamPolicyDocument(this, 'DeadLetterQueuePolicyDocument', {
        statement: [{
          sid: 'DeadLettersOfItsRule',
          actions: ['sqs:SendMessage'],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          resources: [this.deadLetterQueue.arn],
          condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [this.rule.arn] }],
        }],
      });
      new SqsQueuePolicy(this, 'DeadLetterQueuePolicy', { queueUrl: this.deadLetterQueue.url, policy: queuePolicy.json });
    }

    this.target = new CloudwatchEventTarget(this, 'Target', {
      rule: this.rule.name,
      arn: this.apiDestination.arn,
      roleArn: this.role.arn,
      retryPolicy: { maximumRetryAttempts: props.maxRetryAttempts ?? 185, maximumEventAgeInSeconds: props.maxEventAgeSeconds ?? 86400 },
      deadLetterConfig: this.deadLetterQueue ? { arn: this.deadLetterQueue.arn } : undefined,
      // a self-hosted server takes events as POST /api/events bodies: build the one the webhook template would
      inputTransformer: selfHosted ? {
        inputPaths: { id: '$.id', time: '$.time', reason: '$.detail.reason', bucket: '$.detail.bucket.name', key: '$.detail.object.key' },
        inputTemplate: this.prefectTarget.eventBody({
          id: '<id>', occurred: '<time>', event: '"S3 <reason>"', resourceId: '"s3.bucket.<bucket>"', labels: { 'object-key': '<key>' },
        }),
      } : undefined,
    });
  }

  private validate(props: S3BucketSensorProps): void {
    const literal = (v: unknown) => v !== undefined && !Token.isUnresolved(v);
    if (props.bucketName !== undefined && literal(props.bucketName)
      && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
      Checks.fail(this, `invalid bucketName ${Checks.show(props.bucketName)}: S3 bucket names are 3 to 63 lowercase letters, digits, "." and "-"`);
    }
    if (props.existingBucket && props.bucketName === undefined) {
      Checks.fail(this, 'existingBucket is true but no bucketName is given: name the bucket to watch');
    }
    const selfHosted = props.api !== undefined && !props.api.isCloud;
    const url = props.api?.apiUrl;
    const cloudOnly = {
      webhookName: props.webhookName, webhookTemplate: props.webhookTemplate,
      serviceAccountId: props.serviceAccountId, webhookApiKey: props.webhookApiKey,
    };
    for (const [key, value] of Object.entries(cloudOnly)) {
      if (selfHosted && value !== undefined) {
        Checks.fail(this, `${key} is for the Prefect Cloud webhook, but api is PrefectApi.selfHosted(${Checks.show(url)}) (a self-hosted server has no webhooks): remove one of them`);
      }
    }
    if (!selfHosted && props.selfHostedAuthString !== undefined) {
      Checks.fail(this, 'selfHostedAuthString needs a self-hosted server: give api: PrefectApi.selfHosted(url), or use serviceAccountId and webhookApiKey for Prefect Cloud');
    }
    props.api?.validate(this);
    if (selfHosted && literal(url) && /^http:/i.test(url!)) {
      PLAIN_HTTP_API.record(this, { url: url! });
    }
    const lattice = props.privateEndpointResourceConfigurationArn;
    if (literal(lattice) && !/^arn:[a-z0-9-]+:vpc-lattice:[a-zA-Z0-9-]+:\d{12}:resourceconfiguration\/rcfg-[0-9a-z]{17}$/.test(lattice!)) {
      Checks.fail(this, `invalid privateEndpointResourceConfigurationArn ${Checks.show(lattice)}: give the ARN of a VPC Lattice resource configuration, "arn:aws:vpc-lattice:<region>:<account>:resourceconfiguration/rcfg-<17 characters>"`);
    }
    checkSensitive(this, 'webhookApiKey', props.webhookApiKey);
    checkSensitive(this, 'selfHostedAuthString', props.selfHostedAuthString);
    if ((props.webhookApiKey === undefined) !== (props.serviceAccountId === undefined)) {
      Checks.fail(this, `serviceAccountId ${Checks.show(props.serviceAccountId)} and webhookApiKey go together: the webhook checks the key of that service account`);
    }
    if (props.eventTypes !== undefined && literal(props.eventTypes) && props.eventTypes.length === 0) {
      Checks.fail(this, 'eventTypes is empty: give EventBridge detail-types such as "Object Created"');
    }
    for (const [key, value] of Object.entries({ keyPrefix: props.keyPrefix, keySuffix: props.keySuffix })) {
      if (literal(value) && (value === '' || value!.includes('*'))) {
        Checks.fail(this, `invalid ${key} ${Checks.show(value)}: give a non-empty text without "*"`);
      }
    }
    Checks.integer(this, { name: 'rateLimitPerSecond', value: props.rateLimitPerSecond, min: 1, max: 300 });
    Checks.integer(this, { name: 'maxRetryAttempts', value: props.maxRetryAttempts, min: 0, max: 185 });
    Checks.integer(this, { name: 'maxEventAgeSeconds', value: props.maxEventAgeSeconds, min: 60, max: 86400 });
    checkTags(this, props.tags);
    // names, prefixes, filters, parameters and tags reach the configuration (the keys are refused above)
    Checks.refuseCredentials(this, { ...props, webhookApiKey: undefined, selfHostedAuthString: undefined },
      'keep secrets out of the configuration: feed them from a sensitive TerraformVariable, or keep them in AWS Secrets Manager');
  }
}

/** EventBridge's matcher for a key prefix and/or suffix (both at once need a wildcard). */
function keyMatcher(prefix?: string, suffix?: string): { [key: string]: string } | undefined {
  if (prefix !== undefined && suffix !== undefined) return { wildcard: `${prefix}*${suffix}` };
  if (prefix !== undefined) return { prefix };
  if (suffix !== undefined) return { suffix };
  return undefined;
}
