import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import { PrefectApi } from './support/prefect-api';
import { processAlive, readServer, startServer, stopServer } from './support/server';

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
});
