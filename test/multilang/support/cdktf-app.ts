import { exec } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

// Runs cdktf apps in any language the way `cdktf synth` does, and compares what they synthesize.

const run = promisify(exec);

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The library is compiled (npm test compiles it before jest). */
export const LIB_BUILT = fs.existsSync(path.join(ROOT, 'lib', 'index.js')) && fs.existsSync(path.join(ROOT, '.jsii'));

/** Runs a command in the project root; on failure, throws with the end of its output. */
export async function runScript(command: string, timeoutMs: number): Promise<string> {
  try {
    const { stdout } = await run(command, { cwd: ROOT, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e: any) {
    const tail = (s: string | undefined) => (s ?? '').split('\n').slice(-60).join('\n');
    throw new Error(`\`${command}\` failed (exit ${e.code ?? e.signal}):\n${tail(e.stderr)}\n${tail(e.stdout)}`);
  }
}

export interface AppSynth {
  /** the app's directory */
  readonly dir: string;
  /** the synthesized Terraform JSON of each stack, by stack name */
  readonly stacks: Record<string, any>;
  /** the annotations (warnings, errors) of each stack in manifest.json */
  readonly annotations: Record<string, unknown[]>;
}

/**
 * Runs the `app` command of a cdktf app's cdktf.json in a shell, in the app's directory, with the
 * environment the CLI sets (@cdktf/cli-core synth-stack.ts: CDKTF_OUTDIR, CDKTF_CONTEXT_JSON,
 * SYNTH_HCL_OUTPUT, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS; no TF_VAR_*), plus `env`.
 * Throws with the app's output when it fails.
 */
export async function synthApp(dir: string, env: Record<string, string> = {}, timeoutMs = 600_000): Promise<AppSynth> {
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8'));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-app-'));
  const childEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TF_VAR_')));
  Object.assign(childEnv, {
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true',
    CDKTF_CONTEXT_JSON: JSON.stringify({ cdktfRelativeModules: [] }),
    SYNTH_HCL_OUTPUT: 'false',
    // the examples read the endpoint from the environment; nothing may depend on it at synth
    PREFECT_API_URL: 'http://127.0.0.1:1/api',
    ...env,
  });
  try {
    await run(config.app, { cwd: dir, env: childEnv, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const stacks: Record<string, any> = {};
    const annotations: Record<string, unknown[]> = {};
    for (const [name, stack] of Object.entries<any>(manifest.stacks)) {
      stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8'));
      annotations[name] = stack.annotations;
    }
    return { dir, stacks, annotations };
  } catch (e: any) {
    throw new Error(`${config.app} in ${path.relative(ROOT, dir)} failed (exit ${e.code ?? e.signal ?? '?'}):\n${e.stderr ?? e}\n${e.stdout ?? ''}`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * A stack's Terraform JSON without what differs between two apps by design: cdktf's "//"
 * metadata (construct paths, cdktf version, stack name) and the local backend's state file path,
 * which cdktf makes absolute from the app's directory (made relative to it here).
 */
export function withoutMetadata(tf: any, appDir: string): any {
  const strip = (value: any): any => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== '//').map(([k, v]) => [k, strip(v)]));
  };
  const result = strip(tf);
  const local = result.terraform?.backend?.local;
  if (typeof local?.path === 'string' && path.isAbsolute(local.path)) {
    local.path = path.relative(appDir, local.path);
  }
  return result;
}

const MINUTES = 60_000;

export interface SameStackOptions {
  /** the language, for test names */
  readonly language: string;
  /** the app in that language, relative to the project root */
  readonly app: string;
  /** the TypeScript app it must match, relative to the project root */
  readonly typescriptApp: string;
  /** the stack both synthesize */
  readonly stack: string;
  /** builds the package (and whatever the app needs); returns extra environment for the app */
  readonly prepare: () => Promise<Record<string, string>>;
  /** how long prepare and the app may take together, in minutes */
  readonly minutes: number;
}

/**
 * Tests that an app in another language synthesizes the same Terraform JSON as a TypeScript
 * app, metadata aside (withoutMetadata), with no warnings or errors. Skipped, with the reason,
 * when the library is not compiled.
 */
export function describeSameStack(options: SameStackOptions): void {
  const title = `${options.language}: ${options.app} synthesizes what ${options.typescriptApp} does`;
  if (!LIB_BUILT) {
    test.skip(`${title}: lib/ and .jsii are not built; run \`npx projen compile && npx projen post-compile\` (npm test does)`, () => undefined);
    return;
  }
  describe(title, () => {
    let expected: any;
    let actual: any;
    let annotations: unknown[] | undefined;

    beforeAll(async () => {
      const env = await options.prepare();
      const ts = await synthApp(path.join(ROOT, options.typescriptApp));
      const other = await synthApp(path.join(ROOT, options.app), env, options.minutes * MINUTES);
      expect(Object.keys(other.stacks)).toEqual([options.stack]);
      expected = withoutMetadata(ts.stacks[options.stack], ts.dir);
      actual = withoutMetadata(other.stacks[options.stack], other.dir);
      annotations = other.annotations[options.stack];
    }, options.minutes * MINUTES);

    test('the same Terraform JSON, metadata removed', () => {
      expect(Object.keys(expected.resource ?? {}).length).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    });

    test('no warnings or errors at synth', () => {
      expect(annotations).toEqual([]);
    });
  });
}
