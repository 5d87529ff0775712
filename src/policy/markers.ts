// Facts a construct records at construction for a rule to read at synth, where the synthesized
// tree alone cannot tell (the props behind a resource, a template's intended pool type, ...).
// Typed, one marker per kind of fact, and kept outside the tree, so nothing reaches the JSON.
// For the constructs of this library; not part of the public API.
import { IConstruct } from 'constructs';

/** One kind of fact, of type `T`, recorded per construct. */
export class Marker<T> {
  private readonly facts = new WeakMap<IConstruct, T[]>();

  /** Records `fact` about `scope` (whose construct calls usePolicy, so that the rules run for its stack). */
  public record(scope: IConstruct, fact: T): void {
    const list = this.facts.get(scope) ?? [];
    list.push(fact);
    this.facts.set(scope, list);
  }

  /** The facts recorded about exactly this construct. */
  public of(construct: IConstruct): readonly T[] {
    return this.facts.get(construct) ?? [];
  }
}

/** Deployment: `workQueueName` was given as a literal name rather than a declared queue (PF-COR-002). */
export const NAMED_WORK_QUEUE = new Marker<{ readonly queueName: string }>();

/** WorkPool: its base job template was written for another pool type (PF-COR-007). */
export const TEMPLATE_TYPE_MISMATCH = new Marker<{ readonly templateType: string; readonly poolType: string }>();

/** WorkQueue: another queue of the same pool has the same priority (PF-COR-008). */
export const QUEUE_PRIORITY_CLASH = new Marker<{ readonly queueName: string; readonly otherQueueName: string; readonly priority: number }>();

/** DeploymentSchedule: a cron expression restricts both day fields and dayOr is not given (PF-COR-009). */
export const CRON_BOTH_DAYS = new Marker<{ readonly expression: string }>();

/** An automation (or other scope): a Prefect event name that Prefect does not emit as written (PF-COR-011). */
export const EVENT_NAME_DOUBT = new Marker<{ readonly what: string; readonly eventName: string; readonly problem: string }>();

/** An automation: an event trigger whose expect is empty (PF-COR-012). */
export const EMPTY_EXPECT = new Marker<{ readonly what: string; readonly narrowed: boolean }>();

/** An automation: a matchRelated with no "prefect.resource.role" (PF-COR-013). */
export const RELATED_WITHOUT_ROLE = new Marker<{ readonly what: string; readonly matchRelated: { [key: string]: any } }>();

/** ScheduledDeployment: the deployment whose schedules it is meant to hold (PF-COR-014). */
export const EXPECTS_SCHEDULES = new Marker<{ readonly deployment: IConstruct }>();

/** DeploymentImage: a token build argument that the default tag cannot include (PF-COR-015). */
export const TOKEN_BUILD_ARG = new Marker<{ readonly argNames: string[] }>();

/** Block: a field of the type's secret fields given (by reference) in data (PF-SEC-004). */
export const SECRET_FIELD_IN_DATA = new Marker<{ readonly field: string }>();

/** Block: a secret-looking field given as a literal in data (PF-SEC-005). */
export const SECRET_LOOKING_LITERAL = new Marker<{ readonly field: string }>();

/** Block: a secretData field fed from a Terraform variable that is not sensitive (PF-SEC-006). */
export const NON_SENSITIVE_SECRET_SOURCE = new Marker<{ readonly field: string; readonly variablePath: string }>();
