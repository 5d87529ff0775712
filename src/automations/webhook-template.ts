import { Token } from 'cdktf';
import { toJsonAttribute } from '../core';

/**
 * How a Prefect Cloud webhook turns an HTTP request into an event: a JSON object whose string
 * values are Jinja templates (`fromObject`), or one raw Jinja template that renders the whole
 * event (`fromJinja`, e.g. for CloudEvents).
 */
export class WebhookTemplate {
  /**
   * An event template given as an object, e.g.
   * `{ event: "acme.bucket.{{ body.type }}", resource: { "prefect.resource.id": "acme.bucket.{{ body.bucket }}" } }`.
   * It is serialized with sorted keys.
   * @param template the event template
   */
  public static fromObject(template: { [key: string]: any }): WebhookTemplate {
    return new WebhookTemplate(template, undefined);
  }

  /**
   * A raw Jinja template that renders the event JSON, e.g. `{{ body|from_cloud_event(headers) }}`.
   * @param template the template
   */
  public static fromJinja(template: string): WebhookTemplate {
    return new WebhookTemplate(undefined, template);
  }

  /** Reads a CloudEvents request (`{{ body|from_cloud_event(headers) }}`). */
  public static cloudEvent(): WebhookTemplate {
    return WebhookTemplate.fromJinja('{{ body|from_cloud_event(headers) }}');
  }

  private constructor(
    /** The template as an object, when given so. */
    public readonly objectTemplate: { [key: string]: any } | undefined,
    /** The template as raw Jinja, when given so. */
    public readonly jinjaTemplate: string | undefined,
  ) {}

  /**
   * The provider's `template` string.
   * @internal
   */
  public _render(): string {
    return this.objectTemplate === undefined ? this.jinjaTemplate! : toJsonAttribute(this.objectTemplate);
  }

  /**
   * What is missing from an object template for it to make a valid event (empty when nothing
   * is, or when the template is raw Jinja or holds tokens).
   * @internal
   */
  public _problems(): string[] {
    const o = this.objectTemplate;
    if (o === undefined || Token.isUnresolved(o)) return [];
    const problems: string[] = [];
    if (typeof o.event !== 'string' || o.event.trim() === '') problems.push('an "event" name');
    const resource = o.resource;
    if (!resource || typeof resource !== 'object' || !resource['prefect.resource.id']) problems.push('a "resource" with a "prefect.resource.id"');
    return problems;
  }
}
