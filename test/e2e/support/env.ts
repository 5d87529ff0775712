import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Repository root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Where scripts/toolchain.sh installs things. */
export const TOOLCHAIN = process.env.CDKTF_PREFECT_TOOLCHAIN ?? path.join(ROOT, '.toolchain');

/** The variables scripts/toolchain.sh writes to .toolchain/env.sh, read without a shell. */
export function toolchainEnv(): Record<string, string> {
  const file = path.join(TOOLCHAIN, 'env.sh');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run 'npx projen toolchain' (npm test does it for you)`);
  }
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = line.match(/^export ([A-Z_0-9]+)="(.*)"$/);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

/** One row of the provider report that scripts/toolchain.sh writes (.toolchain/providers.tsv). */
export interface ProviderStatus {
  readonly name: string;
  readonly source: string;
  readonly version: string;
  /** `mirror` (a filesystem mirror has it), `registry` (terraform init downloads it) or `missing`. */
  readonly status: 'mirror' | 'registry' | 'missing';
  readonly where: string;
  readonly reason: string;
}

/** Every provider of scripts/providers.tsv, as the last toolchain run found it. */
export function providerReport(): Record<string, ProviderStatus> {
  const file = toolchainEnv().CDKTF_PREFECT_PROVIDERS_REPORT || path.join(TOOLCHAIN, 'providers.tsv');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run 'npx projen toolchain' (npm test does it for you)`);
  const rows: Record<string, ProviderStatus> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [name, source, version, status, where, reason] = line.split('\t');
    rows[name] = { name, source, version, status: status as ProviderStatus['status'], where, reason };
  }
  return rows;
}

/**
 * Why the named providers (short names of scripts/providers.tsv: prefect, aws, null, ...) cannot
 * be used here, or undefined when all of them can.
 */
export function missingProviders(...names: string[]): string | undefined {
  const report = providerReport();
  const missing = names.map((n) => {
    const row = report[n];
    if (!row) throw new Error(`provider '${n}' is not in scripts/providers.tsv`);
    return row;
  }).filter((row) => row.status === 'missing');
  if (missing.length === 0) return undefined;
  return `no ${missing.map((row) => `${row.source} ${row.version}`).join(' or ')}: ${missing[0].reason}; install it with scripts/install-provider.sh`;
}

/** True when the Prefect provider can be used (a mirror has it, or the registry serves it). */
export function providerAvailable(): boolean {
  return missingProviders('prefect') === undefined;
}

/** Why a stack cannot be validated or applied here (a provider is missing), or undefined. */
export function missingProvider(needsAws: boolean): string | undefined {
  return missingProviders('prefect', ...(needsAws ? ['aws'] : []));
}

/** Runs one of the project's scripts and returns its stdout. */
export function runScript(script: string, args: string[]): string {
  return execFileSync('bash', [path.join(ROOT, 'scripts', script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}
