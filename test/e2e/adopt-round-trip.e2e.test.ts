import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import {
  Action,
  Automation,
  BaseJobTemplate,
  CollisionStrategy,
  CompoundRequire,
  Duration,
  Flow,
  FlowRunState,
  GlobalConcurrencyLimit,
  Schedule,
  TaskRunConcurrencyLimit,
  Trigger,
  Variable,
  VariableValue,
  WorkPool,
  WorkPoolType,
} from '../../src';
import { REPORT_FILE } from '../../src/cli/adopt/command';
import { main } from '../../src/cli/main';
import { missingProviders, ROOT } from './support/env';
import { applyLifecycle } from './support/lifecycle';
import { describeUnless } from '../support/skip';

// The round trip of `cdktf-prefect adopt`: an estate this library created (every kind adopt
// writes: a pool with a typed template and a queue, both kinds of concurrency limit, a variable,
// a flow, a deployment with two schedules, and automations whose triggers and actions name the
// other objects) is applied to the local server, adopted back from it, and the generated app
// synthesizes to the same Terraform JSON as the original, apart from construct ids (logical ids,
// and the references and bookkeeping hashes derived from them) and the import blocks.
const withProvider = describeUnless(missingProviders('prefect'));

const DIR = path.join(ROOT, 'test', 'convert', '.out', 'adopt-round-trip');

function original(): TerraformStack {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, 'adopted');
  new PrefectProvider(stack, 'prefect', {});
  const pool = new WorkPool(stack, 'Pool', {
    workPoolName: 'rt-process',
    workPoolType: WorkPoolType.PROCESS,
    description: 'round trip',
    concurrencyLimit: 6,
    baseJobTemplate: BaseJobTemplate.process().withVariableDefaults({ working_dir: '/srv/flows', stream_output: false }),
  });
  const queue = pool.addQueue('Urgent', { workQueueName: 'rt-urgent', priority: 2, concurrencyLimit: 3, description: 'urgent runs' });
  const limit = new GlobalConcurrencyLimit(stack, 'Warehouse', { globalConcurrencyLimitName: 'rt-warehouse', limit: 4, slotDecayPerSecond: 0.5 });
  new TaskRunConcurrencyLimit(stack, 'Export', { tag: 'rt-export', concurrencyLimit: 7 });
  new Variable(stack, 'Settings', { variableName: 'rt_settings', value: VariableValue.fromObject({ stage: 'prod', retries: 3 }), tags: ['rt'] });
  const flow = new Flow(stack, 'Flow', { flowName: 'rt-etl' });
  const deployment = flow.addDeployment('Nightly', {
    deploymentName: 'rt-nightly',
    description: 'loads the warehouse',
    workPool: pool,
    workQueue: queue,
    entrypoint: 'flows/etl.py:etl',
    path: '/srv/flows',
    parameters: { source: 's3://acme/raw', batch: 500 },
    jobVariables: { env: { STAGE: 'prod' } },
    tags: ['etl', 'rt'],
    globalConcurrencyLimit: limit,
    collisionStrategy: CollisionStrategy.CANCEL_NEW,
  });
  deployment.addSchedule('Nightly', Schedule.cron('0 2 * * *', { timezone: 'Europe/Berlin' }));
  deployment.addSchedule('Hourly', Schedule.interval(Duration.hours(1)), { active: false });
  new Automation(stack, 'Rerun', {
    automationName: 'rt-rerun',
    description: 'runs the nightly load again when a run crashes',
    trigger: Trigger.compound({
      require: CompoundRequire.ANY,
      triggers: [Trigger.event({ expect: [FlowRunState.CRASHED.eventName] }), Trigger.event({ expect: [FlowRunState.TIMED_OUT.eventName] })],
      within: Duration.minutes(10),
    }),
    actions: [Action.runDeployment({ deployment, parameters: { full: true } }), Action.pauseWorkPool(pool)],
  });
  return stack;
}

withProvider('adopt round trip: an estate the library made adopts back to the same Terraform JSON', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  let originalJson = '';
  const tf = applyLifecycle(() => {
    originalJson = Testing.synth(original());
    return originalJson;
  }, { PREFECT_API_URL: apiUrl });
  let adoptedJson = '';

  beforeAll(async () => {
    tf();
    fs.rmSync(DIR, { recursive: true, force: true });
    let err = '';
    const code = await main(['adopt', '--api-url', apiUrl, '--out', DIR, '--name', 'rt?*', '--replace-schedules'], { write: () => true } as any, { write: (s: string) => (err += s) } as any);
    if (code !== 0) throw new Error(`adopt exited ${code}: ${err}`);
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], { cwd: DIR, env: { ...process.env, CDKTF_OUTDIR: path.join(DIR, 'cdktf.out') }, stdio: 'inherit' });
    adoptedJson = fs.readFileSync(path.join(DIR, 'cdktf.out', 'stacks', 'adopted', 'cdk.tf.json'), 'utf8');
  });
  afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

  test('the same resources, with the same attributes and references', () => {
    const a = canonical(JSON.parse(originalJson));
    const b = canonical(JSON.parse(adoptedJson));
    expect(Object.keys(b.resource).sort()).toEqual(Object.keys(a.resource).sort());
    expect(b).toEqual(a);
  });

  test('every object on the server is adopted with an import, and nothing is reported as lost', () => {
    const report = fs.readFileSync(path.join(DIR, REPORT_FILE), 'utf8');
    expect(report).not.toMatch(/^Not adopted/m);
    // every resource on the server but the schedules and the compound automation (not importable)
    const imported = (JSON.parse(adoptedJson).import as Array<{ to: string }>).map((i) => i.to.replace(/_[0-9A-F]{8}$/, '')).sort();
    expect(imported).toEqual([
      'prefect_deployment.RtEtl_RtNightly', 'prefect_flow.RtEtl', 'prefect_global_concurrency_limit.RtWarehouse',
      'prefect_task_run_concurrency_limit.RtExportTasks', 'prefect_variable.RtSettings', 'prefect_work_pool.RtProcess',
      'prefect_work_queue.RtProcess_RtUrgent',
    ]);
  });
});

/**
 * A stack without what construct ids decide: resources keyed by type and physical name instead
 * of logical id, references rewritten the same way, the import blocks, provider aliases and
 * cdktf metadata dropped, and terraform_data bookkeeping keyed by what it watches.
 */
function canonical(stack: any): any {
  const resources: { [type: string]: { [id: string]: any } } = stack.resource ?? {};
  const keys = new Map<string, string>();
  for (const [type, byId] of Object.entries(resources)) {
    for (const [id, r] of Object.entries(byId)) keys.set(`${type}.${id}`, `${type}.${physical(type, r)}`);
  }
  // longest first, so `x.Pool_Urgent` is not rewritten as `x.Pool` + `_Urgent`
  const ordered = [...keys.keys()].sort((x, y) => y.length - x.length);
  // a key that names another resource (a schedule's deployment) is rewritten too
  for (const [k, v] of keys) keys.set(k, rewrite(v) as string);
  function rewrite(v: unknown): unknown {
    if (typeof v === 'string') {
      let out = v;
      for (const k of ordered) out = out.split(k).join(keys.get(k)!);
      return out;
    }
    if (Array.isArray(v)) return v.map(rewrite);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([k]) => k !== '//').map(([k, x]) => [k, rewrite(x)]));
    }
    return v;
  }
  const out: { [type: string]: { [key: string]: any } } = {};
  for (const [type, byId] of Object.entries(resources)) {
    out[type] = {};
    for (const [id, r] of Object.entries(byId)) out[type][keys.get(`${type}.${id}`)!.slice(type.length + 1)] = rewrite(r);
  }
  return { provider: stack.provider, resource: out };
}

/** What names a resource on the server, or what it is about. */
function physical(type: string, r: any): string {
  if (type === 'prefect_deployment_schedule') return `${r.deployment_id}:${r.slug ?? r.cron ?? r.interval}`;
  if (type === 'prefect_task_run_concurrency_limit') return r.tag;
  if (type === 'terraform_data') return JSON.stringify(r.input ?? r.triggers_replace ?? r);
  return r.name ?? JSON.stringify(r);
}
