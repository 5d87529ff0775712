import { Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DataPrefectWorkPool } from '../.gen/providers/prefect/data-prefect-work-pool';
import { WorkPool as WorkPoolResource } from '../.gen/providers/prefect/work-pool';
import { Action } from '../automations/action';
import { Automation, AutomationOptions, OnFlowRunStateProps } from '../automations/automation';
import { Posture } from '../automations/posture';
import { Trigger } from '../automations/trigger';
import { Duration, fail, refuseCredentials, replaceWhenChanged, show, validateInteger, validateName } from '../core';
import { BaseJobTemplate } from './base-job-template';
import { IWorkPool, IWorkQueue } from './work-pool-ref';
import { WorkPoolType } from './work-pool-type';
import { WorkQueue } from './work-queue';
import { WorkQueueOptions } from './work-queue-options';
import { WorkQueueReference } from './work-queue-reference';
import { usePolicy } from '../policy/hook';
import { TEMPLATE_TYPE_MISMATCH } from '../policy/markers';

/** The names the Prefect UI accepts for new pools. */

/**
 * Properties of a `WorkPool`.
 */
export interface WorkPoolProps {
  /**
   * The pool's name, which workers use (`prefect worker start --pool <name>`). Changing it replaces
   * the pool. Names starting with `prefect` are reserved by Prefect.
   */
  readonly workPoolName: string;

  /**
   * The kind of infrastructure the pool runs flows on. Changing it replaces the pool.
   * @default - the type of `baseJobTemplate` when it has one, otherwise `WorkPoolType.PROCESS`
   */
  readonly workPoolType?: WorkPoolType;

  /**
   * What the pool is for.
   * @default - no description
   */
  readonly description?: string;

  /**
   * Whether the pool starts paused (no flow runs are handed to workers).
   * @default false
   */
  readonly paused?: boolean;

  /**
   * The most flow runs of the pool that may run at once (0 stops all of them).
   * @default - no limit
   */
  readonly concurrencyLimit?: number;

  /**
   * The job template workers fill in for each flow run, with your variable defaults.
   * @default - the server's default template for the type; Terraform then does not track it
   */
  readonly baseJobTemplate?: BaseJobTemplate;
}

/** Properties of `workPool.onWorkerOffline(id, props)`. */
export interface OnWorkerOfflineProps extends AutomationOptions {
  /** What to do, e.g. `Action.sendNotification(slack, { body: "..." })`. */
  readonly action: Action;

  /**
   * How long the pool may stay not ready before the action (at least 10 seconds): the automation
   * then acts only when the pool is not ready again within that time.
   * @default - act as soon as the pool is not ready
   */
  readonly gracePeriod?: Duration;
}

/**
 * What created (`WorkPool`) and imported (`WorkPool.fromWorkPoolName`) work pools share: their
 * attributes, queues and the helpers that add automations to them.
 */
export abstract class WorkPoolBase extends Construct implements IWorkPool {
  /** The pool's name. @attribute */
  public abstract readonly workPoolName: string;

  /** The pool's ID (a UUID). @attribute */
  public abstract readonly workPoolId: string;

  /** The ID of the `default` queue Prefect created with the pool. @attribute */
  public abstract readonly defaultQueueId: string;

  /**
   * The pool's name when it is known at synth (its `workPoolName` attribute is a token).
   * @internal
   */
  public abstract readonly _literalName?: string;

  private defaultQueueRef?: IWorkQueue;

  /**
   * Adds a queue to the pool.
   *
   * @param id the construct ID of the queue
   * @param options the queue's settings
   */
  public addQueue(id: string, options: WorkQueueOptions): WorkQueue {
    return new WorkQueue(this, id, { ...options, workPool: this });
  }

  /**
   * The `default` queue Prefect creates with the pool, to point deployments at. Terraform does not
   * manage it (its settings stay as Prefect made them).
   */
  public defaultQueue(): IWorkQueue {
    if (!this.defaultQueueRef) {
      this.defaultQueueRef = new WorkQueueReference(this, 'DefaultQueue', this.workPoolName, 'default', this.defaultQueueId, this);
    }
    return this.defaultQueueRef;
  }

  /**
   * Adds an automation that acts when the pool's workers go offline: Prefect marks a pool
   * "Not Ready" when its last worker stops polling (event `prefect.work-pool.not-ready`).
   * @param id the construct ID of the automation (keep it stable: it names the Terraform resource)
   * @param props the action, an optional grace period, and the automation's name and more
   */
  public onWorkerOffline(id: string, props: OnWorkerOfflineProps): Automation {
    if (!props.action) fail(this, `onWorkerOffline ${show(id)} needs an action, e.g. action: Action.sendNotification(slack, { body: "no workers" })`);
    const pool = { 'prefect.resource.id': `prefect.work-pool.${this.workPoolId}` };
    const trigger = props.gracePeriod === undefined
      ? Trigger.event({ expect: ['prefect.work-pool.not-ready'], match: pool })
      : Trigger.event({
        posture: Posture.PROACTIVE,
        after: ['prefect.work-pool.not-ready'],
        expect: ['prefect.work-pool.ready'],
        forEach: ['prefect.resource.id'],
        match: pool,
        within: props.gracePeriod,
      });
    return new Automation(this, id, {
      automationName: props.automationName ?? `${this.workPoolName}: workers offline`,
      description: props.description,
      enabled: props.enabled,
      trigger,
      actions: [props.action],
    });
  }

  /**
   * Adds an automation that acts when any flow run of this pool enters one of `states` (Prefect's
   * flow-run events name the run's work pool as a related resource with the role `work-pool`), e.g.
   * `pool.onFlowRunState('NotifyOnCrash', { states: [FlowRunState.CRASHED], action: Action.sendNotification(slack, { body: "..." }) })`.
   * @param id the construct ID of the automation (keep it stable: it names the Terraform resource)
   * @param props the states, the action, and the automation's name and more
   */
  public onFlowRunState(id: string, props: OnFlowRunStateProps): Automation {
    return Automation._onFlowRunState(this, id, props,
      { role: 'work-pool', resourceId: `prefect.work-pool.${this.workPoolId}` },
      (states) => `${this.workPoolName}: flow run ${states}`);
  }
}

/**
 * A Prefect work pool (`prefect_work_pool`): where deployments send flow runs, and the
 * infrastructure settings (base job template) workers use to run them.
 *
 * Prefect creates a `default` queue with every pool (`defaultQueue()`); add more with `addQueue()`.
 */
export class WorkPool extends WorkPoolBase {
  /**
   * References a work pool that exists outside this stack, through the `prefect_work_pool` data
   * source (child `Resource`).
   *
   * @param scope the parent construct
   * @param id the construct ID
   * @param workPoolName the pool's name
   */
  public static fromWorkPoolName(scope: Construct, id: string, workPoolName: string): WorkPoolBase {
    return new ImportedWorkPool(scope, id, workPoolName);
  }

  /** The `prefect_work_pool` resource (escape hatch). */
  public readonly resource: WorkPoolResource;

  /** The pool's name. @attribute */
  public readonly workPoolName: string;

  /** The pool's ID (a UUID). @attribute */
  public readonly workPoolId: string;

  /** The ID of the `default` queue Prefect created with the pool. @attribute */
  public readonly defaultQueueId: string;

  /** The pool's type. */
  public readonly workPoolType: WorkPoolType;

  /** @internal */
  public readonly _literalName?: string;

  private readonly template?: BaseJobTemplate;

  constructor(scope: Construct, id: string, props: WorkPoolProps) {
    super(scope, id);
    const name = props.workPoolName;
    validateName(this, 'work pool', name);
    this._literalName = Token.isUnresolved(name) ? undefined : name;
    if (!Token.isUnresolved(name)) {
      if (name.trim().toLowerCase().startsWith('prefect')) {
        fail(this, `invalid work pool name ${show(name)}: Prefect reserves names starting with "prefect" for internal use; choose another name, e.g. ${show(`${name.trim().replace(/^prefect[-_ ]*/i, '') || 'main'}-pool`)}`);
      }
    }
    validateInteger(this, 'work pool concurrency limit', props.concurrencyLimit, 0);

    const template = props.baseJobTemplate;
    this.workPoolType = props.workPoolType ?? template?.workPoolType ?? WorkPoolType.PROCESS;
    if (template?.workPoolType && template.workPoolType.name !== this.workPoolType.name) {
      TEMPLATE_TYPE_MISMATCH.record(this, { templateType: template.workPoolType.name, poolType: this.workPoolType.name });
    }

    usePolicy(this);
    this.resource = new WorkPoolResource(this, 'Resource', {
      name,
      type: this.workPoolType.name,
      description: props.description,
      paused: props.paused,
      concurrencyLimit: props.concurrencyLimit,
      baseJobTemplate: template?._renderAttribute(this),
    });
    refuseCredentials(this, this.resource, { props: { name: 'workPoolName' } });
    // The provider tracks the template only while it is set: removing it would leave the old
    // one on the server, so the pool is replaced (and gets the server's default) instead.
    replaceWhenChanged(this, 'ReplaceOnClear', this.resource, template === undefined ? 'template:none' : 'template:set');
    this.workPoolName = this.resource.name;
    this.workPoolId = this.resource.id;
    this.defaultQueueId = this.resource.defaultQueueId;
    this.template = template;
  }

  /**
   * The names of the job variables of the pool's template, when known at synth: the given
   * template's, or the default template of a type this library writes (deployments check their
   * `image` against it).
   * @internal
   */
  public get _jobVariableNames(): string[] | undefined {
    return this.knownTemplate()?.variableNames;
  }

  /**
   * Checks job variables (a deployment's, a run's) against the pool's template when it is known
   * at synth: unknown names are refused, with the close matches, and literal values must fit.
   * @internal
   */
  public _checkJobVariables(scope: IConstruct, what: string, values: { [key: string]: any } | undefined): void {
    this.knownTemplate()?._checkJobVariables(scope, what, this.label(), values);
  }

  /**
   * The given template when its variables are known at synth (not a token, such as the
   * `prefect_worker_metadata` data source's), else the server's default for a type this library
   * writes.
   */
  private knownTemplate(): BaseJobTemplate | undefined {
    if (this.template) return this.template._variablesKnown ? this.template : undefined;
    return DEFAULT_TEMPLATES[this.workPoolType.name]?.();
  }

  private label(): string {
    return this._literalName === undefined ? this.node.path : `${show(this._literalName)} (${this.node.path})`;
  }
}

/** The typed templates of the pool types whose default template the server holds. */
const DEFAULT_TEMPLATES: { [type: string]: () => BaseJobTemplate } = {
  'process': () => BaseJobTemplate.process(),
  'docker': () => BaseJobTemplate.docker(),
  'kubernetes': () => BaseJobTemplate.kubernetes(),
  'ecs': () => BaseJobTemplate.ecs(),
  'azure-container-instance': () => BaseJobTemplate.azureContainerInstance(),
  'cloud-run-v2': () => BaseJobTemplate.cloudRunV2(),
};

/** A work pool this stack does not create, read through the `prefect_work_pool` data source. */
class ImportedWorkPool extends WorkPoolBase {
  public readonly workPoolName: string;
  public readonly workPoolId: string;
  public readonly defaultQueueId: string;
  public readonly _literalName?: string;

  constructor(scope: Construct, id: string, workPoolName: string) {
    super(scope, id);
    validateName(this, 'work pool', workPoolName);
    this._literalName = Token.isUnresolved(workPoolName) ? undefined : workPoolName;
    const data = new DataPrefectWorkPool(this, 'Resource', { name: workPoolName });
    this.workPoolName = workPoolName;
    this.workPoolId = data.id;
    this.defaultQueueId = data.defaultQueueId;
  }
}
