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
  };
}

/**
 * Starts a local Prefect server (or reuses the running one of that name). With `ownerPid`,
 * a watchdog stops it when that process exits, however it exits.
 */
export function startServer(name: string, ownerPid?: number): ServerInfo {
  const args = ['start', '--name', name];
  if (ownerPid !== undefined) args.push('--owner-pid', String(ownerPid));
  runScript('prefect-server.sh', args);
  const info = readServer(name);
  if (!info) throw new Error(`prefect server "${name}" started but wrote no state file`);
  return info;
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
