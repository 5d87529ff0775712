import * as fs from 'fs';
import * as path from 'path';
import { AppRun, EXAMPLES, expectSuccess, readStack, removeRun, runApp } from '../multilang/support/app';
import { describeUnless, libNotBuilt } from '../support/skip';
import { missingProviders } from './support/env';
import { expectEmptyPlan } from './support/lifecycle';
import { PrefectApi } from './support/prefect-api';
import { TerraformWorkdir } from './support/terraform';

// examples/environments as `cdktf deploy dev prod` runs it: the app synthesizes both stacks once,
// then each stack is applied into the same Prefect server (the provider reads PREFECT_API_URL),
// with its own local state; read back, re-planned, destroyed one after the other.
//
// The one change made to the synthesized stacks: the local backend's path. The example keeps
// cdktf's default (terraform.<env>.tfstate in the project directory, an absolute path); here
// each state file goes into its stack's temporary working directory instead of examples/.

const ENVS = ['dev', 'prod'] as const;
type Env = typeof ENVS[number];
const FLOW: Record<Env, string> = { dev: 'dev-orders', prod: 'orders' };
const POOL: Record<Env, string> = { dev: 'orders-dev', prod: 'orders' };

describeUnless(missingProviders('prefect') ?? libNotBuilt())('examples/environments: dev and prod applied into one server, two states', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectApi(apiUrl);
  let run: AppRun | undefined;
  const tf: Partial<Record<Env, TerraformWorkdir>> = {};

  beforeAll(() => {
    run = runApp(path.join(EXAMPLES, 'environments'));
    expectSuccess(run);
    for (const env of ENVS) {
      const stack = readStack(run, env);
      expect(stack.terraform.backend.local.path).toBe(path.join(EXAMPLES, 'environments', `terraform.${env}.tfstate`));
      stack.terraform.backend.local.path = `terraform.${env}.tfstate`;
      const wd = TerraformWorkdir.fromStackJson(JSON.stringify(stack), { PREFECT_API_URL: apiUrl });
      tf[env] = wd;
      wd.init();
      wd.apply();
    }
  });

  afterAll(() => {
    for (const env of ENVS) {
      const wd = tf[env];
      if (wd && wd.stateList().length > 0) wd.destroy();
      wd?.remove();
    }
    removeRun(run);
  });

  const wd = (env: Env): TerraformWorkdir => {
    if (!tf[env]) throw new Error(`${env} was not applied (see the beforeAll error above)`);
    return tf[env]!;
  };

  test('a plan right after apply shows no changes, for each environment', () => {
    for (const env of ENVS) expectEmptyPlan(wd(env));
  });

  test('each state file holds its own environment only', () => {
    for (const env of ENVS) {
      const state = JSON.parse(fs.readFileSync(path.join(wd(env).dir, `terraform.${env}.tfstate`), 'utf8'));
      const flows = state.resources.filter((r: any) => r.type === 'prefect_flow').map((r: any) => r.instances[0].attributes.name);
      expect(flows).toEqual([FLOW[env]]);
    }
  });

  test('names, pools, parameters and image tags differ as configured; prod\'s schedules active, dev\'s paused', async () => {
    const seen: Record<string, unknown> = {};
    for (const env of ENVS) {
      for (const name of ['nightly', 'catch-up']) {
        const dep = await api.get(`/deployments/name/${FLOW[env]}/${name}`);
        const schedules = await api.schedules(dep.id);
        seen[`${env}/${name}`] = {
          pool: dep.work_pool_name,
          parameters: dep.parameters,
          image: dep.job_variables?.env?.FLOW_IMAGE,
          active: schedules.map((s: any) => s.active),
        };
      }
    }
    expect(seen).toEqual({
      'dev/nightly': { pool: POOL.dev, parameters: { source: 's3://acme-raw/orders', batch_size: 10, dry_run: true }, image: 'registry.acme.io/orders-flows:main', active: [false] },
      'dev/catch-up': { pool: POOL.dev, parameters: { source: 's3://acme-raw/orders/late', batch_size: 100, dry_run: false }, image: undefined, active: [false] },
      'prod/nightly': { pool: POOL.prod, parameters: { source: 's3://acme-raw/orders', batch_size: 500, dry_run: false }, image: 'registry.acme.io/orders-flows:1.4.0', active: [true] },
      'prod/catch-up': { pool: POOL.prod, parameters: { source: 's3://acme-raw/orders/late', batch_size: 100, dry_run: false }, image: undefined, active: [true] },
    });
  });

  test('destroying dev leaves prod as it is; then prod is destroyed too', async () => {
    wd('dev').destroy();
    expect(wd('dev').stateList()).toEqual([]);
    expect(await api.flows([FLOW.dev])).toEqual([]);
    expectEmptyPlan(wd('prod'));
    wd('prod').destroy();
    expect(wd('prod').stateList()).toEqual([]);
    expect(await api.flows([FLOW.dev, FLOW.prod])).toEqual([]);
    expect(await api.workPools([POOL.dev, POOL.prod])).toEqual([]);
  });
});
