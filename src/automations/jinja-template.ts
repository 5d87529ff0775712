/**
 * Values of run-deployment `parameters` that Prefect renders from the triggering event when
 * the automation fires: `{"__prefect_kind": "jinja", "template": "..."}`.
 *
 * In the template, `event` is the triggering event (`event.resource`, `event.payload`,
 * `event.related`, `event.occurred`), and `flow_run`, `deployment` and friends are available
 * when the event is about them.
 */
export class JinjaTemplate {
  /**
   * A parameter rendered from a Jinja template, e.g. `{{ event.payload.key }}`.
   * @param template the template
   */
  public static of(template: string): { [key: string]: any } {
    return { __prefect_kind: 'jinja', template };
  }

  /**
   * A parameter taken from a label of the event's resource, e.g. `acme.bucket.key`.
   * @param label the resource label
   */
  public static resourceLabel(label: string): { [key: string]: any } {
    const quoted = label.replace(/\\/g, '\\\\').replace(/'/g, '\\\'');
    return JinjaTemplate.of(`{{ event.resource['${quoted}'] }}`);
  }

  /**
   * A parameter taken from the event's payload, e.g. `size` or `object.key`.
   * @param path a dotted path into the payload
   */
  public static payloadField(path: string): { [key: string]: any } {
    return JinjaTemplate.of(`{{ event.payload.${path} }}`);
  }

  private constructor() {}
}
