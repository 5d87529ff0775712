import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import {
  AutomationTrigger,
  AutomationTriggerCompoundTriggers,
  AutomationTriggerEvent,
  AutomationTriggerMetric,
  AutomationTriggerSequenceTriggers,
} from '../.gen/providers/prefect/automation';
import { Duration, fail, show, validateInteger } from '../core';
import { CompoundRequire } from './compound-require';
import { MetricName, MetricOperator } from './metric-query';
import { Posture } from './posture';
import { checkEventNames, checkResourceSpec, isEmptySpec, specJson, warnCloudOnly, windowSeconds } from './private/checks';
import { EMPTY_EXPECT, RELATED_WITHOUT_ROLE } from '../policy/markers';

/** The kinds of automation trigger. */
export enum TriggerKind {
  /** Fires on events (or their absence). */
  EVENT = 'event',
  /** Fires when some number of its triggers fire. */
  COMPOUND = 'compound',
  /** Fires when its triggers fire in order. */
  SEQUENCE = 'sequence',
  /** Fires on a flow-run metric (Prefect Cloud only). */
  METRIC = 'metric',
}

/** What an event trigger listens for. */
export interface EventTriggerOptions {
  /**
   * The events the trigger counts, e.g. `prefect.flow-run.Failed`; a trailing `*` matches a
   * prefix (`acme.bucket.*`). An empty list matches EVERY event, which a synth warning flags.
   * @default - every event (warned)
   */
  readonly expect?: string[];

  /**
   * Labels the event's resource must have, e.g. `{ "prefect.resource.id": "prefect.flow-run.*" }`.
   * A value may be a list (any of them), end with `*` (prefix) or start with `!` (not).
   * @default - any resource
   */
  readonly match?: { [key: string]: any };

  /**
   * Labels one of the event's related resources must have, e.g.
   * `{ "prefect.resource.role": "deployment", "prefect.resource.id": "prefect.deployment.<id>" }`.
   * @default - no condition on related resources
   */
  readonly matchRelated?: { [key: string]: any };

  /**
   * Events that must be seen first to arm the trigger.
   * @default - the trigger is armed at once
   */
  readonly after?: string[];

  /**
   * Labels to count events by separately, e.g. `["prefect.resource.id"]` for one count per
   * flow run; `related:<role>:<label>` reads a related resource.
   * @default - one count for all matching events
   */
  readonly forEach?: string[];

  /**
   * Reactive fires when the count reaches the threshold; proactive fires when it stays below.
   * @default Posture.REACTIVE
   */
  readonly posture?: Posture;

  /**
   * How many events to count (a whole number of at least 1).
   * @default 1
   */
  readonly threshold?: number;

  /**
   * The window the events are counted in. Proactive triggers need at least 10 seconds.
   * @default - no window for reactive triggers (0 seconds); required for proactive ones
   */
  readonly within?: Duration;
}

/** A compound trigger: some number of other triggers firing. */
export interface CompoundTriggerOptions {
  /** How many of `triggers` must fire: `CompoundRequire.ANY`, `ALL` or `atLeast(n)`. */
  readonly require: CompoundRequire;

  /** The triggers: event triggers or metric triggers (compound triggers do not nest). */
  readonly triggers: Trigger[];

  /**
   * The window in which they must fire.
   * @default - no window
   */
  readonly within?: Duration;
}

/** Options of a sequence trigger. */
export interface SequenceTriggerOptions {
  /**
   * The window in which the whole sequence must happen.
   * @default - no window
   */
  readonly within?: Duration;
}

/** A metric trigger: a flow-run metric crossing a threshold (Prefect Cloud only). */
export interface MetricTriggerOptions {
  /** The metric. */
  readonly metric: MetricName;

  /** How the metric is compared with the threshold. */
  readonly operator: MetricOperator;

  /** The threshold (seconds for lateness and duration, a share from 0 to 1 for successes). */
  readonly threshold: number;

  /** How far back the metric is computed (at least 300 seconds). */
  readonly range: Duration;

  /** How long the condition must hold before the trigger fires (at least 300 seconds). */
  readonly firingFor: Duration;

  /**
   * Labels the flow runs' resource must have.
   * @default - all flow runs
   */
  readonly match?: { [key: string]: any };

  /**
   * Labels a related resource must have, e.g. a deployment.
   * @default - no condition on related resources
   */
  readonly matchRelated?: { [key: string]: any };
}

const POSTURES: string[] = [Posture.REACTIVE, Posture.PROACTIVE];
const FOR_EACH = /^(related:[^\s:]+:)?[^\s:*]+$/;

/**
 * What fires an automation: an event trigger (`Trigger.event`), a compound or sequence of
 * triggers, or a metric trigger (Prefect Cloud only).
 */
export class Trigger {
  /**
   * Fires on events (reactive) or on their absence (proactive).
   * @param options what to listen for
   */
  public static event(options: EventTriggerOptions): Trigger {
    return new Trigger(TriggerKind.EVENT, options);
  }

  /**
   * Fires when `require` of `triggers` fire (within a window, if given).
   * @param options the triggers and how many must fire
   */
  public static compound(options: CompoundTriggerOptions): Trigger {
    return new Trigger(TriggerKind.COMPOUND, options);
  }

  /**
   * Fires when `triggers` fire in order (within a window, if given).
   * @param triggers event or metric triggers, in the order they must fire
   * @param options the window
   */
  public static sequence(triggers: Trigger[], options: SequenceTriggerOptions = {}): Trigger {
    return new Trigger(TriggerKind.SEQUENCE, { ...options, triggers });
  }

  /**
   * Fires when a flow-run metric crosses a threshold. **Prefect Cloud only**: a self-hosted
   * server rejects it (synth warns).
   * @param options the metric query
   */
  public static metric(options: MetricTriggerOptions): Trigger {
    return new Trigger(TriggerKind.METRIC, options);
  }

  private constructor(
    /** The kind of trigger. */
    public readonly kind: TriggerKind,
    private readonly options: any,
  ) {}

  /**
   * The options of an event trigger (undefined for other kinds).
   * @internal
   */
  public get _eventOptions(): EventTriggerOptions | undefined {
    return this.kind === TriggerKind.EVENT ? this.options : undefined;
  }

  /**
   * Checks the trigger for the automation `scope` and renders the provider's `trigger` block.
   * @internal
   */
  public _bind(scope: IConstruct): AutomationTrigger {
    switch (this.kind) {
      case TriggerKind.EVENT: return { event: renderEvent(scope, this.options, 'event trigger') };
      case TriggerKind.METRIC: return { metric: renderMetric(scope, this.options, 'metric trigger') };
      case TriggerKind.COMPOUND: return { compound: renderCompound(scope, this.options) };
      default: return { sequence: renderSequence(scope, this.options) };
    }
  }

  /** Renders a child of a compound or sequence trigger. */
  private bindChild(scope: IConstruct, parent: string, index: number): { event?: AutomationTriggerEvent; metric?: AutomationTriggerMetric } {
    const what = `${parent} trigger ${index + 1}`;
    if (this.kind === TriggerKind.EVENT) return { event: renderEvent(scope, this.options, what) };
    if (this.kind === TriggerKind.METRIC) return { metric: renderMetric(scope, this.options, what) };
    return fail(scope, `${what} is a ${this.kind} trigger, but ${parent} triggers only hold event and metric triggers (the provider does not nest them); flatten it into the ${parent}`);
  }

  /** The children of a compound trigger, in the provider's compound position. @internal */
  public _bindCompoundChild(scope: IConstruct, index: number): AutomationTriggerCompoundTriggers {
    const child = this.bindChild(scope, 'compound', index);
    return { event: child.event, metric: child.metric };
  }

  /** The children of a sequence trigger, in the provider's sequence position. @internal */
  public _bindSequenceChild(scope: IConstruct, index: number): AutomationTriggerSequenceTriggers {
    const child = this.bindChild(scope, 'sequence', index);
    return { event: child.event, metric: child.metric };
  }
}

function renderEvent(scope: IConstruct, o: EventTriggerOptions, what: string): AutomationTriggerEvent {
  const posture = o.posture ?? Posture.REACTIVE;
  if (!Token.isUnresolved(posture) && !POSTURES.includes(posture)) {
    const hint = String(posture) === 'Metric' ? '; for a metric trigger use Trigger.metric()' : '';
    fail(scope, `invalid ${what} posture ${show(posture)}: the provider accepts "Reactive" or "Proactive" (Posture.REACTIVE, Posture.PROACTIVE)${hint}`);
  }
  checkEventNames(scope, `${what} expect`, o.expect);
  checkEventNames(scope, `${what} after`, o.after);
  checkResourceSpec(scope, `${what} match`, o.match);
  checkResourceSpec(scope, `${what} matchRelated`, o.matchRelated);
  for (const label of o.forEach ?? []) {
    if (!Token.isUnresolved(label) && !FOR_EACH.test(label)) {
      fail(scope, `invalid ${what} forEach label ${show(label)}: write a resource label such as "prefect.resource.id", or "related:<role>:<label>" such as "related:deployment:prefect.resource.id"`);
    }
  }
  validateInteger(scope, `${what} threshold`, o.threshold, 1);
  const proactive = posture === Posture.PROACTIVE;
  if (proactive && o.within === undefined) {
    fail(scope, `${what} is proactive but has no within: a proactive trigger counts events in a window of at least 10 seconds; set within, e.g. Duration.minutes(5)`);
  }
  const within = windowSeconds(scope, `${what} within`, o.within, proactive ? 10 : 0);
  warnAboutEvents(scope, o, what);
  return {
    posture,
    match: specJson(o.match),
    matchRelated: specJson(o.matchRelated),
    expect: o.expect,
    after: o.after,
    forEach: o.forEach,
    threshold: o.threshold ?? 1,
    within: within ?? 0,
  };
}

function warnAboutEvents(scope: IConstruct, o: EventTriggerOptions, what: string): void {
  if (o.expect === undefined || (!Token.isUnresolved(o.expect) && o.expect.length === 0)) {
    EMPTY_EXPECT.record(scope, { what, narrowed: !(isEmptySpec(o.match) && isEmptySpec(o.matchRelated)) });
  }
  const related = o.matchRelated;
  if (related !== undefined && !Token.isUnresolved(related) && !isEmptySpec(related) && !('prefect.resource.role' in related)) {
    RELATED_WITHOUT_ROLE.record(scope, { what, matchRelated: related });
  }
}

function renderMetric(scope: IConstruct, o: MetricTriggerOptions, what: string): AutomationTriggerMetric {
  warnCloudOnly(scope, `the ${what} (Trigger.metric)`);
  const names: string[] = Object.values(MetricName);
  if (!Token.isUnresolved(o.metric) && !names.includes(o.metric)) {
    fail(scope, `invalid ${what} metric ${show(o.metric)}: it must be one of ${names.map((n) => show(n)).join(', ')} (MetricName)`);
  }
  const operators: string[] = Object.values(MetricOperator);
  if (!Token.isUnresolved(o.operator) && !operators.includes(o.operator)) {
    fail(scope, `invalid ${what} operator ${show(o.operator)}: it must be one of ${operators.map((n) => show(n)).join(', ')} (MetricOperator)`);
  }
  if (!Token.isUnresolved(o.threshold) && !Number.isFinite(o.threshold)) {
    fail(scope, `invalid ${what} threshold ${show(String(o.threshold))}: it must be a finite number`);
  }
  if (o.metric === MetricName.SUCCESSES && !Token.isUnresolved(o.threshold) && (o.threshold < 0 || o.threshold > 1)) {
    fail(scope, `invalid ${what} threshold ${o.threshold} for the successes metric: it is a share of flow runs, from 0 to 1 (e.g. 0.9)`);
  }
  checkResourceSpec(scope, `${what} match`, o.match);
  checkResourceSpec(scope, `${what} matchRelated`, o.matchRelated);
  return {
    match: specJson(o.match),
    matchRelated: specJson(o.matchRelated),
    metric: {
      name: o.metric,
      operator: o.operator,
      threshold: o.threshold,
      range: windowSeconds(scope, `${what} range`, o.range, 300)!,
      firingFor: windowSeconds(scope, `${what} firingFor`, o.firingFor, 300)!,
    },
  };
}

function checkChildren(scope: IConstruct, kind: string, triggers: Trigger[] | undefined): Trigger[] {
  if (!triggers || triggers.length === 0) {
    fail(scope, `a ${kind} trigger needs at least one trigger, got ${show(triggers ?? [])}; pass event triggers, e.g. [Trigger.event({ expect: ["acme.start"] })]`);
  }
  return triggers;
}

function renderCompound(scope: IConstruct, o: CompoundTriggerOptions) {
  const triggers = checkChildren(scope, 'compound', o.triggers);
  if (!o.require) fail(scope, 'a compound trigger needs require: CompoundRequire.ANY, CompoundRequire.ALL or CompoundRequire.atLeast(n)');
  const count = o.require.count;
  if (count !== undefined && !Token.isUnresolved(count) && (!Number.isInteger(count) || count < 1 || count > triggers.length)) {
    fail(scope, `invalid compound require ${show(count)}: with ${triggers.length} trigger(s) it must be a whole number from 1 to ${triggers.length} (or CompoundRequire.ANY / ALL)`);
  }
  return {
    require: o.require._render(),
    triggers: triggers.map((t, i) => t._bindCompoundChild(scope, i)),
    within: windowSeconds(scope, 'compound trigger within', o.within, 0),
  };
}

function renderSequence(scope: IConstruct, o: SequenceTriggerOptions & { triggers: Trigger[] }) {
  const triggers = checkChildren(scope, 'sequence', o.triggers);
  return {
    triggers: triggers.map((t, i) => t._bindSequenceChild(scope, i)),
    within: windowSeconds(scope, 'sequence trigger within', o.within, 0),
  };
}
