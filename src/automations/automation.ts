import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Automation as AutomationResource, AutomationActions } from '../.gen/providers/prefect/automation';
import { DataPrefectAutomation } from '../.gen/providers/prefect/data-prefect-automation';
import { checkUuid, claimUnique, fail, refuseCredentials, show } from '../core';
import { Action, ActionSource } from './action';
import { IAutomation } from './automation-ref';
import { FlowRunState } from './flow-run-state';
import { JinjaTemplate } from './jinja-template';
import { Posture } from './posture';
import { isEmptySpec } from './private/checks';
import { Trigger } from './trigger';
import { IDeployment } from '../deployments/deployment-ref';
import { usePolicy } from '../policy/hook';

/** The optional settings of an automation made by a helper such as `deployment.onFlowRunState`. */
export interface AutomationOptions {
  /**
   * The automation's name.
   * @default - a name that says what the helper does, e.g. `etl/nightly: flow run Failed`
   */
  readonly automationName?: string;

  /**
   * What the automation is for.
   * @default - no description
   */
  readonly description?: string;

  /**
   * Whether the automation is on.
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Properties of the `onFlowRunState(id, props)` helpers (`deployment.onFlowRunState`,
 * `workPool.onFlowRunState`): an automation on flow runs entering one of `states`.
 */
export interface OnFlowRunStateProps extends AutomationOptions {
  /** The states, e.g. `[FlowRunState.FAILED, FlowRunState.CRASHED]` (at least one). */
  readonly states: FlowRunState[];

  /** What to do, e.g. `Action.pauseDeployment(downstream)`; more with the automation's `addAction`. */
  readonly action: Action;
}

/** Properties of an `Automation`. */
export interface AutomationProps {
  /** The automation's name (Prefect does not require it to be unique; this library does, per stack). */
  readonly automationName: string;

  /** What fires the automation: `Trigger.event(...)`, `compound`, `sequence` or `metric`. */
  readonly trigger: Trigger;

  /**
   * What to do when the trigger fires; more with `addAction`.
   * @default - none (give at least one action here, with `addAction` or on resolve)
   */
  readonly actions?: Action[];

  /**
   * What to do once when the automation enters its triggered state (Prefect's
   * `actions_on_trigger`), beside `actions`; more with `addActionOnTrigger`. With a proactive or
   * compound trigger, pair it with `actionsOnResolve` to open and close an incident, say.
   * @default - none
   */
  readonly actionsOnTrigger?: Action[];

  /**
   * What to do when the trigger resolves (the condition is over); more with `addActionOnResolve`.
   * @default - none
   */
  readonly actionsOnResolve?: Action[];

  /**
   * What the automation is for.
   * @default - no description
   */
  readonly description?: string;

  /**
   * Whether the automation is on.
   * @default true
   */
  readonly enabled?: boolean;
}

/** Properties of `Automation.runDeploymentOnEvent`. */
export interface RunDeploymentOnEventProps extends AutomationOptions {
  /** The deployment to run. */
  readonly deployment: IDeployment;

  /** The events that start a run, e.g. `["acme.bucket.object-created"]` (a trailing `*` matches a prefix). */
  readonly expect: string[];

  /**
   * Labels the event's resource must have, e.g. `{ "prefect.resource.id": "acme.bucket.raw" }`.
   * @default - any resource
   */
  readonly match?: { [key: string]: any };

  /**
   * Labels a related resource of the event must have.
   * @default - no condition on related resources
   */
  readonly matchRelated?: { [key: string]: any };

  /**
   * Flow parameters read from the event's resource labels: parameter name → label, e.g.
   * `{ key: "acme.bucket.key" }` passes the label `acme.bucket.key` as the parameter `key`.
   * @default - none
   */
  readonly parametersFromLabels?: { [parameter: string]: string };

  /**
   * Other flow parameters (literal values, or `JinjaTemplate` values).
   * @default - the deployment's parameters
   */
  readonly parameters?: { [key: string]: any };

  /**
   * Job variables of the runs.
   * @default - the deployment's job variables
   */
  readonly jobVariables?: { [key: string]: any };
}

/** Flow-run events whose run-deployment automations the server refuses as loops. */
const LOOP_EVENTS = ['prefect.flow-run.Scheduled', 'prefect.flow-run.Pending', 'prefect.flow-run.Running', 'prefect.flow-run.*'];

/**
 * A Prefect automation (`prefect_automation`): a trigger, and actions to take when it fires
 * (and when it resolves).
 *
 * Self-hosted Prefect runs event, compound and sequence triggers; metric triggers and the
 * declare-incident action are Prefect Cloud only (synth warns).
 */
export class Automation extends Construct implements IAutomation {
  /**
   * An existing automation, by ID (read through the `prefect_automation` data source).
   * @param scope the parent construct
   * @param id the construct ID
   * @param automationId the automation's UUID
   */
  public static fromAutomationId(scope: Construct, id: string, automationId: string): IAutomation {
    return new ImportedAutomation(scope, id, automationId);
  }

  /**
   * An automation that runs a deployment whenever one of the `expect` events arrives, passing
   * labels of the event's resource as flow parameters (rendered by Prefect with Jinja:
   * `{"__prefect_kind": "jinja", "template": "{{ event.resource['<label>'] }}"}`).
   * @param scope the parent construct
   * @param id the construct ID
   * @param props the deployment, the events and the parameters
   */
  public static runDeploymentOnEvent(scope: Construct, id: string, props: RunDeploymentOnEventProps): Automation {
    const parameters: { [key: string]: any } = { ...props.parameters };
    const fromLabels = props.parametersFromLabels ?? {};
    for (const [parameter, label] of Object.entries(fromLabels)) {
      if (parameter in parameters) {
        fail(scope, `parameter ${show(parameter)} is given both in parameters and in parametersFromLabels (label ${show(label)}); keep one`);
      }
      parameters[parameter] = JinjaTemplate.resourceLabel(label);
    }
    const hasParameters = props.parameters !== undefined || Object.keys(fromLabels).length > 0;
    return new Automation(scope, id, {
      automationName: props.automationName ?? `run ${props.deployment.deploymentName} on ${props.expect.join(', ')}`,
      description: props.description,
      enabled: props.enabled,
      trigger: Trigger.event({ posture: Posture.REACTIVE, expect: props.expect, match: props.match, matchRelated: props.matchRelated }),
      actions: [Action.runDeployment({
        deployment: props.deployment,
        parameters: hasParameters ? parameters : undefined,
        jobVariables: props.jobVariables,
      })],
    });
  }

  /**
   * The automation behind the `onFlowRunState` helpers: flow runs entering one of the states,
   * whose event names `related` as a related resource (Prefect's flow-run events list the run's
   * flow, deployment, work queue and work pool, each with a role).
   * @internal
   */
  public static _onFlowRunState(
    scope: Construct,
    id: string,
    props: OnFlowRunStateProps,
    related: { role: string; resourceId: string },
    defaultName: (states: string) => string,
  ): Automation {
    const states = props.states ?? [];
    if (states.length === 0) fail(scope, `onFlowRunState ${show(id)} needs at least one state, e.g. states: [FlowRunState.FAILED]`);
    if (!props.action) fail(scope, `onFlowRunState ${show(id)} needs an action, e.g. action: Action.cancelFlowRun()`);
    const names = states.map((s) => s.name).join(' or ');
    return new Automation(scope, id, {
      automationName: props.automationName ?? defaultName(names),
      description: props.description,
      enabled: props.enabled,
      trigger: Trigger.event({
        expect: states.map((s) => s.eventName),
        match: { 'prefect.resource.id': 'prefect.flow-run.*' },
        matchRelated: { 'prefect.resource.role': related.role, 'prefect.resource.id': related.resourceId },
      }),
      actions: [props.action],
    });
  }

  /** The `prefect_automation` resource (escape hatch). */
  public readonly resource: AutomationResource;

  /** The automation's ID. @attribute */
  public readonly automationId: string;

  /** The automation's name. @attribute */
  public readonly automationName: string;

  /** The automation's trigger. */
  public readonly trigger: Trigger;

  private readonly enabled: boolean;
  private readonly onTrigger: AutomationActions[] = [];
  private readonly onResolve: AutomationActions[] = [];
  private readonly onTriggered: AutomationActions[] = [];

  constructor(scope: Construct, id: string, props: AutomationProps) {
    super(scope, id);
    const name = props.automationName;
    if (name === undefined || (!Token.isUnresolved(name) && name.trim().length === 0)) {
      fail(this, `automation name must not be empty, got ${show(name)}: give it a name such as "pause etl on failure"`);
    }
    if (!Token.isUnresolved(name)) {
      claimUnique(this, `automation:${name}`, (first) =>
        `automation name ${show(name)} is already used by ${first}; Prefect does not keep automation names unique, so give each automation its own name to keep references and imports unambiguous`);
    }
    if (!props.trigger) fail(this, 'an automation needs a trigger, e.g. Trigger.event({ expect: ["prefect.flow-run.Failed"] })');
    this.trigger = props.trigger;
    this.enabled = props.enabled !== false;

    usePolicy(this);
    this.resource = new AutomationResource(this, 'Resource', {
      name,
      description: props.description,
      enabled: props.enabled,
      trigger: props.trigger._bind(this),
    });
    refuseCredentials(this, this.resource, { props: { name: 'automationName' } });
    this.automationId = this.resource.id;
    this.automationName = this.resource.name;
    for (const action of props.actions ?? []) this.addAction(action);
    for (const action of props.actionsOnTrigger ?? []) this.addActionOnTrigger(action);
    for (const action of props.actionsOnResolve ?? []) this.addActionOnResolve(action);
    this.node.addValidation({
      validate: () => this.onTrigger.length + this.onTriggered.length + this.onResolve.length > 0 ? [] : [
        `automation ${show(name)} has no actions, so it would do nothing: pass actions, or call addAction(...) (use Action.doNothing() if you only want its events)`,
      ],
    });
  }

  /**
   * Adds an action to take when the trigger fires.
   * @param action the action
   */
  public addAction(action: Action): void {
    this.checkLoop(action);
    this.onTrigger.push(action._bind(this, 'on trigger'));
    this.resource.putActions(this.onTrigger);
  }

  /**
   * Adds an action to take once when the automation enters its triggered state
   * (`actions_on_trigger`).
   * @param action the action
   */
  public addActionOnTrigger(action: Action): void {
    this.checkLoop(action);
    this.onTriggered.push(action._bind(this, 'on entering the triggered state'));
    this.resource.putActionsOnTrigger(this.onTriggered);
  }

  /**
   * Adds an action to take when the trigger resolves.
   * @param action the action
   */
  public addActionOnResolve(action: Action): void {
    this.onResolve.push(action._bind(this, 'on resolve'));
    this.resource.putActionsOnResolve(this.onResolve);
  }

  /**
   * The server refuses a run-deployment action on a reactive trigger for scheduled, pending or
   * running flow runs when it could start itself again.
   */
  private checkLoop(action: Action): void {
    const event = this.trigger._eventOptions;
    if (!this.enabled || action.actionType !== 'run-deployment' || !event || (event.posture ?? Posture.REACTIVE) !== Posture.REACTIVE) return;
    const loops = (event.expect ?? []).filter((e) => LOOP_EVENTS.includes(e));
    if (loops.length === 0) return;
    if (action.source === ActionSource.INFERRED) {
      fail(this, `run-deployment with source "inferred" on ${show(loops[0])} events would start a run that fires the automation again (an endless loop); Prefect refuses it: select a deployment, or trigger on a final state such as "prefect.flow-run.Completed"`);
    }
    if (isEmptySpec(event.match) && isEmptySpec(event.matchRelated)) {
      fail(this, `run-deployment on ${show(loops[0])} events of any flow run would fire on its own runs (an endless loop); Prefect refuses it: narrow the trigger with match or matchRelated (e.g. the upstream deployment)`);
    }
  }
}

class ImportedAutomation extends Construct implements IAutomation {
  public readonly automationId: string;
  public readonly automationName: string;

  constructor(scope: Construct, id: string, automationId: string) {
    super(scope, id);
    checkUuid(this, 'automation ID', automationId);
    this.automationId = automationId;
    this.automationName = new DataPrefectAutomation(this, 'Resource', { id: automationId }).name;
  }
}
