import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { missingProviders, ROOT, TOOLCHAIN } from './support/env';
import { PrefectEventsApi } from './support/prefect-api';
import { TerraformWorkdir, TfResult } from './support/terraform';
import { describeUnless } from '../support/skip';
import { preparePythonExample, PYTHON_EXAMPLE, PYTHON_SETUP_TIMEOUT } from '../multilang/support/python';

// `cdktf-prefect adopt` on an estate built the way users build one, without the library: a pool
// through `prefect work-pool create`, a queue, a variable, a global and a task-run concurrency
// limit and two automations (one compound, running the adopted deployment) through the REST API,
// a secret block through the SDK, a deployment with two schedules through the real `prefect
// deploy` (test/adopt/estate), and a flow run. Then: adopt (filtered to the estate's names, as the
// shared server holds other tests' objects), synth the app, plan (imports and the schedule
// replacement only), delete the old schedules, apply, read back, re-plan empty, destroy. Once
// with the TypeScript app, once with the Python one (run in the Python example's virtualenv,
// with the wheel built from this repository), each on an estate built anew.
const withProvider = describeUnless(missingProviders('prefect'));

const ESTATE = path.join(ROOT, 'test', 'adopt', 'estate');
const OUT = path.join(ROOT, 'test', 'convert', '.out');
const VENV = path.join(TOOLCHAIN, 'venv', 'bin');
const POOL = 'adopt-process';
const QUEUE = 'adopt-critical';
const SECRET = 'adopt-e2e-not-a-real-secret';
const TASK_TAG = 'adopt-export';

for (const language of ['typescript', 'python'] as const) {
  withProvider(`adopt (${language} app): an estate made without the library is imported, not re-created`, () => {
    const DIR = path.join(OUT, `adopt-e2e-${language}`);
    const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
    const api = new PrefectEventsApi(apiUrl);
    const before: Record<string, any> = {};
    let firstPlan: TfResult | undefined;
    let tf: TerraformWorkdir | undefined;

    beforeAll(async () => {
      const t0 = Date.now();
      const lap = (what: string) => process.stderr.write(`[adopt] ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      await removeEstate(api);
      const env = { ...process.env, PREFECT_API_URL: apiUrl, PREFECT_CLI_PROMPT: 'false' };
      execFileSync(path.join(VENV, 'prefect'), ['work-pool', 'create', POOL, '--type', 'process'], { env, stdio: 'pipe' });
      await api.post(`/work_pools/${POOL}/queues`, { name: QUEUE, priority: 2, concurrency_limit: 4, description: 'urgent runs' });
      execFileSync(path.join(VENV, 'python'), [path.join(ROOT, 'test', 'convert', 'support', 'prefect_side.py'), 'deploy', ESTATE], {
        env: { ...env, GIT_DIR: path.join(os.tmpdir(), 'cdktf-prefect-no-git-here') }, stdio: 'pipe',
      });
      execFileSync(path.join(VENV, 'python'), ['-c', 'import sys; from prefect.blocks.system import Secret; Secret(value=sys.argv[1]).save("adopt-db-password", overwrite=True)', SECRET], { env, stdio: 'pipe' });
      before.block = await api.get('/block_types/slug/secret/block_documents/name/adopt-db-password');
      before.variable = await api.post('/variables/', { name: 'adopt_settings', value: { stage: 'prod', retries: 3 }, tags: ['adopt'] });
      before.limit = await api.post('/v2/concurrency_limits/', { name: 'adopt-warehouse', limit: 3 });
      before.taskLimit = await api.post('/concurrency_limits/', { tag: TASK_TAG, concurrency_limit: 5 });
      before.automation = await api.post('/automations/', {
        name: 'adopt-on-failure',
        trigger: { type: 'event', expect: ['prefect.flow-run.Failed'], match: { 'prefect.resource.id': 'prefect.flow-run.*' }, posture: 'Reactive', threshold: 2, within: 60 },
        actions: [{ type: 'suspend-flow-run' }],
      });
      before.deployment = await api.get('/deployments/name/adopt-etl/adopt-nightly');
      const event = (name: string) => ({ type: 'event', expect: [`prefect.flow-run.${name}`], match: { 'prefect.resource.id': 'prefect.flow-run.*' }, posture: 'Reactive', threshold: 1, within: 0 });
      before.compound = await api.post('/automations/', {
        name: 'adopt-rerun',
        trigger: { type: 'compound', require: 'any', within: 600, triggers: [event('Crashed'), event('TimedOut')] },
        actions: [{ type: 'run-deployment', source: 'selected', deployment_id: before.deployment.id, parameters: { full_refresh: true } }],
      });
      before.flowRun = await api.post(`/deployments/${before.deployment.id}/create_flow_run`, {});
      // the scheduler's runs of the old schedules, as a server that has been running for a while has them
      await api.post(`/deployments/${before.deployment.id}/schedule`, { min_runs: 3, max_runs: 3 });
      before.scheduledRuns = await scheduledRuns(api, before.deployment.id);
      before.pool = await api.get(`/work_pools/${POOL}`);
      before.queue = await api.get(`/work_pools/${POOL}/queues/${QUEUE}`);
      lap('estate built with prefect and the REST API');

      fs.rmSync(DIR, { recursive: true, force: true });
      const sink = { write: () => true } as any;
      let err = '';
      // the TypeScript run uses the flags' names, the Python run their old names
      const [replace, deleteReplaced] = language === 'typescript' ? ['--replace-unimportable', '--delete-replaced'] : ['--replace-schedules', '--delete-old-schedules'];
      const code = await main(['adopt', '--api-url', apiUrl, '--out', DIR, '--name', 'adopt?*', replace, '--language', language], sink, { write: (s: string) => (err += s) } as any);
      if (code !== 0) throw new Error(`adopt exited ${code}: ${err}`);
      const synthEnv = { ...process.env, CDKTF_OUTDIR: path.join(DIR, 'cdktf.out') };
      if (language === 'python') {
        preparePythonExample();
        execFileSync(path.join(PYTHON_EXAMPLE, '.venv', 'bin', 'python'), ['main.py'], { cwd: DIR, env: synthEnv, stdio: 'inherit' });
      } else {
        execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], { cwd: DIR, env: synthEnv, stdio: 'inherit' });
      }
      lap(`adopt and synth (${language})`);
      // the secret block's value, supplied as the generated README says
      tf = new TerraformWorkdir(path.join(DIR, 'cdktf.out', 'stacks', 'adopted'), { PREFECT_API_URL: apiUrl, TF_VAR_adopt_db_password_value: SECRET });
      tf.init();
      firstPlan = tf.planChanges();
      let deleteErr = '';
      const deleted = await main(['adopt', deleteReplaced, '--out', DIR], sink, { write: (s: string) => (deleteErr += s) } as any);
      if (deleted !== 0) throw new Error(`adopt ${deleteReplaced} exited ${deleted}: ${deleteErr}`);
      tf.apply();
      lap('plan, delete the old schedules, apply');
    }, PYTHON_SETUP_TIMEOUT);

    afterAll(async () => {
      if (tf && tf.stateList().length > 0) tf.destroy();
      await removeEstate(api);
      fs.rmSync(DIR, { recursive: true, force: true });
    });

    test('the first plan imports every object and creates only the schedules and bookkeeping; nothing is destroyed', () => {
      const plan = firstPlan!.stdout;
      const actions = [...plan.matchAll(/^ {2}# (\S+) will be (imported|created|updated in-place|destroyed|replaced)/gm)].map((m) => `${m[2]} ${m[1].replace(/_[0-9A-F]{8}$/, '')}`);
      expect(actions.sort()).toEqual([
      // provider 3.4.1 crashes importing a compound automation: the app declares it anew
        'created prefect_automation.AdoptRerun',
        'created prefect_deployment_schedule.AdoptEtl_AdoptNightly',
        'created prefect_deployment_schedule.AdoptEtl_AdoptNightly_Hourly',
        'created terraform_data.AdoptEtl_AdoptNightly_Hourly_ReplaceOnClear',
        // the deployment's and its first schedule's (the schedule's id ends like the deployment's)
        'created terraform_data.AdoptEtl_AdoptNightly_ReplaceOnClear',
        'created terraform_data.AdoptEtl_AdoptNightly_ReplaceOnClear',
        'created terraform_data.AdoptProcess_AdoptCritical_ReplaceOnClear',
        'created terraform_data.AdoptProcess_AdoptCritical_ReplaceOnPoolChange',
        'created terraform_data.AdoptProcess_ReplaceOnClear',
        'imported prefect_automation.AdoptOnFailure',
        'imported prefect_deployment.AdoptEtl_AdoptNightly',
        'imported prefect_flow.AdoptEtl',
        'imported prefect_global_concurrency_limit.AdoptWarehouse',
        'imported prefect_task_run_concurrency_limit.AdoptExportTasks',
        'imported prefect_variable.AdoptSettings',
        'imported prefect_work_queue.AdoptProcess_AdoptCritical',
        // the provider does not import write-only data: the apply writes the block's data once
        'updated in-place prefect_block.AdoptDbPassword',
        // the provider does not read a pool's template on import: the apply writes the same one
        'updated in-place prefect_work_pool.AdoptProcess',
      ]);
      expect(plan).toContain('Plan: 9 to import, 9 to add, 2 to change, 0 to destroy.');
    });

    test('every adopted object keeps its id', async () => {
      expect({
        pool: (await api.get(`/work_pools/${POOL}`)).id,
        queue: (await api.get(`/work_pools/${POOL}/queues/${QUEUE}`)).id,
        deployment: (await api.get('/deployments/name/adopt-etl/adopt-nightly')).id,
        flow: (await api.get('/flows/name/adopt-etl')).id,
        variable: (await api.get('/variables/name/adopt_settings')).id,
        limit: (await api.get('/v2/concurrency_limits/adopt-warehouse')).id,
        block: (await api.get('/block_types/slug/secret/block_documents/name/adopt-db-password')).id,
        automation: (await api.find(`/automations/${before.automation.id}`))?.name,
        // replaced: the old copy was deleted before the apply, the app's one has a new id
        compound: (await api.find(`/automations/${before.compound.id}`))?.name ?? 'gone',
        compounds: (await api.post<any[]>('/automations/filter', {})).filter((x) => x.name === 'adopt-rerun').length,
        taskLimit: (await api.get(`/concurrency_limits/tag/${TASK_TAG}`)).id,
      }).toEqual({
        automation: 'adopt-on-failure',
        compound: 'gone',
        compounds: 1,
        taskLimit: before.taskLimit.id,
        block: before.block.id,
        pool: before.pool.id, queue: before.queue.id, deployment: before.deployment.id, flow: before.deployment.flow_id,
        variable: before.variable.id, limit: before.limit.id,
      });
      // and nothing about them changed (the pool's template was written once, as it was); the
      // compound automation still runs the same deployment, now by the app's reference
      const compound = (await api.post<any[]>('/automations/filter', {})).find((x) => x.name === 'adopt-rerun');
      expect(compound).toMatchObject({
        trigger: { type: 'compound', require: 'any', within: 600, triggers: [{ expect: ['prefect.flow-run.Crashed'] }, { expect: ['prefect.flow-run.TimedOut'] }] },
        actions: [{ type: 'run-deployment', source: 'selected', deployment_id: before.deployment.id, parameters: { full_refresh: true } }],
      });
      expect((await api.get(`/concurrency_limits/tag/${TASK_TAG}`)).concurrency_limit).toBe(5);
      // (a Python app cannot pass the template's nulls: jsii drops a None in a dict; the report says so)
      const template = language === 'python' ? withoutNullKeys(before.pool.base_job_template) : before.pool.base_job_template;
      expect((await api.get(`/work_pools/${POOL}`)).base_job_template).toEqual(template);
      expect(await api.get('/deployments/name/adopt-etl/adopt-nightly')).toMatchObject({
        parameters: before.deployment.parameters, job_variables: before.deployment.job_variables, tags: before.deployment.tags,
        pull_steps: before.deployment.pull_steps, work_queue_name: QUEUE, description: before.deployment.description,
        concurrency_options: { collision_strategy: 'CANCEL_NEW' },
        global_concurrency_limit: { id: before.deployment.global_concurrency_limit.id, limit: 2 },
      });
    });

    test('the secret block keeps its value, which is in neither the app nor the Terraform state', async () => {
      const block = await api.get(`/block_documents/${before.block.id}?include_secrets=true`);
      expect(block.data).toEqual({ value: SECRET });
      const written = [
        ...fs.readdirSync(DIR).filter((f) => fs.statSync(path.join(DIR, f)).isFile()).map((f) => path.join(DIR, f)),
        path.join(tf!.dir, 'cdk.tf.json'),
      ];
      for (const file of written) expect(fs.readFileSync(file, 'utf8')).not.toContain(SECRET);
      expect(tf!.ok('show', '-json')).not.toContain(SECRET);
    });

    test('the earlier flow run still points at its deployment', async () => {
      expect((await api.get(`/flow_runs/${before.flowRun.id}`)).deployment_id).toBe(before.deployment.id);
    });

    test('the schedules are replaced, not duplicated', async () => {
      const schedules = await api.schedules(before.deployment.id);
      const old = new Set(before.deployment.schedules.map((s: any) => s.id));
      expect(schedules.map((s: any) => [s.slug, s.active, s.schedule.cron ?? s.schedule.interval, s.schedule.timezone]).sort()).toEqual([
        ['hourly', false, 3600, 'UTC'],
        ['nightly', true, '0 2 * * *', 'Europe/Berlin'],
      ]);
      expect(schedules.filter((s: any) => old.has(s.id))).toEqual([]);
    });

    test('the scheduled runs are not duplicated: the old schedules\' runs went with them, and each start time has one run', async () => {
      expect(before.scheduledRuns.length).toBeGreaterThan(0);
      await api.post(`/deployments/${before.deployment.id}/schedule`, { min_runs: 3, max_runs: 3 });
      const runs = await scheduledRuns(api, before.deployment.id);
      const current = new Set((await api.schedules(before.deployment.id)).map((x: any) => x.id));
      // the scheduler's idempotency key is "scheduled <deployment id> <schedule id> <start>"
      const scheduleOf = (r: any) => String(r.idempotency_key).split(' ')[2];
      expect(runs.filter((r) => !current.has(scheduleOf(r))).map((r) => r.idempotency_key)).toEqual([]);
      const starts = runs.map((r) => r.expected_start_time);
      expect(starts.length).toBeGreaterThan(0);
      expect(starts.length).toBe(new Set(starts).size);
      // the old runs of the deleted schedules are gone (Prefect deletes a schedule's future runs with it)
      expect(runs.filter((r) => before.scheduledRuns.some((o: any) => o.id === r.id))).toEqual([]);
    });

    test('the delete step run again deletes nothing: the schedules are the app\'s now', async () => {
      let err = '';
      const code = await main(['adopt', '--delete-replaced', '--out', DIR], { write: () => true } as any, { write: (s: string) => (err += s) } as any);
      expect({ code, err }).toEqual({
        code: 1,
        err: expect.stringContaining('deployment adopt-etl/adopt-nightly has schedule(s) adopt did not see (hourly, nightly): nothing was deleted'),
      });
      expect((await api.schedules(before.deployment.id)).length).toBe(2);
    });

    test('a second plan is empty', () => {
      const plan = tf!.planChanges();
      expect({ exitCode: plan.code, plan: plan.code === 0 ? '' : plan.stdout }).toEqual({ exitCode: 0, plan: '' });
    });
  });
}

/** The deployment's auto-scheduled runs that have not started. */
async function scheduledRuns(api: PrefectEventsApi, deploymentId: string): Promise<any[]> {
  const runs = await api.post<any[]>('/flow_runs/filter', {
    flow_runs: { deployment_id: { any_: [deploymentId] }, state: { type: { any_: ['SCHEDULED'] } } },
  });
  return runs.filter((r) => r.auto_scheduled);
}

/** A JSON value without its null-valued keys, as a jsii language passes it. */
function withoutNullKeys(v: any): any {
  if (Array.isArray(v)) return v.map(withoutNullKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNullKeys(x)]));
  return v;
}

/** Deletes what an earlier, interrupted run may have left (by name; missing objects are fine). */
async function removeEstate(api: PrefectEventsApi): Promise<void> {
  const routes = [
    '/deployments/name/adopt-etl/adopt-nightly', '/flows/name/adopt-etl', `/work_pools/${POOL}`,
    '/variables/name/adopt_settings', '/v2/concurrency_limits/adopt-warehouse',
    '/block_types/slug/secret/block_documents/name/adopt-db-password',
  ];
  const automations = await api.post<any[]>('/automations/filter', {});
  for (const a of automations.filter((x) => x.name === 'adopt-on-failure' || x.name === 'adopt-rerun')) await api.delete(`/automations/${a.id}`);
  if (await api.find(`/concurrency_limits/tag/${TASK_TAG}`)) await api.delete(`/concurrency_limits/tag/${TASK_TAG}`);
  for (const route of routes) {
    const found = await api.find(route);
    if (!found) continue;
    const byId = ['/deployments', '/flows', '/block_types'].find((p) => route.startsWith(p));
    const target = byId === undefined ? route : `${byId === '/block_types' ? '/block_documents' : byId}/${found.id}`;
    await api.delete(target);
  }
}
