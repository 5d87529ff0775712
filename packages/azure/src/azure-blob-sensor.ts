import { DataAzurermStorageAccount } from './.gen/providers/azurerm/data-azurerm-storage-account';
import { EventgridSystemTopicEventSubscription } from './.gen/providers/azurerm/eventgrid-system-topic-event-subscription';
import { StorageAccount } from './.gen/providers/azurerm/storage-account';
import { StorageContainer } from './.gen/providers/azurerm/storage-container';
import { Fn, Op, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Automation, BucketSensorAutomationOptions, BucketSensorTarget, Checks, PrefectApi, UniqueName, Webhook, WebhookTemplate } from 'cdktf-prefect';
import { checkAzureTags, checkLocation, checkResourceGroupName } from './private/checks';
import { IStorageSystemTopic, StorageSystemTopic } from './storage-system-topic';

/** The event types of a storage account's system topic (Azure Blob Storage as an Event Grid source). */
const EVENT_TYPES = [
  'Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted', 'Microsoft.Storage.BlobRenamed',
  'Microsoft.Storage.BlobTierChanged', 'Microsoft.Storage.AsyncOperationInitiated',
  'Microsoft.Storage.DirectoryCreated', 'Microsoft.Storage.DirectoryRenamed', 'Microsoft.Storage.DirectoryDeleted',
  'Microsoft.Storage.BlobInventoryPolicyCompleted', 'Microsoft.Storage.LifecyclePolicyCompleted',
  'Microsoft.Storage.StorageTaskQueued', 'Microsoft.Storage.StorageTaskCompleted',
  'Microsoft.Storage.StorageTaskAssignmentQueued', 'Microsoft.Storage.StorageTaskAssignmentCompleted',
];
const CREATED = 'Microsoft.Storage.BlobCreated';
const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;
const CONTAINER = /^(\$root|[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9])$/;
const EVENT_GRID_NAME = /^[A-Za-z0-9-]{3,64}$/;
const SUBJECT = '/blobServices/default/containers/';

/**
 * The shape Event Grid delivers events in (`event_delivery_schema`); the sensor's webhook
 * template reads the matching fields.
 */
export class AzureEventSchema {
  /**
   * The Event Grid schema (the default, and the module's): a JSON array of events with
   * `eventType`, `subject`, `topic`, `eventTime`, `data`. Event Grid validates the endpoint with
   * a `Microsoft.EventGrid.SubscriptionValidationEvent` POST, which the template turns into a
   * Prefect event carrying the `validationUrl` (the manual handshake's link) in its payload.
   */
  public static readonly EVENT_GRID = new AzureEventSchema('EventGridSchema', 'eventType', 'topic', 'eventTime');

  /**
   * CloudEvents 1.0 (structured mode): one JSON object with `type`, `subject`, `source`, `time`,
   * `data`. Event Grid validates the endpoint with an HTTP OPTIONS request (CloudEvents abuse
   * protection), which the endpoint must answer itself: there is no manual handshake.
   */
  public static readonly CLOUD_EVENTS = new AzureEventSchema('CloudEventSchemaV1_0', 'type', 'source', 'time');

  /**
   * @param deliverySchema the `event_delivery_schema` value
   * @param typeField the field holding the event type
   * @param sourceField the field holding the storage account's ARM ID
   * @param timeField the field holding the event's time
   */
  private constructor(
    public readonly deliverySchema: string,
    public readonly typeField: string,
    public readonly sourceField: string,
    public readonly timeField: string,
  ) {}

  /**
   * The webhook template for this schema: event `<event type>` on `azure.storage.<account>`
   * with labels `container`, `blob-name`, `blob-url` and `eventgrid-event-id`, and the event's
   * `data`, subject and time as the payload. Every value goes through `tojson`, so a blob name
   * with a quote, a backslash or Jinja braces renders valid JSON.
   */
  public webhookTemplate(): WebhookTemplate {
    const fields: Array<[string, string]> = [
      ['prefect.resource.id', '("azure.storage." ~ account)'],
      ['prefect.resource.name', 'account'],
      ['container', '(parts[4] if parts|length > 6 else "")'],
      ['blob-name', '(parts[6:]|join("/") if parts|length > 6 else "")'],
      ['blob-url', '(e.data.url if e.data is mapping and e.data.url is defined else "")'],
      ['eventgrid-event-id', 'e.id'],
    ];
    return WebhookTemplate.fromJinja(
      // one event per delivery (max_events_per_batch = 1); an object in CloudEvents, a list of one in the Event Grid schema
      '{% set e = body if body is mapping else body[0] %}'
      + '{% set parts = e.subject.split("/") if e.subject else [] %}'
      + `{% set account = e.${this.sourceField}.split("/")|last %}`
      + `{"event": {{ e.${this.typeField}|tojson }}, "resource": {`
      + fields.map(([label, value]) => `${JSON.stringify(label)}: {{ ${value}|tojson }}`).join(', ')
      + `}, "payload": {"subject": {{ e.subject|tojson }}, "time": {{ e.${this.timeField}|tojson }}, "data": {{ e.data|tojson }}}}`,
    );
  }
}

/** Properties of an `AzureBlobSensor`. */
export interface AzureBlobSensorProps extends BucketSensorAutomationOptions {
  /** The resource group of the storage account (new or existing), the system topic and the subscription. */
  readonly resourceGroupName: string;

  /**
   * The storage account to watch: created here, or an existing one with `existingStorageAccount: true`.
   * @default - a name unique to this construct's path (24 lowercase letters and digits)
   */
  readonly storageAccountName?: string;

  /**
   * Whether `storageAccountName` is an existing account (read with a data source; the module's only choice).
   * @default false
   */
  readonly existingStorageAccount?: boolean;

  /**
   * The new account's region, as ARM spells it (e.g. `westeurope`); required for a new account,
   * refused with `existingStorageAccount` (the system topic then takes the account's own region,
   * where the module asks for it again).
   * @default - none: required unless `existingStorageAccount`
   */
  readonly location?: string;

  /**
   * The new account's replication (`LRS`, `ZRS`, `GRS`, `RAGRS`, `GZRS`, `RAGZRS`).
   * @default "LRS"
   */
  readonly accountReplicationType?: string;

  /**
   * The account's Event Grid system topic: Azure allows one per storage account, so give the
   * existing one (`StorageSystemTopic.fromSystemTopicName(...)`, or another sensor's
   * `systemTopic`) when the account has one.
   * @default - a new system topic, `systemTopicName`
   */
  readonly systemTopic?: IStorageSystemTopic;

  /**
   * The new system topic's name.
   * @default "<storageAccountName>-storage-topic" (the module's)
   */
  readonly systemTopicName?: string;

  /**
   * The event subscription's name.
   * @default "<storageAccountName>-prefect-event-subscription" (the module's)
   */
  readonly subscriptionName?: string;

  /**
   * The event types sent to Prefect (the subscription's `included_event_types`).
   * @default ["Microsoft.Storage.BlobCreated"] (the module's)
   */
  readonly eventTypes?: string[];

  /**
   * Only blobs of this container (the subject filter begins with `/blobServices/default/containers/<containerName>/blobs/`).
   * @default - every container (but the dead-letter container)
   */
  readonly containerName?: string;

  /**
   * Only blobs whose name starts with this, e.g. `incoming/`; needs `containerName`.
   * @default - any name
   */
  readonly blobNamePrefix?: string;

  /**
   * Only blobs whose name ends with this, e.g. `.csv` (the subject filter's `subject_ends_with`).
   * @default - any name
   */
  readonly blobNameSuffix?: string;

  /**
   * Whether the subject filter compares case-sensitively (blob names are case-sensitive).
   * @default true
   */
  readonly caseSensitive?: boolean;

  /**
   * The shape Event Grid delivers events in; the default webhook template follows it.
   * @default AzureEventSchema.EVENT_GRID (its validation handshake can also be done by hand)
   */
  readonly eventSchema?: AzureEventSchema;

  /**
   * How many times Event Grid tries to deliver an event (1 to 30).
   * @default 30 (Event Grid's; the module's is 5)
   */
  readonly maxDeliveryAttempts?: number;

  /**
   * How long, in minutes, Event Grid keeps trying (1 to 1440).
   * @default 1440 (the module's)
   */
  readonly eventTimeToLiveMinutes?: number;

  /**
   * Whether events that could not be delivered are written to a new container of the watched
   * account (`deadLetterContainerName`); the subscription never sends that container's own events.
   * @default true
   */
  readonly deadLetter?: boolean;

  /**
   * The dead-letter container's name.
   * @default "prefect-dead-letters"
   */
  readonly deadLetterContainerName?: string;

  /**
   * Where the events go: Prefect Cloud only. A self-hosted server has no webhooks and Event
   * Grid cannot reshape its events into Prefect events: it is refused (`relay/eventgrid_relay.py` does it, but the sensor does not host it on Azure yet).
   * @default - Prefect Cloud
   */
  readonly api?: PrefectApi;

  /**
   * The Prefect Cloud webhook's name.
   * @default - a name unique to this construct's path (`UniqueName.of`)
   */
  readonly webhookName?: string;

  /**
   * How the webhook turns an Event Grid delivery into a Prefect event.
   * @default - `eventSchema.webhookTemplate()`: event `<eventType>` on `azure.storage.<account>`, labels `container`, `blob-name`, `blob-url`, `eventgrid-event-id`
   */
  readonly webhookTemplate?: WebhookTemplate;

  /**
   * The Prefect service account callers must authenticate as (Prefect Cloud Pro/Enterprise);
   * needs `webhookApiKey`, which Event Grid then sends as `Authorization: Bearer <key>`.
   * @default - an unauthenticated webhook
   */
  readonly serviceAccountId?: string;

  /**
   * The API key of `serviceAccountId`, as a sensitive reference (e.g. a sensitive
   * `TerraformVariable`): Event Grid sends it as a secret delivery attribute
   * (`Authorization: Bearer <key>`), which the Azure API never returns.
   * @default - no Authorization header
   */
  readonly webhookApiKey?: string;

  /**
   * Tags of the storage account and the system topic.
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

/**
 * Sends a storage account's blob events to Prefect Cloud through Event Grid, and optionally
 * runs a deployment for each matching blob.
 *
 * Replaces the `azure` submodule of Prefect's `terraform-prefect-bucket-sensor` (every input
 * has a prop) and closes its gaps: the Bearer header is sent whenever the webhook is
 * protected (the module sends none for a service account it did not create), the Prefect
 * event is named by the real event type and labels the container and blob, the subscription
 * filters by event type (`included_event_types`) and subject (container, name prefix and
 * suffix), dead-letters to a storage container, delivers one event per request in the schema
 * the template reads, a new storage account or an existing one, an existing system topic
 * checked at plan time, and the automation.
 */
export class AzureBlobSensor extends Construct {
  /** The created storage account, undefined with `existingStorageAccount`. */
  public readonly storageAccount?: StorageAccount;
  /** The existing storage account, undefined without `existingStorageAccount`. */
  public readonly existingAccount?: DataAzurermStorageAccount;
  /** The account's system topic (created here unless `systemTopic` was given). */
  public readonly systemTopic: IStorageSystemTopic;
  /** The event subscription that delivers to Prefect. */
  public readonly subscription: EventgridSystemTopicEventSubscription;
  /** The dead-letter container, undefined with `deadLetter: false`. */
  public readonly deadLetterContainer?: StorageContainer;
  /** The Prefect half: the webhook and the automation. */
  public readonly prefectTarget: BucketSensorTarget;
  /** The Prefect Cloud webhook. */
  public readonly webhook?: Webhook;
  /** The automation that runs `deployment`, undefined without it. */
  public readonly automation?: Automation;
  /** The watched account's name. @attribute */
  public readonly storageAccountName: string;
  /** The watched account's ARM resource ID. @attribute */
  public readonly storageAccountId: string;
  /** The Prefect resource ID of the account's events with the default template: `azure.storage.<storageAccountName>`. */
  public readonly resourceId: string;

  constructor(scope: Construct, id: string, props: AzureBlobSensorProps) {
    super(scope, id);
    this.validate(props);
    const name = props.storageAccountName ?? accountName(this);
    const tags = props.tags;
    let location: string;
    if (props.existingStorageAccount) {
      this.existingAccount = new DataAzurermStorageAccount(this, 'StorageAccount', { name, resourceGroupName: props.resourceGroupName });
      this.storageAccountName = name;
      this.storageAccountId = this.existingAccount.id;
      location = this.existingAccount.location;
    } else {
      this.storageAccount = new StorageAccount(this, 'StorageAccount', {
        name,
        resourceGroupName: props.resourceGroupName,
        location: props.location!,
        accountKind: 'StorageV2',
        accountTier: 'Standard',
        accountReplicationType: props.accountReplicationType ?? 'LRS',
        minTlsVersion: 'TLS1_2',
        httpsTrafficOnlyEnabled: true,
        allowNestedItemsToBePublic: false,
        tags,
      });
      this.storageAccountName = this.storageAccount.name;
      this.storageAccountId = this.storageAccount.id;
      location = props.location!;
    }
    this.resourceId = `azure.storage.${name}`;

    this.systemTopic = props.systemTopic ?? new StorageSystemTopic(this, 'SystemTopic', {
      systemTopicName: props.systemTopicName ?? `${name}-storage-topic`,
      resourceGroupName: props.resourceGroupName,
      location,
      storageAccountId: this.storageAccountId,
      tags,
    });

    const schema = props.eventSchema ?? AzureEventSchema.EVENT_GRID;
    this.prefectTarget = new BucketSensorTarget(this, 'Default', {
      api: props.api,
      bucketName: name,
      resourceId: this.resourceId,
      webhookName: props.webhookName ?? UniqueName.of(this, { prefix: 'webhook-' }),
      webhookDescription: `Blob events of the Azure storage account ${name}, sent by Event Grid`,
      webhookTemplate: props.webhookTemplate ?? schema.webhookTemplate(),
      serviceAccountId: props.serviceAccountId,
      deployment: props.deployment,
      expect: props.expect ?? (props.deployment ? [CREATED] : undefined),
      keyLabel: 'blob-name',
      bucketLabel: props.deployment ? 'container' : undefined,
      bucketParameter: props.bucketParameter,
      keyParameter: props.keyParameter,
      automationName: props.automationName,
    });
    this.webhook = this.prefectTarget.webhook;
    this.automation = this.prefectTarget.automation;

    const deadLetterName = props.deadLetterContainerName ?? 'prefect-dead-letters';
    if (props.deadLetter ?? true) {
      this.deadLetterContainer = new StorageContainer(this, 'DeadLetterContainer', {
        name: deadLetterName,
        storageAccountId: this.storageAccountId,
        containerAccessType: 'private',
      });
    }
    const subjectBegins = props.containerName === undefined ? undefined
      : `${SUBJECT}${props.containerName}/blobs/${props.blobNamePrefix ?? ''}`;
    const hasSubjectFilter = subjectBegins !== undefined || props.blobNameSuffix !== undefined;
    const imported = this.systemTopic.imported;
    this.subscription = new EventgridSystemTopicEventSubscription(this, 'Subscription', {
      name: props.subscriptionName ?? `${name}-prefect-event-subscription`,
      systemTopic: this.systemTopic.systemTopicName,
      resourceGroupName: this.systemTopic.resourceGroupName,
      eventDeliverySchema: schema.deliverySchema,
      includedEventTypes: props.eventTypes ?? [CREATED],
      subjectFilter: hasSubjectFilter ? {
        subjectBeginsWith: subjectBegins,
        subjectEndsWith: props.blobNameSuffix,
        caseSensitive: props.caseSensitive ?? true,
      } : undefined,
      // Event Grid writes dead letters as blobs of the watched account: never send their own events
      advancedFilter: this.deadLetterContainer && props.containerName === undefined ? {
        stringNotBeginsWith: [{ key: 'subject', values: [`${SUBJECT}${deadLetterName}/`] }],
      } : undefined,
      webhookEndpoint: { url: this.prefectTarget.endpoint, maxEventsPerBatch: 1 },
      // the module's defect: a protected webhook got no Authorization header unless it created the service account
      deliveryProperty: props.webhookApiKey === undefined ? undefined : [{
        headerName: 'Authorization',
        type: 'Static',
        value: `Bearer ${props.webhookApiKey}`,
        secret: true,
      }],
      retryPolicy: {
        maxDeliveryAttempts: props.maxDeliveryAttempts ?? 30,
        eventTimeToLive: props.eventTimeToLiveMinutes ?? 1440,
      },
      storageBlobDeadLetterDestination: this.deadLetterContainer ? {
        storageAccountId: this.storageAccountId,
        storageBlobContainerName: this.deadLetterContainer.name,
      } : undefined,
      lifecycle: imported ? {
        precondition: [{
          condition: Op.and(
            Op.eq(Fn.lower(this.systemTopic.sourceResourceId), Fn.lower(this.storageAccountId)),
            Op.eq(this.systemTopic.topicType, 'Microsoft.Storage.StorageAccounts'),
          ),
          errorMessage: `the system topic ${this.systemTopic.systemTopicName} is not the one of the storage account ${name}: give that account's own system topic (an account has one)`,
        }],
      } : undefined,
    });
  }

  private validate(props: AzureBlobSensorProps): void {
    const literal = (v: unknown): v is string => typeof v === 'string' && !Token.isUnresolved(v);
    checkResourceGroupName(this, props.resourceGroupName);
    if (literal(props.storageAccountName) && !STORAGE_ACCOUNT.test(props.storageAccountName)) {
      Checks.fail(this, `invalid storageAccountName ${Checks.show(props.storageAccountName)}: storage account names are 3 to 24 lowercase letters and digits`);
    }
    if (props.existingStorageAccount && props.storageAccountName === undefined) {
      Checks.fail(this, 'existingStorageAccount is true but no storageAccountName is given: name the account to watch');
    }
    if (props.existingStorageAccount && props.location !== undefined) {
      Checks.fail(this, `location ${Checks.show(props.location)} is for a new storage account, but existingStorageAccount is true: remove location (the system topic takes the account's region)`);
    }
    if (props.existingStorageAccount && props.accountReplicationType !== undefined) {
      Checks.fail(this, `accountReplicationType ${Checks.show(props.accountReplicationType)} is for a new storage account, but existingStorageAccount is true: remove accountReplicationType`);
    }
    if (!props.existingStorageAccount && props.location === undefined) {
      Checks.fail(this, 'a new storage account needs location: give its region as ARM spells it, e.g. "westeurope"');
    }
    checkLocation(this, 'location', props.location);
    if (literal(props.accountReplicationType) && !['LRS', 'ZRS', 'GRS', 'RAGRS', 'GZRS', 'RAGZRS'].includes(props.accountReplicationType)) {
      Checks.fail(this, `invalid accountReplicationType ${Checks.show(props.accountReplicationType)}: give one of LRS, ZRS, GRS, RAGRS, GZRS, RAGZRS`);
    }
    if (props.systemTopic !== undefined && props.systemTopicName !== undefined) {
      Checks.fail(this, `systemTopicName ${Checks.show(props.systemTopicName)} names a new system topic, but systemTopic is given: remove one of them`);
    }
    for (const [key, value] of Object.entries({ systemTopicName: props.systemTopicName, subscriptionName: props.subscriptionName })) {
      if (literal(value) && !EVENT_GRID_NAME.test(value)) {
        Checks.fail(this, `invalid ${key} ${Checks.show(value)}: Event Grid names are 3 to 64 letters, digits and "-"`);
      }
    }
    if (props.eventTypes !== undefined && !Token.isUnresolved(props.eventTypes)) {
      if (props.eventTypes.length === 0) Checks.fail(this, `eventTypes is empty: give some of ${EVENT_TYPES.join(', ')}`);
      for (const type of props.eventTypes) {
        if (literal(type) && !EVENT_TYPES.includes(type)) {
          Checks.fail(this, `invalid event type ${Checks.show(type)} in eventTypes: a storage account's system topic has ${EVENT_TYPES.join(', ')}`);
        }
      }
      if (new Set(props.eventTypes).size !== props.eventTypes.length) Checks.fail(this, `eventTypes ${Checks.show(props.eventTypes)} lists a type twice: give each once`);
    }
    for (const [key, value] of Object.entries({ containerName: props.containerName, deadLetterContainerName: props.deadLetterContainerName })) {
      if (literal(value) && !CONTAINER.test(value)) {
        Checks.fail(this, `invalid ${key} ${Checks.show(value)}: container names are 3 to 63 lowercase letters, digits and single "-", starting and ending with a letter or digit`);
      }
    }
    if (props.blobNamePrefix !== undefined && props.containerName === undefined) {
      Checks.fail(this, `blobNamePrefix ${Checks.show(props.blobNamePrefix)} needs containerName: Event Grid's subject filter begins with the container ("/blobServices/default/containers/<container>/blobs/<prefix>")`);
    }
    for (const [key, value] of Object.entries({ blobNamePrefix: props.blobNamePrefix, blobNameSuffix: props.blobNameSuffix })) {
      if (literal(value) && value === '') Checks.fail(this, `${key} is empty: give e.g. ${key === 'blobNamePrefix' ? '"incoming/"' : '".csv"'}, or leave it out`);
    }
    const deadLetterName = props.deadLetterContainerName ?? 'prefect-dead-letters';
    if ((props.deadLetter ?? true) && props.containerName !== undefined && props.containerName === deadLetterName) {
      Checks.fail(this, `containerName ${Checks.show(props.containerName)} is the dead-letter container too, so every dead letter would be sent again: give deadLetterContainerName another name`);
    }
    if (props.deadLetter === false && props.deadLetterContainerName !== undefined) {
      Checks.fail(this, `deadLetterContainerName ${Checks.show(props.deadLetterContainerName)} needs dead-lettering: remove deadLetter: false, or deadLetterContainerName`);
    }
    Checks.integer(this, { name: 'maxDeliveryAttempts', value: props.maxDeliveryAttempts, min: 1, max: 30 });
    Checks.integer(this, { name: 'eventTimeToLiveMinutes', value: props.eventTimeToLiveMinutes, min: 1, max: 1440 });
    if (props.api !== undefined && !props.api.isCloud) {
      Checks.fail(this, `api is PrefectApi.selfHosted(${Checks.show(props.api.apiUrl)}), but a self-hosted server has no webhooks and Event Grid cannot reshape its events into Prefect events: use Prefect Cloud (the relay, relay/eventgrid_relay.py in this package, is not hosted on Azure by the sensor yet)`);
    }
    if (literal(props.webhookApiKey)) {
      Checks.fail(this, 'webhookApiKey is a literal, so it would be written to cdk.tf.json: pass a sensitive reference (TerraformVariable with sensitive: true)');
    }
    if (props.serviceAccountId !== undefined && props.webhookApiKey === undefined) {
      Checks.fail(this, `serviceAccountId ${Checks.show(props.serviceAccountId)} protects the webhook, but without webhookApiKey Event Grid sends no Authorization header and every delivery is refused (the module's defect): give webhookApiKey, the service account's key as a sensitive reference`);
    }
    if (props.webhookApiKey !== undefined && props.serviceAccountId === undefined) {
      Checks.fail(this, 'webhookApiKey needs serviceAccountId: the webhook checks the key of that service account');
    }
    if (props.deployment && props.expect === undefined && props.eventTypes !== undefined && !Token.isUnresolved(props.eventTypes)
      && !props.eventTypes.includes(CREATED)) {
      Checks.fail(this, `eventTypes ${Checks.show(props.eventTypes)} has no ${CREATED}, so the automation's default expect ["${CREATED}"] never matches: add it, or give expect (e.g. ["Microsoft.Storage.BlobDeleted"])`);
    }
    checkAzureTags(this, props.tags);
    Checks.refuseCredentials(this, { ...props, webhookApiKey: undefined },
      'keep secrets out of the configuration: feed the webhook key from a sensitive TerraformVariable');
  }
}

/** A storage account name unique to the construct's path: 3 to 24 lowercase letters and digits. */
function accountName(scope: Construct): string {
  const unique = UniqueName.of(scope, { maxLength: 63 });
  const hash = unique.slice(-8);
  return `${unique.slice(0, -8).replace(/[^a-z0-9]/g, '').slice(0, 16)}${hash}`;
}
