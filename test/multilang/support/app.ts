import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Repository root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
/** The examples/ folder. */
export const EXAMPLES = path.join(ROOT, 'examples');

/** The outcome of running a cdktf app once. */
export interface AppRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The output directory (a fresh temporary directory; remove it with `removeRun`). */
  readonly outdir: string;
  /** How long the app command took, in seconds. */
  readonly seconds: number;
}

/**
 * Runs a cdktf app the way `cdktf synth` runs it: the `app` command of its cdktf.json, in a
 * shell, with the app's directory as working directory and the environment the CLI sets
 * (@cdktf/cli-core synth-stack.ts: CDKTF_OUTDIR, which `new App()` reads for its outdir,
 * CDKTF_CONTEXT_JSON, SYNTH_HCL_OUTPUT, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, and no TF_VAR_*).
 * Any language: the TypeScript examples run ts-node, the Python ones their virtualenv's python.
 */
export function runApp(dir: string, extraEnv: Record<string, string> = {}): AppRun {
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8'));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cdktf-prefect-app-${path.basename(dir)}-`));
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TF_VAR_')));
  Object.assign(env, {
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true',
    CDKTF_CONTEXT_JSON: JSON.stringify({ cdktfRelativeModules: [] }),
    SYNTH_HCL_OUTPUT: 'false',
    NODE_OPTIONS: env.NODE_OPTIONS ?? '--max-old-space-size=4096',
    // the examples read the endpoint from the environment; nothing may depend on it at synth
    PREFECT_API_URL: 'http://127.0.0.1:1/api',
    // the jsii runtime of the Python, Java and Go packages prints a banner on Node versions
    // past their end of life unless told which major version to accept
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
    ...extraEnv,
  });
  const start = Date.now();
  const r = spawnSync(config.app, { cwd: dir, env, shell: true, encoding: 'utf8', timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
  const seconds = (Date.now() - start) / 1000;
  const code = r.status ?? (r.error ? 1 : -1);
  const stderr = `${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}${r.signal ? `\nkilled by ${r.signal}` : ''}`;
  return { code, stdout: r.stdout ?? '', stderr, outdir, seconds };
}

/** The stack's cdk.tf.json of a run, parsed; undefined when the app did not write it. */
export function readStack(run: AppRun, stack: string): any {
  const file = path.join(run.outdir, 'stacks', stack, 'cdk.tf.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/** The annotations (warnings, errors) cdktf recorded for a stack in the run's manifest. */
export function stackAnnotations(run: AppRun, stack: string): unknown[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(run.outdir, 'manifest.json'), 'utf8'));
  return manifest.stacks[stack]?.annotations ?? [];
}

/** Throws with the app's output when it did not exit 0. */
export function expectSuccess(run: AppRun): void {
  if (run.code !== 0) throw new Error(`app exited ${run.code}:\n${run.stderr}\n${run.stdout}`);
}

export function removeRun(run: AppRun | undefined): void {
  if (run) fs.rmSync(run.outdir, { recursive: true, force: true });
}
