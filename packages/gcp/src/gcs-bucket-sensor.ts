import * as path from 'path';
import { CloudRunV2ServiceIamMember } from './.gen/providers/google/cloud-run-v2-service-iam-member';
import { Cloudfunctions2Function } from './.gen/providers/google/cloudfunctions2-function';
import { DataGoogleProject } from './.gen/providers/google/data-google-project';
import { DataGoogleStorageProjectServiceAccount } from './.gen/providers/google/data-google-storage-project-service-account';
import { PubsubSubscription } from './.gen/providers/google/pubsub-subscription';
import { PubsubSubscriptionIamMember } from './.gen/providers/google/pubsub-subscription-iam-member';
import { PubsubTopic } from './.gen/providers/google/pubsub-topic';
import { PubsubTopicIamMember } from './.gen/providers/google/pubsub-topic-iam-member';
import { SecretManagerSecretIamMember } from './.gen/providers/google/secret-manager-secret-iam-member';
import { ServiceAccount } from './.gen/providers/google/service-account';
import { ServiceAccountIamMember } from './.gen/providers/google/service-account-iam-member';
import { StorageBucket } from './.gen/providers/google/storage-bucket';
import { StorageBucketObject } from './.gen/providers/google/storage-bucket-object';
import { StorageNotification } from './.gen/providers/google/storage-notification';
import { AssetType, TerraformAsset, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Automation, BucketSensorAutomationOptions, BucketSensorTarget, Checks, PrefectApi, UniqueName, Webhook, WebhookTemplate } from 'cdktf-prefect';

/**
 * The default template: the module's event `GCS <eventType>` on `gcs.bucket.<bucket>` with label
 * `object-key`, read from the push envelope's `message.attributes` (Pub/Sub sets them on every
 * GCS notification; `message.data`, the base64 JSON_API_V1 object resource, needs no decoding for
 * them), plus the object's generation and the Pub/Sub message ID. Every value goes through
 * `tojson`, so an object name with a quote, a backslash or Jinja braces still renders valid JSON
 * (the module's template breaks on a quote).
 */
const DEFAULT_FIELDS: Array<[string, string]> = [
  ['prefect.resource.id', '("gcs.bucket." ~ body.message.attributes.bucketId)'],
  ['object-key', 'body.message.attributes.objectId'],
  ['object-generation', 'body.message.attributes.objectGeneration'],
  ['pubsub-message-id', 'body.message.messageId'],
];
const DEFAULT_TEMPLATE = '{"event": {{ ("GCS " ~ body.message.attributes.eventType)|tojson }}, "resource": {'
  + DEFAULT_FIELDS.map(([label, value]) => `${JSON.stringify(label)}: {{ ${value}|tojson }}`).join(', ') + '}}';
/** The event types of GCS notifications (Cloud Storage's Pub/Sub notifications). */
const EVENT_TYPES = ['OBJECT_FINALIZE', 'OBJECT_METADATA_UPDATE', 'OBJECT_DELETE', 'OBJECT_ARCHIVE'];
const SEVEN_DAYS = 604800;
/** The relay's source: ../assets/gcs-relay from both src/ (tests) and lib/ (the package). */
const RELAY_SOURCE = path.join(__dirname, '..', 'assets', 'gcs-relay');
const RELAY_RUNTIME = 'python312';

/** Properties of a `GcsBucketSensor`. */
export interface GcsBucketSensorProps extends BucketSensorAutomationOptions {
  /**
   * The bucket to watch: created here, or an existing one with `existingBucket: true`.
   * @default - a name unique to this construct's path (`UniqueName.of`)
   */
  readonly bucketName?: string;

  /**
   * Whether `bucketName` is an existing bucket (only its notification is created).
   * @default false
   */
  readonly existingBucket?: boolean;

  /**
   * The new bucket's location, e.g. `EU`, `US` or `europe-west1`; required for a new bucket
   * (the module hard-codes `US`), refused with `existingBucket`.
   * @default - none: required unless `existingBucket`
   */
  readonly location?: string;

  /**
   * The Google Cloud project of every resource.
   * @default - the google provider's project
   */
  readonly project?: string;

  /**
   * The GCS notification event types that are sent to Prefect.
   * @default ["OBJECT_FINALIZE", "OBJECT_METADATA_UPDATE"]
   */
  readonly eventTypes?: string[];

  /**
   * Only objects whose name starts with this.
   * @default - any object
   */
  readonly objectNamePrefix?: string;

  /**
   * The Pub/Sub topic's name (the module's `topic_name`); the dead-letter topic is `<topicName>-dead-letter`.
   * @default - a name unique to this construct's path (`UniqueName.of`)
   */
  readonly topicName?: string;

  /**
   * The push subscription's name.
   * @default "<topicName>-subscription" (the module's)
   */
  readonly subscriptionName?: string;

  /**
   * The Prefect Cloud webhook's name.
   * @default - a name unique to this construct's path (`UniqueName.of`)
   */
  readonly webhookName?: string;

  /**
   * How the webhook turns the Pub/Sub push envelope into a Prefect event.
   * @default - event `GCS <message.attributes.eventType>` on `gcs.bucket.<bucketId>`, labels `object-key` (objectId), `object-generation`, `pubsub-message-id`, each value JSON-escaped
   */
  readonly webhookTemplate?: WebhookTemplate;

  /**
   * The Prefect service account the webhook requires callers to authenticate as. Pub/Sub push
   * can send no static header, only an OIDC token: use this only for a webhook target that
   * accepts the push's OIDC token (`oidcServiceAccountEmail`).
   * @default - an unauthenticated webhook
   */
  readonly serviceAccountId?: string;

  /**
   * The Google service account whose OIDC token Pub/Sub sends with each push (`Authorization:
   * Bearer <JWT>`), for a target that checks it.
   * @default - no token
   */
  readonly oidcServiceAccountEmail?: string;

  /**
   * The token's audience.
   * @default - the push endpoint (Pub/Sub's default)
   */
  readonly oidcAudience?: string;

  /**
   * Whether to grant the Pub/Sub service agent `roles/iam.serviceAccountTokenCreator` on
   * `oidcServiceAccountEmail` (needed in projects created before April 2021).
   * @default false
   */
  readonly grantTokenCreator?: boolean;

  /**
   * Seconds Pub/Sub waits for the webhook's answer before it redelivers (10 to 600).
   * @default 20 (the module's)
   */
  readonly ackDeadlineSeconds?: number;

  /**
   * The shortest wait, in seconds, before a failed push is retried (0 to 600).
   * @default 10
   */
  readonly minimumBackoffSeconds?: number;

  /**
   * The longest wait, in seconds, before a failed push is retried (0 to 600, at least `minimumBackoffSeconds`).
   * @default 600
   */
  readonly maximumBackoffSeconds?: number;

  /**
   * How long, in seconds, the subscription keeps undelivered messages (600 to 604800).
   * @default 604800 (7 days)
   */
  readonly messageRetentionSeconds?: number;

  /**
   * Whether messages that fail `maxDeliveryAttempts` times go to a new dead-letter topic.
   * @default true
   */
  readonly deadLetterTopic?: boolean;

  /**
   * Deliveries before a message is dead-lettered (5 to 100); needs `deadLetterTopic`.
   * @default 5
   */
  readonly maxDeliveryAttempts?: number;

  /**
   * Where the events go: Prefect Cloud (a webhook), or `PrefectApi.selfHosted(url)`: a self-hosted
   * server has no webhooks and Pub/Sub push cannot reshape its envelope, so a small Cloud
   * Functions (gen2) relay turns each push into a Prefect event and POSTs it to the server's
   * `/api/events` (`relayRegion` is then required).
   * @default - Prefect Cloud
   */
  readonly api?: PrefectApi;

  /**
   * Region of the self-hosted relay function, e.g. "europe-west1"; required with
   * `PrefectApi.selfHosted(url)`, refused otherwise.
   * @default - none
   */
  readonly relayRegion?: string;

  /**
   * A Secret Manager secret (name or "projects/<project>/secrets/<name>") holding the server's
   * basic-auth string `user:password`, read by the relay by reference (`PREFECT_API_AUTH_STRING`,
   * latest version); the relay's service account gets `secretAccessor` on it alone.
   * @default - the server takes no auth
   */
  readonly relayAuthSecret?: string;

  /**
   * Labels of the bucket, topics and subscription.
   * @default - no labels
   */
  readonly labels?: { [key: string]: string };
}

/**
 * Sends a GCS bucket's notifications to Prefect Cloud through Pub/Sub push, and optionally
 * runs a deployment for each matching object.
 *
 * Replaces Prefect's `gcs` bucket-sensor module (every input has a prop) and closes its gaps:
 * the location is an input, the topic's publisher is a non-authoritative IAM member (never a
 * binding that removes other publishers), the push subscription has a retry policy, a
 * dead-letter topic (with the Pub/Sub service agent's publisher and subscriber members it
 * needs) and optional OIDC auth, existing buckets, an object name prefix, and the automation.
 */
export class GcsBucketSensor extends Construct {
  /** The created bucket, undefined with `existingBucket`. */
  public readonly bucket?: StorageBucket;
  /** The topic GCS publishes to. */
  public readonly topic: PubsubTopic;
  /** The GCS service agent's `roles/pubsub.publisher` on the topic. */
  public readonly topicPublisher: PubsubTopicIamMember;
  /** The bucket's notification. */
  public readonly notification: StorageNotification;
  /** The push subscription to the webhook. */
  public readonly subscription: PubsubSubscription;
  /** The dead-letter topic, undefined with `deadLetterTopic: false`. */
  public readonly deadLetter?: PubsubTopic;
  /** The Prefect half: the webhook and the automation. */
  public readonly prefectTarget: BucketSensorTarget;
  /** The Prefect Cloud webhook. */
  public readonly webhook?: Webhook;
  /** The self-hosted relay function, undefined on Prefect Cloud. */
  public readonly relay?: Cloudfunctions2Function;
  /** The relay's runtime service account, undefined on Prefect Cloud. */
  public readonly relayServiceAccount?: ServiceAccount;
  /** The service account whose OIDC token the push carries to the relay, undefined on Prefect Cloud unless created. */
  public readonly pushServiceAccount?: ServiceAccount;
  /** The automation that runs `deployment`, undefined without it. */
  public readonly automation?: Automation;
  /** The watched bucket's name. @attribute */
  public readonly bucketName: string;
  /** The Prefect resource ID of the bucket's events with the default template: `gcs.bucket.<bucketName>`. */
  public readonly resourceId: string;

  constructor(scope: Construct, id: string, props: GcsBucketSensorProps = {}) {
    super(scope, id);
    this.validate(props);
    const project = props.project;
    const labels = props.labels;
    const name = props.bucketName ?? UniqueName.of(this, { maxLength: 63 });
    const topicName = props.topicName ?? UniqueName.of(this, { maxLength: 200, prefix: 'gcs-' });

    if (props.existingBucket) {
      this.bucketName = name;
    } else {
      this.bucket = new StorageBucket(this, 'Bucket', {
        name,
        project,
        location: props.location!,
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        labels,
      });
      this.bucketName = this.bucket.name;
    }
    this.resourceId = `gcs.bucket.${name}`;

    this.topic = new PubsubTopic(this, 'Topic', { name: topicName, project, labels });
    const gcsAgent = new DataGoogleStorageProjectServiceAccount(this, 'StorageServiceAgent', { project });
    this.topicPublisher = new PubsubTopicIamMember(this, 'TopicPublisher', {
      project,
      topic: this.topic.id,
      role: 'roles/pubsub.publisher',
      member: gcsAgent.member,
    });
    this.notification = new StorageNotification(this, 'Notification', {
      bucket: this.bucketName,
      topic: this.topic.id,
      payloadFormat: 'JSON_API_V1',
      eventTypes: props.eventTypes ?? ['OBJECT_FINALIZE', 'OBJECT_METADATA_UPDATE'],
      objectNamePrefix: props.objectNamePrefix,
      dependsOn: [this.topicPublisher],
    });

    this.prefectTarget = new BucketSensorTarget(this, 'Default', {
      api: props.api,
      bucketName: name,
      resourceId: this.resourceId,
      // the webhook's, on Prefect Cloud; on a self-hosted server the relay makes the same event
      ...(props.api !== undefined && !props.api.isCloud ? {
        webhookName: props.webhookName, webhookTemplate: props.webhookTemplate, serviceAccountId: props.serviceAccountId,
      } : {
        webhookName: props.webhookName ?? UniqueName.of(this, { prefix: 'webhook-' }),
        webhookDescription: `GCS notifications of ${name}, pushed by Pub/Sub`,
        webhookTemplate: props.webhookTemplate ?? WebhookTemplate.fromJinja(DEFAULT_TEMPLATE),
        serviceAccountId: props.serviceAccountId,
      }),
      deployment: props.deployment,
      expect: props.expect ?? (props.deployment ? ['GCS OBJECT_FINALIZE'] : undefined),
      keyLabel: 'object-key',
      bucketParameter: props.bucketParameter,
      keyParameter: props.keyParameter,
      automationName: props.automationName,
    });
    this.webhook = this.prefectTarget.webhook;
    this.automation = this.prefectTarget.automation;

    const needsPubsubAgent = (props.deadLetterTopic ?? true) || props.grantTokenCreator;
    const pubsubAgent = needsPubsubAgent
      ? `serviceAccount:service-${new DataGoogleProject(this, 'Project', { projectId: project }).number}@gcp-sa-pubsub.iam.gserviceaccount.com`
      : undefined;
    if (props.deadLetterTopic ?? true) {
      this.deadLetter = new PubsubTopic(this, 'DeadLetterTopic', { name: `${topicName}-dead-letter`, project, labels });
    }
    const relay = props.api !== undefined && !props.api.isCloud ? this.createRelay(props, project) : undefined;
    this.relay = relay?.function;
    this.relayServiceAccount = relay?.runtime;
    this.pushServiceAccount = relay?.push;
    const seconds = (n: number) => `${n}s`;
    this.subscription = new PubsubSubscription(this, 'Subscription', {
      name: props.subscriptionName ?? `${topicName}-subscription`,
      project,
      topic: this.topic.id,
      ackDeadlineSeconds: props.ackDeadlineSeconds ?? 20,
      messageRetentionDuration: seconds(props.messageRetentionSeconds ?? SEVEN_DAYS),
      retryPolicy: {
        minimumBackoff: seconds(props.minimumBackoffSeconds ?? 10),
        maximumBackoff: seconds(props.maximumBackoffSeconds ?? 600),
      },
      deadLetterPolicy: this.deadLetter ? { deadLetterTopic: this.deadLetter.id, maxDeliveryAttempts: props.maxDeliveryAttempts ?? 5 } : undefined,
      pushConfig: relay === undefined ? {
        pushEndpoint: this.prefectTarget.endpoint,
        oidcToken: props.oidcServiceAccountEmail === undefined ? undefined
          : { serviceAccountEmail: props.oidcServiceAccountEmail, audience: props.oidcAudience },
      } : {
        // Cloud Run checks the token before the relay runs: only this account may call it
        pushEndpoint: relay.function.url,
        oidcToken: { serviceAccountEmail: relay.pushEmail, audience: props.oidcAudience ?? relay.function.url },
      },
      labels,
    });
    if (this.deadLetter) {
      // Pub/Sub forwards dead letters as its service agent: it publishes to the dead-letter
      // topic and acknowledges on the source subscription (members, never bindings)
      new PubsubTopicIamMember(this, 'DeadLetterPublisher', {
        project,
        topic: this.deadLetter.id,
        role: 'roles/pubsub.publisher',
        member: pubsubAgent!,
      });
      new PubsubSubscriptionIamMember(this, 'DeadLetterSubscriber', {
        project,
        subscription: this.subscription.id,
        role: 'roles/pubsub.subscriber',
        member: pubsubAgent!,
      });
    }
    if (props.grantTokenCreator) {
      new ServiceAccountIamMember(this, 'TokenCreator', {
        serviceAccountId: this.pushServiceAccount?.name ?? `projects/${project ?? '-'}/serviceAccounts/${props.oidcServiceAccountEmail}`,
        role: 'roles/iam.serviceAccountTokenCreator',
        member: pubsubAgent!,
      });
    }
  }

  /**
   * The self-hosted relay: the function's source in a bucket of its own, its runtime account (no
   * role but the auth secret), the push account and its `run.invoker` on the function alone.
   */
  private createRelay(props: GcsBucketSensorProps, project?: string) {
    const asset = new TerraformAsset(this, 'RelaySource', { path: RELAY_SOURCE, type: AssetType.ARCHIVE });
    const sourceBucket = new StorageBucket(this, 'RelaySourceBucket', {
      name: UniqueName.of(this, { maxLength: 63, prefix: 'gcs-relay-src-' }), project, location: props.relayRegion!,
      uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', labels: props.labels, forceDestroy: true,
    });
    const source = new StorageBucketObject(this, 'RelaySourceObject', {
      bucket: sourceBucket.name, name: `gcs-relay-${asset.assetHash}.zip`, source: asset.path,
    });
    const runtime = new ServiceAccount(this, 'RelayServiceAccount', {
      project, accountId: UniqueName.of(this, { maxLength: 30, prefix: 'gcsrelay-' }),
      displayName: 'GCS notifications relay to Prefect', description: 'Runs the relay function: no role, only the Prefect auth secret',
    });
    const secret = props.relayAuthSecret;
    if (secret !== undefined) {
      new SecretManagerSecretIamMember(this, 'RelaySecretAccessor', {
        project: secret.startsWith('projects/') ? undefined : project, secretId: secret,
        role: 'roles/secretmanager.secretAccessor', member: runtime.member,
      });
    }
    const fn = new Cloudfunctions2Function(this, 'Relay', {
      name: UniqueName.of(this, { maxLength: 63, prefix: 'gcs-relay-' }),
      project,
      location: props.relayRegion!,
      description: `Relays GCS notifications of ${props.bucketName ?? 'the bucket'} to the Prefect server's /api/events`,
      labels: props.labels,
      buildConfig: {
        runtime: RELAY_RUNTIME,
        entryPoint: 'relay',
        source: { storageSource: { bucket: sourceBucket.name, object: source.name } },
      },
      serviceConfig: {
        serviceAccountEmail: runtime.email,
        availableMemory: '256M',
        timeoutSeconds: 60,
        maxInstanceCount: 10,
        // reachable by Pub/Sub push; Cloud Run refuses every call without the push account's token
        ingressSettings: 'ALLOW_ALL',
        allTrafficOnLatestRevision: true,
        environmentVariables: { PREFECT_API_URL: props.api!.apiUrl },
        secretEnvironmentVariables: secret === undefined ? undefined : [{
          key: 'PREFECT_API_AUTH_STRING',
          projectId: secret.startsWith('projects/') ? secret.split('/')[1] : (project ?? new DataGoogleProject(this, 'RelayProject').projectId),
          secret: secret.startsWith('projects/') ? secret.split('/')[3] : secret,
          version: 'latest',
        }],
      },
    });
    let push: ServiceAccount | undefined;
    let pushEmail = props.oidcServiceAccountEmail;
    if (pushEmail === undefined) {
      push = new ServiceAccount(this, 'PushServiceAccount', {
        project, accountId: UniqueName.of(this, { maxLength: 30, prefix: 'gcspush-' }),
        displayName: 'Pub/Sub push to the GCS relay', description: 'The identity of the OIDC token Pub/Sub sends to the relay',
      });
      pushEmail = push.email;
    }
    new CloudRunV2ServiceIamMember(this, 'RelayInvoker', {
      project, location: props.relayRegion!, name: fn.name, role: 'roles/run.invoker', member: `serviceAccount:${pushEmail}`,
    });
    return { function: fn, runtime, push, pushEmail };
  }

  private validate(props: GcsBucketSensorProps): void {
    const literal = (v: unknown) => v !== undefined && !Token.isUnresolved(v);
    if (literal(props.bucketName) && (!/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(props.bucketName!) || props.bucketName!.startsWith('goog') || props.bucketName!.includes('google'))) {
      Checks.fail(this, `invalid bucketName ${Checks.show(props.bucketName)}: GCS bucket names are 3 to 63 lowercase letters, digits, "_", "-" and ".", start and end with a letter or digit, and neither start with "goog" nor contain "google"`);
    }
    if (props.existingBucket && props.bucketName === undefined) {
      Checks.fail(this, 'existingBucket is true but no bucketName is given: name the bucket to watch');
    }
    if (props.existingBucket && props.location !== undefined) {
      Checks.fail(this, `location ${Checks.show(props.location)} is for a new bucket, but existingBucket is true: remove location`);
    }
    if (!props.existingBucket && props.location === undefined) {
      Checks.fail(this, 'a new bucket needs location: give e.g. "EU", "US" or "europe-west1" (the module hard-codes "US")');
    }
    if (literal(props.location) && !/^[A-Za-z]+[A-Za-z0-9-]*[A-Za-z0-9]$/.test(props.location!)) {
      Checks.fail(this, `invalid location ${Checks.show(props.location)}: give a GCS location such as "EU", "US", "europe-west1" or "nam4"`);
    }
    if (literal(props.project) && !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(props.project!)) {
      Checks.fail(this, `invalid project ${Checks.show(props.project)}: give a project ID, 6 to 30 lowercase letters, digits and "-", starting with a letter`);
    }
    if (props.eventTypes !== undefined && literal(props.eventTypes)) {
      if (props.eventTypes.length === 0) Checks.fail(this, `eventTypes is empty: give some of ${EVENT_TYPES.join(', ')}`);
      for (const type of props.eventTypes) {
        if (literal(type) && !EVENT_TYPES.includes(type)) {
          Checks.fail(this, `invalid event type ${Checks.show(type)} in eventTypes: GCS notifications have ${EVENT_TYPES.join(', ')}`);
        }
      }
      if (new Set(props.eventTypes).size !== props.eventTypes.length) Checks.fail(this, `eventTypes ${Checks.show(props.eventTypes)} lists a type twice: give each once`);
    }
    if (literal(props.objectNamePrefix) && props.objectNamePrefix === '') {
      Checks.fail(this, 'objectNamePrefix is empty: give a prefix such as "incoming/", or leave it out to watch every object');
    }
    for (const [key, value] of Object.entries({ topicName: props.topicName, subscriptionName: props.subscriptionName })) {
      if (literal(value) && (!/^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/.test(value!) || value!.toLowerCase().startsWith('goog'))) {
        Checks.fail(this, `invalid ${key} ${Checks.show(value)}: Pub/Sub names are 3 to 255 letters, digits and "-_.~+%", start with a letter and do not start with "goog"`);
      }
    }
    if (literal(props.topicName) && props.topicName!.length > 243 && (props.deadLetterTopic ?? true)) {
      Checks.fail(this, `topicName ${Checks.show(props.topicName)} is too long for its dead-letter topic "<topicName>-dead-letter": give at most 243 characters`);
    }
    const selfHosted = props.api !== undefined && !props.api.isCloud;
    if (selfHosted && props.relayRegion === undefined) {
      Checks.fail(this, `api is PrefectApi.selfHosted(${Checks.show(props.api!.apiUrl)}), which needs the relay function: give relayRegion, e.g. "europe-west1" (a Cloud Functions region)`);
    }
    if (!selfHosted && (props.relayRegion !== undefined || props.relayAuthSecret !== undefined)) {
      Checks.fail(this, `relayRegion ${Checks.show(props.relayRegion)} and relayAuthSecret are for a self-hosted server: give api: PrefectApi.selfHosted(url), or remove them for Prefect Cloud`);
    }
    if (literal(props.relayRegion) && !/^[a-z]+-[a-z]+[0-9]+$/.test(props.relayRegion!)) {
      Checks.fail(this, `invalid relayRegion ${Checks.show(props.relayRegion)}: give a region's ID such as "europe-west1", not a zone or a multi-region`);
    }
    if (literal(props.relayAuthSecret) && !/^(projects\/[^/]+\/secrets\/)?[A-Za-z0-9_-]{1,255}$/.test(props.relayAuthSecret!)) {
      Checks.fail(this, `invalid relayAuthSecret ${Checks.show(props.relayAuthSecret)}: give the Secret Manager secret's name or "projects/<project>/secrets/<name>" (the relay reads its latest version)`);
    }
    if (selfHosted && props.grantTokenCreator && props.oidcServiceAccountEmail === undefined && props.project === undefined) {
      Checks.fail(this, 'grantTokenCreator needs project: the push service account is named inside a project');
    }
    if (props.oidcAudience !== undefined && props.oidcServiceAccountEmail === undefined) {
      Checks.fail(this, 'oidcAudience needs oidcServiceAccountEmail: name the service account whose token carries that audience');
    }
    if (props.grantTokenCreator && props.oidcServiceAccountEmail === undefined && !selfHosted) {
      Checks.fail(this, 'grantTokenCreator needs oidcServiceAccountEmail: name the service account Pub/Sub makes tokens for');
    }
    if (props.grantTokenCreator && props.project === undefined && !selfHosted) {
      Checks.fail(this, 'grantTokenCreator needs project: the service account is named inside a project ("projects/<project>/serviceAccounts/<email>")');
    }
    if (literal(props.oidcServiceAccountEmail) && !/^[a-z][a-z0-9-]{4,29}@[a-z0-9.-]+\.iam\.gserviceaccount\.com$|^[0-9]+-compute@developer\.gserviceaccount\.com$/.test(props.oidcServiceAccountEmail!)) {
      Checks.fail(this, `invalid oidcServiceAccountEmail ${Checks.show(props.oidcServiceAccountEmail)}: give a service account's email, "<name>@<project>.iam.gserviceaccount.com"`);
    }
    if (props.serviceAccountId !== undefined && props.oidcServiceAccountEmail === undefined) {
      Checks.fail(this, `serviceAccountId ${Checks.show(props.serviceAccountId)} protects the webhook, but Pub/Sub push sends no Authorization header without oidcServiceAccountEmail, so every delivery would be refused: give oidcServiceAccountEmail, or remove serviceAccountId`);
    }
    Checks.integer(this, { name: 'ackDeadlineSeconds', value: props.ackDeadlineSeconds, min: 10, max: 600 });
    Checks.integer(this, { name: 'minimumBackoffSeconds', value: props.minimumBackoffSeconds, min: 0, max: 600 });
    Checks.integer(this, { name: 'maximumBackoffSeconds', value: props.maximumBackoffSeconds, min: 0, max: 600 });
    Checks.integer(this, { name: 'messageRetentionSeconds', value: props.messageRetentionSeconds, min: 600, max: SEVEN_DAYS });
    Checks.integer(this, { name: 'maxDeliveryAttempts', value: props.maxDeliveryAttempts, min: 5, max: 100 });
    if ((props.minimumBackoffSeconds ?? 10) > (props.maximumBackoffSeconds ?? 600)) {
      Checks.fail(this, `minimumBackoffSeconds ${props.minimumBackoffSeconds ?? 10} is more than maximumBackoffSeconds ${props.maximumBackoffSeconds ?? 600}: give a minimum at most the maximum`);
    }
    if (props.deadLetterTopic === false && props.maxDeliveryAttempts !== undefined) {
      Checks.fail(this, 'maxDeliveryAttempts needs the dead-letter topic: remove deadLetterTopic: false, or maxDeliveryAttempts');
    }
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      if (!/^[a-z][a-z0-9_-]{0,62}$/.test(key)) {
        Checks.fail(this, `invalid label key ${Checks.show(key)}: Google Cloud label keys are 1 to 63 lowercase letters, digits, "_" and "-", starting with a letter`);
      }
      if (literal(value) && !/^[a-z0-9_-]{0,63}$/.test(value)) {
        Checks.fail(this, `invalid label value ${Checks.show(value)} of ${Checks.show(key)}: Google Cloud label values are at most 63 lowercase letters, digits, "_" and "-"`);
      }
    }
    if (props.deployment && props.expect === undefined && props.eventTypes !== undefined && literal(props.eventTypes)
      && !props.eventTypes.includes('OBJECT_FINALIZE')) {
      Checks.fail(this, `eventTypes ${Checks.show(props.eventTypes)} has no OBJECT_FINALIZE, so the automation's default expect ["GCS OBJECT_FINALIZE"] never matches: add OBJECT_FINALIZE, or give expect (e.g. ["GCS OBJECT_DELETE"])`);
    }
    Checks.refuseCredentials(this, props, 'keep secrets out of the configuration: Pub/Sub push authenticates with an OIDC token, never a key');
  }
}
