import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail, show, toJsonAttribute } from '../core';
import { checkJinja, hasJinja } from './private/jinja';

const SHAPE_EXAMPLE = '{ "event": "acme.bucket.{{ body.type }}", "resource": { "prefect.resource.id": "acme.bucket.{{ body.bucket }}" } }';

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
   * Checks the template for the webhook `scope`: Jinja syntax (of each string value of an object
   * template, or of the raw template), and the event's shape (an `event` name, a `resource` with a
   * `prefect.resource.id`) when it is an object or plain JSON text.
   * @internal
   */
  public _check(scope: IConstruct): void {
    const jinja = this.jinjaTemplate;
    if (jinja !== undefined) {
      if (Token.isUnresolved(jinja)) return;
      if (jinja.trim() === '') {
        fail(scope, `invalid webhook template ${show(jinja)}: it is empty; write a Jinja template that renders an event, e.g. "{{ body|from_cloud_event(headers) }}"`);
      }
      const error = checkJinja(jinja);
      if (error) fail(scope, `invalid webhook template ${show(clip(jinja))}: ${error}`);
      if (hasJinja(jinja)) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(jinja);
      } catch (e) {
        fail(scope, `invalid webhook template ${show(clip(jinja))}: it holds no Jinja, so Prefect reads it as the event's JSON, and it is not JSON (${(e as Error).message}); write JSON such as ${SHAPE_EXAMPLE}, or use WebhookTemplate.fromObject`);
      }
      this.checkShape(scope, parsed, jinja);
      return;
    }
    const o = this.objectTemplate;
    if (o === undefined || Token.isUnresolved(o)) return;
    checkValues(scope, o, []);
    this.checkShape(scope, o, o);
  }

  private checkShape(scope: IConstruct, event: any, shown: unknown): void {
    const problems = shapeProblems(event);
    if (problems.length > 0) {
      fail(scope, `invalid webhook template ${show(typeof shown === 'string' ? clip(shown) : shown)}: it lacks ${problems.join(' and ')}; Prefect needs both to make an event: write e.g. ${SHAPE_EXAMPLE}`);
    }
  }
}

function shapeProblems(o: any): string[] {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return ['an "event" name', 'a "resource" with a "prefect.resource.id"'];
  const problems: string[] = [];
  if (!Token.isUnresolved(o.event) && (typeof o.event !== 'string' || o.event.trim() === '')) problems.push('an "event" name');
  const resource = o.resource;
  if (!Token.isUnresolved(resource) && (!resource || typeof resource !== 'object' || !resource['prefect.resource.id'])) {
    problems.push('a "resource" with a "prefect.resource.id"');
  }
  return problems;
}

/** Checks the Jinja of every string value of an object template. */
function checkValues(scope: IConstruct, value: unknown, path: string[]): void {
  if (typeof value === 'string') {
    if (Token.isUnresolved(value)) return;
    const error = checkJinja(value);
    if (error) fail(scope, `invalid webhook template value ${show(value)} at ${path.join('.') || 'the top'}: ${error}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkValues(scope, v, [...path, `${i}`]));
  } else if (value && typeof value === 'object' && !Token.isUnresolved(value)) {
    for (const [k, v] of Object.entries(value)) checkValues(scope, v, [...path, k]);
  }
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}...` : text;
}
