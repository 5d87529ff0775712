// The names of the events Prefect emits, read from the source of Prefect 3.8.8 (the version the
// project's toolchain installs): every `event="prefect..."`, `event=f"prefect..."` and
// `emit_event("prefect...")` under site-packages/prefect, with the values their placeholders take
// (state names, statuses, lifecycle kinds). test/toolchain/event-catalogue.test.ts greps the
// installed Prefect again and fails when it emits a name this list lacks.
//
// A name is a list of dot-separated segments; a segment is a literal, `{state}` (a run state
// name: Prefect emits `prefect.flow-run.<state name>` for whatever name the state has) or
// `{slug}` (a block type slug).

/** The Prefect release the catalogue was read from. */
export const CATALOGUE_PREFECT_VERSION = '3.8.8';

/**
 * State names Prefect gives runs: each StateType's default name (`SCHEDULED` -> `Scheduled`) and
 * the named states of prefect/states.py, the server's orchestration policies and the engines.
 */
export const RUN_STATE_NAMES: readonly string[] = [
  // StateType defaults
  'Scheduled', 'Pending', 'Running', 'Completed', 'Failed', 'Cancelled', 'Crashed', 'Paused', 'Cancelling',
  // named states
  'Late', 'AwaitingRetry', 'AwaitingConcurrencySlot', 'Resuming', 'Submitting', 'InfrastructurePending',
  'Retrying', 'Cached', 'TimedOut', 'Suspended', 'NotReady', 'RolledBack',
];

const LIFECYCLE = ['created', 'updated', 'deleted'];
const cross = (prefix: string, names: string[]) => names.map((n) => `${prefix}.${n}`);

/** Every event name pattern Prefect 3.8.8 emits. */
export const PREFECT_EVENT_PATTERNS: readonly string[] = [
  // runs: server/models/events.py (flow runs), utilities/engine (task runs), flow_engine.py
  'prefect.flow-run.{state}',
  'prefect.flow-run.heartbeat',
  'prefect.task-run.{state}',
  // deployments, work pools, work queues: server/models/events.py (statuses in kebab case)
  ...cross('prefect.deployment', ['ready', 'not-ready', ...LIFECYCLE]),
  ...cross('prefect.work-pool', ['ready', 'not-ready', 'paused', ...LIFECYCLE]),
  ...cross('prefect.work-queue', ['ready', 'not-ready', 'paused', ...LIFECYCLE]),
  // lifecycle events: server/events/schemas/lifecycle.py
  ...['variable', 'flow', 'block-type', 'block-document', 'concurrency-limit', 'artifact-collection', 'automation']
    .flatMap((kind) => cross(`prefect.${kind}`, LIFECYCLE)),
  // automations: server/events/schemas/automations.py, server/events/actions.py
  'prefect.automation.triggered',
  'prefect.automation.resolved',
  ...cross('prefect.automation.action', ['triggered', 'executed', 'failed']),
  // workers and runners: workers/base.py, runner/_event_emitter.py
  ...cross('prefect.worker', ['started', 'stopped', 'submitted-flow-run', 'executed-flow-run']),
  'prefect.runner.cancelled-flow-run',
  // concurrency slots: concurrency/_events.py, concurrency/v1/_events.py
  ...cross('prefect.concurrency-limit', ['acquired', 'released']),
  ...cross('prefect.concurrency-limit.v1', ['acquired', 'released']),
  // artifacts and assets: client/orchestration/_artifacts, context.py
  ...cross('prefect.artifact', ['created', 'updated']),
  'prefect.asset.referenced',
  ...cross('prefect.asset.materialization', ['succeeded', 'failed']),
  // blocks loaded by flows: blocks/core.py, server/events/actions.py (`prefect.block.<slug>.loaded`)
  'prefect.block.{slug}.loaded',
  // logs forwarded as events (server/events/triggers.py skips them by this name)
  'prefect.log.write',
  // workspace transfers: cli/transfer
  ...cross('prefect.workspace.transfer', ['started', 'completed']),
];
