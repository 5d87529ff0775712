import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { missingProviders, ROOT } from './support/env';
import { applyLifecycle, expectEmptyPlan } from './support/lifecycle';
import { PrefectApi } from './support/prefect-api';
import { describeUnless } from '../support/skip';

// `cdktf-prefect init --recipe local`, as a user runs it: written, synthesized with the compiled
// library, applied against the local server, re-planned empty, read back, destroyed.
const withProvider = describeUnless(missingProviders('prefect'));
const DIR = path.join(ROOT, 'test', 'convert', '.out', 'init-e2e');

withProvider('init --recipe local applies as written', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectApi(apiUrl);
  const tf = applyLifecycle(() => {
    fs.rmSync(DIR, { recursive: true, force: true });
    const sink = { write: () => true } as any;
    if (main(['init', '--recipe', 'local', DIR], sink, sink) !== 0) throw new Error('init failed');
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], { cwd: DIR, env: { ...process.env, CDKTF_OUTDIR: path.join(DIR, 'cdktf.out') }, stdio: 'inherit' });
    return fs.readFileSync(path.join(DIR, 'cdktf.out', 'stacks', 'prefect', 'cdk.tf.json'), 'utf8');
  }, { PREFECT_API_URL: apiUrl });
  afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

  test('a second plan is empty', () => expectEmptyPlan(tf()));

  test('the deployment, its schedule and pull step are on the server', async () => {
    const deployment = await api.get('/deployments/name/hello/default');
    expect(deployment).toMatchObject({
      entrypoint: 'flows/hello.py:hello',
      work_pool_name: 'local-process',
      parameters: { name: 'world' },
      pull_steps: [{ 'prefect.deployments.steps.set_working_directory': { directory: DIR } }],
    });
    expect(deployment.schedules.map((s: any) => [s.slug, s.schedule.cron, s.active])).toEqual([['nightly', '0 2 * * *', true]]);
  });
});
