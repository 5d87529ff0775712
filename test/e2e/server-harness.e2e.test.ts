import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import { PrefectApi } from './support/prefect-api';
import { killGroup, processAlive, readServer, restartServer, startServer, stopServer } from './support/server';

// The local-server harness itself: it must start a real server on 127.0.0.1, and never
// leave one running or a port taken, whether it is stopped or its owner dies.

const PINNED_PREFECT = fs.readFileSync(`${__dirname}/../../scripts/lib.sh`, 'utf8').match(/^PREFECT_VERSION="([^"]+)"/m)![1];

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

describe('local Prefect server harness', () => {
  test('the shared e2e server is the pinned Prefect release on loopback', async () => {
    const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const api = new PrefectApi(apiUrl);
    expect(await api.get('/health')).toBe(true);
    expect(await api.get('/admin/version')).toBe(PINNED_PREFECT);
  });

  test('stop ends the server by its process group and frees its port and home', async () => {
    const name = `harness-stop-${process.pid}`;
    const info = startServer(name);
    expect(processAlive(info.pid)).toBe(true);
    expect(await portFree(info.port)).toBe(false);

    stopServer(name);
    await waitFor('server exit', () => !processAlive(info.pid));
    await waitFor('port release', () => portFree(info.port));
    expect(fs.existsSync(info.home)).toBe(false);
    expect(readServer(name)).toBeUndefined();
  });

  test('a killed owner (a crashed test run) takes its server with it', async () => {
    const owner = spawn('sleep', ['600'], { stdio: 'ignore' });
    const name = `harness-owner-${process.pid}`;
    const info = startServer(name, owner.pid);
    expect(await new PrefectApi(info.apiUrl).get('/health')).toBe(true);

    owner.kill('SIGKILL');
    await waitFor('server exit after its owner died', () => !processAlive(info.pid), 30_000);
    await waitFor('port release', () => portFree(info.port));
    await waitFor('state cleanup', () => readServer(name) === undefined && !fs.existsSync(info.home));
  });

  test('restart brings a killed server back on the same home, database and port, and the watchdog still covers it', async () => {
    const owner = spawn('sleep', ['600'], { stdio: 'ignore' });
    const name = `harness-restart-${process.pid}`;
    // a failed expectation must not leave the owner (jest waits for it) or the server behind
    const cleanup = () => { owner.kill('SIGKILL'); stopServer(name); };
    try {
      await restartKeepsData(name, owner);
    } finally {
      cleanup();
    }
  });

  async function restartKeepsData(name: string, owner: ReturnType<typeof spawn>): Promise<void> {
    const info = startServer(name, owner.pid);
    expect(info.db).toBe('sqlite');
    const variable = `harness_restart_${process.pid}`;
    await new PrefectApi(info.apiUrl).post('/variables/', { name: variable, value: { kept: true } });

    killGroup(info.pid); // a crash: no clean-up of any kind
    await waitFor('server exit', () => !processAlive(info.pid));
    const after = restartServer(name);
    expect(after.pid).not.toBe(info.pid);
    expect({ port: after.port, home: after.home, apiUrl: after.apiUrl }).toEqual({ port: info.port, home: info.home, apiUrl: info.apiUrl });
    expect((await new PrefectApi(after.apiUrl).get(`/variables/name/${variable}`)).value).toEqual({ kept: true });

    // the watchdog follows the state file: the restarted server goes with its owner too
    owner.kill('SIGKILL');
    await waitFor('restarted server exit after its owner died', () => !processAlive(after.pid), 30_000);
    await waitFor('port release', () => portFree(after.port));
    await waitFor('state cleanup', () => readServer(name) === undefined && !fs.existsSync(after.home));
  }

  test('on PostgreSQL: data survives a restart after both processes were killed; stop leaves no process, no port, no cluster', async () => {
    const name = `harness-pg-${process.pid}`;
    try {
      await postgresRestartAndStop(name);
    } finally {
      stopServer(name);
    }
  });

  async function postgresRestartAndStop(name: string): Promise<void> {
    const info = startServer(name, undefined, 'postgres');
    expect(info).toMatchObject({ db: 'postgres', pgPid: expect.any(Number), pgPort: expect.any(Number), pgDir: expect.any(String) });
    expect(await portFree(info.pgPort!)).toBe(false);
    const variable = `harness_pg_${process.pid}`;
    await new PrefectApi(info.apiUrl).post('/variables/', { name: variable, value: 42 });
    // the data is in PostgreSQL, not in a SQLite file in the home
    expect(fs.readdirSync(info.home).filter((f) => f.endsWith('.db'))).toEqual([]);

    killGroup(info.pid);
    killGroup(info.pgPid!);
    await waitFor('both exit', () => !processAlive(info.pid) && !processAlive(info.pgPid!));
    const after = restartServer(name);
    expect({ port: after.port, pgPort: after.pgPort, pgDir: after.pgDir }).toEqual({ port: info.port, pgPort: info.pgPort, pgDir: info.pgDir });
    expect(after.pgPid).not.toBe(info.pgPid);
    expect((await new PrefectApi(after.apiUrl).get(`/variables/name/${variable}`)).value).toBe(42);

    stopServer(name);
    await waitFor('both exit', () => !processAlive(after.pid) && !processAlive(after.pgPid!));
    await waitFor('ports release', async () => await portFree(after.port) && portFree(after.pgPort!));
    expect([fs.existsSync(after.home), fs.existsSync(after.pgDir!), readServer(name)]).toEqual([false, false, undefined]);
  }
});
