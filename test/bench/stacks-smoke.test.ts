// CI smoke run of bench section 7 (one estate split into 1, 2, 4, 8 stacks): N = 16, one run.
// It checks that every split synthesizes its stacks and that each stack plans the resources it
// should; it asserts no timings (those depend on the machine).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { missingProviders } from '../e2e/support/env';
import { describeUnless, testUnless } from '../support/skip';

const ROOT = path.resolve(__dirname, '..', '..');
const LIB_BUILT = fs.existsSync(path.join(ROOT, 'lib', 'index.js'))
  && fs.existsSync(path.join(ROOT, 'lib', '.gen', 'providers', 'prefect', 'provider', 'index.js'));

describeUnless(LIB_BUILT ? undefined : 'lib/ is not built; run npm test (it builds first)')('bench --stacks-only --smoke', () => {
  let out: string;
  let result: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-bench-stacks-'));
    result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'bench/run.ts', '--stacks-only', '--smoke', '--out', out], {
      cwd: ROOT, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024,
    });
  }, 320_000);

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('exits 0 with no problems, into stacks-smoke.md / .json (the full run\'s stacks.md is left alone)', () => {
    expect({ status: result.status, stderr: String(result.stderr).slice(-3000) }).toEqual({ status: 0, stderr: expect.anything() });
    expect(JSON.parse(fs.readFileSync(path.join(out, 'stacks-smoke.json'), 'utf8')).problems).toEqual([]);
    expect(fs.existsSync(path.join(out, 'stacks.md'))).toBe(false);
  });

  // N = 16: 7 resources per deployment (flow, deployment and its trigger, two schedules and their
  // triggers), plus a pool and its trigger per stack
  // The synth median is printed as bench/util.ts's ms() does: whole milliseconds from 100 ms, one
  // decimal below that (a fast machine synthesizes a small split in under 100 ms: "92.4").
  test('a synth row per split, with its stack and resource counts', () => {
    const md = fs.readFileSync(path.join(out, 'stacks-smoke.md'), 'utf8');
    for (const [split, k] of [['plain TerraformStack', 1], ['s1', 1], ['s2', 2], ['s4', 4], ['s8', 8]] as const) {
      expect(md).toMatch(new RegExp(`^\\| ${split} \\| ${k} \\| ${7 * 16 + 2 * k} \\| 1 \\| \\d+(\\.\\d)? \\|`, 'm'));
    }
  });

  testUnless(missingProviders('prefect'))('a plan row per split, one plan time per stack', () => {
    const md = fs.readFileSync(path.join(out, 'stacks-smoke.md'), 'utf8');
    for (const [split, k] of [['s1', 1], ['s2', 2], ['s4', 4], ['s8', 8]] as const) {
      const row = md.split('\n').find((l) => l.startsWith(`| ${split} | ${k} | `) && /× s1 \|/.test(md) && l.split('|').length === 9);
      expect([split, row?.split('|')[7].split(',').length]).toEqual([split, k]);
    }
  });
});
