import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { EnvironmentNaming, StateBackend } from '../../src';
import { Estate } from '../environments/estate';
import { missingProviders } from './support/env';
import { applyLifecycle, expectEmptyPlan } from './support/lifecycle';
import { PrefectApi } from './support/prefect-api';
import { TerraformWorkdir } from './support/terraform';
import { describeUnless } from '../support/skip';

// Environments as stacks against the real server: the estate of test/environments/estate.ts as
// dev and prod from one App, both applied into one Prefect server, each with its own local state
// file; read back through the REST API (prod's schedules active, dev's paused, names, pools and
// parameters as each environment configures them); an empty re-plan for each; both destroyed.

const P = `env${process.pid}`;
const FLOW = { dev: `${P}-dev-etl`, prod: `${P}-etl` };
const POOL = { dev: `${P}-etl-dev`, prod: `${P}-etl` };

describeUnless(missingProviders('prefect'))('environments: dev and prod from one app, one server, two states', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectApi(apiUrl);
  const app = Testing.app();
  const stacks = {
    dev: new Estate(app, 'dev', {
      endpoint: apiUrl,
      naming: EnvironmentNaming.prefix(`${P}-dev-`),
      stateBackend: StateBackend.local({ path: 'terraform.dev.tfstate' }),
      schedulesActive: false,
      workPoolNames: { etl: POOL.dev },
      deploymentParameters: { nightly: { batch_size: 5, dry_run: true } },
      imageTag: 'main',
    }),
    prod: new Estate(app, 'prod', {
      endpoint: apiUrl,
      naming: EnvironmentNaming.prefix(`${P}-`),
      stateBackend: StateBackend.local({ path: 'terraform.prod.tfstate' }),
      parameters: { dry_run: false },
      imageTag: '1.4.0',
    }),
  };
  const tf = {
    dev: applyLifecycle(() => Testing.synth(stacks.dev, true)),
    prod: applyLifecycle(() => Testing.synth(stacks.prod, true)),
  };

  test('each environment keeps its own local state file, holding only its own objects', () => {
    for (const env of ['dev', 'prod'] as const) {
      const dir = tf[env]().dir;
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tfstate'))).toEqual([`terraform.${env}.tfstate`]);
      const state = JSON.parse(fs.readFileSync(path.join(dir, `terraform.${env}.tfstate`), 'utf8'));
      const names = state.resources.filter((r: any) => r.type === 'prefect_flow' || r.type === 'prefect_work_pool')
        .map((r: any) => r.instances[0].attributes.name).sort();
      expect(names).toEqual([FLOW[env], POOL[env]].sort());
    }
  });

  test('a plan right after apply shows no changes, for each environment', () => {
    expectEmptyPlan(tf.dev());
    expectEmptyPlan(tf.prod());
  });

  test('the server holds both: names, pools and parameters as each environment says', async () => {
    const read = async (env: 'dev' | 'prod', name: string) => api.get(`/deployments/name/${FLOW[env]}/${name}`);
    const devNightly = await read('dev', 'nightly');
    const prodNightly = await read('prod', 'nightly');
    expect(devNightly).toMatchObject({ work_pool_name: POOL.dev, parameters: { source: 's3://acme-raw/orders', batch_size: 5, dry_run: true } });
    expect(prodNightly).toMatchObject({ work_pool_name: POOL.prod, parameters: { source: 's3://acme-raw/orders', batch_size: 500, dry_run: false } });
    expect(devNightly.job_variables).toEqual({ env: { FLOW_IMAGE: 'registry.acme.io/flows:main' } });
    expect(prodNightly.job_variables).toEqual({ env: { FLOW_IMAGE: 'registry.acme.io/flows:1.4.0' } });
    expect((await read('dev', 'hourly')).parameters).toEqual({ source: 's3://acme-raw/clicks', batch_size: 50 });
    expect((await read('prod', 'hourly')).parameters).toEqual({ source: 's3://acme-raw/clicks', batch_size: 50, dry_run: false });
    expect((await api.workPools([POOL.dev, POOL.prod])).map((p) => p.name).sort()).toEqual([POOL.dev, POOL.prod].sort());
    expect(devNightly.flow_id).not.toEqual(prodNightly.flow_id);
  });

  test('prod\'s schedules are active, dev\'s paused; catch-up is paused in both (explicit active)', async () => {
    const active = async (env: 'dev' | 'prod') => {
      const out: Record<string, boolean> = {};
      for (const name of ['nightly', 'hourly']) {
        const dep = await api.get(`/deployments/name/${FLOW[env]}/${name}`);
        for (const s of await api.schedules(dep.id)) out[`${name}/${s.slug ?? s.schedule.cron}`] = s.active;
      }
      return out;
    };
    expect(await active('dev')).toEqual({ 'nightly/nightly': false, 'nightly/catch-up': false, 'hourly/15 * * * *': false });
    expect(await active('prod')).toEqual({ 'nightly/nightly': true, 'nightly/catch-up': false, 'hourly/15 * * * *': true });
  });

  test('destroying dev leaves prod untouched; destroying prod leaves nothing', async () => {
    const dev: TerraformWorkdir = tf.dev();
    dev.destroy();
    expect(dev.stateList()).toEqual([]);
    expect(await api.find(`/deployments/name/${FLOW.dev}/nightly`)).toBeUndefined();
    expect((await api.get(`/deployments/name/${FLOW.prod}/nightly`)).work_pool_name).toBe(POOL.prod);
    expectEmptyPlan(tf.prod());
    tf.prod().destroy();
    expect(tf.prod().stateList()).toEqual([]);
    expect(await api.flows([FLOW.dev, FLOW.prod])).toEqual([]);
    expect(await api.workPools([POOL.dev, POOL.prod])).toEqual([]);
  });
});
