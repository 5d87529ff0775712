import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { DeploymentSchedule as DeploymentScheduleResource } from '../.gen/providers/prefect/deployment-schedule';
import { checkObject, claimUnique, fail, jsonOrUndefined, refuseCredentials, replaceWhenChanged, show, validateInteger } from '../core';
import { environmentOf } from '../environments/environment-ref';
import { checkDeploymentSlot, IDeployment, IDeploymentSchedule } from './deployment-ref';
import { Schedule, ScheduleOptions } from './schedule';
import { usePolicy } from '../policy/hook';

/** Properties of a `DeploymentSchedule`; the options override those of the `Schedule`. */
export interface DeploymentScheduleProps extends ScheduleOptions {
  /** The deployment the schedule creates runs of. */
  readonly deployment: IDeployment;

  /** When: `Schedule.cron(...)`, `Schedule.interval(...)` or `Schedule.rrule(...)`. */
  readonly schedule: Schedule;
}

/**
 * The last schedule created for each deployment. Schedules of one deployment are created one
 * after the other: a self-hosted server on SQLite answers two concurrent schedule writes to the
 * same deployment with a 503 ("database is locked"), which the provider retries after up to 30 s.
 */
const lastSchedule = new WeakMap<IDeployment, DeploymentSchedule>();

/** The server's default cap on `max_scheduled_runs`. */
const MAX_SCHEDULED_RUNS = 50;

/**
 * One schedule of a deployment (`prefect_deployment_schedule`). Usually created with
 * `deployment.addSchedule(id, schedule)`.
 *
 * The provider cannot import schedules, and Prefect replaces all of a deployment's schedules
 * when the deployment is re-created, so keep schedules in one place: here.
 */
export class DeploymentSchedule extends Construct implements IDeploymentSchedule {
  /** The underlying `prefect_deployment_schedule` resource (escape hatch). */
  public readonly resource: DeploymentScheduleResource;

  /**
   * The schedule's ID (a UUID).
   * @attribute
   */
  public get scheduleId(): string {
    // created on first use: every attribute reference is a token that captures a stack trace
    return (this.idRef ??= this.resource.id);
  }

  /** The schedule. */
  public readonly schedule: Schedule;

  /** The deployment the schedule belongs to. */
  public readonly deployment: IDeployment;

  private idRef?: string;

  constructor(scope: Construct, id: string, props: DeploymentScheduleProps) {
    super(scope, id);
    if (!props.schedule) {
      fail(this, `a schedule is required, got ${show(props.schedule)}: pass Schedule.cron(...), Schedule.interval(...) or Schedule.rrule(...)`);
    }
    if (!props.deployment) fail(this, 'a deployment is required: pass deployment, or use deployment.addSchedule(...)');
    checkDeploymentSlot(this, 'deployment', props.deployment);
    const options = { ...props.schedule.options, ...definedOptions(props) };
    const rendered = props.schedule._render(this);
    validateInteger(this, 'max scheduled runs', options.maxScheduledRuns, 1, MAX_SCHEDULED_RUNS);
    checkObject(this, 'schedule parameters', options.parameters);
    this.checkSlug(props.deployment, options.slug);
    const deployment = props.deployment as { _checkScheduleParameters?: (scope: Construct, p: unknown) => void };
    deployment._checkScheduleParameters?.(this, options.parameters);

    const previous = lastSchedule.get(props.deployment);
    usePolicy(this);
    this.resource = new DeploymentScheduleResource(this, 'Resource', {
      dependsOn: previous ? [previous.resource] : undefined,
      deploymentId: props.deployment.deploymentId,
      // always sent: provider 3.4.1 sends false for an unset `active`, so a schedule
      // left at the default would be created paused (seen against Prefect 3.8.8); unset,
      // it follows the environment's schedulesActive (PrefectEnvironment)
      active: options.active ?? environmentOf(this)?.schedulesActive ?? true,
      maxScheduledRuns: options.maxScheduledRuns,
      parameters: jsonOrUndefined(options.parameters),
      slug: options.slug,
      ...rendered,
    });
    refuseCredentials(this, this.resource);
    // Removing max_scheduled_runs or the parameters leaves the old value on the server without a
    // diff (the provider takes the server's value for an absent one; measured on Prefect 3.8.8):
    // a schedule that loses one of them is replaced.
    const hasParameters = options.parameters !== undefined && (Token.isUnresolved(options.parameters) || Object.keys(options.parameters).length > 0);
    replaceWhenChanged(this, 'ReplaceOnClear', this.resource, 'set:' + [
      ...(options.maxScheduledRuns !== undefined ? ['max_scheduled_runs'] : []),
      ...(hasParameters ? ['parameters'] : []),
    ].join(','));
    lastSchedule.set(props.deployment, this);
    this.schedule = props.schedule;
    this.deployment = props.deployment;
  }

  private checkSlug(deployment: IDeployment, slug: string | undefined): void {
    if (slug === undefined || Token.isUnresolved(slug)) return;
    if (slug.length === 0 || /\s/.test(slug)) {
      fail(this, `invalid schedule slug ${show(slug)}: it must be non-empty and without whitespace, e.g. "nightly"`);
    }
    claimUnique(this, `slug:${deployment.node.path}/${slug}`, (first) =>
      `schedule slug ${show(slug)} is already used by ${first} in the same deployment; Prefect requires slugs to be unique per deployment`);
  }
}

/** The options given on the props, without the undefined ones (which must not override). */
function definedOptions(props: ScheduleOptions): ScheduleOptions {
  return {
    ...(props.active !== undefined && { active: props.active }),
    ...(props.maxScheduledRuns !== undefined && { maxScheduledRuns: props.maxScheduledRuns }),
    ...(props.parameters !== undefined && { parameters: props.parameters }),
    ...(props.slug !== undefined && { slug: props.slug }),
  };
}
