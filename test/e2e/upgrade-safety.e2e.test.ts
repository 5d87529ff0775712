import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import {
  Action,
  Automation,
  BaseJobTemplate,
  Flow,
  FlowRunState,
  PullStep,
  Schedule,
  Trigger,
  WorkPool,
  WorkPoolType,
  WorkQueue,
} from '../../src';
import { missingProviders } from './support/env';
import { expectEmptyPlan } from './support/lifecycle';
import { PrefectEventsApi } from './support/prefect-api';
import { TerraformWorkdir } from './support/terraform';
import { describeUnless } from '../support/skip';

// Upgrade safety (docs/upgrade-safety.md): each change of an app is applied to the real server,
// read back through the REST API, and must leave an empty plan. The rows of the decision table
// this covers: values that stay set update in place (ids of the deployment and its schedules
// unchanged, no duplicate runs); values that are cleared replace the deployment; a queue moved
// to another pool under the same construct id is replaced; a deployment removed from the app,
// in an apply of its own, takes exactly its schedules and automation with it, and a removed
// schedule goes alone; entrypoint, pull steps and parameter schema change in place; going from
// empty to set replaces the deployment once; a pool's template read from the server's worker
// metadata applies; actions on trigger and on resolve, and a state name, round-trip.

const P = `upg${process.pid}`;

/** What differs between the versions of the app. */
interface Version {
  readonly main: {
    readonly parameters?: Record<string, unknown>;
    readonly tags?: string[];
    readonly release?: string;
    readonly description?: string;
    readonly version?: string;
    readonly path?: string;
    /** The directory of the one `set_working_directory` pull step. */
    readonly pullSteps?: string;
    readonly concurrencyLimit?: number;
    readonly paused?: boolean;
    /** @default 'flows/etl.py:etl' */
    readonly entrypoint?: string;
    /** Names of integer parameters declared by `parameter_openapi_schema`. */
    readonly schema?: string[];
  };
  /** Whether `Main` still has its `daily` schedule. */
  readonly daily: boolean;
  /** Whether pool B has a base job template of its own. */
  readonly poolBTemplate: boolean;
  /** The pool the `Lane` queue is in. */
  readonly lanePool: 'a' | 'b';
  /** Whether the `Doomed` deployment (2 schedules, an automation) is still in the app. */
  readonly doomed: boolean;
}

function app(apiUrl: string, v: Version): string {
  const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'upgrades');
  new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
  const a = new WorkPool(stack, 'PoolA', { workPoolName: `${P}-a` });
  const b = new WorkPool(stack, 'PoolB', {
    workPoolName: `${P}-b`,
    baseJobTemplate: v.poolBTemplate ? BaseJobTemplate.process({ env: { TEAM: 'data' } }) : undefined,
  });
  new WorkPool(stack, 'PoolMeta', {
    workPoolName: `${P}-meta`,
    baseJobTemplate: BaseJobTemplate.fromWorkerMetadata(stack, 'ProcessMetadata', WorkPoolType.PROCESS),
  });
  // the same construct id in both versions, in pool A or pool B
  new WorkQueue(stack, 'Lane', { workPool: v.lanePool === 'a' ? a : b, workQueueName: 'lane', priority: 5 });

  const flow = new Flow(stack, 'Flow', { flowName: `${P}-flow` });
  const main = flow.addDeployment('Main', {
    deploymentName: 'main',
    entrypoint: v.main.entrypoint ?? 'flows/etl.py:etl',
    workPool: a,
    parameters: v.main.parameters,
    parameterOpenApiSchema: v.main.schema ? parameterSchema(v.main.schema) : undefined,
    tags: v.main.tags,
    // a variable of the process pool's default template (job variables are checked against it)
    jobVariables: v.main.release ? { env: { RELEASE: v.main.release } } : undefined,
    description: v.main.description,
    version: v.main.version,
    path: v.main.path,
    pullSteps: v.main.pullSteps ? [PullStep.workingDirectory(v.main.pullSteps)] : undefined,
    concurrencyLimit: v.main.concurrencyLimit,
    paused: v.main.paused,
  });
  main.addSchedule('Hourly', Schedule.cron('0 * * * *'), { slug: 'hourly' });
  if (v.daily) main.addSchedule('Daily', Schedule.cron('30 2 * * *', { timezone: 'Europe/Berlin' }), { slug: 'daily' });
  new Automation(stack, 'Watch', {
    automationName: `${P} watch main`,
    trigger: Trigger.event({ expect: ['prefect.flow-run.Failed'], match: { 'prefect.resource.id': 'prefect.flow-run.*' }, matchRelated: { 'prefect.resource.id': `prefect.deployment.${main.deploymentId}` } }),
    actions: [Action.changeFlowRunState({ state: FlowRunState.CANCELLED, stateName: 'Skipped', message: 'skipped after a failure' })],
    actionsOnTrigger: [Action.pauseDeployment(main)],
    actionsOnResolve: [Action.resumeDeployment(main)],
  });
  if (v.doomed) {
    const doomed = flow.addDeployment('Doomed', { deploymentName: 'doomed', entrypoint: 'flows/etl.py:etl', workPool: a });
    doomed.addSchedule('Hourly', Schedule.cron('15 * * * *'), { slug: 'hourly' });
    doomed.addSchedule('Weekly', Schedule.cron('0 6 * * 1'), { slug: 'weekly' });
    doomed.onFlowRunState('Alert', { states: [FlowRunState.CRASHED], action: Action.pauseDeployment(doomed), automationName: `${P} doomed crashed` });
  }
  return Testing.synth(stack);
}

/** A parameter schema as Prefect writes one: integer parameters, none required. */
function parameterSchema(names: string[]): Record<string, unknown> {
  return {
    type: 'object',
    title: 'Parameters',
    properties: Object.fromEntries(names.map((n, i) => [n, { type: 'integer', title: n.toUpperCase(), position: i }])),
  };
}

const FULL: Version = {
  main: { parameters: { a: 1 }, tags: ['t1'], release: '1', description: 'd1', version: 'v1', path: '/opt/flows', pullSteps: '/opt/flows', concurrencyLimit: 2, schema: ['a'] },
  daily: true,
  lanePool: 'a',
  doomed: true,
  poolBTemplate: true,
};
const CHANGED: Version = {
  main: {
    parameters: { a: 2 }, tags: ['t2'], release: '2', description: 'd2', version: 'v2', path: '/opt/flows2',
    pullSteps: '/opt/flows2', concurrencyLimit: 3, paused: true, entrypoint: 'flows/etl2.py:etl', schema: ['a', 'b'],
  },
  daily: true,
  lanePool: 'a',
  doomed: true,
  poolBTemplate: true,
};
/** CHANGED without the Doomed deployment and without Main's daily schedule, nothing else. */
const PRUNED: Version = { ...CHANGED, daily: false, doomed: false };
const CLEARED: Version = { main: {}, daily: false, lanePool: 'b', doomed: false, poolBTemplate: false };
/** From empty to set: parameters, job variables and pull steps come back. */
const REFILLED: Version = { ...CLEARED, main: { parameters: { a: 3 }, release: '3', pullSteps: '/opt/flows3' } };

describeUnless(missingProviders('prefect'))('upgrade safety: every change applies, reads back and re-plans empty', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectEventsApi(apiUrl);
  let tf: TerraformWorkdir;
  const apply = (v: Version) => {
    fs.writeFileSync(path.join(tf.dir, 'cdk.tf.json'), app(apiUrl, v));
    tf.apply();
  };
  const main = () => api.get(`/deployments/name/${P}-flow/main`);
  /** Asks the server to schedule the next runs of each schedule, then counts them per start time. */
  const scheduleAndCount = async (deploymentId: string) => {
    await api.post(`/deployments/${deploymentId}/schedule`, { min_runs: 3, max_runs: 3 });
    const runs: any[] = await api.flowRunsOf(deploymentId);
    const scheduled = runs.filter((r) => r.state_type === 'SCHEDULED');
    const keys = scheduled.map((r) => r.expected_start_time as string);
    return { total: scheduled.length, distinct: new Set(keys).size };
  };
  let cleared = '';
  let first: { deploymentId: string; scheduleIds: string[]; runs: { total: number; distinct: number } };

  beforeAll(() => {
    tf = TerraformWorkdir.fromStackJson(app(apiUrl, FULL));
    tf.init();
    tf.apply();
  });
  afterAll(() => {
    if (tf && tf.stateList().length > 0) tf.destroy();
    tf?.remove();
  });

  test('version 1 applies, re-plans empty and reads back', async () => {
    expectEmptyPlan(tf);
    const dep = await main();
    expect(dep).toMatchObject({ parameters: { a: 1 }, tags: ['t1'], job_variables: { env: { RELEASE: '1' } }, description: 'd1', version: 'v1', path: '/opt/flows' });
    expect(dep.pull_steps).toEqual([{ 'prefect.deployments.steps.set_working_directory': { directory: '/opt/flows' } }]);
    expect(dep.entrypoint).toBe('flows/etl.py:etl');
    expect(dep.parameter_openapi_schema).toEqual(parameterSchema(['a']));
    expect(dep.global_concurrency_limit).toMatchObject({ limit: 2 });
    const poolB = await api.get(`/work_pools/${P}-b`);
    expect(poolB.base_job_template.variables.properties.env.default).toEqual({ TEAM: 'data' });
    const schedules = await api.schedules(dep.id);
    first = { deploymentId: dep.id, scheduleIds: schedules.map((s) => s.id).sort(), runs: await scheduleAndCount(dep.id) };
    expect(first.scheduleIds).toHaveLength(2);
    expect(first.runs.total).toBeGreaterThan(0);
    expect(first.runs.distinct).toBe(first.runs.total);
    // the worker metadata template is the server's own default for process pools
    const metadata = await api.get('/collections/views/aggregate-worker-metadata');
    const pool = await api.get(`/work_pools/${P}-meta`);
    expect(pool.base_job_template).toEqual(metadata.prefect.process.default_base_job_configuration);
    // actions, actions on trigger and on resolve, and the state name read back
    const [automation] = await api.automations([`${P} watch main`]);
    expect(automation.actions).toEqual([expect.objectContaining({ type: 'change-flow-run-state', state: 'CANCELLED', name: 'Skipped', message: 'skipped after a failure' })]);
    expect(automation.actions_on_trigger).toEqual([expect.objectContaining({ type: 'pause-deployment', deployment_id: dep.id })]);
    expect(automation.actions_on_resolve).toEqual([expect.objectContaining({ type: 'resume-deployment', deployment_id: dep.id })]);
  });

  test('values that stay set update in place: same deployment, same schedules, no duplicate runs', async () => {
    apply(CHANGED);
    expectEmptyPlan(tf);
    const dep = await main();
    expect(dep).toMatchObject({
      id: first.deploymentId, parameters: { a: 2 }, tags: ['t2'], job_variables: { env: { RELEASE: '2' } }, description: 'd2', version: 'v2', path: '/opt/flows2', paused: true,
      entrypoint: 'flows/etl2.py:etl',
    });
    expect(dep.pull_steps).toEqual([{ 'prefect.deployments.steps.set_working_directory': { directory: '/opt/flows2' } }]);
    expect(dep.parameter_openapi_schema).toEqual(parameterSchema(['a', 'b']));
    expect(dep.global_concurrency_limit).toMatchObject({ limit: 3 });
    expect((await api.schedules(dep.id)).map((s) => s.id).sort()).toEqual(first.scheduleIds);
    const runs = await scheduleAndCount(dep.id);
    expect(runs).toEqual(first.runs);
  });

  test('a deployment and a schedule removed on their own, in a later apply, are pruned; nothing else changes', async () => {
    const doomed = await api.get(`/deployments/name/${P}-flow/doomed`);
    const doomedSchedules = (await api.schedules(doomed.id)).map((s) => s.id);
    expect(doomedSchedules).toHaveLength(2);
    const before = await api.schedules(first.deploymentId);
    const hourly = before.find((s) => s.slug === 'hourly')!;
    apply(PRUNED);
    expectEmptyPlan(tf);
    // exactly the removed deployment, its schedules and its automation are gone
    expect(await api.find(`/deployments/${doomed.id}`)).toBeUndefined();
    expect((await api.deployments()).filter((d) => d.name === 'doomed')).toEqual([]);
    expect(await api.automations([`${P} doomed crashed`])).toEqual([]);
    // Main is the same deployment with only its hourly schedule, under the same id
    const dep = await main();
    expect(dep.id).toBe(first.deploymentId);
    expect((await api.schedules(dep.id)).map((s) => [s.slug, s.id])).toEqual([['hourly', hourly.id]]);
    expect((await api.deployments()).filter((d) => d.flow_id === dep.flow_id).map((d) => d.name)).toEqual(['main']);
    expect(await api.automations([`${P} watch main`])).toHaveLength(1);
  });

  test('cleared values are cleared (the deployment is replaced), the moved queue is replaced', async () => {
    apply(CLEARED);
    expectEmptyPlan(tf);

    const dep = await main();
    expect(dep.id).not.toBe(first.deploymentId);
    expect(dep).toMatchObject({ parameters: {}, tags: [], job_variables: {}, pull_steps: [] });
    expect([null, '']).toContain(dep.description);
    expect([null, '']).toContain(dep.version);
    expect([null, '']).toContain(dep.path);
    expect(dep.paused).toBe(false);
    expect(dep.global_concurrency_limit).toBeNull();
    // pool B lost its own template: it was recreated without one, as a pool created with none is
    expect((await api.get(`/work_pools/${P}-b`)).base_job_template).toEqual({});
    expect((await api.schedules(dep.id)).map((s) => s.slug)).toEqual(['hourly']);
    const [automation] = await api.automations([`${P} watch main`]);
    expect(automation.actions_on_trigger).toEqual([expect.objectContaining({ deployment_id: dep.id })]);
    cleared = dep.id;

    expect((await api.workQueues(`${P}-b`)).map((q) => q.name).sort()).toEqual(['default', 'lane']);
    expect((await api.workQueues(`${P}-a`)).map((q) => q.name)).toEqual(['default']);

    expect((await api.deployments()).filter((d) => d.flow_id === dep.flow_id).map((d) => d.name)).toEqual(['main']);
  });

  test('empty to set (parameters, job variables, pull steps) replaces the deployment once, and the schedule follows', async () => {
    apply(REFILLED);
    expectEmptyPlan(tf);
    const dep = await main();
    expect(dep.id).not.toBe(cleared);
    expect(dep).toMatchObject({ parameters: { a: 3 }, job_variables: { env: { RELEASE: '3' } } });
    expect(dep.pull_steps).toEqual([{ 'prefect.deployments.steps.set_working_directory': { directory: '/opt/flows3' } }]);
    expect(await api.find(`/deployments/${cleared}`)).toBeUndefined();
    expect((await api.schedules(dep.id)).map((s) => s.slug)).toEqual(['hourly']);
    const [automation] = await api.automations([`${P} watch main`]);
    expect(automation.actions_on_trigger).toEqual([expect.objectContaining({ deployment_id: dep.id })]);
    expect((await api.deployments()).filter((d) => d.flow_id === dep.flow_id).map((d) => d.name)).toEqual(['main']);
  });

  test('destroy leaves nothing behind', async () => {
    tf.destroy();
    expect(tf.stateList()).toEqual([]);
    expect(await api.workPools([`${P}-a`, `${P}-b`, `${P}-meta`])).toEqual([]);
    expect(await api.automations([`${P} watch main`])).toEqual([]);
  });
});
