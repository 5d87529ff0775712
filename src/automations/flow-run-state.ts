/**
 * The type of a Prefect state: what the orchestrator does with a run in that state.
 */
export enum StateType {
  /** Waiting for its start time. */
  SCHEDULED = 'SCHEDULED',
  /** About to start. */
  PENDING = 'PENDING',
  /** Running. */
  RUNNING = 'RUNNING',
  /** Finished successfully. */
  COMPLETED = 'COMPLETED',
  /** Finished with an error in the flow's code. */
  FAILED = 'FAILED',
  /** Stopped by a user or an automation. */
  CANCELLED = 'CANCELLED',
  /** Being stopped. */
  CANCELLING = 'CANCELLING',
  /** Stopped by an infrastructure error. */
  CRASHED = 'CRASHED',
  /** Paused or suspended, waiting for input or a resume. */
  PAUSED = 'PAUSED',
}

/**
 * A named flow-run state, as shown in the Prefect UI (`Failed`, `Late`, `Crashed`, ...). Each
 * one has a `StateType`; some names share a type (`Late` and `AwaitingRetry` are `SCHEDULED`).
 *
 * Prefect emits an event `prefect.flow-run.<name>` whenever a flow run enters the state.
 */
export class FlowRunState {
  /** `Scheduled` (SCHEDULED). */
  public static readonly SCHEDULED = new FlowRunState('Scheduled', StateType.SCHEDULED);
  /** `Late`: a scheduled run that did not start on time (SCHEDULED). */
  public static readonly LATE = new FlowRunState('Late', StateType.SCHEDULED);
  /** `AwaitingRetry` (SCHEDULED). */
  public static readonly AWAITING_RETRY = new FlowRunState('AwaitingRetry', StateType.SCHEDULED);
  /** `AwaitingConcurrencySlot` (SCHEDULED). */
  public static readonly AWAITING_CONCURRENCY_SLOT = new FlowRunState('AwaitingConcurrencySlot', StateType.SCHEDULED);
  /** `Pending` (PENDING). */
  public static readonly PENDING = new FlowRunState('Pending', StateType.PENDING);
  /** `Running` (RUNNING). */
  public static readonly RUNNING = new FlowRunState('Running', StateType.RUNNING);
  /** `Retrying` (RUNNING). */
  public static readonly RETRYING = new FlowRunState('Retrying', StateType.RUNNING);
  /** `Completed` (COMPLETED). */
  public static readonly COMPLETED = new FlowRunState('Completed', StateType.COMPLETED);
  /** `Cached` (COMPLETED). */
  public static readonly CACHED = new FlowRunState('Cached', StateType.COMPLETED);
  /** `Failed` (FAILED). */
  public static readonly FAILED = new FlowRunState('Failed', StateType.FAILED);
  /** `TimedOut` (FAILED). */
  public static readonly TIMED_OUT = new FlowRunState('TimedOut', StateType.FAILED);
  /** `Crashed` (CRASHED). */
  public static readonly CRASHED = new FlowRunState('Crashed', StateType.CRASHED);
  /** `Cancelling` (CANCELLING). */
  public static readonly CANCELLING = new FlowRunState('Cancelling', StateType.CANCELLING);
  /** `Cancelled` (CANCELLED). */
  public static readonly CANCELLED = new FlowRunState('Cancelled', StateType.CANCELLED);
  /** `Paused` (PAUSED). */
  public static readonly PAUSED = new FlowRunState('Paused', StateType.PAUSED);
  /** `Suspended` (PAUSED). */
  public static readonly SUSPENDED = new FlowRunState('Suspended', StateType.PAUSED);

  /**
   * A state not listed here.
   * @param name the state's name exactly as Prefect spells it, e.g. `AwaitingRetry`
   * @param stateType the state's type
   */
  public static custom(name: string, stateType: StateType): FlowRunState {
    return new FlowRunState(name, stateType);
  }

  private constructor(
    /** The state's name, e.g. `Late`. */
    public readonly name: string,
    /** The state's type, e.g. `SCHEDULED`. */
    public readonly stateType: StateType,
  ) {}

  /** The event Prefect emits when a flow run enters this state, e.g. `prefect.flow-run.Failed`. */
  public get eventName(): string {
    return `prefect.flow-run.${this.name}`;
  }
}
