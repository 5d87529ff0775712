import { execFile } from 'child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { AciWorker } from '../src';
import { onlyResource, synthJson } from '../../../test/support/synth';
import { aciCloud, azureStack } from './aci-fixtures';
import { describeUnless } from '../../../test/support/skip';

// The worker container's command for real: sh and the Prefect image's python run the synthesized
// command line against a local stand-in for the instance metadata endpoint and Key Vault, with a
// fake `prefect` that prints what it was started with.
const PYTHON = join(__dirname, '../../../.toolchain/venv/bin/python');

interface Seen { token?: URL; tokenHeaders?: IncomingMessage['headers']; secret?: URL; auth?: string }

function standIn(seen: Seen, vaultStatus: number): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    const reply = (code: number, body: unknown) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (url.pathname === '/token') {
      seen.token = url;
      seen.tokenHeaders = req.headers;
      return req.headers.metadata === 'true' ? reply(200, { access_token: 'tok-123' }) : reply(400, {});
    }
    if (url.pathname === '/secrets/prefect-api-key') {
      seen.secret = url;
      seen.auth = req.headers.authorization;
      return vaultStatus === 200 && req.headers.authorization === 'Bearer tok-123'
        ? reply(200, { value: 'pnu_from_the_vault', id: 'x' }) : reply(vaultStatus, { error: { code: 'Forbidden' } });
    }
    return reply(404, {});
  });
}

async function runWorkerCommand(vaultStatus: number): Promise<{ code: number; stdout: string; seen: Seen }> {
  const stack = azureStack();
  new AciWorker(stack, 'Worker', aciCloud());
  const c = onlyResource(synthJson(stack), 'azurerm_container_group').container[0];
  const seen: Seen = {};
  const server = standIn(seen, vaultStatus);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bin = mkdtempSync(join(tmpdir(), 'aci-reader-'));
  try {
    symlinkSync(PYTHON, join(bin, 'python'));
    writeFileSync(join(bin, 'prefect'), '#!/bin/sh\nprintf \'%s|%s\' "$PREFECT_API_KEY" "$*"\n');
    chmodSync(join(bin, 'prefect'), 0o755);
    // the command without the image's entrypoint (it installs EXTRA_PIP_PACKAGES, then execs the rest)
    const [entrypoint, shell, ...args] = c.commands as string[];
    expect(entrypoint).toBe('/opt/prefect/entrypoint.sh');
    const argv = args.map((a) => (a.startsWith('${prefect_work_pool.') ? 'aci-pool' : a));
    const env = {
      PATH: `${bin}:/usr/bin:/bin`,
      AZURE_CLIENT_ID: 'client-id-of-the-worker',
      PREFECT_KEY_VAULT_READER: c.environment_variables.PREFECT_KEY_VAULT_READER,
      PREFECT_KEY_VAULT_SECRET_URI: `${base}/secrets/prefect-api-key`,
      PREFECT_IMDS_TOKEN_URL: `${base}/token`,
    };
    return await new Promise((ok) => {
      execFile(shell, argv, { env, timeout: 60_000 }, (error, stdout) => ok({ code: error ? (error.code as number) ?? -1 : 0, stdout, seen }));
    });
  } finally {
    server.close();
    rmSync(bin, { recursive: true, force: true });
  }
}

describeUnless(existsSync(PYTHON) ? undefined : `${PYTHON} is absent: run scripts/toolchain.sh`)('AciWorker reads the Prefect secret at start-up', () => {
  test('the worker starts with the key from Key Vault in PREFECT_API_KEY, asked for with its identity', async () => {
    const { code, stdout, seen } = await runWorkerCommand(200);
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'pnu_from_the_vault|worker start --pool aci-pool --type azure-container-instance --with-healthcheck' });
    expect(seen.tokenHeaders!.metadata).toBe('true');
    expect(Object.fromEntries(seen.token!.searchParams)).toEqual({
      // the audience is the vault's DNS suffix (vault.azure.net for a real vault; here the stand-in's address)
      'api-version': '2018-02-01', 'resource': 'https://0.0.1', 'client_id': 'client-id-of-the-worker',
    });
    expect([seen.secret!.searchParams.get('api-version'), seen.auth]).toEqual(['7.4', 'Bearer tok-123']);
  });

  test('without access to the secret the worker does not start (the container exits, Azure restarts it)', async () => {
    const { code, stdout } = await runWorkerCommand(403);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
  });
});
