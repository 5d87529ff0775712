import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { Duration, Flow, PullStep, WorkPool, WorkPoolType } from '../../src';
import { missingProviders, ROOT, TOOLCHAIN } from './support/env';
import { expectEmptyPlan } from './support/lifecycle';
import { PrefectEventsApi } from './support/prefect-api';
import { TerraformWorkdir } from './support/terraform';
import { describeUnless } from '../support/skip';

// DeploymentRun against the real server with a real process worker (started here from the
// project's virtualenv, in its own process group): a run created by the apply and waited for
// completes; a second apply with no change creates no run and the plan stays empty; a change to
// the deployment starts one new run (a new idempotency key), and no more on re-apply; a failing
// flow fails the apply with its state. The stack is synthesized by an App so that cdktf copies
// the run script into the stack's assets, as `cdktf deploy` does.

const P = `run${process.pid}`;
const FLOWS = path.join(ROOT, 'test', 'e2e', 'fixtures', 'run-flows');
const PREFECT = path.join(TOOLCHAIN, 'venv', 'bin', 'prefect');
const STACK = 'runs';
/** Characters the configuration must carry through unchanged: quotes, a template, a directive. */
const GREETING = 'say "hi" ${not_a_ref} %{nor_this}';
/**
 * How long a waited-for run may take. A process worker starts each run as a new Python process
 * that imports Prefect; in `npm test` the unit project runs beside this suite on the same two
 * cores, and a run that took 24 s on a loaded machine here did not finish within 60 s in CI.
 */
const RUN_TIMEOUT = Duration.seconds(240);

interface Version {
  /** Whether the `ok` deployment has its run. */
  readonly run: boolean;
  /**
   * Whether the `boom` deployment (with a waited-for run) is in the app, and a run of `ok` on
   * a paused queue, which no worker takes, waited for briefly.
   */
  readonly boom: boolean;
  /** The `ok` deployment's `count` parameter: a change to the deployment (default 2). */
  readonly count?: number;
}

/** Synthesizes the app and puts its stack (cdk.tf.json and assets/) into `dir`. */
function synthInto(dir: string, apiUrl: string, v: Version): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-run-synth-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, STACK);
  new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
  const pool = new WorkPool(stack, 'Pool', { workPoolName: `${P}-process`, workPoolType: WorkPoolType.PROCESS });
  const common = { workPool: pool, pullSteps: [PullStep.workingDirectory(FLOWS)] };
  const ok = new Flow(stack, 'Ok', { flowName: 'cdktf-run-ok' }).addDeployment('Deployment', {
    ...common,
    deploymentName: `${P}-ok`,
    entrypoint: 'flows.py:ok',
    parameters: { count: v.count ?? 2 },
    parameterOpenApiSchema: { type: 'object', properties: { greeting: { type: 'string' }, count: { type: 'integer' } } },
  });
  if (v.run) {
    ok.runOnDeploy('Smoke', {
      parameters: { greeting: GREETING },
      flowRunName: `${P}-smoke`,
      tags: ['smoke'],
      wait: true,
      timeout: RUN_TIMEOUT,
      pollInterval: Duration.seconds(0.5),
    });
  }
  if (v.boom) {
    new Flow(stack, 'Boom', { flowName: 'cdktf-run-boom' }).addDeployment('Deployment', {
      ...common,
      deploymentName: `${P}-boom`,
      entrypoint: 'flows.py:boom',
    }).runOnDeploy('Smoke', { wait: true, timeout: RUN_TIMEOUT, pollInterval: Duration.seconds(0.5) });
    const paused = pool.addQueue('Paused', { workQueueName: 'paused', paused: true });
    ok.runOnDeploy('Stuck', { workQueueName: paused.workQueueName, flowRunName: `${P}-stuck`, wait: true, timeout: Duration.seconds(2), pollInterval: Duration.seconds(0.5) });
  }
  app.synth();
  const stackDir = path.join(outdir, 'stacks', STACK);
  fs.copyFileSync(path.join(stackDir, 'cdk.tf.json'), path.join(dir, 'cdk.tf.json'));
  if (fs.existsSync(path.join(stackDir, 'assets'))) fs.cpSync(path.join(stackDir, 'assets'), path.join(dir, 'assets'), { recursive: true, force: true });
  fs.rmSync(outdir, { recursive: true, force: true });
}

/** Waits until a worker has sent a heartbeat for `pool` (up to 180 s), else fails with its log. */
async function waitForWorker(api: PrefectEventsApi, pool: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const workers = await api.post<unknown[]>(`/work_pools/${pool}/workers/filter`, {});
    if (workers.length > 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no worker came online for pool ${pool} within 180 s\nworker:\n${log()}`);
}

const noVenv = fs.existsSync(PREFECT) ? undefined : `${PREFECT} is missing: run 'npx projen toolchain'`;

describeUnless(missingProviders('prefect') ?? noVenv)('DeploymentRun: runs on deploy with a real process worker', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectEventsApi(apiUrl);
  let tf: TerraformWorkdir;
  let worker: ChildProcess | undefined;
  let workerLog = '';
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-run-worker-'));
  const runsOf = async (deployment: string) => {
    const d = await api.get(`/deployments/name/${deployment}`);
    return { deployment: d, runs: await api.flowRunsOf(d.id) };
  };

  const t0 = Date.now();
  const lap = (what: string) => process.stderr.write(`[deployment-run] ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-e2e-'));
    // the run script reads the API URL from the environment, as the provider can
    tf = new TerraformWorkdir(dir, { PREFECT_API_URL: apiUrl });
    // the pool first: a worker started on a missing pool would create it itself
    synthInto(dir, apiUrl, { run: false, boom: false });
    tf.init();
    lap('init');
    tf.apply();
    lap('apply of the pool and deployment');
    worker = spawn(PREFECT, ['worker', 'start', '--pool', `${P}-process`, '--type', 'process', '--prefetch-seconds', '1'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PREFECT_API_URL: apiUrl, PREFECT_HOME: home, PREFECT_WORKER_QUERY_SECONDS: '1', PREFECT_WORKER_HEARTBEAT_SECONDS: '5' },
    });
    worker.stdout!.on('data', (b) => (workerLog += b));
    worker.stderr!.on('data', (b) => (workerLog += b));
    // the worker's start-up (a Python process importing Prefect) is not the run's time: wait until
    // it has sent its first heartbeat for the pool
    await waitForWorker(api, `${P}-process`, () => workerLog);
    lap('worker online');
    synthInto(dir, apiUrl, { run: true, boom: false });
    const r = tf.run('apply', '-no-color', '-input=false', '-auto-approve');
    lap('apply with the run');
    if (r.code !== 0) throw new Error(`apply with the run failed\n${r.stdout}\n${r.stderr}\nworker:\n${workerLog}`);
  });

  afterAll(() => {
    if (worker?.pid) {
      try {
        process.kill(-worker.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    lap('tests');
    // one at a time: deletes running side by side lock the server's SQLite database, and the
    // provider's retries of its 503 answers took 40 s
    if (tf && tf.stateList().length > 0) tf.destroy();
    lap('destroy');
    tf?.remove();
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('the apply waited for a Completed run, read back through the API with its options', async () => {
    const { deployment, runs } = await runsOf(`cdktf-run-ok/${P}-ok`);
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run.state_type).toBe('COMPLETED');
    expect(run.name).toBe(`${P}-smoke`);
    expect(run.deployment_id).toBe(deployment.id);
    // the run's parameters merged over the deployment's, the quotes and braces unchanged
    expect(run.parameters).toEqual({ count: 2, greeting: GREETING });
    expect(run.tags).toContain('smoke');
    expect(run.idempotency_key).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a second apply with no change plans nothing and creates no run', async () => {
    expectEmptyPlan(tf);
    tf.apply();
    const { runs } = await runsOf(`cdktf-run-ok/${P}-ok`);
    expect(runs).toHaveLength(1);
    expectEmptyPlan(tf);
  });

  test('a change to the deployment starts exactly one new run, and a re-apply none', async () => {
    const before = (await runsOf(`cdktf-run-ok/${P}-ok`)).runs;
    synthInto(tf.dir, apiUrl, { run: true, boom: false, count: 3 });
    tf.apply();
    const { runs } = await runsOf(`cdktf-run-ok/${P}-ok`);
    expect(runs).toHaveLength(2);
    const fresh = runs.find((run) => run.id !== before[0].id);
    expect(fresh.state_type).toBe('COMPLETED');
    expect(fresh.parameters).toEqual({ count: 3, greeting: GREETING });
    expect(fresh.idempotency_key).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh.idempotency_key).not.toBe(before[0].idempotency_key);
    expectEmptyPlan(tf);
    tf.apply();
    expect((await runsOf(`cdktf-run-ok/${P}-ok`)).runs).toHaveLength(2);
  });

  test('a failing flow fails the apply, naming the run and its state', async () => {
    synthInto(tf.dir, apiUrl, { run: true, boom: true, count: 3 });
    const r = tf.run('apply', '-no-color', '-input=false', '-auto-approve');
    const output = `${r.stdout}\n${r.stderr}`;
    expect(r.code).not.toBe(0);
    const { runs } = await runsOf(`cdktf-run-boom/${P}-boom`);
    expect(runs).toHaveLength(1);
    expect(runs[0].state_type).toBe('FAILED');
    expect(output).toContain('ended in state Failed (FAILED)');
    expect(output).toContain(`/runs/flow-run/${runs[0].id}`);
    // the ok deployment's two runs were not repeated; its run on the paused queue timed out
    const ok = (await runsOf(`cdktf-run-ok/${P}-ok`)).runs;
    expect(ok.map((run) => run.name).sort()).toEqual([`${P}-smoke`, `${P}-smoke`, `${P}-stuck`]);
    const stuck = ok.find((run) => run.name === `${P}-stuck`);
    expect(stuck.work_queue_name).toBe('paused');
    expect(output).toContain(`flow run "${P}-stuck" (${stuck.id}) did not finish within 2 s: it is still Scheduled (SCHEDULED)`);
  });
});
