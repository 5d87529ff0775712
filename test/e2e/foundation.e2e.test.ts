import { App, TerraformStack, Testing } from 'cdktf';
import { Deployment } from '../../src/.gen/providers/prefect/deployment';
import { DeploymentSchedule } from '../../src/.gen/providers/prefect/deployment-schedule';
import { Flow } from '../../src/.gen/providers/prefect/flow';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { WorkPool } from '../../src/.gen/providers/prefect/work-pool';
import { WorkQueue } from '../../src/.gen/providers/prefect/work-queue';
import { missingProviders } from './support/env';
import { PrefectApi } from './support/prefect-api';
import { TerraformWorkdir } from './support/terraform';
import { describeUnless } from '../support/skip';

// The foundation scenario on the raw L1 bindings: synth -> init -> apply -> empty plan ->
// read back through the REST API -> destroy -> nothing left.
const withProvider = describeUnless(missingProviders('prefect'));

const suffix = `${process.pid}`;
const names = {
  flow: `e2e-flow-${suffix}`,
  pool: `e2e-pool-${suffix}`,
  queue: 'etl-high',
  deployment: 'nightly',
};

function synthStack(apiUrl: string): string {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, 'foundation');
  new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
  const flow = new Flow(stack, 'flow', { name: names.flow, tags: ['e2e'] });
  const pool = new WorkPool(stack, 'pool', {
    name: names.pool,
    type: 'process',
    description: 'created by the cdktf-prefect e2e suite',
    concurrencyLimit: 3,
  });
  const queue = new WorkQueue(stack, 'queue', {
    name: names.queue,
    workPoolName: pool.name,
    priority: 2,
    concurrencyLimit: 1,
    description: 'high priority ETL',
  });
  const deployment = new Deployment(stack, 'deployment', {
    name: names.deployment,
    flowId: flow.id,
    entrypoint: 'flows/etl.py:etl',
    description: 'nightly ETL',
    version: '1.2.3',
    workPoolName: pool.name,
    workQueueName: queue.name,
    tags: ['etl', 'nightly'],
    parameters: JSON.stringify({ source: 's3://raw', limit: 100, dry_run: false }),
    jobVariables: JSON.stringify({ env: { LOG_LEVEL: 'DEBUG' }, working_dir: '/opt/flows' }),
    pullSteps: [
      {
        type: 'git_clone',
        repository: 'https://github.com/example/flows.git',
        branch: 'main',
      },
    ],
  });
  new DeploymentSchedule(stack, 'schedule', {
    deploymentId: deployment.id,
    cron: '30 2 * * 1-5',
    timezone: 'Europe/Berlin',
    active: true,
  });
  return Testing.synth(stack);
}

withProvider('foundation: L1 bindings against a real Prefect server', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectApi(apiUrl);
  let tf: TerraformWorkdir;

  beforeAll(() => {
    tf = TerraformWorkdir.fromStackJson(synthStack(apiUrl));
    tf.init();
    tf.apply();
  });

  afterAll(() => {
    // best effort if a test failed half-way; the destroy test asserts the real outcome
    if (tf && tf.stateList().length > 0) tf.destroy();
    tf?.remove();
  });

  test('a plan right after apply shows no changes', () => {
    const plan = tf.planChanges();
    expect({ exitCode: plan.code, plan: plan.code === 0 ? '' : plan.stdout }).toEqual({ exitCode: 0, plan: '' });
  });

  test('the flow, work pool and queue read back as configured', async () => {
    const [flow] = await api.flows([names.flow]);
    expect(flow).toMatchObject({ name: names.flow, tags: ['e2e'] });

    const pool = await api.get(`/work_pools/${names.pool}`);
    expect(pool).toMatchObject({
      name: names.pool,
      type: 'process',
      description: 'created by the cdktf-prefect e2e suite',
      concurrency_limit: 3,
      is_paused: false,
    });

    const queue = await api.get(`/work_pools/${names.pool}/queues/${names.queue}`);
    expect(queue).toMatchObject({
      name: names.queue,
      priority: 2,
      concurrency_limit: 1,
      description: 'high priority ETL',
      is_paused: false,
    });
  });

  test('the deployment reads back with every field', async () => {
    const dep = await api.get(`/deployments/name/${names.flow}/${names.deployment}`);
    expect(dep).toMatchObject({
      name: names.deployment,
      entrypoint: 'flows/etl.py:etl',
      description: 'nightly ETL',
      version: '1.2.3',
      work_pool_name: names.pool,
      work_queue_name: names.queue,
      parameters: { source: 's3://raw', limit: 100, dry_run: false },
      job_variables: { env: { LOG_LEVEL: 'DEBUG' }, working_dir: '/opt/flows' },
      paused: false,
    });
    expect([...dep.tags].sort()).toEqual(['etl', 'nightly']);
    expect(dep.pull_steps).toEqual([
      {
        'prefect.deployments.steps.git_clone': {
          repository: 'https://github.com/example/flows.git',
          branch: 'main',
        },
      },
    ]);
  });

  test('the cron schedule reads back in its timezone', async () => {
    const dep = await api.get(`/deployments/name/${names.flow}/${names.deployment}`);
    const schedules = await api.schedules(dep.id);
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({
      active: true,
      schedule: { cron: '30 2 * * 1-5', timezone: 'Europe/Berlin', day_or: true },
    });
  });

  test('destroy leaves nothing behind', async () => {
    tf.destroy();
    expect(tf.stateList()).toEqual([]);
    expect(await api.flows([names.flow])).toEqual([]);
    expect(await api.workPools([names.pool])).toEqual([]);
    expect(await api.find(`/work_pools/${names.pool}/queues/${names.queue}`)).toBeUndefined();
    expect(await api.deployments([names.deployment])).toEqual([]);
  });
});
