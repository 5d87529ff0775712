import { Construct } from 'constructs';
import { fail, show } from '../core';
import { UniqueName } from '../core/unique-name';
import { Automation } from '../automations/automation';
import { Webhook } from '../automations/webhook';
import { WebhookTemplate } from '../automations/webhook-template';
import { checkDeploymentSlot, IDeployment } from '../deployments/deployment-ref';
import { PrefectApi } from './prefect-api';

/**
 * The automation options every bucket sensor shares (`S3BucketSensor`, `GcsBucketSensor`,
 * `AzureBlobSensor` and `BucketSensorTarget`): a deployment to run for each matching object,
 * with the bucket (on Azure, the container) and the object's name as flow parameters.
 */
export interface BucketSensorAutomationOptions {
  /**
   * A deployment to run for each matching object, with the bucket and the object's name as flow parameters.
   * @default - no automation (the behaviour of Prefect's modules)
   */
  readonly deployment?: IDeployment;

  /**
   * The Prefect events that run `deployment`. `BucketSensorTarget` requires it with a
   * deployment (an empty list matches every event, and the automation warns).
   * @default - the sensor's created-object events: "S3 PutObject", "S3 POST Object", "S3 CopyObject" and "S3 CompleteMultipartUpload" (S3), "GCS OBJECT_FINALIZE" (GCS), "Microsoft.Storage.BlobCreated" (Azure)
   */
  readonly expect?: string[];

  /**
   * The flow parameter that gets the bucket's name (on Azure, the container's).
   * @default "bucket"
   */
  readonly bucketParameter?: string;

  /**
   * The flow parameter that gets the object's name (the S3 key, the GCS object, the Azure blob).
   * @default "key"
   */
  readonly keyParameter?: string;

  /**
   * The automation's name.
   * @default - "<bucket>: run <deployment>"
   */
  readonly automationName?: string;
}

/** Properties of a `BucketSensorTarget`. */
export interface BucketSensorTargetProps extends BucketSensorAutomationOptions {
  /**
   * Where the events go: Prefect Cloud (a webhook is created) or `PrefectApi.selfHosted(url)`
   * (nothing is created: the cloud side posts to the server's events API).
   * @default - Prefect Cloud, with the workspace the Prefect provider is configured for
   */
  readonly api?: PrefectApi;

  /** The watched bucket's name: the automation's bucket parameter and the default names. */
  readonly bucketName: string;

  /**
   * The `prefect.resource.id` of the bucket's events, e.g. `s3.bucket.<bucketName>`: the
   * automation matches it.
   */
  readonly resourceId: string;

  /**
   * The webhook's name (Prefect Cloud only).
   * @default - a name unique to this construct's path (`UniqueName.of`)
   */
  readonly webhookName?: string;

  /**
   * The webhook's description (Prefect Cloud only).
   * @default - "events of <bucketName>"
   */
  readonly webhookDescription?: string;

  /**
   * How the webhook turns the cloud's notification into a Prefect event: required for
   * Prefect Cloud, refused for a self-hosted server.
   * @default - none (a self-hosted server)
   */
  readonly webhookTemplate?: WebhookTemplate;

  /**
   * The service account callers must authenticate as (Prefect Cloud Pro/Enterprise).
   * @default - an unauthenticated webhook
   */
  readonly serviceAccountId?: string;

  /**
   * The event's resource label that holds the object key.
   * @default "object-key"
   */
  readonly keyLabel?: string;

  /**
   * The event's resource label that holds the bucket's name, for a sensor whose events come from
   * more than one bucket (an Azure storage account's containers): the automation's bucket
   * parameter is read from it instead of being `bucketName`.
   * @default - the bucket parameter is `bucketName`
   */
  readonly bucketLabel?: string;
}

/**
 * One event of a bucket as the cloud side fills it in, each field a JSON value in the cloud's
 * own template language (for EventBridge: `<id>` for a JSON string it inserts, `"S3 <reason>"`
 * for text it splices into a string).
 */
export interface BucketEventFields {
  /** The event's ID (a UUID), e.g. `<id>`. */
  readonly id: string;
  /** When it occurred (ISO 8601), e.g. `<time>`. */
  readonly occurred: string;
  /** The event's name, e.g. `"S3 <reason>"`. */
  readonly event: string;
  /** The `prefect.resource.id`, e.g. `"s3.bucket.<bucket>"`. */
  readonly resourceId: string;
  /**
   * More resource labels, label to JSON value, e.g. `{ "object-key": "<key>" }`.
   * @default - none
   */
  readonly labels?: { [label: string]: string };
}

/**
 * The Prefect half of a bucket sensor, shared by the cloud packages (`S3BucketSensor`, then
 * GCS and Azure): on Prefect Cloud, the webhook the cloud's notifications are posted to (with
 * its template and service account); on a self-hosted server, which has no webhooks, nothing
 * to create: the cloud side posts events to `endpoint` (the server's `/events` API) in the
 * shape `eventBody` gives. Optionally, the automation that runs a deployment for each object,
 * with the bucket and the key (from the event's `keyLabel`) as flow parameters.
 *
 * A sensor creates it with the ID `Default`, which cdktf leaves out of logical IDs: its
 * `Webhook` and `Automation` keep the logical IDs they have as the sensor's own children.
 */
export class BucketSensorTarget extends Construct {
  /** Where the events go. */
  public readonly api?: PrefectApi;
  /** The webhook, undefined for a self-hosted server. */
  public readonly webhook?: Webhook;
  /** The automation that runs `deployment`, undefined without it. */
  public readonly automation?: Automation;
  /** The URL the cloud side posts events to: the webhook's endpoint, or `<apiUrl>/events`. */
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: BucketSensorTargetProps) {
    super(scope, id);
    this.api = props.api;
    props.api?.validate(this);
    const selfHosted = props.api !== undefined && !props.api.isCloud;
    this.validate(props, selfHosted);

    if (selfHosted) {
      this.endpoint = props.api!.eventsUrl!;
    } else {
      this.webhook = new Webhook(this, 'Webhook', {
        webhookName: props.webhookName ?? UniqueName.of(this, { prefix: 'webhook-' }),
        description: props.webhookDescription ?? `events of ${props.bucketName}`,
        template: props.webhookTemplate!,
        serviceAccountId: props.serviceAccountId,
      });
      this.endpoint = this.webhook.endpoint;
    }

    if (props.deployment) {
      this.automation = Automation.runDeploymentOnEvent(this, 'Automation', {
        automationName: props.automationName ?? `${props.bucketName}: run ${props.deployment.deploymentName}`,
        deployment: props.deployment,
        expect: props.expect!,
        match: { 'prefect.resource.id': props.resourceId },
        parameters: props.bucketLabel === undefined ? { [props.bucketParameter ?? 'bucket']: props.bucketName } : undefined,
        parametersFromLabels: {
          ...(props.bucketLabel === undefined ? {} : { [props.bucketParameter ?? 'bucket']: props.bucketLabel }),
          [props.keyParameter ?? 'key']: props.keyLabel ?? 'object-key',
        },
      });
    }
  }

  /**
   * The body the cloud side posts to a self-hosted server's `endpoint`: a JSON list with one
   * event (`id`, `occurred`, `event`, `resource`, an empty `payload`), as `POST /api/events`
   * takes it, written with the cloud's placeholders.
   * @param fields the event's fields, in the cloud's template language
   */
  public eventBody(fields: BucketEventFields): string {
    const resource = [['prefect.resource.id', fields.resourceId], ...Object.entries(fields.labels ?? {})]
      .map(([label, value]) => `${JSON.stringify(label)}: ${value}`).join(', ');
    return `[{"id": ${fields.id}, "occurred": ${fields.occurred}, "event": ${fields.event}, "resource": {${resource}}, "payload": {}}]`;
  }

  private validate(props: BucketSensorTargetProps, selfHosted: boolean): void {
    checkDeploymentSlot(this, 'deployment', props.deployment);
    if (selfHosted) {
      const cloudOnly = {
        webhookName: props.webhookName, webhookDescription: props.webhookDescription,
        webhookTemplate: props.webhookTemplate, serviceAccountId: props.serviceAccountId,
      };
      for (const [key, value] of Object.entries(cloudOnly)) {
        if (value !== undefined) {
          fail(this, `${key} is for the Prefect Cloud webhook, but api is PrefectApi.selfHosted(${show(props.api!.apiUrl)}) (a self-hosted server has no webhooks): remove one of them`);
        }
      }
    } else if (props.webhookTemplate === undefined) {
      fail(this, 'a Prefect Cloud webhook needs webhookTemplate: give the template that turns the cloud\'s notification into a Prefect event');
    }
    if (props.deployment) {
      if (props.expect === undefined) {
        fail(this, 'deployment needs expect: give the Prefect events that run it, e.g. ["S3 PutObject"]');
      }
    } else {
      const needDeployment = {
        expect: props.expect, bucketParameter: props.bucketParameter, bucketLabel: props.bucketLabel,
        keyParameter: props.keyParameter, automationName: props.automationName,
      };
      for (const [key, value] of Object.entries(needDeployment)) {
        if (value !== undefined) fail(this, `${key} configures the automation, which needs a deployment: give deployment, or remove ${key}`);
      }
    }
    if (props.bucketParameter !== undefined && props.bucketParameter === (props.keyParameter ?? 'key')) {
      fail(this, `bucketParameter and keyParameter are both ${show(props.bucketParameter)}: give the two parameters different names`);
    }
  }
}
