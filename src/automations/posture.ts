/**
 * How an event trigger reads its events (the `posture` of a Prefect event trigger).
 */
export enum Posture {
  /** Fires when at least `threshold` expected events arrive within the window. */
  REACTIVE = 'Reactive',
  /**
   * Fires when fewer than `threshold` expected events arrive within the window (something
   * that should have happened did not). Needs a window of at least 10 seconds.
   */
  PROACTIVE = 'Proactive',
}
