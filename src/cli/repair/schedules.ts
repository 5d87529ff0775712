import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { EstateReader } from '../adopt/estate';

/**
 * `cdktf-prefect repair-schedules`: after an apply was cut short (the server or Terraform killed
 * half-way), a schedule can be on the server but not in Terraform's state: the server saved it and
 * Terraform never got the answer. Schedules cannot be imported, so the next apply posts it again and
 * the server refuses the slug with a 409 (PostgreSQL: "Schedule slugs must be unique within a deployment"; SQLite: "Data integrity conflict"), apply after
 * apply. This finds exactly those schedules and deletes them, so that the next apply creates them
 * once: a schedule of the configuration that is missing from the state, on a deployment that is in
 * the state, and a schedule on the server with the same slug whose id the state does not know.
 * Nothing else is touched (schedules made by hand with other slugs stay).
 */
export class RepairError extends Error {}

type Obj = { [key: string]: any };

/** A schedule of the configuration that the state lacks, on a deployment the state has. */
export interface MissingSchedule {
  /** The schedule's address, e.g. `prefect_deployment_schedule.Nightly_Schedule1_ABC`. */
  readonly address: string;
  readonly deploymentAddress: string;
  readonly deploymentId: string;
  readonly slug: string;
}

const DEPLOYMENT_REF = /^\$\{prefect_deployment\.([A-Za-z0-9_-]+)\.id\}$/;

function stateResources(state: Obj): Obj[] {
  const all: Obj[] = [];
  const walk = (m: Obj | undefined) => {
    if (!m) return;
    all.push(...(m.resources ?? []));
    for (const c of m.child_modules ?? []) walk(c);
  };
  walk(state.values?.root_module);
  return all;
}

/**
 * The configuration's schedules (cdk.tf.json) that the state (`terraform show -json`) lacks, with
 * their deployment's id from the state; `skipped` says why a schedule could not be checked.
 */
export function missingSchedules(config: Obj, state: Obj): { missing: MissingSchedule[]; skipped: string[] } {
  const resources = stateResources(state);
  const inState = new Set(resources.map((r) => r.address as string));
  const deploymentIds = new Map(resources.filter((r) => r.type === 'prefect_deployment').map((r) => [r.address as string, r.values?.id as string]));
  const missing: MissingSchedule[] = [];
  const skipped: string[] = [];
  for (const [name, r] of Object.entries<Obj>(config.resource?.prefect_deployment_schedule ?? {})) {
    const address = `prefect_deployment_schedule.${name}`;
    if (inState.has(address)) continue;
    if (typeof r.slug !== 'string' || r.slug === '') {
      skipped.push(`${address}: no slug, so the server cannot refuse it and there is nothing to repair`);
      continue;
    }
    const ref = typeof r.deployment_id === 'string' ? DEPLOYMENT_REF.exec(r.deployment_id) : null;
    if (!ref) {
      skipped.push(`${address}: its deployment_id ${JSON.stringify(r.deployment_id)} is not a prefect_deployment of this stack`);
      continue;
    }
    const deploymentAddress = `prefect_deployment.${ref[1]}`;
    const deploymentId = deploymentIds.get(deploymentAddress);
    if (!deploymentId) continue; // a deployment not created yet: its schedules will be created with it
    missing.push({ address, deploymentAddress, deploymentId, slug: r.slug });
  }
  return { missing, skipped };
}

export interface RepairOptions {
  readonly apiUrl: string;
  readonly apiKey?: string;
  /** The stack's Terraform working directory (cdktf.out/stacks/<stack>): cdk.tf.json is read there. */
  readonly dir: string;
  /** `terraform show -json` saved to a file; by default it is run in `dir`. */
  readonly stateJson?: string;
  readonly dryRun: boolean;
}

function readState(o: RepairOptions): Obj {
  if (o.stateJson) return JSON.parse(fs.readFileSync(o.stateJson, 'utf8'));
  const terraform = process.env.TERRAFORM_BINARY_NAME || 'terraform';
  const r = spawnSync(terraform, ['show', '-json', '-no-color'], { cwd: o.dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new RepairError(`${terraform} show -json in ${o.dir} failed (${r.error?.message ?? `exit code ${r.status}`}): ${(r.stderr ?? '').trim().slice(0, 500)}; run terraform init there, or give --state-json FILE`);
  }
  return JSON.parse(r.stdout);
}

/** Deletes (or, with dryRun, lists) the orphaned schedules; returns how many there were. */
export async function repairSchedules(o: RepairOptions, out: NodeJS.WritableStream): Promise<number> {
  const configFile = path.join(o.dir, 'cdk.tf.json');
  if (!fs.existsSync(configFile)) throw new RepairError(`${configFile}: no such file; --dir is the stack's directory, e.g. cdktf.out/stacks/<stack> (run cdktf synth first)`);
  const stateJson = readState(o);
  const { missing, skipped } = missingSchedules(JSON.parse(fs.readFileSync(configFile, 'utf8')), stateJson);
  for (const s of skipped) out.write(`skipped ${s}\n`);
  // every schedule id the state knows, on any deployment: never deleted
  const state = new Set<string>(stateResources(stateJson)
    .filter((r) => r.type === 'prefect_deployment_schedule' && r.values?.id).map((r) => r.values.id as string));
  const api = new EstateReader(o.apiUrl, o.apiKey);
  let orphans = 0;
  for (const m of missing) {
    const onServer: Array<{ id: string; slug?: string }> = await api.request('GET', `/deployments/${m.deploymentId}/schedules`);
    for (const s of onServer.filter((x) => x.slug === m.slug && !state.has(x.id))) {
      orphans++;
      if (!o.dryRun) await api.request('DELETE', `/deployments/${m.deploymentId}/schedules/${s.id}`);
      out.write(`${o.dryRun ? 'would delete' : 'deleted'} schedule "${m.slug}" (id ${s.id}) of ${m.deploymentAddress} (deployment ${m.deploymentId}): on the server, not in the state; ${m.address} creates it again\n`);
    }
  }
  out.write(orphans === 0
    ? `no orphaned schedules (${missing.length} schedule(s) of the configuration are not in the state, none of them on the server)\n`
    : `${orphans} orphaned schedule(s) ${o.dryRun ? 'found (nothing deleted: --dry-run)' : 'deleted'}; now apply again (cdktf deploy): it creates them once\n`);
  return orphans;
}
