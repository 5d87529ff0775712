import { exec } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { AppRun, expectSuccess, readStack, removeRun, ROOT, runApp, stackAnnotations } from './app';
import { jsonDifferences, normalizeStack } from './compare';
import { libNotBuilt, testUnless } from '../../support/skip';

// The test of every language's example app: it synthesizes what the TypeScript example does.

const run = promisify(exec);
const MINUTES = 60_000;

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

export interface SameStackOptions {
  /** the language, for test names and the timing line */
  readonly language: string;
  /** the app in that language, relative to the project root */
  readonly app: string;
  /** the TypeScript app it must match, relative to the project root */
  readonly typescriptApp: string;
  /** the stack both synthesize */
  readonly stack: string;
  /** builds the package (and whatever the app needs); returns extra environment for the app */
  readonly prepare: () => Promise<Record<string, string>>;
  /** how long prepare and the two apps may take together, in minutes */
  readonly minutes: number;
}

/**
 * Tests that an app in another language synthesizes the same Terraform JSON as a TypeScript
 * app, metadata removed (normalizeStack), with no warnings or errors; a difference fails with
 * one line per differing JSON path. Skipped, with the reason, when the library is not compiled.
 */
export function describeSameStack(options: SameStackOptions): void {
  const title = `${options.language}: ${options.app} synthesizes what ${options.typescriptApp} does`;
  if (!LIB_BUILT) {
    testUnless(libNotBuilt())(title, () => undefined);
    return;
  }
  describe(title, () => {
    let other: AppRun;
    let ts: AppRun;

    beforeAll(async () => {
      const start = Date.now();
      const env = await options.prepare();
      const prepared = (Date.now() - start) / 1000;
      other = runApp(path.join(ROOT, options.app), env);
      ts = runApp(path.join(ROOT, options.typescriptApp));
      // eslint-disable-next-line no-console
      console.log(`[${options.language}] package ${prepared.toFixed(1)}s, ${options.language} synth ${other.seconds.toFixed(1)}s, TypeScript synth ${ts.seconds.toFixed(1)}s`);
    }, options.minutes * MINUTES);

    afterAll(() => {
      removeRun(other);
      removeRun(ts);
    });

    test('the app exits 0 and writes the stack', () => {
      expectSuccess(other);
      expectSuccess(ts);
      expect(readStack(other, options.stack)).toBeDefined();
    });

    test('the same Terraform JSON as the TypeScript app, metadata removed', () => {
      const expected = normalizeStack(readStack(ts, options.stack)) as any;
      const actual = normalizeStack(readStack(other, options.stack));
      expect(Object.keys(expected?.resource ?? {}).length).toBeGreaterThan(0);
      expect(jsonDifferences(expected, actual)).toEqual([]);
    });

    test('no warnings or errors at synth', () => {
      expect(stackAnnotations(other, options.stack)).toEqual([]);
    });
  });
}
