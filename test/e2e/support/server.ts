import * as fs from 'fs';
import * as path from 'path';
import { runScript, TOOLCHAIN } from './env';

/** What scripts/prefect-server.sh records about a running server. */
export interface ServerInfo {
  readonly pid: number;
  readonly apiUrl: string;
  readonly uiUrl: string;
  readonly home: string;
  readonly port: number;
  /** `sqlite` (in the home) or `postgres` (a cluster of its own, below) */
  readonly db: 'sqlite' | 'postgres';
  /** PostgreSQL's postmaster, its port and its cluster directory, with `db: 'postgres'` */
  readonly pgPid?: number;
  readonly pgPort?: number;
  readonly pgDir?: string;
}

function stateFile(name: string): string {
  return path.join(TOOLCHAIN, 'state', `prefect-server-${name}.env`);
}

/** Reads the state file of a server started by scripts/prefect-server.sh. */
export function readServer(name: string): ServerInfo | undefined {
  const file = stateFile(name);
  if (!fs.existsSync(file)) return undefined;
  const vars: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) vars[line.slice(0, i)] = line.slice(i + 1);
  }
  return {
    pid: Number(vars.SERVER_PID),
    apiUrl: vars.SERVER_API_URL,
    uiUrl: vars.SERVER_UI_URL,
    home: vars.SERVER_HOME,
    port: Number(vars.SERVER_PORT),
    db: vars.SERVER_DB === 'postgres' ? 'postgres' : 'sqlite',
    pgPid: vars.PG_PID ? Number(vars.PG_PID) : undefined,
    pgPort: vars.PG_PORT ? Number(vars.PG_PORT) : undefined,
    pgDir: vars.PG_DIR || undefined,
  };
}

/**
 * Starts a local Prefect server (or reuses the running one of that name). With `ownerPid`,
 * a watchdog stops it when that process exits, however it exits.
 */
export function startServer(name: string, ownerPid?: number, db: 'sqlite' | 'postgres' = 'sqlite'): ServerInfo {
  const args = ['start', '--name', name, '--db', db];
  if (ownerPid !== undefined) args.push('--owner-pid', String(ownerPid));
  runScript('prefect-server.sh', args);
  const info = readServer(name);
  if (!info) throw new Error(`prefect server "${name}" started but wrote no state file`);
  return info;
}

/** `prefect-server.sh restart`: the server of that name again, on its home, database and port. */
export function restartServer(name: string): ServerInfo {
  runScript('prefect-server.sh', ['restart', '--name', name]);
  const info = readServer(name);
  if (!info) throw new Error(`prefect server "${name}" restarted but has no state file`);
  return info;
}

/** SIGKILL to a process group (a server's, by the PID of its leader): a crash, no clean-up. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Stops the server of that name, if any. */
export function stopServer(name: string): void {
  runScript('prefect-server.sh', ['stop', '--name', name]);
}

/** True while a process with that PID exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
