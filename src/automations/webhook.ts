import { Construct } from 'constructs';
import { Webhook as WebhookResource } from '../.gen/providers/prefect/webhook';
import { checkUuid, fail, refuseCredentials, validateName } from '../core';
import { warnCloudOnly } from './private/checks';
import { WebhookTemplate } from './webhook-template';
import { usePolicy } from '../policy/hook';

/** Properties of a `Webhook`. */
export interface WebhookProps {
  /** The webhook's name. */
  readonly webhookName: string;

  /** How requests become events. */
  readonly template: WebhookTemplate;

  /**
   * What the webhook is for.
   * @default - no description
   */
  readonly description?: string;

  /**
   * Whether the webhook accepts requests.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The ID of a service account whose API key callers must send (Prefect Cloud Pro and
   * Enterprise); changing it replaces the webhook.
   * @default - anyone with the URL can call it
   */
  readonly serviceAccountId?: string;
}

/**
 * A Prefect Cloud webhook (`prefect_webhook`): a URL that turns HTTP requests into Prefect
 * events, which automations can react to. **Prefect Cloud only** (synth warns): a self-hosted
 * server has no webhooks; post events to `/api/events` instead.
 */
export class Webhook extends Construct {
  /** The `prefect_webhook` resource (escape hatch). */
  public readonly resource: WebhookResource;

  /** The webhook's ID. @attribute */
  public readonly webhookId: string;

  /** The webhook's name. @attribute */
  public readonly webhookName: string;

  /** The URL to call, `https://api.prefect.cloud/hooks/<slug>`. @attribute */
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: WebhookProps) {
    super(scope, id);
    warnCloudOnly(this, 'a webhook (prefect_webhook)');
    validateName(this, 'webhook', props.webhookName);
    if (!props.template) fail(this, 'a webhook needs a template: WebhookTemplate.fromObject({...}), fromJinja("...") or cloudEvent()');
    props.template._check(this);
    checkUuid(this, 'service account ID', props.serviceAccountId);
    usePolicy(this);
    this.resource = new WebhookResource(this, 'Resource', {
      name: props.webhookName,
      template: props.template._render(),
      description: props.description,
      enabled: props.enabled,
      serviceAccountId: props.serviceAccountId,
    });
    refuseCredentials(this, this.resource, { props: { name: 'webhookName' } });
    this.webhookId = this.resource.id;
    this.webhookName = this.resource.name;
    this.endpoint = this.resource.endpoint;
  }
}
