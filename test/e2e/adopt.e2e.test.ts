import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { missingProviders, ROOT, TOOLCHAIN } from './support/env';
import { PrefectEventsApi } from './support/prefect-api';
import { TerraformWorkdir, TfResult } from './support/terraform';
import { describeUnless } from '../support/skip';

// `cdktf-prefect adopt` on an estate built the way users build one, without the library: a pool
// through `prefect work-pool create`, a queue, a variable and a concurrency limit through the REST
// API, a deployment with two schedules through the real `prefect deploy` (test/adopt/estate), and
// a flow run. Then: adopt (filtered to the estate's names, as the shared server holds other
// tests' objects), synth the TypeScript app, plan (imports and the schedule replacement only),
// delete the old schedules, apply, read back, re-plan empty, destroy.
const withProvider = describeUnless(missingProviders('prefect'));

const ESTATE = path.join(ROOT, 'test', 'adopt', 'estate');
const DIR = path.join(ROOT, 'test', 'convert', '.out', 'adopt-e2e');
const VENV = path.join(TOOLCHAIN, 'venv', 'bin');
const POOL = 'adopt-process';
const QUEUE = 'adopt-critical';
const SECRET = 'adopt-e2e-not-a-real-secret';

withProvider('adopt: an estate made without the library is imported, not re-created', () => {
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
    before.automation = await api.post('/automations/', {
      name: 'adopt-on-failure',
      trigger: { type: 'event', expect: ['prefect.flow-run.Failed'], match: { 'prefect.resource.id': 'prefect.flow-run.*' }, posture: 'Reactive', threshold: 2, within: 60 },
      actions: [{ type: 'suspend-flow-run' }],
    });
    before.deployment = await api.get('/deployments/name/adopt-etl/adopt-nightly');
    before.flowRun = await api.post(`/deployments/${before.deployment.id}/create_flow_run`, {});
    before.pool = await api.get(`/work_pools/${POOL}`);
    before.queue = await api.get(`/work_pools/${POOL}/queues/${QUEUE}`);
    lap('estate built with prefect and the REST API');

    fs.rmSync(DIR, { recursive: true, force: true });
    const sink = { write: () => true } as any;
    let err = '';
    const code = await main(['adopt', '--api-url', apiUrl, '--out', DIR, '--name', 'adopt?*', '--replace-schedules'], sink, { write: (s: string) => (err += s) } as any);
    if (code !== 0) throw new Error(`adopt exited ${code}: ${err}`);
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], { cwd: DIR, env: { ...process.env, CDKTF_OUTDIR: path.join(DIR, 'cdktf.out') }, stdio: 'inherit' });
    lap('adopt and synth');
    // the secret block's value, supplied as the generated README says
    tf = new TerraformWorkdir(path.join(DIR, 'cdktf.out', 'stacks', 'adopted'), { PREFECT_API_URL: apiUrl, TF_VAR_adopt_db_password_value: SECRET });
    tf.init();
    firstPlan = tf.planChanges();
    let deleteErr = '';
    const deleted = await main(['adopt', '--delete-old-schedules', '--out', DIR], sink, { write: (s: string) => (deleteErr += s) } as any);
    if (deleted !== 0) throw new Error(`adopt --delete-old-schedules exited ${deleted}: ${deleteErr}`);
    tf.apply();
    lap('plan, delete the old schedules, apply');
  });

  afterAll(async () => {
    if (tf && tf.stateList().length > 0) tf.destroy();
    await removeEstate(api);
    fs.rmSync(DIR, { recursive: true, force: true });
  });

  test('the first plan imports every object and creates only the schedules and bookkeeping; nothing is destroyed', () => {
    const plan = firstPlan!.stdout;
    const actions = [...plan.matchAll(/^ {2}# (\S+) will be (imported|created|updated in-place|destroyed|replaced)/gm)].map((m) => `${m[2]} ${m[1].replace(/_[0-9A-F]{8}$/, '')}`);
    expect(actions.sort()).toEqual([
      'created prefect_deployment_schedule.AdoptEtl_AdoptNightly',
      'created prefect_deployment_schedule.AdoptEtl_AdoptNightly_Hourly',
      'created terraform_data.AdoptEtl_AdoptNightly_ReplaceOnClear',
      'created terraform_data.AdoptProcess_AdoptCritical_ReplaceOnPoolChange',
      'created terraform_data.AdoptProcess_ReplaceOnClear',
      'imported prefect_automation.AdoptOnFailure',
      'imported prefect_deployment.AdoptEtl_AdoptNightly',
      'imported prefect_flow.AdoptEtl',
      'imported prefect_global_concurrency_limit.AdoptWarehouse',
      'imported prefect_variable.AdoptSettings',
      'imported prefect_work_queue.AdoptProcess_AdoptCritical',
      // the provider does not import write-only data: the apply writes the block's data once
      'updated in-place prefect_block.AdoptDbPassword',
      // the provider does not read a pool's template on import: the apply writes the same one
      'updated in-place prefect_work_pool.AdoptProcess',
    ]);
    expect(plan).toContain('Plan: 8 to import, 5 to add, 2 to change, 0 to destroy.');
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
    }).toEqual({
      automation: 'adopt-on-failure',
      block: before.block.id,
      pool: before.pool.id, queue: before.queue.id, deployment: before.deployment.id, flow: before.deployment.flow_id,
      variable: before.variable.id, limit: before.limit.id,
    });
    // and nothing about them changed (the pool's template was written once, as it was)
    expect((await api.get(`/work_pools/${POOL}`)).base_job_template).toEqual(before.pool.base_job_template);
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

  test('the delete step run again deletes nothing: the schedules are the app\'s now', async () => {
    let err = '';
    const code = await main(['adopt', '--delete-old-schedules', '--out', DIR], { write: () => true } as any, { write: (s: string) => (err += s) } as any);
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

/** Deletes what an earlier, interrupted run may have left (by name; missing objects are fine). */
async function removeEstate(api: PrefectEventsApi): Promise<void> {
  const routes = [
    '/deployments/name/adopt-etl/adopt-nightly', '/flows/name/adopt-etl', `/work_pools/${POOL}`,
    '/variables/name/adopt_settings', '/v2/concurrency_limits/adopt-warehouse',
    '/block_types/slug/secret/block_documents/name/adopt-db-password',
  ];
  const automations = await api.post<any[]>('/automations/filter', {});
  for (const a of automations.filter((x) => x.name === 'adopt-on-failure')) await api.delete(`/automations/${a.id}`);
  for (const route of routes) {
    const found = await api.find(route);
    if (!found) continue;
    const byId = ['/deployments', '/flows', '/block_types'].find((p) => route.startsWith(p));
    const target = byId === undefined ? route : `${byId === '/block_types' ? '/block_documents' : byId}/${found.id}`;
    await api.delete(target);
  }
}
