import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { Duration, Flow, GlobalConcurrencyLimit, Schedule, WorkPool, WorkQueue } from '../../src';
import { missingProviders } from './support/env';
import { expectEmptyPlan } from './support/lifecycle';
import { PrefectEventsApi } from './support/prefect-api';
import { TerraformWorkdir } from './support/terraform';
import { describeUnless } from '../support/skip';

// Upgrade safety, the settings rows of docs/upgrade-safety.md: a schedule's own settings, pool and
// queue settings (concurrency limits, paused, priority, description) and a global concurrency
// limit, each set, changed, then removed (the schedule changes kind), applied to the real
// server, read back through the REST API, with an empty plan after each apply.

const P = `set${process.pid}`;

interface Settings {
  readonly schedule: Schedule;
  readonly pool: { readonly description?: string; readonly paused?: boolean; readonly concurrencyLimit?: number };
  readonly queue: { readonly description?: string; readonly paused?: boolean; readonly concurrencyLimit?: number; readonly priority?: number };
  readonly limit: { readonly limit: number; readonly active?: boolean; readonly slotDecayPerSecond?: number };
}

function app(apiUrl: string, v: Settings): string {
  const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'settings');
  new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
  const pool = new WorkPool(stack, 'Pool', { workPoolName: `${P}-pool`, ...v.pool });
  new WorkQueue(stack, 'Queue', { workPool: pool, workQueueName: 'q', ...v.queue });
  new GlobalConcurrencyLimit(stack, 'Limit', { globalConcurrencyLimitName: `${P}-limit`, ...v.limit });
  const flow = new Flow(stack, 'Flow', { flowName: `${P}-flow` });
  const dep = flow.addDeployment('Main', { deploymentName: 'main', entrypoint: 'flows/etl.py:etl', workPool: pool, parameterOpenApiSchema: { type: 'object', properties: { n: { type: 'integer' } } } });
  dep.addSchedule('S', v.schedule, { slug: 's' });
  return Testing.synth(stack);
}

const SET: Settings = {
  schedule: Schedule.cron('0 * * * *', { timezone: 'Europe/Berlin', active: true, maxScheduledRuns: 5, parameters: { n: 1 } }),
  pool: { description: 'p1', paused: false, concurrencyLimit: 2 },
  queue: { description: 'q1', paused: false, concurrencyLimit: 1, priority: 5 },
  limit: { limit: 2, active: true, slotDecayPerSecond: 0.5 },
};
const CHANGED: Settings = {
  schedule: Schedule.cron('15 3 * * *', { timezone: 'America/New_York', active: false, maxScheduledRuns: 3, parameters: { n: 2 } }),
  pool: { description: 'p2', paused: true, concurrencyLimit: 4 },
  queue: { description: 'q2', paused: true, concurrencyLimit: 3, priority: 7 },
  limit: { limit: 5, active: false, slotDecayPerSecond: 1 },
};
const REMOVED: Settings = {
  schedule: Schedule.interval(Duration.hours(2)),
  pool: {},
  queue: {},
  limit: { limit: 5 },
};

describeUnless(missingProviders('prefect'))('upgrade safety: settings set, changed, removed', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectEventsApi(apiUrl);
  let tf: TerraformWorkdir;
  let ids: Record<string, string> = {};
  const apply = (v: Settings) => {
    fs.writeFileSync(path.join(tf.dir, 'cdk.tf.json'), app(apiUrl, v));
    tf.apply();
  };
  const read = async () => {
    const dep = await api.get(`/deployments/name/${P}-flow/main`);
    const [schedule] = await api.schedules(dep.id);
    const pool = await api.get(`/work_pools/${P}-pool`);
    const queue = await api.get(`/work_pools/${P}-pool/queues/q`);
    const limit = await api.get(`/v2/concurrency_limits/${P}-limit`);
    return { schedule, pool, queue, limit };
  };

  beforeAll(() => {
    tf = TerraformWorkdir.fromStackJson(app(apiUrl, SET));
    tf.init();
    tf.apply();
  });
  afterAll(() => {
    if (tf && tf.stateList().length > 0) tf.destroy();
    tf?.remove();
  });

  test('set: applies, reads back, re-plans empty', async () => {
    expectEmptyPlan(tf);
    const r = await read();
    expect(r.schedule).toMatchObject({ slug: 's', active: true, max_scheduled_runs: 5, parameters: { n: 1 }, schedule: { cron: '0 * * * *', timezone: 'Europe/Berlin' } });
    expect(r.pool).toMatchObject({ description: 'p1', is_paused: false, concurrency_limit: 2 });
    expect(r.queue).toMatchObject({ description: 'q1', is_paused: false, concurrency_limit: 1, priority: 5 });
    expect(r.limit).toMatchObject({ limit: 2, active: true, slot_decay_per_second: 0.5 });
    ids = { schedule: r.schedule.id, pool: r.pool.id, queue: r.queue.id, limit: r.limit.id };
  });

  test('changed: every setting updates in place (same ids)', async () => {
    apply(CHANGED);
    expectEmptyPlan(tf);
    const r = await read();
    expect(r.schedule).toMatchObject({ id: ids.schedule, active: false, max_scheduled_runs: 3, parameters: { n: 2 }, schedule: { cron: '15 3 * * *', timezone: 'America/New_York' } });
    expect(r.pool).toMatchObject({ id: ids.pool, description: 'p2', is_paused: true, concurrency_limit: 4 });
    expect(r.queue).toMatchObject({ id: ids.queue, description: 'q2', is_paused: true, concurrency_limit: 3, priority: 7 });
    expect(r.limit).toMatchObject({ id: ids.limit, limit: 5, active: false, slot_decay_per_second: 1 });
  });

  test('removed: optional settings go back to the server\'s defaults, the schedule changes kind', async () => {
    apply(REMOVED);
    expectEmptyPlan(tf);
    const r = await read();
    expect(r.schedule.schedule).toMatchObject({ interval: 7200 });
    expect(r.schedule.schedule.cron).toBeUndefined();
    expect(r.schedule).toMatchObject({ active: true, parameters: {} });
    expect(r.schedule.max_scheduled_runs).toBeNull();
    expect(r.pool).toMatchObject({ is_paused: false, concurrency_limit: null });
    expect([null, '']).toContain(r.pool.description);
    expect(r.queue).toMatchObject({ is_paused: false, concurrency_limit: null });
    expect([null, '']).toContain(r.queue.description);
    expect(r.limit).toMatchObject({ limit: 5, active: true });
    // the pool and the limit were updated; the queue (priority removed) and the schedule
    // (max_scheduled_runs and parameters removed) were replaced
    expect(r.pool.id).toBe(ids.pool);
    expect(r.limit.id).toBe(ids.limit);
    expect(r.queue.id).not.toBe(ids.queue);
    expect(r.queue.priority).toBeGreaterThan(0);
    expect(r.schedule.id).not.toBe(ids.schedule);
    expect(r.schedule.slug).toBe('s');
    expect(r.limit.slot_decay_per_second).toBe(0);
  });

  test('destroy leaves nothing behind', async () => {
    tf.destroy();
    expect(tf.stateList()).toEqual([]);
    expect(await api.workPools([`${P}-pool`])).toEqual([]);
  });
});
