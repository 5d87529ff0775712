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

/** True when the Prefect provider binary is in the project mirror. */
export function providerAvailable(): boolean {
  return toolchainEnv().CDKTF_PREFECT_PROVIDER_AVAILABLE === '1';
}

/**
 * True when the toolchain found hashicorp/aws 5.100.0 (the machine image's filesystem mirror, or
 * the project mirror it copied or built it into).
 */
export function awsProviderAvailable(): boolean {
  return toolchainEnv().CDKTF_PREFECT_AWS_PROVIDER_AVAILABLE === '1';
}

/** Why a stack cannot be validated or applied here (a provider is missing), or undefined. */
export function missingProvider(needsAws: boolean): string | undefined {
  if (!providerAvailable()) return 'the prefecthq/prefect provider binary is not in the project mirror';
  if (needsAws && !awsProviderAvailable()) return 'the toolchain has no hashicorp/aws 5.100.0 provider (see scripts/toolchain.sh)';
  return undefined;
}

/** Runs one of the project's scripts and returns its stdout. */
export function runScript(script: string, args: string[]): string {
  return execFileSync('bash', [path.join(ROOT, 'scripts', script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}
