import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { fail, show } from '../core';
import { checkDeploymentOptionSlots, Deployment, DeploymentOptions } from '../deployments/deployment';
import { DeploymentSchedule } from '../deployments/deployment-schedule';
import { Flow } from '../deployments/flow';
import { checkFlowSlot, IFlow } from '../deployments/flow-ref';
import { Schedule } from '../deployments/schedule';
import { EXPECTS_SCHEDULES } from '../policy/markers';

/** Properties of a `ScheduledDeployment`. */
export interface ScheduledDeploymentProps extends DeploymentOptions {
  /**
   * An existing flow to deploy. Give this or `flowName`.
   * @default - a new flow named `flowName`
   */
  readonly flow?: IFlow;

  /**
   * The name of the flow to create (as in `@flow(name=...)`). Give this or `flow`.
   * @default - none; `flow` is used
   */
  readonly flowName?: string;

  /**
   * Tags of the created flow (ignored with `flow`).
   * @default - no tags
   */
  readonly flowTags?: string[];

  /**
   * When the deployment runs. Each becomes a `prefect_deployment_schedule` whose construct ID
   * comes from its slug (`Schedule-<slug>`), so that reordering the list replaces nothing. One
   * schedule may go without a slug (ID `Schedule1`); with several, each needs a slug
   * (`Schedule.cron("0 2 * * *", { slug: "nightly" })`), or add them with
   * `deployment.addSchedule(id, schedule)`.
   * @default - no schedules (a warning)
   */
  readonly schedules?: Schedule[];
}

/**
 * A flow, a deployment of it, and the deployment's schedules, in one construct.
 *
 * Every inner construct is exposed for customization: `flow`, `deployment` (and its
 * `resource`), `schedules`.
 */
export class ScheduledDeployment extends Construct {
  /** The deployed flow: created here (`Flow`) or the given one. */
  public readonly flow: IFlow;

  /** The deployment. */
  public readonly deployment: Deployment;

  /** The deployment's schedules, in the order given. */
  public readonly schedules: DeploymentSchedule[];

  constructor(scope: Construct, id: string, props: ScheduledDeploymentProps) {
    super(scope, id);
    checkFlowSlot(this, 'flow', props.flow, 'or give flowName to create one');
    checkDeploymentOptionSlots(this, props);
    if (props.flow && props.flowName !== undefined) {
      fail(this, `both flow and flowName ${show(props.flowName)} are given; pass flow to reuse a flow, or flowName to create one`);
    }
    if (!props.flow && props.flowName === undefined) {
      fail(this, 'a flow is required: pass flowName to create one, or flow to reuse one');
    }
    const { flow, flowName, flowTags, schedules, ...options } = props;
    this.flow = flow ?? new Flow(this, 'Flow', { flowName: flowName!, tags: flowTags });
    this.deployment = new Deployment(this, 'Deployment', { ...options, flow: this.flow });
    // PF-COR-014 looks at synth for the deployment's schedules, those added later included
    EXPECTS_SCHEDULES.record(this, { deployment: this.deployment });
    const all = schedules ?? [];
    this.schedules = all.map((schedule, i) => this.deployment.addSchedule(this.scheduleId(schedule, i, all.length), schedule));
  }

  /**
   * The construct ID of a schedule: from its slug, never from its position (which changes when
   * the list is reordered, and would replace the schedules).
   */
  private scheduleId(schedule: Schedule, index: number, count: number): string {
    const slug = schedule?.options.slug;
    if (slug !== undefined && !Token.isUnresolved(slug) && slug.length > 0) return `Schedule-${slug}`;
    if (count === 1) return 'Schedule1';
    const has = slug === undefined ? 'no slug' : `the slug ${show(slug)}, which cannot name a construct`;
    fail(this, `schedule ${index + 1} of ${count} has ${has}: with several schedules, each needs a slug, which also names its construct (Schedule-<slug>) so that reordering replaces nothing; give one, e.g. Schedule.cron("0 2 * * *", { slug: "nightly" }), or add the schedules with deployment.addSchedule(id, schedule)`);
  }
}
