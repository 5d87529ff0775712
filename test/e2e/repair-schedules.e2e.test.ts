import { App, Testing, TerraformStack } from 'cdktf';
import { main } from '../../src/cli/main';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { Flow, Schedule } from '../../src';
import { missingProviders } from './support/env';
import { applyLifecycle, expectEmptyPlan } from './support/lifecycle';
import { PrefectApi } from './support/prefect-api';
import { describeUnless } from '../support/skip';

// `cdktf-prefect repair-schedules`: the state of an apply cut short, made on purpose. A schedule
// is on the server but not in Terraform's state (`terraform state rm`, as when the server saved it
// and Terraform never got the answer), so the next apply fails with 409 on its slug. The command
// deletes exactly that schedule: not the declared one in the state, not one made by hand with
// another slug. Then the apply converges, the plan is empty, and each slug is on the server once.
const withProvider = describeUnless(missingProviders('prefect'));
const P = `repair${process.pid}`;

interface Captured { text: string; stream: NodeJS.WritableStream }
const capture = (): Captured => {
  const c: Captured = { text: '', stream: undefined as any };
  c.stream = { write: (s: string) => { c.text += s; return true; } } as unknown as NodeJS.WritableStream;
  return c;
};

withProvider('repair-schedules: a schedule on the server but not in the state', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectApi(apiUrl);
  const tf = applyLifecycle(() => {
    const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'repair');
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    const d = new Flow(stack, 'Flow', { flowName: `${P}-flow` }).addDeployment('Main', { deploymentName: 'main', entrypoint: 'flows/etl.py:etl' });
    d.addSchedule('Hourly', Schedule.cron('0 * * * *'), { slug: 'hourly' });
    d.addSchedule('Daily', Schedule.cron('30 2 * * *'), { slug: 'daily' });
    return Testing.synth(stack);
  });
  let deploymentId = '';
  let handMade = '';
  const run = async (...args: string[]) => {
    const out = capture(); const err = capture();
    const code = await main(['repair-schedules', '--api-url', apiUrl, '--dir', tf().dir, ...args], out.stream, err.stream);
    return { code, out: out.text, err: err.text };
  };
  const slugs = async () => ((await api.get<any[]>(`/deployments/${deploymentId}/schedules`)).map((s) => s.slug as string)).sort();

  test('a schedule dropped from the state makes the next apply fail on its slug', async () => {
    deploymentId = (await api.get(`/deployments/name/${P}-flow/main`)).id;
    // a schedule of the deployment that the app does not declare, made by hand: it must stay
    handMade = (await api.post<any[]>(`/deployments/${deploymentId}/schedules`, [{ schedule: { cron: '0 5 * * *' }, active: false, slug: 'by-hand' }]))[0].id;
    const daily = tf().stateList().find((a) => a.startsWith('prefect_deployment_schedule.') && a.includes('Daily'))!;
    tf().ok('state', 'rm', daily);
    const again = tf().run('apply', '-no-color', '-input=false', '-auto-approve');
    // the wording depends on the database: SQLite says "Data integrity conflict", PostgreSQL
    // "Schedule slugs must be unique within a deployment"; both are a 409 on the schedule
    expect(again.code).toBe(1);
    expect(again.stdout + again.stderr).toMatch(/create Deployment Schedule[\s\S]*status code=409 Conflict/);
  });

  test('--dry-run lists the orphan and deletes nothing', async () => {
    const r = await run('--dry-run');
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(r.out).toMatch(/would delete schedule "daily" \(id [0-9a-f-]{36}\) of prefect_deployment\.\S+/);
    expect(r.out).toContain('1 orphaned schedule(s) found (nothing deleted: --dry-run)');
    expect(await slugs()).toEqual(['by-hand', 'daily', 'hourly']);
  });

  test('the command deletes exactly the orphan, and the next apply converges with each slug once', async () => {
    const hourly = (await api.get<any[]>(`/deployments/${deploymentId}/schedules`)).find((s) => s.slug === 'hourly').id;
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 orphaned schedule(s) deleted; now apply again');
    expect(await slugs()).toEqual(['by-hand', 'hourly']);
    tf().apply();
    expectEmptyPlan(tf());
    const after = await api.get<any[]>(`/deployments/${deploymentId}/schedules`);
    expect(after.map((s) => s.slug).sort()).toEqual(['by-hand', 'daily', 'hourly']);
    expect(after.find((s) => s.slug === 'hourly').id).toBe(hourly);
    expect(after.find((s) => s.slug === 'by-hand').id).toBe(handMade);
    // a second run finds nothing
    expect((await run()).out).toContain('no orphaned schedules');
  });

  test('a directory without cdk.tf.json is refused with the fix', async () => {
    const out = capture(); const err = capture();
    expect(await main(['repair-schedules', '--api-url', apiUrl, '--dir', '/nonexistent'], out.stream, err.stream)).toBe(1);
    expect(err.text).toContain('--dir is the stack\'s directory, e.g. cdktf.out/stacks/<stack>');
  });
});
