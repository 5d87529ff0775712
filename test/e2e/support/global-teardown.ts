import { stopServer } from './server';

export default async function globalTeardown(): Promise<void> {
  if (process.env.CDKTF_PREFECT_E2E_SERVER) stopServer(process.env.CDKTF_PREFECT_E2E_SERVER);
}
