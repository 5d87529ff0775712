import { startServer } from './server';

/**
 * One local Prefect server for the whole e2e run, named after this jest process so that
 * two runs never share (or stop) each other's server. Its watchdog is tied to this
 * process: if the run crashes or is killed, the server stops within seconds.
 */
export default async function globalSetup(): Promise<void> {
  const name = `e2e-${process.pid}`;
  const info = startServer(name, process.pid);
  process.env.CDKTF_PREFECT_E2E_SERVER = name;
  process.env.CDKTF_PREFECT_E2E_API_URL = info.apiUrl;
  // eslint-disable-next-line no-console
  console.log(`\n[e2e] Prefect server ${info.apiUrl} (pid ${info.pid})`);
}
