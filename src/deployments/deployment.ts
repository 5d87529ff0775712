import { Lazy, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Automation, OnFlowRunStateProps } from '../automations/automation';
import { checkGlobalConcurrencyLimitSlot, IGlobalConcurrencyLimit } from '../concurrency/global-concurrency-limit-ref';
import { checkObject, checkUuid, claimUnique, fail, isLiteral, jsonOrUndefined, refuseCredentials, replaceWhenChanged, show, validateInteger, validateName } from '../core';
import { CollisionStrategy } from './collision-strategy';
import { IDeploymentImage } from './deployment-image-ref';
import { IDeployment } from './deployment-ref';
import { DeploymentRun, DeploymentRunOptions } from './deployment-run';
import { DeploymentSchedule } from './deployment-schedule';
import { checkFlowSlot, IFlow } from './flow-ref';
import { parameterErrors, schemaError } from './private/parameters';
import { PullStep } from './pull-step';
import { Schedule, ScheduleOptions } from './schedule';
import { DataPrefectDeployment } from '../.gen/providers/prefect/data-prefect-deployment';
import { Deployment as DeploymentResource, DeploymentPullSteps } from '../.gen/providers/prefect/deployment';
import { checkWorkPoolSlot, checkWorkQueueSlot, IWorkPool, IWorkQueue } from '../work-pools/work-pool-ref';
import { usePolicy } from '../policy/hook';
import { NAMED_WORK_QUEUE } from '../policy/markers';

/** The attributes of an existing deployment. */
export interface DeploymentAttributes {
  /** The deployment's ID (a UUID). */
  readonly deploymentId: string;

  /** The deployment's name. */
  readonly deploymentName: string;

  /** The name of the deployment's flow. */
  readonly flowName: string;
}

/** Everything about a deployment but its flow (see `Flow.addDeployment`). */
export interface DeploymentOptions {
  /** The deployment's name, unique within its flow. */
  readonly deploymentName: string;

  /**
   * Where the flow function is, relative to the code's root: `path/to/file.py:function_name`
   * (or a module path such as `package.module.function_name`).
   * @default - none; workers then cannot load the flow
   */
  readonly entrypoint?: string;

  /**
   * The working directory for runs (where the code is, after the pull steps).
   * @default - the worker's working directory
   */
  readonly path?: string;

  /**
   * A description of the deployment.
   * @default - none
   */
  readonly description?: string;

  /**
   * A version label, e.g. a Git SHA.
   * @default - none
   */
  readonly version?: string;

  /**
   * Tags of the deployment.
   * @default - no tags
   */
  readonly tags?: string[];

  /**
   * Create the deployment paused (its schedules create no runs).
   * @default false
   */
  readonly paused?: boolean;

  /**
   * Default parameters of the flow runs (a JSON object). May hold tokens; then it is sent
   * through Terraform's `jsonencode`.
   * @default - none
   */
  readonly parameters?: { [key: string]: any };

  /**
   * The OpenAPI (JSON Schema draft 2020-12) schema of the flow's parameters, as
   * `prefect deploy` generates it. Literal `parameters` are checked against it at synth.
   * @default - none
   */
  readonly parameterOpenApiSchema?: { [key: string]: any };

  /**
   * Whether Prefect checks run parameters against `parameterOpenApiSchema`.
   * @default true (the provider's default)
   */
  readonly enforceParameterSchema?: boolean;

  /**
   * Overrides of the work pool's job variables, e.g. `{ image: "acme/flows:1.2" }`.
   * @default - none
   */
  readonly jobVariables?: { [key: string]: any };

  /**
   * The container image of the runs (a `DeploymentImage`): sets the `image` job variable, checked
   * against the pool's template when it is known, and the deployment is updated after the push.
   * @default - the pool's default image, or `jobVariables.image`
   */
  readonly image?: IDeploymentImage;

  /**
   * The work pool whose workers run the deployment. Give this or `workPoolName`.
   * @default - the pool of `workQueue`, if given; otherwise none
   */
  readonly workPool?: IWorkPool;

  /**
   * The name of the work pool, when it is not declared in this app.
   * @default - none
   */
  readonly workPoolName?: string;

  /**
   * The queue of the work pool. Give this or `workQueueName`.
   * @default - the pool's default queue
   */
  readonly workQueue?: IWorkQueue;

  /**
   * The name of the queue, when it is not declared in this app. Prefect silently creates a
   * missing queue (without limits).
   * @default - the pool's default queue
   */
  readonly workQueueName?: string;

  /**
   * The most runs of this deployment at once (at least 1). Exclusive with
   * `globalConcurrencyLimit`.
   * @default - no limit
   */
  readonly concurrencyLimit?: number;

  /**
   * A global concurrency limit the runs take slots from. Exclusive with `concurrencyLimit`.
   * @default - no limit
   */
  readonly globalConcurrencyLimit?: IGlobalConcurrencyLimit;

  /**
   * What happens to a run when the concurrency limit is reached.
   * @default - Prefect's default, CollisionStrategy.ENQUEUE
   */
  readonly collisionStrategy?: CollisionStrategy;

  /**
   * The ID of a storage block document holding the code (legacy Prefect 2 style).
   * @default - none
   */
  readonly storageDocumentId?: string;

  /**
   * Steps that fetch and prepare the code before each run; more can be added with `addPullStep`.
   * @default - none
   */
  readonly pullSteps?: PullStep[];
}

/** Properties of a `Deployment`. */
export interface DeploymentProps extends DeploymentOptions {
  /** The flow the deployment runs. */
  readonly flow: IFlow;
}

/**
 * What created (`Deployment`) and imported (`Deployment.fromDeploymentName`,
 * `Deployment.fromDeploymentAttributes`) deployments share: their attributes and the helpers
 * that add schedules and automations to them.
 */
export abstract class DeploymentBase extends Construct implements IDeployment {
  /**
   * The deployment's ID (a UUID).
   * @attribute
   */
  public abstract readonly deploymentId: string;

  /**
   * The deployment's name.
   * @attribute
   */
  public abstract readonly deploymentName: string;

  /**
   * The name of the deployment's flow.
   * @attribute
   */
  public abstract readonly flowName: string;

  /**
   * Adds a schedule (a `prefect_deployment_schedule`); a deployment can have several.
   * `options` override the options given to the `Schedule`.
   * @param id the construct ID of the schedule
   * @param schedule when, e.g. `Schedule.cron("0 2 * * *")`
   * @param options the schedule's settings (override those of `schedule`)
   */
  public addSchedule(id: string, schedule: Schedule, options: ScheduleOptions = {}): DeploymentSchedule {
    return new DeploymentSchedule(this, id, { ...options, schedule, deployment: this });
  }

  /**
   * Adds an automation that acts when a flow run of this deployment enters one of `states`, e.g.
   * `deployment.onFlowRunState('PauseOnFailure', { states: [FlowRunState.FAILED], action: Action.pauseDeployment(deployment) })`.
   * @param id the construct ID of the automation (keep it stable: it names the Terraform resource)
   * @param props the states, the action, and the automation's name and more
   */
  public onFlowRunState(id: string, props: OnFlowRunStateProps): Automation {
    return Automation._onFlowRunState(this, id, props,
      { role: 'deployment', resourceId: `prefect.deployment.${this.deploymentId}` },
      (states) => `${this.flowName}/${this.deploymentName}: flow run ${states}`);
  }

  /**
   * Creates a flow run of this deployment at apply time whenever the deployment changes (a
   * `DeploymentRun`), e.g. `deployment.runOnDeploy('Smoke', { parameters: { limit: 1 }, wait: true })`.
   * @param id the construct ID of the run (keep it stable: it names the Terraform resource)
   * @param options the run's parameters, start, name, tags, queue, idempotency key, and whether to wait
   */
  public runOnDeploy(id: string, options: DeploymentRunOptions = {}): DeploymentRun {
    return new DeploymentRun(this, id, { ...options, deployment: this });
  }
}

/**
 * A Prefect deployment (`prefect_deployment`): a flow, where its code is, which work pool runs
 * it, with which parameters; `addSchedule` adds when.
 */
export class Deployment extends DeploymentBase {
  /**
   * An existing deployment, looked up by flow name and deployment name (the
   * `prefect_deployment` data source, child `Resource`).
   * @param scope the parent construct
   * @param id the construct ID
   * @param flowName the name of the deployment's flow
   * @param deploymentName the deployment's name
   */
  public static fromDeploymentName(scope: Construct, id: string, flowName: string, deploymentName: string): DeploymentBase {
    return new ImportedDeployment(scope, id, { flowName, deploymentName });
  }

  /**
   * An existing deployment, by its attributes (no lookup).
   * @param scope the parent construct
   * @param id the construct ID
   * @param attrs the deployment's ID, name and flow name
   */
  public static fromDeploymentAttributes(scope: Construct, id: string, attrs: DeploymentAttributes): DeploymentBase {
    return new ImportedDeployment(scope, id, attrs);
  }

  /** The underlying `prefect_deployment` resource (escape hatch). */
  public readonly resource: DeploymentResource;

  /**
   * The deployment's ID.
   * @attribute
   */
  public readonly deploymentId: string;

  /**
   * The deployment's name.
   * @attribute
   */
  public get deploymentName(): string {
    // created on first use: every attribute reference is a token that captures a stack trace
    return (this.nameRef ??= this.resource.name);
  }

  /**
   * The name of the deployment's flow.
   * @attribute
   */
  public get flowName(): string {
    return this.flow.flowName;
  }

  /** The flow the deployment runs. */
  public readonly flow: IFlow;

  private nameRef?: string;
  private pool?: IWorkPool;

  private readonly pullSteps: DeploymentPullSteps[] = [];
  private readonly parameters?: { [key: string]: any };
  private readonly schemaToEnforce?: { [key: string]: any };

  constructor(scope: Construct, id: string, props: DeploymentProps) {
    super(scope, id);
    if (!props.flow) fail(this, 'a flow is required: pass flow: new Flow(...) or Flow.fromFlowAttributes(...)');
    checkFlowSlot(this, 'flow', props.flow);
    checkDeploymentOptionSlots(this, props);
    validateName(this, 'deployment', props.deploymentName);
    if (!Token.isUnresolved(props.deploymentName)) {
      claimUnique(this, `deployment:${flowKey(props.flow)}/${props.deploymentName}`, (first) =>
        `deployment name ${show(props.deploymentName)} is already used for flow ${show(literalFlowName(props.flow) ?? props.flow.node.path)} by ${first}; Prefect identifies a deployment by flow and name, so give each a different deploymentName`);
    }
    this.checkEntrypoint(props.entrypoint);
    checkObject(this, 'parameters', props.parameters);
    checkObject(this, 'job variables', props.jobVariables);
    checkObject(this, 'parameter schema', props.parameterOpenApiSchema);
    const enforce = props.enforceParameterSchema !== false;
    if (enforce && props.parameterOpenApiSchema !== undefined && isLiteral(props.parameterOpenApiSchema)) {
      const error = schemaError(props.parameterOpenApiSchema);
      if (error) fail(this, `invalid parameter schema: it is not a JSON Schema (draft 2020-12): ${error}`);
      this.schemaToEnforce = props.parameterOpenApiSchema;
    }
    this.parameters = props.parameters;
    this.checkRunParameters(this, props.parameters, 'parameters');

    const { workPoolName, workQueueName } = this.resolveWorkTarget(props);
    const jobVariables = this.withImage(props);
    this.pool = props.workPool ?? (props.workQueue as { _workPool?: IWorkPool } | undefined)?._workPool;
    this._checkJobVariables(this, 'job variables', props.jobVariables);
    const concurrency = this.resolveConcurrency(props);
    checkUuid(this, 'storage document ID', props.storageDocumentId);

    usePolicy(this);
    this.resource = new DeploymentResource(this, 'Resource', {
      flowId: props.flow.flowId,
      name: props.deploymentName,
      entrypoint: props.entrypoint,
      path: props.path,
      // "" rather than nothing: the provider keeps the old value of an attribute that is removed
      // from the configuration, while "" clears it (and the server reports a missing one as "")
      description: props.description ?? '',
      version: props.version ?? '',
      tags: props.tags,
      paused: props.paused,
      parameters: jsonOrUndefined(props.parameters),
      parameterOpenapiSchema: jsonOrUndefined(props.parameterOpenApiSchema),
      enforceParameterSchema: props.enforceParameterSchema,
      jobVariables: jsonOrUndefined(jobVariables),
      workPoolName,
      workQueueName,
      storageDocumentId: props.storageDocumentId,
      ...concurrency,
      dependsOn: props.image ? [props.image] : undefined,
    });
    refuseCredentials(this, this.resource, { props: { name: 'deploymentName', parameter_openapi_schema: 'parameterOpenApiSchema' } });
    this.flow = props.flow;
    this.deploymentId = this.resource.id;
    for (const step of props.pullSteps ?? []) this.addPullStep(step);
    // The provider cannot clear these (it leaves empty values out of its update, or keeps the
    // state's value of a removed one), so the server would keep the old value and every plan
    // would show it again: the deployment is replaced when one of them starts or stops being
    // set. Changing a value that stays set is an in-place update. See docs/upgrade-safety.md.
    const set = (name: string, value: unknown) => (isSet(value) ? [name] : []);
    replaceWhenChanged(this, 'ReplaceOnClear', this.resource, Lazy.stringValue({
      produce: () => 'set:' + [
        ...set('entrypoint', props.entrypoint),
        ...set('job_variables', jobVariables),
        ...set('parameter_openapi_schema', props.parameterOpenApiSchema),
        ...set('parameters', props.parameters),
        ...set('path', props.path),
        ...set('pull_steps', this.pullSteps),
        ...set('storage_document_id', props.storageDocumentId),
        ...set('tags', props.tags),
        ...set('work_pool_name', workPoolName),
        ...set('work_queue_name', workQueueName),
      ].join(','),
    }));
  }

  /**
   * Checks job variables (the deployment's, or a run's) against its work pool's template, when
   * the pool is a `WorkPool` of this app whose template is known at synth.
   * @internal
   */
  public _checkJobVariables(scope: IConstruct, what: string, values: { [key: string]: any } | undefined): void {
    (this.pool as { _checkJobVariables?: (s: IConstruct, w: string, v: unknown) => void } | undefined)?._checkJobVariables?.(scope, what, values);
  }

  /** Appends a pull step (steps run in the order they were added). */
  public addPullStep(step: PullStep): void {
    this.pullSteps.push(step._render(this));
    this.resource.putPullSteps(this.pullSteps);
  }

  /**
   * Checks run parameters (the deployment's, merged with a schedule's) against the enforced
   * schema, when all of it is literal.
   * @internal
   */
  public _checkScheduleParameters(scope: IConstruct, parameters: { [key: string]: any } | undefined, what = 'schedule parameters (merged over the deployment\'s)'): void {
    if (parameters === undefined) return;
    this.checkRunParameters(scope, { ...this.parameters, ...parameters }, what);
  }

  private checkRunParameters(scope: IConstruct, parameters: { [key: string]: any } | undefined, what: string): void {
    if (!this.schemaToEnforce || parameters === undefined || !isLiteral(parameters)) return;
    const errors = parameterErrors(this.schemaToEnforce, parameters);
    if (errors.length > 0) {
      fail(scope, `${what} ${show(parameters)} do not match the parameter schema: ${errors.join('; ')}; fix the values, or set enforceParameterSchema: false`);
    }
  }

  private checkEntrypoint(entrypoint: string | undefined): void {
    if (entrypoint === undefined) return; // rule PF-COR-001 reports it
    if (Token.isUnresolved(entrypoint)) return;
    const colon = entrypoint.lastIndexOf(':');
    const fn = colon === -1 ? entrypoint.split('.').pop() ?? '' : entrypoint.slice(colon + 1);
    const ok = colon === -1 ? /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/.test(entrypoint) : colon > 0 && /^[A-Za-z_][\w.]*$/.test(fn);
    if (!ok) {
      fail(this, `invalid entrypoint ${show(entrypoint)}: write "path/to/file.py:function_name" or "package.module.function_name"`);
    }
  }

  /** The job variables with the image's name, after checking that the pool has an `image` variable. */
  private withImage(props: DeploymentProps): { [key: string]: any } | undefined {
    const image = props.image;
    if (!image) return props.jobVariables;
    if (props.jobVariables !== undefined && !Token.isUnresolved(props.jobVariables) && props.jobVariables.image !== undefined) {
      fail(this, `both image and jobVariables.image ${show(props.jobVariables.image)} are given; give one (image: sets the job variable)`);
    }
    const pool = props.workPool ?? (props.workQueue as { _workPool?: IWorkPool } | undefined)?._workPool;
    const names = (pool as { _jobVariableNames?: string[] } | undefined)?._jobVariableNames;
    if (pool && names !== undefined && !names.includes('image')) {
      const label = poolIdentity(pool).label;
      fail(this, `image ${image.node.path} is given, but work pool ${label} has no "image" job variable (its template's variables: ${names.length > 0 ? names.sort().join(', ') : 'none'}), so workers would never run it: use a pool of a type that runs containers (WorkPoolType.DOCKER, KUBERNETES, ECS, ...), or add the variable to the pool's template (BaseJobTemplate...withVariable("image", { type: "string" }))`);
    }
    return { ...props.jobVariables, image: image.imageName };
  }

  private resolveWorkTarget(props: DeploymentProps): { workPoolName?: string; workQueueName?: string } {
    if (props.workPool && props.workPoolName !== undefined) {
      fail(this, `both workPool and workPoolName ${show(props.workPoolName)} are given; give one`);
    }
    if (props.workQueue && props.workQueueName !== undefined) {
      fail(this, `both workQueue and workQueueName ${show(props.workQueueName)} are given; give one`);
    }
    let workPoolName = props.workPool?.workPoolName ?? props.workPoolName;
    const workQueueName = props.workQueue?.workQueueName ?? props.workQueueName;
    if (props.workQueue) {
      if (workPoolName === undefined) {
        workPoolName = props.workQueue.workPoolName;
      } else {
        this.checkQueueOwner(props.workQueue, props.workPool ? poolIdentity(props.workPool) : nameIdentity(workPoolName));
      }
    }
    if (workQueueName !== undefined && workPoolName === undefined) {
      fail(this, `work queue ${show(workQueueName)} is given without a work pool; set workPool (or workPoolName) too`);
    }
    validateName(this, 'work queue', props.workQueueName);
    if (props.workQueueName !== undefined && !Token.isUnresolved(props.workQueueName)) {
      NAMED_WORK_QUEUE.record(this, { queueName: props.workQueueName });
    }
    return { workPoolName, workQueueName };
  }

  /**
   * Fails when the queue belongs to another pool than the deployment's: Prefect would quietly
   * create an unlimited queue of that name in the deployment's pool. Pools are compared as
   * constructs when their names are tokens (a `WorkPool`'s always is), else by name.
   */
  private checkQueueOwner(queue: IWorkQueue, pool: PoolIdentity): void {
    const owner = (queue as { _workPool?: IWorkPool })._workPool;
    const queuePool = owner ? poolIdentity(owner) : nameIdentity(queue.workPoolName);
    const same = queuePool.construct !== undefined && queuePool.construct === pool.construct;
    const differ = !same && (queuePool.name !== undefined && pool.name !== undefined
      ? queuePool.name !== pool.name
      : queuePool.construct !== undefined && pool.construct !== undefined);
    if (differ) {
      const literal = (queue as { _literalName?: string })._literalName
        ?? (Token.isUnresolved(queue.workQueueName) ? undefined : queue.workQueueName);
      const queueName = literal === undefined ? queue.node.path : show(literal);
      fail(this, `work queue ${queueName} belongs to work pool ${queuePool.label}, not to the deployment's work pool ${pool.label}; Prefect would create an unlimited queue of that name in ${pool.label}: use a queue of that pool (pool.addQueue(...) or pool.defaultQueue()), or set workPool to the queue's pool`);
    }
  }

  private resolveConcurrency(props: DeploymentProps) {
    if (props.concurrencyLimit !== undefined && props.globalConcurrencyLimit) {
      fail(this, `concurrencyLimit ${show(props.concurrencyLimit)} and globalConcurrencyLimit are mutually exclusive; give one`);
    }
    validateInteger(this, 'concurrency limit', props.concurrencyLimit, 1);
    // a collision strategy with neither limit is reported by rule PF-COR-003
    return {
      concurrencyLimit: props.concurrencyLimit,
      globalConcurrencyLimitId: props.globalConcurrencyLimit?.globalConcurrencyLimitId,
      concurrencyOptions: props.collisionStrategy ? { collisionStrategy: props.collisionStrategy.value } : undefined,
    };
  }
}

/** A deployment this stack does not create: by its attributes, or read by name. */
class ImportedDeployment extends DeploymentBase {
  public readonly deploymentId: string;
  public readonly deploymentName: string;
  public readonly flowName: string;

  constructor(scope: Construct, id: string, attrs: { deploymentId?: string; deploymentName: string; flowName: string }) {
    super(scope, id);
    validateName(this, 'flow', attrs.flowName);
    validateName(this, 'deployment', attrs.deploymentName);
    checkUuid(this, 'deployment ID', attrs.deploymentId);
    this.deploymentName = attrs.deploymentName;
    this.flowName = attrs.flowName;
    this.deploymentId = attrs.deploymentId
      ?? new DataPrefectDeployment(this, 'Resource', { flowName: attrs.flowName, name: attrs.deploymentName }).id;
  }
}

/** A work pool as the ownership check sees it: its construct, its literal name, how to name it. */
interface PoolIdentity {
  readonly construct?: IWorkPool;
  readonly name?: string;
  readonly label: string;
}

function poolIdentity(pool: IWorkPool): PoolIdentity {
  const literal = (pool as { _literalName?: string })._literalName
    ?? (Token.isUnresolved(pool.workPoolName) ? undefined : pool.workPoolName);
  return { construct: pool, name: literal, label: literal === undefined ? pool.node.path : `${show(literal)} (${pool.node.path})` };
}

function nameIdentity(name: string): PoolIdentity {
  const literal = Token.isUnresolved(name) ? undefined : name;
  return { name: literal, label: literal === undefined ? 'named by a token' : show(literal) };
}

/** Whether a value the provider cannot clear is set (a token counts as set). */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Token.isUnresolved(value)) return true;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

/** The flow's name when known at synth (a `Flow` keeps it even though its attribute is a token). */
function literalFlowName(flow: IFlow): string | undefined {
  const literal = (flow as { _literalName?: string })._literalName ?? flow.flowName;
  return Token.isUnresolved(literal) ? undefined : literal;
}

function flowKey(flow: IFlow): string {
  const name = literalFlowName(flow);
  return name === undefined ? `path:${flow.node.path}` : `name:${name}`;
}

/**
 * Refuses a wrong type in the reference props of `DeploymentOptions` (JavaScript callers can pass
 * anything; TypeScript's types are gone at run time), naming the prop. Also used by the patterns
 * that take these options, so the message names their path.
 * @internal
 */
export function checkDeploymentOptionSlots(scope: IConstruct, options: DeploymentOptions): void {
  checkWorkPoolSlot(scope, 'workPool', options.workPool, 'or give the name as workPoolName');
  checkWorkQueueSlot(scope, 'workQueue', options.workQueue, 'or give the name as workQueueName');
  checkGlobalConcurrencyLimitSlot(scope, 'globalConcurrencyLimit', options.globalConcurrencyLimit);
}
