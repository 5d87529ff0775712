import { AppRun, expectSuccess, readStack, removeRun, runApp } from '../multilang/support/app';
import { preparePythonExample, PYTHON_EXAMPLE, PYTHON_SETUP_TIMEOUT } from '../multilang/support/python';
import { missingProviders } from './support/env';
import { applyLifecycle, expectEmptyPlan } from './support/lifecycle';
import { PrefectApi } from './support/prefect-api';
import { describeUnless } from '../support/skip';

// The Python example app (examples/python/scheduled-deployment, the wheel built from this
// repository) against the local Prefect server: synth -> apply -> empty re-plan -> what the
// server stores read back -> destroy -> nothing left.
const withProvider = describeUnless(missingProviders('prefect'));

withProvider('examples/python/scheduled-deployment deployed to the local Prefect server', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectApi(apiUrl);
  let run: AppRun | undefined;

  // the app is synthesized in its own hook: the first setup (wheel, virtualenv) may take minutes
  let stackJson = '';
  beforeAll(() => {
    preparePythonExample();
    run = runApp(PYTHON_EXAMPLE);
    expectSuccess(run);
    const stack = readStack(run, 'scheduled-deployment');
    // state in the Terraform working directory, not next to the example
    delete stack.terraform.backend;
    stackJson = JSON.stringify(stack);
  }, PYTHON_SETUP_TIMEOUT);
  afterAll(() => removeRun(run));

  // the provider has no endpoint in the app: it reads PREFECT_API_URL, as for a user
  const tf = applyLifecycle(() => stackJson, { PREFECT_API_URL: apiUrl });

  test('a plan right after apply shows no changes', () => expectEmptyPlan(tf()));

  test('the work pool and its queue read back as declared', async () => {
    const pool = await api.get('/work_pools/etl-process');
    expect(pool).toMatchObject({ type: 'process', concurrency_limit: 4, description: 'process workers for the ETL flows' });
    const vars = pool.base_job_template.variables.properties;
    expect({ working_dir: vars.working_dir.default, stream_output: vars.stream_output.default, env: vars.env.default })
      .toEqual({ working_dir: '/opt/flows', stream_output: true, env: { PREFECT_LOGGING_LEVEL: 'INFO' } });
    const queue = (await api.workQueues('etl-process')).find((q) => q.name === 'critical');
    expect(queue).toMatchObject({ priority: 1, concurrency_limit: 2, description: 'runs that must not wait behind backfills' });
  });

  test('the deployment reads back with the parameters, schema and job variables of the Python dicts', async () => {
    const dep = await api.get('/deployments/name/etl/nightly');
    expect(dep).toMatchObject({
      name: 'nightly',
      description: 'loads yesterday\'s orders into the warehouse',
      version: '1.4.0',
      entrypoint: 'flows/etl.py:etl',
      work_pool_name: 'etl-process',
      work_queue_name: 'critical',
      parameters: { source: 's3://acme-raw/orders', batch_size: 500, dry_run: false },
      job_variables: { env: { WAREHOUSE: 'analytics' } },
      parameter_openapi_schema: {
        type: 'object',
        properties: { source: { type: 'string' }, batch_size: { type: 'integer', minimum: 1 }, dry_run: { type: 'boolean' } },
        required: ['source'],
      },
      paused: false,
    });
    expect([...dep.tags].sort()).toEqual(['etl', 'orders']);
    expect(dep.pull_steps).toEqual([
      { 'prefect.deployments.steps.git_clone': { repository: 'https://github.com/acme/data-flows.git', branch: 'main' } },
      { 'prefect.deployments.steps.pip_install_requirements': { requirements_file: 'requirements.txt' } },
    ]);
  });

  test('both schedules read back: the cron in Berlin time, the paused 6-hour interval with its parameters', async () => {
    const dep = await api.get('/deployments/name/etl/nightly');
    const schedules = (await api.schedules(dep.id)).sort((a, b) => String(a.slug).localeCompare(String(b.slug)));
    expect(schedules.map((s) => ({ slug: s.slug, active: s.active, parameters: s.parameters, ...s.schedule }))).toEqual([
      { slug: 'catch-up', active: false, parameters: { dry_run: true }, interval: 21600, anchor_date: '2026-01-01T00:30:00Z', timezone: 'UTC' },
      { slug: 'nightly', active: true, parameters: {}, cron: '0 2 * * *', timezone: 'Europe/Berlin', day_or: true },
    ]);
  });

  test('destroy leaves nothing behind', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(await api.deployments(['nightly'])).toEqual([]);
    expect(await api.flows(['etl'])).toEqual([]);
    expect(await api.workPools(['etl-process'])).toEqual([]);
  });
});
