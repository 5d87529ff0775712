// CI smoke run of the benchmarks (issue 7): small N, one run each. It checks that the harness
// completes and writes its table; it asserts no timings (those depend on the machine).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeUnless } from '../support/skip';

const ROOT = path.resolve(__dirname, '..', '..');
const LIB_BUILT = fs.existsSync(path.join(ROOT, 'lib', 'index.js'))
  && fs.existsSync(path.join(ROOT, 'lib', '.gen', 'providers', 'prefect', 'provider', 'index.js'));

// the benchmarks measure the compiled library; `npm test` builds it first
const describeBuilt = describeUnless(LIB_BUILT ? undefined : 'lib/ is not built; run npm test (it builds first)');

describeBuilt('bench --smoke', () => {
  let out: string;
  let result: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-bench-'));
    result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'bench/run.ts', '--smoke', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  }, 320_000);

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('exits 0', () => {
    expect({ status: result.status, stderr: String(result.stderr).slice(-3000) }).toEqual({ status: 0, stderr: expect.anything() });
  });

  test('writes the table, with a row per synth variant and the import table', () => {
    const md = fs.readFileSync(path.join(out, 'latest.md'), 'utf8');
    expect(String(result.stdout)).toContain(md.split('\n')[0]);
    expect(md).toMatch(/- machine: .+ cores, .+ GB memory/);
    for (const n of [10, 50]) {
      for (const variant of ['l2: L2 ScheduledDeployment', 'l1: L1 bindings', 'tree: L1 bindings in the L2 construct tree', 'floor: plain JSON.stringify']) {
        expect(md).toMatch(new RegExp(`^\\| ${n} \\| ${7 * n + 2} \\| ${variant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\|`, 'm'));
      }
    }
    // the untimed equivalence check
    expect(md).toMatch(/^\| 50 \| deployment 50, deployment_schedule 100, flow 50, work_pool 1, terraform_data 151 \| yes \| yes \|$/m);
    // the patterns, each against the same resources on L1 + the generated AWS classes, the same at N=1 and 2
    for (const [title, variant] of [['EcsWorker', 'l3: L3 EcsWorker'], ['S3BucketSensor', 'l3: L3 S3BucketSensor']]) {
      const section = md.slice(md.indexOf(`### Pattern: ${title}`));
      for (const n of [1, 2]) {
        expect(section).toMatch(new RegExp(`^\\| ${n} \\| \\d+ \\| ${variant} \\|`, 'm'));
        expect(section).toMatch(new RegExp(`^\\| ${n} \\| \\d+ \\| l1: L1 bindings \\+ generated AWS classes \\|`, 'm'));
        expect(section).toMatch(new RegExp(`^\\| ${n} \\| [^|]*aws_[^|]* \\| yes \\| yes \\|$`, 'm'));
      }
    }
    expect(md).toContain('At N=1, `l3` synthesizes the same configuration as `examples/ecs-worker`');
    expect(md).toContain('## 2. Import cost');
    for (const row of ['cdktf', 'lib \\(root\\)', 'lib/deployments', 'lib/patterns', 'lib/l1']) {
      expect(md).toMatch(new RegExp(`^\\| ${row} \\| [\\d.]+ \\|.*\\| no \\|$`, 'm'));
    }
    expect(md).toContain('## 4. Runner');
    expect(md).toMatch(/^\| tsc && node \| `tsc && node main.js` \|/m);
  });

  test('the Python section: the L2 app against cdktf alone, the same JSON, the ratio and the install size', () => {
    const md = fs.readFileSync(path.join(out, 'latest.md'), 'utf8');
    const section = md.split('## 5. Python')[1] ?? '';
    expect(section).toContain('identical once the "//" metadata is removed');
    expect(section).toMatch(/^\| L2: 3 `ScheduledDeployment`s on cdktf-prefect \| \d+ \(\d+–\d+\) \| \d+\.\d\d \|$/m);
    expect(section).toMatch(/^\| cdktf alone, the same JSON \| \d+ \(\d+–\d+\) \| 1\.00 \|$/m);
    expect(section).toMatch(/Target \(issue 12\): at most 1\.5×: \*\*(met|not met)\*\*/);
    expect(section).toMatch(/site-packages: \d+ MB in all; the largest: .*cdktf_prefect \d/);
  });

  test('writes the raw samples as JSON', () => {
    const json = JSON.parse(fs.readFileSync(path.join(out, 'latest.json'), 'utf8'));
    expect(json.mode).toBe('smoke');
    expect(json.problems).toEqual([]);
    expect(json.synth[0].cells).toHaveLength(8);
    expect(json.synth.map((r: { suite: { workload: string } }) => r.suite.workload)).toEqual(['scheduled-deployments', 'ecs-worker', 's3-bucket-sensor']);
    expect(json.imports.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['cdktf', 'lib (root)']));
  });
});
