import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { AutomationActions } from '../.gen/providers/prefect/automation';
import { checkBlockSlot, IBlock } from '../blocks/block-ref';
import { checkObject, fail, jsonOrUndefined, show } from '../core';
import { checkDeploymentSlot, checkScheduleSlot, IDeployment, IDeploymentSchedule } from '../deployments/deployment-ref';
import { checkWorkPoolSlot, checkWorkQueueSlot, IWorkPool, IWorkQueue } from '../work-pools/work-pool-ref';
import { checkAutomationSlot, IAutomation } from './automation-ref';
import { FlowRunState } from './flow-run-state';
import { warnCloudOnly } from './private/checks';

/**
 * Where an action finds the object it acts on.
 */
export enum ActionSource {
  /** The object is named in the action (a deployment, queue, pool or automation). */
  SELECTED = 'selected',
  /** The object is the one the triggering event is about (or related to). */
  INFERRED = 'inferred',
}

/** Options of `Action.runDeployment`. */
export interface RunDeploymentActionOptions {
  /**
   * The deployment to run. Leave it out (with `source: INFERRED`) to run the deployment the
   * triggering event is about.
   * @default - the deployment inferred from the event
   */
  readonly deployment?: IDeployment;

  /**
   * Whether the deployment is the one given (`SELECTED`) or inferred from the event.
   * @default - SELECTED when `deployment` is given, otherwise INFERRED
   */
  readonly source?: ActionSource;

  /**
   * Parameters of the flow run. Values may be rendered from the event with `JinjaTemplate`.
   * @default - the deployment's parameters
   */
  readonly parameters?: { [key: string]: any };

  /**
   * Job variables of the flow run, e.g. `{ image: "acme/etl:2" }`.
   * @default - the deployment's job variables
   */
  readonly jobVariables?: { [key: string]: any };
}

/** Options of `Action.changeFlowRunState`. */
export interface ChangeFlowRunStateOptions {
  /** The state to put the flow run in. */
  readonly state: FlowRunState;

  /**
   * The name the new state shows, e.g. `Skipped` for a `CANCELLED` state.
   * @default - the state's own name (`state.name`)
   */
  readonly stateName?: string;

  /**
   * A message stored with the new state.
   * @default - no message
   */
  readonly message?: string;
}

/** Options of `Action.sendNotification`. */
export interface SendNotificationOptions {
  /** The message, a Jinja template (e.g. `Flow run {{ flow_run.name }} failed`). */
  readonly body: string;

  /**
   * The subject, a Jinja template.
   * @default "Prefect automated notification" (the server's default)
   */
  readonly subject?: string;
}

/** Options of `Action.sendEmailNotification`. */
export interface SendEmailNotificationOptions {
  /** The addresses to send the email to, e.g. `["oncall@acme.com"]`. */
  readonly emails: string[];

  /** The message, a Jinja template (e.g. `Flow run {{ flow_run.name }} failed`). */
  readonly body: string;

  /**
   * The subject, a Jinja template.
   * @default "Prefect automated notification" (the server's default)
   */
  readonly subject?: string;
}

/** A plausible email address: something@domain.tld, no spaces. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The server's default notification subject; always written, so plans stay empty. */
const DEFAULT_SUBJECT = 'Prefect automated notification';

/** What deployment, queue, pool and automation actions act on (they take a source). */
type Target = IDeployment | IWorkQueue | IWorkPool | IAutomation;

/** What an action renders, before it goes into one of the provider's action lists. */
type Fields = Omit<AutomationActions, 'type'>;

/**
 * What an automation does when it triggers or resolves: run or pause a deployment, change a
 * flow run, notify, and so on. Actions marked **Prefect Cloud only** raise a synth warning.
 */
export class Action {
  /**
   * Runs a deployment (`run-deployment`): the one given, or the one the event is about.
   * @param options which deployment, and with which parameters
   */
  public static runDeployment(options: RunDeploymentActionOptions = {}): Action {
    const source = options.source ?? (options.deployment ? ActionSource.SELECTED : ActionSource.INFERRED);
    return new Action('run-deployment', (scope) => {
      checkDeploymentSlot(scope, 'run-deployment deployment', options.deployment);
      checkSource(scope, 'run-deployment', source, options.deployment, 'deployment');
      checkObject(scope, 'run-deployment parameters', options.parameters);
      checkObject(scope, 'run-deployment job variables', options.jobVariables);
      // a Deployment of this app checks them against its pool's template
      (options.deployment as { _checkJobVariables?: (s: IConstruct, w: string, v: unknown) => void } | undefined)
        ?._checkJobVariables?.(scope, 'run-deployment job variables', options.jobVariables);
      return {
        source,
        deploymentId: options.deployment?.deploymentId,
        parameters: jsonOrUndefined(options.parameters),
        jobVariables: jsonOrUndefined(options.jobVariables),
      };
    }, source);
  }

  /**
   * Pauses a deployment's schedules (`pause-deployment`).
   * @param deployment the deployment; leave it out to pause the one the event is about
   */
  public static pauseDeployment(deployment?: IDeployment): Action {
    return Action.targeted('pause-deployment', 'deployment', deployment, checkDeploymentSlot, (d) => ({ deploymentId: d.deploymentId }));
  }

  /**
   * Resumes a deployment's schedules (`resume-deployment`).
   * @param deployment the deployment; leave it out to resume the one the event is about
   */
  public static resumeDeployment(deployment?: IDeployment): Action {
    return Action.targeted('resume-deployment', 'deployment', deployment, checkDeploymentSlot, (d) => ({ deploymentId: d.deploymentId }));
  }

  /**
   * Pauses a work queue (`pause-work-queue`).
   * @param workQueue the queue; leave it out to pause the one the event is about
   */
  public static pauseWorkQueue(workQueue?: IWorkQueue): Action {
    return Action.targeted('pause-work-queue', 'workQueue', workQueue, checkWorkQueueSlot, (q) => ({ workQueueId: q.workQueueId }));
  }

  /**
   * Resumes a work queue (`resume-work-queue`).
   * @param workQueue the queue; leave it out to resume the one the event is about
   */
  public static resumeWorkQueue(workQueue?: IWorkQueue): Action {
    return Action.targeted('resume-work-queue', 'workQueue', workQueue, checkWorkQueueSlot, (q) => ({ workQueueId: q.workQueueId }));
  }

  /**
   * Pauses a work pool (`pause-work-pool`).
   * @param workPool the pool; leave it out to pause the one the event is about
   */
  public static pauseWorkPool(workPool?: IWorkPool): Action {
    return Action.targeted('pause-work-pool', 'workPool', workPool, checkWorkPoolSlot, (p) => ({ workPoolId: p.workPoolId }));
  }

  /**
   * Resumes a work pool (`resume-work-pool`).
   * @param workPool the pool; leave it out to resume the one the event is about
   */
  public static resumeWorkPool(workPool?: IWorkPool): Action {
    return Action.targeted('resume-work-pool', 'workPool', workPool, checkWorkPoolSlot, (p) => ({ workPoolId: p.workPoolId }));
  }

  /**
   * Disables an automation (`pause-automation`).
   * @param automation the automation (an `Automation` or `Automation.fromAutomationId`); leave
   * it out to pause the one the event is about
   */
  public static pauseAutomation(automation?: IAutomation): Action {
    return Action.targeted('pause-automation', 'automation', automation, checkAutomationSlot, (a) => ({ automationId: a.automationId }));
  }

  /**
   * Enables an automation (`resume-automation`).
   * @param automation the automation; leave it out to resume the one the event is about
   */
  public static resumeAutomation(automation?: IAutomation): Action {
    return Action.targeted('resume-automation', 'automation', automation, checkAutomationSlot, (a) => ({ automationId: a.automationId }));
  }

  /** Cancels the flow run the event is about (`cancel-flow-run`). */
  public static cancelFlowRun(): Action {
    return new Action('cancel-flow-run', () => ({}));
  }

  /** Suspends the flow run the event is about (`suspend-flow-run`). */
  public static suspendFlowRun(): Action {
    return new Action('suspend-flow-run', () => ({}));
  }

  /** Resumes the paused or suspended flow run the event is about (`resume-flow-run`). */
  public static resumeFlowRun(): Action {
    return new Action('resume-flow-run', () => ({}));
  }

  /**
   * Puts the flow run the event is about in another state (`change-flow-run-state`).
   * @param options the state and an optional message
   */
  public static changeFlowRunState(options: ChangeFlowRunStateOptions): Action {
    return new Action('change-flow-run-state', (scope) => {
      if (!options.state) fail(scope, 'change-flow-run-state needs a state, e.g. FlowRunState.CANCELLED');
      if (options.stateName !== undefined && !Token.isUnresolved(options.stateName) && options.stateName.trim() === '') {
        fail(scope, `change-flow-run-state state name must not be empty, got ${show(options.stateName)}; leave stateName out to use ${show(options.state.name)}`);
      }
      return { state: options.state.stateType, name: options.stateName ?? options.state.name, message: options.message };
    });
  }

  /**
   * Sends a notification through a notification block (`send-notification`): Slack, Teams,
   * email server, ... .
   * @param block the notification block
   * @param options the message
   */
  public static sendNotification(block: IBlock, options: SendNotificationOptions): Action {
    return new Action('send-notification', (scope) => {
      if (!block) fail(scope, 'send-notification needs a notification block, e.g. a slack-webhook Block');
      checkBlockSlot(scope, 'send-notification block', block);
      checkBody(scope, 'send-notification', options.body);
      return { blockDocumentId: block.blockId, subject: options.subject ?? DEFAULT_SUBJECT, body: options.body };
    });
  }

  /**
   * Emails a message (`send-email-notification`) through Prefect Cloud's own mail service; no
   * block is needed. **Prefect Cloud only** (synth warns).
   * @param options the addresses and the message
   */
  public static sendEmailNotification(options: SendEmailNotificationOptions): Action {
    return new Action('send-email-notification', (scope) => {
      const emails = options.emails;
      if (!Token.isUnresolved(emails)) {
        if (!Array.isArray(emails) || emails.length === 0) {
          fail(scope, `send-email-notification needs at least one address, got ${show(emails)}; e.g. emails: ["oncall@acme.com"]`);
        }
        for (const email of emails) {
          if (!Token.isUnresolved(email) && (typeof email !== 'string' || !EMAIL.test(email))) {
            fail(scope, `invalid email address ${show(email)} in send-email-notification; write it as name@domain, e.g. "oncall@acme.com"`);
          }
        }
      }
      checkBody(scope, 'send-email-notification', options.body);
      return { emails, subject: options.subject ?? DEFAULT_SUBJECT, body: options.body };
    }, undefined, true);
  }

  /**
   * Pauses one schedule of a deployment (`pause-schedule-for-flow-run`), e.g. stop the nightly
   * runs after a failure. **Prefect Cloud only** (synth warns).
   * @param schedule the deployment schedule to pause
   */
  public static pauseSchedule(schedule: IDeploymentSchedule): Action {
    return Action.scheduleAction('pause-schedule-for-flow-run', schedule);
  }

  /**
   * Resumes one schedule of a deployment (`resume-schedule-for-flow-run`).
   * **Prefect Cloud only** (synth warns).
   * @param schedule the deployment schedule to resume
   */
  public static resumeSchedule(schedule: IDeploymentSchedule): Action {
    return Action.scheduleAction('resume-schedule-for-flow-run', schedule);
  }

  /**
   * Calls a webhook block (`call-webhook`) with a payload.
   * @param block the webhook block (type `webhook`)
   * @param payload the request body, a Jinja template
   */
  public static callWebhook(block: IBlock, payload: string = ''): Action {
    return new Action('call-webhook', (scope) => {
      if (!block) fail(scope, 'call-webhook needs a webhook block');
      checkBlockSlot(scope, 'call-webhook block', block);
      return { blockDocumentId: block.blockId, payload };
    });
  }

  /** Declares an incident (`declare-incident`). **Prefect Cloud only** (synth warns). */
  public static declareIncident(): Action {
    return new Action('declare-incident', () => ({}), undefined, true);
  }

  /** Does nothing (`do-nothing`); the automation's events still record that it fired. */
  public static doNothing(): Action {
    return new Action('do-nothing', () => ({}));
  }

  private static scheduleAction(type: string, schedule: IDeploymentSchedule): Action {
    return new Action(type, (scope) => {
      if (!schedule) fail(scope, `${type} needs a schedule: pass a schedule, e.g. the one deployment.addSchedule(...) returns`);
      checkScheduleSlot(scope, `${type} schedule`, schedule);
      return { deploymentId: schedule.deployment.deploymentId, scheduleId: schedule.scheduleId };
    }, undefined, true);
  }

  private static targeted<T extends Target>(
    type: string, param: string, target: T | undefined, check: (scope: IConstruct, what: string, value: unknown) => void, fields: (t: T) => Fields,
  ): Action {
    const source = target ? ActionSource.SELECTED : ActionSource.INFERRED;
    return new Action(type, (scope) => {
      check(scope, `${type} ${param}`, target);
      return { source, ...(target ? fields(target) : {}) };
    }, source);
  }

  private constructor(
    /** The action's type as Prefect names it, e.g. `run-deployment`. */
    public readonly actionType: string,
    private readonly render: (scope: IConstruct) => Fields,
    /** Where the action's target comes from (undefined for actions without a target). */
    public readonly source?: ActionSource,
    /** Whether only Prefect Cloud runs the action. */
    public readonly cloudOnly: boolean = false,
  ) {}

  /**
   * Checks the action for the automation `scope` and renders one entry of the provider's
   * action lists.
   * @internal
   */
  public _bind(scope: IConstruct, position: string): AutomationActions {
    if (this.cloudOnly) warnCloudOnly(scope, `the ${this.actionType} action (${position})`);
    return { type: this.actionType, ...this.render(scope) };
  }
}

function checkBody(scope: IConstruct, type: string, body: string): void {
  if (!body || (!Token.isUnresolved(body) && body.trim() === '')) {
    fail(scope, `${type} needs a body, got ${show(body)}; write the message, e.g. "Flow run {{ flow_run.name }} failed"`);
  }
}

function checkSource(scope: IConstruct, type: string, given: ActionSource, target: unknown, what: string): void {
  const sources: string[] = Object.values(ActionSource);
  if (!sources.includes(given)) {
    fail(scope, `invalid ${type} source ${show(given)}: it must be ActionSource.SELECTED ("selected") or ActionSource.INFERRED ("inferred")`);
  }
  if (given === ActionSource.SELECTED && !target) {
    fail(scope, `${type} has source "selected" but no ${what}: pass the ${what}, or use ActionSource.INFERRED to act on the ${what} the event is about`);
  }
  if (given === ActionSource.INFERRED && target) {
    fail(scope, `${type} has source "inferred" and a ${what}: Prefect forbids naming the ${what} when it is inferred from the event; drop source (or set SELECTED) to use the ${what} given`);
  }
}
