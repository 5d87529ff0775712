import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import {
  BaseJobTemplate,
  Block,
  BlockSecretValue,
  BlockType,
  CollisionStrategy,
  Deployment,
  Duration,
  Flow,
  GlobalConcurrencyLimit,
  PullStep,
  Schedule,
  ScheduledDeployment,
  TaskRunConcurrencyLimit,
  Variable,
  VariableValue,
  WorkPool,
} from '../../src';
import { missingProviders } from './support/env';
import { applyLifecycle, expectEmptyPlan } from './support/lifecycle';
import { PrefectApi } from './support/prefect-api';
import { describeUnless } from '../support/skip';

// The L2 constructs against a real Prefect server: apply -> empty re-plan -> every field
// read back from the REST API -> destroy -> nothing left.
const withProvider = describeUnless(missingProviders('prefect'));

function newStack(name: string, apiUrl: string): TerraformStack {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, name);
  new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
  return stack;
}

withProvider('the Pulumi example of "Manage resources using Infrastructure as Code", as cdktf-prefect', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectApi(apiUrl);
  const schema = {
    type: 'object',
    title: 'Parameters',
    properties: { foo: { type: 'string', title: 'foo', position: 0 } },
    required: ['foo'],
  };
  const tf = applyLifecycle(() => {
    const stack = newStack('pulumi-scenario', apiUrl);
    const pool = new WorkPool(stack, 'WorkPool', { workPoolName: 'example-work-pool' });
    new ScheduledDeployment(stack, 'Example', {
      flowName: 'example-flow',
      deploymentName: 'example-deployment',
      tags: ['example', 'pulumi'],
      parameters: { foo: 'bar' },
      parameterOpenApiSchema: schema,
      enforceParameterSchema: true,
      entrypoint: 'flows/example.py:example_flow',
      workPool: pool,
      workQueue: pool.defaultQueue(),
      schedules: [Schedule.cron('0 * * * *', { timezone: 'UTC' })],
    });
    return Testing.synth(stack);
  });

  test('a plan right after apply shows no changes', () => expectEmptyPlan(tf()));

  test('the deployment, its pool, queue and schedule read back as declared', async () => {
    const dep = await api.get('/deployments/name/example-flow/example-deployment');
    expect(dep).toMatchObject({
      name: 'example-deployment',
      parameters: { foo: 'bar' },
      parameter_openapi_schema: schema,
      enforce_parameter_schema: true,
      work_pool_name: 'example-work-pool',
      work_queue_name: 'default',
      entrypoint: 'flows/example.py:example_flow',
      paused: false,
    });
    expect([...dep.tags].sort()).toEqual(['example', 'pulumi']);
    expect((await api.flows(['example-flow'])).map((f) => f.id)).toEqual([dep.flow_id]);
    expect(await api.get('/work_pools/example-work-pool')).toMatchObject({ name: 'example-work-pool', type: 'process' });
    const schedules = await api.schedules(dep.id);
    expect(schedules.map((s) => ({ active: s.active, ...s.schedule }))).toEqual([
      { active: true, cron: '0 * * * *', timezone: 'UTC', day_or: true },
    ]);
  });

  test('destroy leaves nothing behind', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(await api.deployments(['example-deployment'])).toEqual([]);
    expect(await api.flows(['example-flow'])).toEqual([]);
    expect(await api.workPools(['example-work-pool'])).toEqual([]);
  });
});

describe('BlockType constants match the block types the server registers', () => {
  const api = () => new PrefectApi(process.env.CDKTF_PREFECT_E2E_API_URL!);
  const known = Object.entries(BlockType).filter(([, v]) => v instanceof BlockType) as [string, BlockType][];

  test.each(known)('BlockType.%s', async (_name, type) => {
    const blockType = await api().get(`/block_types/slug/${type.slug}`);
    const schemas: any[] = await api().post('/block_schemas/filter', { block_schemas: { block_type_id: { any_: [blockType.id] } } });
    expect(schemas.length).toBeGreaterThan(0);
    const fields = schemas[0].fields;
    // every field the server treats as secret is one we refuse as a literal (we may refuse
    // more: the secret block's value, aws_session_token, the GCP key are secret in practice)
    // ("creds.key" is a secret of a nested block, handled by that block's own type;
    // "info.*" marks every value of a dict field as secret)
    const serverSecrets = (fields.secret_fields ?? [])
      .filter((f: string) => /^[^.]+(\.\*)?$/.test(f))
      .map((f: string) => f.replace(/\.\*$/, ''));
    expect(type.secretFields).toEqual(expect.arrayContaining(serverSecrets));
  });
});

withProvider('every core construct in one stack', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectApi(apiUrl);
  const secretToken = `tok-${process.pid}-not-in-json`;
  let stackJson = '';
  const tf = applyLifecycle(() => {
    const stack = newStack('all-constructs', apiUrl);
    const pool = new WorkPool(stack, 'Pool', {
      workPoolName: 'e2e-docker',
      description: 'docker pool',
      concurrencyLimit: 7,
      baseJobTemplate: BaseJobTemplate.docker({ image: 'prefecthq/prefect:3-latest', env: { TEAM: 'data' } }),
    });
    const fast = pool.addQueue('Fast', { workQueueName: 'fast', priority: 1, concurrencyLimit: 5, description: 'fast lane' });
    const gcl = new GlobalConcurrencyLimit(stack, 'Limit', { globalConcurrencyLimitName: 'e2e-warehouse', limit: 3, slotDecayPerSecond: 0.5 });
    new TaskRunConcurrencyLimit(stack, 'DbLimit', { tag: 'e2e-db', concurrencyLimit: 10 });
    new Variable(stack, 'Settings', { variableName: 'e2e_settings', value: VariableValue.fromObject({ retries: 3, regions: ['eu', 'us'] }), tags: ['e2e'] });
    new Variable(stack, 'Threshold', { variableName: 'e2e_threshold', value: VariableValue.fromNumber(0.75) });
    new Block(stack, 'Config', { blockName: 'e2e-config', blockType: BlockType.LOCAL_FILE_SYSTEM, data: { basepath: '/opt/prefect/data' } });
    const token = new TerraformVariable(stack, 'git_token', { type: 'string', sensitive: true });
    const secret = new Block(stack, 'GitToken', {
      blockName: 'e2e-git-token',
      blockType: BlockType.SECRET,
      secretData: { value: BlockSecretValue.fromVariable(token) },
    });
    const flow = new Flow(stack, 'Flow', { flowName: 'e2e-all-flow', tags: ['e2e'] });
    const dep = new Deployment(stack, 'Deployment', {
      flow,
      deploymentName: 'all',
      description: 'every prop',
      version: '2.0.0',
      path: '/opt/flows',
      entrypoint: 'pipeline.py:run',
      tags: ['a', 'b'],
      workPool: pool,
      workQueue: fast,
      globalConcurrencyLimit: gcl,
      collisionStrategy: CollisionStrategy.CANCEL_NEW,
      parameters: { day: '2026-01-01', retries: 2 },
      jobVariables: { image: 'acme/etl:2', env: { STAGE: 'prod' } },
      pullSteps: [
        PullStep.gitClone({ repository: 'https://github.com/acme/etl.git', branch: 'release', accessToken: secret }),
        PullStep.workingDirectory('/opt/flows/etl'),
        PullStep.pipInstallRequirements({ requirementsFile: 'requirements.txt', streamOutput: false }),
        PullStep.runShellScript({ script: 'echo ready', streamOutput: true }),
      ],
    });
    dep.addSchedule('Weekdays', Schedule.cron('15 6 * * 1-5', { timezone: 'America/New_York', slug: 'weekdays' }));
    dep.addSchedule('HalfHourly', Schedule.interval(Duration.minutes(30), { anchorDate: '2026-01-01T00:00:00Z', slug: 'half-hourly', maxScheduledRuns: 5 }));
    dep.addSchedule('Weekly', Schedule.rrule('FREQ=WEEKLY;BYDAY=MO,WE', { timezone: 'Europe/Paris', slug: 'weekly', active: false, parameters: { retries: 0 } }));
    stackJson = Testing.synth(stack);
    return stackJson;
  }, { TF_VAR_git_token: secretToken });

  test('no secret in the synthesized JSON', () => {
    expect(stackJson).not.toContain(secretToken);
  });

  test('a plan right after apply shows no changes', () => expectEmptyPlan(tf()));

  test('work pool, queue and limits read back', async () => {
    const pool = await api.get('/work_pools/e2e-docker');
    expect(pool).toMatchObject({ name: 'e2e-docker', type: 'docker', description: 'docker pool', concurrency_limit: 7 });
    expect(pool.base_job_template.variables.properties.image.default).toBe('prefecthq/prefect:3-latest');
    expect(pool.base_job_template.variables.properties.env.default).toEqual({ TEAM: 'data' });
    expect(await api.get('/work_pools/e2e-docker/queues/fast')).toMatchObject({ priority: 1, concurrency_limit: 5, description: 'fast lane' });
    expect(await api.get('/v2/concurrency_limits/e2e-warehouse')).toMatchObject({ name: 'e2e-warehouse', limit: 3, active: true, slot_decay_per_second: 0.5 });
    expect(await api.get('/concurrency_limits/tag/e2e-db')).toMatchObject({ tag: 'e2e-db', concurrency_limit: 10 });
  });

  test('variables keep their JSON types', async () => {
    expect(await api.get('/variables/name/e2e_settings')).toMatchObject({ value: { retries: 3, regions: ['eu', 'us'] }, tags: ['e2e'] });
    expect((await api.get('/variables/name/e2e_threshold')).value).toBe(0.75);
  });

  test('blocks: plain data, and the secret delivered write-only', async () => {
    const docs: any[] = await api.post('/block_documents/filter', { include_secrets: true, block_documents: { name: { any_: ['e2e-config', 'e2e-git-token'] } } });
    const byName = Object.fromEntries(docs.map((d) => [d.name, d]));
    expect(byName['e2e-config'].data).toEqual({ basepath: '/opt/prefect/data' });
    expect(byName['e2e-git-token'].data).toEqual({ value: secretToken });
    expect(tf().ok('state', 'pull')).not.toContain(secretToken);
  });

  test('the deployment reads back with every prop', async () => {
    const dep = await api.get('/deployments/name/e2e-all-flow/all');
    const gcl = await api.get('/v2/concurrency_limits/e2e-warehouse');
    expect(dep).toMatchObject({
      description: 'every prop',
      version: '2.0.0',
      path: '/opt/flows',
      entrypoint: 'pipeline.py:run',
      work_pool_name: 'e2e-docker',
      work_queue_name: 'fast',
      parameters: { day: '2026-01-01', retries: 2 },
      job_variables: { image: 'acme/etl:2', env: { STAGE: 'prod' } },
      concurrency_options: { collision_strategy: 'CANCEL_NEW' },
      global_concurrency_limit: { id: gcl.id },
    });
    expect([...dep.tags].sort()).toEqual(['a', 'b']);
    expect(dep.pull_steps).toEqual([
      { 'prefect.deployments.steps.git_clone': { repository: 'https://github.com/acme/etl.git', branch: 'release', access_token: '{{ prefect.blocks.secret.e2e-git-token }}' } },
      { 'prefect.deployments.steps.set_working_directory': { directory: '/opt/flows/etl' } },
      { 'prefect.deployments.steps.pip_install_requirements': { requirements_file: 'requirements.txt', stream_output: false } },
      { 'prefect.deployments.steps.run_shell_script': { script: 'echo ready', stream_output: true } },
    ]);
    const schedules = await api.schedules(dep.id);
    const bySlug = Object.fromEntries(schedules.map((s) => [s.slug, s]));
    expect(bySlug.weekdays).toMatchObject({ active: true, schedule: { cron: '15 6 * * 1-5', timezone: 'America/New_York', day_or: true } });
    expect(bySlug['half-hourly']).toMatchObject({ active: true, max_scheduled_runs: 5, schedule: { interval: 1800, timezone: 'UTC' } });
    expect(new Date(bySlug['half-hourly'].schedule.anchor_date).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(bySlug.weekly).toMatchObject({ active: false, parameters: { retries: 0 }, schedule: { timezone: 'Europe/Paris' } });
    expect(bySlug.weekly.schedule.rrule).toContain('FREQ=WEEKLY;BYDAY=MO,WE');
  });

  test('destroy leaves nothing behind', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(await api.deployments(['all'])).toEqual([]);
    expect(await api.flows(['e2e-all-flow'])).toEqual([]);
    expect(await api.workPools(['e2e-docker'])).toEqual([]);
    expect(await api.find('/v2/concurrency_limits/e2e-warehouse')).toBeUndefined();
    expect(await api.find('/concurrency_limits/tag/e2e-db')).toBeUndefined();
    expect(await api.find('/variables/name/e2e_settings')).toBeUndefined();
    expect(await api.find('/variables/name/e2e_threshold')).toBeUndefined();
    expect(await api.post('/block_documents/filter', { block_documents: { name: { any_: ['e2e-config', 'e2e-git-token'] } } })).toEqual([]);
  });
});
