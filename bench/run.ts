// cdktf-prefect benchmarks (issue 7). Measures the compiled package in lib/, as users install it.
//
//   npm run bench                      install, build lib/, then the full run (~16 minutes on 2 busy cores)
//   npx projen bench [--smoke] [--server | --server-only] [--out <dir>]
//   node -r ts-node/register/transpile-only bench/run.ts --smoke --out /tmp/bench
//
// 1. synth scaling: N scheduled deployments through the L2 constructs, on the L1 bindings,
//    and as plain JSON.stringify (the floor); each run in a fresh process (bench/children/synth.js)
// 2. import cost: require() of the package root and of each top-level directory of lib/,
//    against require('cdktf'), each in a fresh process (bench/children/import.js)
// 3. patterns: EcsWorker and S3BucketSensor against the same resources on the L1 bindings plus
//    the generated AWS classes' deep imports (PATTERN_SUITES)
// 4. runner: the scheduled-deployment example's app under ts-node, tsx and tsc && node
// 5. Python: import + synth against cdktf alone (bench/python.ts)
// 6. server, opt-in (--server adds it, --server-only runs nothing else; a few minutes): the
//    crash/scale e2e tests' estate applied, re-planned and destroyed on PostgreSQL and on SQLite
//    (bench/server.ts)
// 7. stacks, opt-in (--stacks adds it, --stacks-only runs it alone, into stacks.md): one estate
//    of N deployments as 1, 2, 4 and 8 stacks, synth and terraform plan (bench/stacks.ts)
// policy, opt-in (--policy-only runs it alone, into policy.md): section 1's app with the rules
//    that run by default, with PF-TGT-001 alone, and with none (POLICY)
//
// Writes <out>/latest.md (also printed) and <out>/latest.json (every sample).
import * as fs from 'fs';
import * as path from 'path';
import {
  bodyLines, configurationOf, countsText, firstDifference, readStack, sameCounts, shapeOf, StackShape,
} from './equivalence';
import {
  freshDir, machine, Machine, mb, ms, range, ratio, ROOT, runChild, runJsonChild, Summary, summarize, table,
} from './util';
import { pythonMarkdown, runPython } from './python';
import { runServer, serverMarkdown } from './server';
import { runStacks, stacksMarkdown } from './stacks';

// ---------------------------------------------------------------------------------------------
// what is measured

/** A synth benchmark: one workload (bench/workloads/<workload>.js), its variants, its sizes. */
interface SynthSuite {
  readonly workload: string;
  readonly title: string;
  /** variant IDs of the workload, with the label shown in the tables */
  readonly variants: { readonly id: string; readonly label: string }[];
  /** ratios to report, [numerator, denominator] by variant ID */
  readonly ratios: [string, string][];
  /** sizes and runs per size, in the full and the smoke run */
  readonly sizes: { readonly n: number; readonly runs: number }[];
  readonly smokeSizes: { readonly n: number; readonly runs: number }[];
  /** true when every variant must synthesize the same attribute values (not only the same types) */
  readonly sameBodies: boolean;
}

const SCALING: SynthSuite = {
  workload: 'scheduled-deployments',
  title: 'Synth scaling: N scheduled deployments',
  variants: [
    { id: 'l2', label: 'L2 ScheduledDeployment' },
    { id: 'l1', label: 'L1 bindings' },
    // a diagnostic: splits L2 against L1 into the L2 code and the deeper construct tree
    { id: 'tree', label: 'L1 bindings in the L2 construct tree' },
    { id: 'floor', label: 'plain JSON.stringify' },
  ],
  ratios: [['l2', 'l1'], ['l2', 'tree'], ['tree', 'l1'], ['l1', 'floor']],
  sizes: [{ n: 100, runs: 7 }, { n: 1000, runs: 5 }, { n: 5000, runs: 5 }],
  smokeSizes: [{ n: 10, runs: 1 }, { n: 50, runs: 1 }],
  sameBodies: true,
};

/**
 * The cost of the policy rules that run by default (PrefectRules.defaults(): PF-TGT-001, the
 * correctness pack PF-COR-001..015, PF-SEC-004..006) on the workload of section 1, against the
 * same app with PF-TGT-001 alone (`tgt`, what ran by default before) and with none (`bare`), in
 * the same run. `--policy-only` runs it and writes bench/results/policy.md.
 */
const POLICY: SynthSuite = {
  workload: 'scheduled-deployments',
  title: 'Policy: the default rules on N scheduled deployments',
  variants: [
    { id: 'l2', label: 'L2, default rules (19)' },
    { id: 'tgt', label: 'L2, PF-TGT-001 alone' },
    { id: 'bare', label: 'L2, no rules' },
  ],
  ratios: [['l2', 'bare'], ['l2', 'tgt'], ['tgt', 'bare']],
  sizes: [{ n: 100, runs: 7 }, { n: 1000, runs: 5 }],
  smokeSizes: [{ n: 10, runs: 1 }, { n: 50, runs: 1 }],
  sameBodies: true,
};

/**
 * Item 3 of issue 7: the AWS patterns against the same resources on the L1 bindings plus
 * generated AWS classes' deep imports. N is the number of pattern instances in one stack. A
 * workload that names an `example` reproduces that example at N=1, which is checked too.
 */
const PATTERN_SUITES: SynthSuite[] = [
  patternSuite('ecs-worker', 'EcsWorker', 'examples/ecs-worker, N workers'),
  patternSuite('s3-bucket-sensor', 'S3BucketSensor', 'N sensors running one deployment'),
];

function patternSuite(workload: string, construct: string, what: string): SynthSuite {
  return {
    workload,
    title: `Pattern: ${construct} (${what})`,
    variants: [{ id: 'l3', label: `L3 ${construct}` }, { id: 'l1', label: 'L1 bindings + generated AWS classes' }],
    ratios: [['l3', 'l1']],
    sizes: [{ n: 1, runs: 5 }, { n: 10, runs: 5 }, { n: 50, runs: 5 }],
    smokeSizes: [{ n: 1, runs: 1 }, { n: 2, runs: 1 }],
    sameBodies: true,
  };
}

/** Runners of the example app; `command` is what cdktf.json's `app` would hold. */
const RUNNERS = [
  { id: 'ts-node', label: 'ts-node (type-check)', command: 'node -r ts-node/register main.ts' },
  { id: 'ts-node-transpile', label: 'ts-node (transpile-only)', command: 'node -r ts-node/register/transpile-only main.ts' },
  { id: 'tsx-import', label: 'tsx (in-process)', command: 'node --import tsx main.ts' },
  { id: 'tsx-cli', label: 'tsx (CLI)', command: 'tsx main.ts' },
  { id: 'tsc-node', label: 'tsc && node', command: 'tsc && node main.js' },
];
const RUNNER_EXAMPLE = 'scheduled-deployment';

// ---------------------------------------------------------------------------------------------
// arguments

const argv = process.argv.slice(2);
const SMOKE = argv.includes('--smoke');
const SERVER_ONLY = argv.includes('--server-only');
const SERVER = SERVER_ONLY || argv.includes('--server');
const STACKS_ONLY = argv.includes('--stacks-only');
const STACKS = STACKS_ONLY || argv.includes('--stacks');
const POLICY_ONLY = argv.includes('--policy-only');
const outArg = argv.indexOf('--out');
const OUT = path.resolve(outArg >= 0 && argv[outArg + 1] ? argv[outArg + 1] : path.join(ROOT, 'bench', 'results'));
const WORK = path.join(ROOT, 'bench', '.tmp', `run-${process.pid}`);
const SYNTH_CHILD = path.join(ROOT, 'bench', 'children', 'synth.js');
const IMPORT_CHILD = path.join(ROOT, 'bench', 'children', 'import.js');
const IMPORT_RUNS = SMOKE ? 1 : 7;
const RUNNER_RUNS = SMOKE ? 1 : 5;

const problems: string[] = [];
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

// ---------------------------------------------------------------------------------------------
// 1, 3 and the policy benchmark: synth

interface SynthSample { wallMs: number; cpuMs: number; maxRssMb: number; loadMs: number; processMs: number }

interface SynthCell {
  readonly n: number;
  readonly variant: string;
  readonly wall: Summary;
  readonly cpu: Summary;
  readonly rss: Summary;
  readonly load: Summary;
  readonly process: Summary;
  readonly shape: StackShape;
}

interface SynthResult {
  readonly suite: SynthSuite;
  readonly cells: SynthCell[];
  readonly checks: { n: number; same: boolean; sameBodies: boolean; shapes: Record<string, StackShape> }[];
  /** the workload's example, run as `cdktf synth` runs it, against the first variant at N=1 */
  readonly example?: { name: string; same: boolean };
}

function runSynthSuite(suite: SynthSuite): SynthResult {
  const workload = require(path.join(ROOT, 'bench', 'workloads', `${suite.workload}.js`));
  const cells: SynthCell[] = [];
  const checks: SynthResult['checks'] = [];
  let example: SynthResult['example'];
  for (const { n, runs } of SMOKE ? suite.smokeSizes : suite.sizes) {
    const samples: Record<string, SynthSample[]> = {};
    const shapes: Record<string, StackShape> = {};
    const lines: Record<string, string[]> = {};
    // interleaved (variant a, b, c, a, b, c, ...) so that a noisy moment hits all variants
    for (let r = 0; r < runs; r++) {
      for (const { id } of suite.variants) {
        const outdir = freshDir(path.join(WORK, `${suite.workload}-${id}-${n}`));
        const s = runJsonChild<SynthSample>(SYNTH_CHILD, [suite.workload, id, String(n), outdir]);
        (samples[id] ??= []).push(s);
        log(`${suite.workload} ${id} N=${n} run ${r + 1}/${runs}: ${ms(s.wallMs)} ms (CPU ${ms(s.cpuMs)} ms), ${mb(s.maxRssMb)} MB`);
        if (r === 0) { // untimed
          const tf = readStack(outdir, workload.stack);
          shapes[id] = shapeOf(tf);
          lines[id] = bodyLines(tf);
          if (workload.example && n === 1 && id === suite.variants[0].id) example = checkExample(workload.example, workload.stack, tf);
        }
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
    for (const { id } of suite.variants) {
      const list = samples[id];
      cells.push({
        n,
        variant: id,
        wall: summarize(list.map((s) => s.wallMs)),
        cpu: summarize(list.map((s) => s.cpuMs)),
        rss: summarize(list.map((s) => s.maxRssMb)),
        load: summarize(list.map((s) => s.loadMs)),
        process: summarize(list.map((s) => s.processMs)),
        shape: shapes[id],
      });
    }
    const [first, ...rest] = suite.variants.map((v) => shapes[v.id]);
    const same = rest.every((s) => sameCounts(first, s));
    const sameBodies = rest.every((s) => s.bodies === first.bodies);
    checks.push({ n, same, sameBodies, shapes });
    if (!same) problems.push(`${suite.workload} N=${n}: the variants synthesize different resources: ${suite.variants.map((v) => `${v.id}: ${countsText(shapes[v.id])}`).join('; ')}`);
    if (suite.sameBodies && !sameBodies) {
      const base = suite.variants[0].id;
      const other = suite.variants.find((v) => shapes[v.id].bodies !== first.bodies)!.id;
      const { onlyA, onlyB } = firstDifference(lines[base], lines[other]);
      problems.push(`${suite.workload} N=${n}: the variants synthesize different attribute values; only ${base}: ${onlyA?.slice(0, 600)}; only ${other}: ${onlyB?.slice(0, 600)}`);
    }
    const expected = workload.resourceCount?.(n);
    if (expected !== undefined && first.total !== expected) problems.push(`${suite.workload} N=${n}: ${first.total} resources, expected ${expected}`);
  }
  return { suite, cells, checks, example };
}

/** Runs examples/<name> once as `cdktf synth` would; true when it synthesizes `tf`'s configuration. */
function checkExample(name: string, stack: string, tf: unknown): { name: string; same: boolean } {
  const { dir, command, env } = exampleCopy(name);
  const outdir = freshDir(path.join(WORK, `example-out-${name}`));
  const res = runChild('/bin/sh', ['-c', command], { cwd: dir, env: { ...env, CDKTF_OUTDIR: outdir } });
  const file = path.join(outdir, 'stacks', stack, 'cdk.tf.json');
  const same = res.status === 0 && fs.existsSync(file) && configurationOf(JSON.parse(fs.readFileSync(file, 'utf8'))) === configurationOf(tf);
  if (!same) {
    problems.push(`examples/${name} (${command}, exit ${res.status}) does not synthesize what the workload's first variant does at N=1: ${res.stderr.slice(-1000)}`);
  }
  log(`examples/${name}: ${same ? 'same configuration as' : 'differs from'} the workload at N=1`);
  return { name, same };
}

function cell(result: SynthResult, n: number, variant: string): SynthCell {
  return result.cells.find((c) => c.n === n && c.variant === variant)!;
}

function synthMarkdown(result: SynthResult): string {
  const { suite } = result;
  const sizes = [...new Set(result.cells.map((c) => c.n))];
  const label = (id: string) => suite.variants.find((v) => v.id === id)!.label;
  const out: string[] = [];
  out.push(table(
    ['N', 'resources', 'variant', 'runs', 'build + synth, median ms', 'min–max', 'CPU, median ms', 'peak RSS, median MB', 'min–max', 'module load ms', 'whole process ms'],
    result.cells.map((c) => [
      c.n, c.shape.total, `${c.variant}: ${label(c.variant)}`, c.wall.samples.length, ms(c.wall.median), range(c.wall, ms),
      ms(c.cpu.median), mb(c.rss.median), range(c.rss, mb), ms(c.load.median), ms(c.process.median),
    ]),
  ));
  out.push('');
  out.push(table(
    ['N', ...suite.ratios.flatMap(([a, b]) => [`${a}/${b} time`, `${a}/${b} CPU`, `${a}/${b} RSS`])],
    sizes.map((n) => [n, ...suite.ratios.flatMap(([a, b]) => [
      ratio(cell(result, n, a).wall.median, cell(result, n, b).wall.median),
      ratio(cell(result, n, a).cpu.median, cell(result, n, b).cpu.median),
      ratio(cell(result, n, a).rss.median, cell(result, n, b).rss.median),
    ])]),
  ));
  if (sizes.length > 1) {
    const [lo, hi] = growthSizes(sizes);
    out.push('');
    out.push(table(
      ['variant', `time N=${lo} → ${hi} (×${hi / lo} resources)`, 'CPU', 'peak RSS'],
      suite.variants.map((v) => [
        `${v.id}: ${v.label}`,
        ratio(cell(result, hi, v.id).wall.median, cell(result, lo, v.id).wall.median),
        ratio(cell(result, hi, v.id).cpu.median, cell(result, lo, v.id).cpu.median),
        ratio(cell(result, hi, v.id).rss.median, cell(result, lo, v.id).rss.median),
      ]),
    ));
  }
  out.push('');
  out.push('Same resources (checked once per N, untimed, on the first run\'s `cdk.tf.json`):');
  out.push('');
  out.push(table(
    ['N', 'resources per type (every variant)', 'same types and counts', 'same attribute values (logical IDs aside)'],
    result.checks.map((c) => [
      c.n, countsText(c.shapes[suite.variants[0].id]), c.same ? 'yes' : '**no**', c.sameBodies ? 'yes' : (suite.sameBodies ? '**no**' : 'no'),
    ]),
  ));
  if (result.example) {
    out.push('');
    out.push(`At N=1, \`${suite.variants[0].id}\` synthesizes ${result.example.same ? 'the same' : '**not** the same'} configuration as \`examples/${result.example.name}\` run by its \`cdktf.json\` app command (providers, resources, data sources, outputs and variables; logical IDs included).`);
  }
  return out.join('\n');
}

/** N=1000 → N=5000 in the full run; the two largest sizes otherwise. */
function growthSizes(sizes: number[]): [number, number] {
  if (sizes.includes(1000) && sizes.includes(5000)) return [1000, 5000];
  const s = [...sizes].sort((a, b) => a - b);
  return [s[s.length - 2], s[s.length - 1]];
}

// ---------------------------------------------------------------------------------------------
// 2: import cost

interface ImportSample {
  requireMs: number; cpuMs: number; rssDeltaMb: number; maxRssMb: number; modules: number;
  prefectBindings: number; awsModules: number; barrels: string[]; processMs: number;
}

interface ImportRow {
  readonly id: string;
  readonly target: string;
  readonly time: Summary;
  readonly cpu: Summary;
  readonly rss: Summary;
  readonly modules: number;
  readonly prefectBindings: number;
  readonly awsModules: number;
  readonly barrels: string[];
}

function importTargets(): { id: string; target: string }[] {
  const lib = path.join(ROOT, 'lib');
  const dirs = fs.readdirSync(lib, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && fs.existsSync(path.join(lib, e.name, 'index.js')))
    .map((e) => e.name)
    .sort();
  return [
    { id: 'cdktf', target: 'cdktf' },
    { id: 'lib (root)', target: lib },
    ...dirs.map((d) => ({ id: `lib/${d}`, target: path.join(lib, d) })),
  ];
}

function runImports(): ImportRow[] {
  const targets = importTargets();
  const samples: Record<string, ImportSample[]> = {};
  for (let r = 0; r < IMPORT_RUNS; r++) {
    for (const { id, target } of targets) {
      (samples[id] ??= []).push(runJsonChild<ImportSample>(IMPORT_CHILD, [target]));
    }
    log(`imports: round ${r + 1}/${IMPORT_RUNS}`);
  }
  return targets.map(({ id, target }) => {
    const list = samples[id];
    const barrels = [...new Set(list.flatMap((s) => s.barrels))];
    if (barrels.length > 0) problems.push(`require(${id}) loads a provider barrel: ${barrels.join(', ')}`);
    return {
      id,
      target: path.relative(ROOT, target) || target,
      time: summarize(list.map((s) => s.requireMs)),
      cpu: summarize(list.map((s) => s.cpuMs)),
      rss: summarize(list.map((s) => s.rssDeltaMb)),
      modules: list[0].modules,
      prefectBindings: list[0].prefectBindings,
      awsModules: list[0].awsModules,
      barrels,
    };
  });
}

function importMarkdown(rows: ImportRow[]): string {
  const base = rows.find((r) => r.id === 'cdktf')!;
  return table(
    ['require()', 'median ms', 'min–max', '× require(\'cdktf\')', 'CPU, median ms', 'CPU × cdktf', 'RSS added, median MB', '+MB over cdktf', 'modules loaded', 'prefect bindings', 'generated AWS modules', 'provider barrel loaded'],
    rows.map((r) => [
      r.id, ms(r.time.median), range(r.time, ms), ratio(r.time.median, base.time.median), ms(r.cpu.median), ratio(r.cpu.median, base.cpu.median), mb(r.rss.median),
      r.id === 'cdktf' ? '—' : `${r.rss.median - base.rss.median >= 0 ? '+' : ''}${mb(r.rss.median - base.rss.median)}`,
      r.modules, r.prefectBindings, r.awsModules, r.barrels.length === 0 ? 'no' : `**yes**: ${r.barrels.join(', ')}`,
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// 4: runner

interface RunnerRow {
  readonly id: string;
  readonly label: string;
  readonly command: string;
  readonly current: boolean;
  readonly time: Summary;
  readonly correct: boolean;
  readonly note: string;
}

/**
 * A copy of examples/<name> under the work directory (the example's files are not touched),
 * its imports of ../../lib pointed at lib/; its cdktf.json `app` command, and the environment
 * `cdktf synth` gives the app (with node_modules/.bin on PATH).
 */
function exampleCopy(name: string): { dir: string; command: string; env: NodeJS.ProcessEnv } {
  // the core's examples/, or a cloud package's packages/<cloud>/examples/
  const exampleDir = [path.join(ROOT, 'examples', name), ...fs.readdirSync(path.join(ROOT, 'packages')).map((p) => path.join(ROOT, 'packages', p, 'examples', name))]
    .find((d) => fs.existsSync(path.join(d, 'cdktf.json')))!;
  const command = JSON.parse(fs.readFileSync(path.join(exampleDir, 'cdktf.json'), 'utf8')).app as string;
  const dir = freshDir(path.join(WORK, `example-${name}`));
  const libFromCopy = path.relative(dir, path.join(ROOT, 'lib')).split(path.sep).join('/');
  for (const file of fs.readdirSync(exampleDir)) {
    if (!/\.(ts|json)$/.test(file)) continue;
    let text = fs.readFileSync(path.join(exampleDir, file), 'utf8');
    if (file.endsWith('.ts')) text = text.replace(/(['"])\.\.\/\.\.\/lib(?=[/'"])/g, `$1${libFromCopy}`);
    fs.writeFileSync(path.join(dir, file), text);
  }
  const env = {
    ...process.env,
    PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
    CDKTF_CONTEXT_JSON: '{}',
  };
  return { dir, command, env };
}

function runRunners(): { rows: RunnerRow[]; current: string } {
  const { dir, command: current, env } = exampleCopy(RUNNER_EXAMPLE);
  const runners = RUNNERS.some((r) => r.command === current)
    ? RUNNERS
    : [{ id: 'current', label: 'current cdktf.json app', command: current }, ...RUNNERS];
  const times: Record<string, number[]> = {};
  const outputs: Record<string, { status: number | null; json?: string; stderr: string }> = {};
  for (let r = 0; r < RUNNER_RUNS; r++) {
    for (const runner of runners) {
      const outdir = freshDir(path.join(WORK, `runner-out-${runner.id}`));
      fs.rmSync(path.join(dir, 'main.js'), { force: true });
      const res = runChild('/bin/sh', ['-c', runner.command], { cwd: dir, env: { ...env, CDKTF_OUTDIR: outdir } });
      (times[runner.id] ??= []).push(res.processMs);
      const file = path.join(outdir, 'stacks', RUNNER_EXAMPLE, 'cdk.tf.json');
      const json = res.status === 0 && fs.existsSync(file) ? JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))) : undefined;
      if (r === 0 || outputs[runner.id]?.json !== json) outputs[runner.id] = { status: res.status, json, stderr: res.stderr };
      log(`runner ${runner.id} run ${r + 1}/${RUNNER_RUNS}: ${ms(res.processMs)} ms, exit ${res.status}`);
    }
  }
  const currentId = runners.find((r) => r.command === current)!.id;
  const reference = outputs[currentId].json;
  if (!reference) problems.push(`the example's current app command (${current}) failed: ${outputs[currentId].stderr.slice(-1000)}`);
  const rows = runners.map((runner) => {
    const o = outputs[runner.id];
    const correct = o.json !== undefined && o.json === reference;
    return {
      id: runner.id,
      label: runner.label,
      command: runner.command,
      current: runner.command === current,
      time: summarize(times[runner.id]),
      correct,
      note: o.json === undefined ? `exit ${o.status}: ${o.stderr.trim().split('\n').pop() ?? ''}` : correct ? '' : 'output differs',
    };
  });
  return { rows, current };
}

function fastestCorrect(rows: RunnerRow[]): RunnerRow | undefined {
  return [...rows].filter((r) => r.correct).sort((a, b) => a.time.median - b.time.median)[0];
}

function runnerMarkdown(rows: RunnerRow[]): string {
  const best = fastestCorrect(rows);
  const current = rows.find((r) => r.current);
  const lines = [table(
    ['runner', '`app` command', 'median ms', 'min–max', 'correct (same cdk.tf.json, exit 0)', ''],
    rows.map((r) => [
      r.label, `\`${r.command}\``, ms(r.time.median), range(r.time, ms), r.correct ? 'yes' : `**no** ${r.note}`,
      [r.current ? 'current' : '', r === best ? 'fastest correct' : ''].filter(Boolean).join(', '),
    ]),
  )];
  lines.push('');
  if (best && current && best !== current) {
    lines.push(`Fastest correct runner: **${best.label}** (${ms(best.time.median)} ms against ${ms(current.time.median)} ms for the current \`${current.command}\`).`);
  } else if (best) {
    lines.push(`The current runner (\`${best.command}\`) is the fastest correct one.`);
  }
  lines.push('Times are whole `app` commands as `cdktf synth` runs them (cwd = the example, `CDKTF_OUTDIR` set), with `node_modules/.bin` on `PATH`.');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// report

interface Target { readonly what: string; readonly value: string; readonly met: boolean }

function targets(scaling: SynthResult, imports: ImportRow[]): Target[] {
  const sizes = new Set(scaling.cells.map((c) => c.n));
  const out: Target[] = [];
  if (sizes.has(1000)) {
    const t = cell(scaling, 1000, 'l2').wall.median / cell(scaling, 1000, 'l1').wall.median;
    const m = cell(scaling, 1000, 'l2').rss.median / cell(scaling, 1000, 'l1').rss.median;
    const c = cell(scaling, 1000, 'l2').cpu.median / cell(scaling, 1000, 'l1').cpu.median;
    out.push({ what: 'N=1000: L2 time ≤ 1.15× L1', value: `${t.toFixed(2)}× wall (${c.toFixed(2)}× CPU)`, met: t <= 1.15 });
    out.push({ what: 'N=1000: L2 peak RSS ≤ 1.15× L1', value: `${m.toFixed(2)}×`, met: m <= 1.15 });
  }
  if (sizes.has(1000) && sizes.has(5000)) {
    for (const v of ['l2', 'l1']) {
      const g = cell(scaling, 5000, v).wall.median / cell(scaling, 1000, v).wall.median;
      const gc = cell(scaling, 5000, v).cpu.median / cell(scaling, 1000, v).cpu.median;
      out.push({ what: `${v.toUpperCase()} time grows ≤ 5.5× from N=1000 to N=5000`, value: `${g.toFixed(2)}× wall (${gc.toFixed(2)}× CPU)`, met: g <= 5.5 });
    }
  }
  const base = imports.find((r) => r.id === 'cdktf')!;
  const root = imports.find((r) => r.id === 'lib (root)')!;
  const t = root.time.median / base.time.median;
  const tc = root.cpu.median / base.cpu.median;
  const extra = root.rss.median - base.rss.median;
  out.push({ what: 'root import time ≤ 1.5× require(\'cdktf\')', value: `${t.toFixed(2)}× wall (${tc.toFixed(2)}× CPU)`, met: t <= 1.5 });
  out.push({ what: 'root import RSS ≤ +50 MB over require(\'cdktf\')', value: `+${extra.toFixed(1)} MB`, met: extra <= 50 });
  const barrels = imports.filter((r) => r.barrels.length > 0);
  out.push({ what: 'no import loads a provider barrel', value: barrels.length === 0 ? `none of ${imports.length} does` : barrels.map((r) => r.id).join(', '), met: barrels.length === 0 });
  return out;
}

function header(m: Machine, started: Date, seconds: number): string {
  return [
    `# cdktf-prefect benchmarks${SMOKE ? ' (smoke run: small N, 1 run each; not for comparison)' : ''}`,
    '',
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB memory, ${m.os}; load average at start ${m.loadAverageAtStart.join(' / ')}`,
    `- node ${m.node}, cdktf ${m.cdktf}, constructs ${m.constructs}; the package measured is \`lib/\` (the compiled library)`,
    `- started ${started.toISOString()}, took ${Math.round(seconds)} s; medians over the runs shown; every run is a fresh process`,
  ].join('\n');
}

function stacksIntro(): string {
  return 'One estate of N scheduled deployments (those of section 1, through `ScheduledDeployment`) split into K = 1, 2, 4, 8 `PrefectEnvironmentStack`s, each with its own local state, provider and work pool (`bench/workloads/split-stacks.js`), and as one plain `TerraformStack`. Synth is the whole app in a fresh process (`cdktf synth` and `cdktf deploy <stack>` synthesize every stack of the app), runs interleaved. Plan: `terraform plan -refresh=false` of a first deploy of each stack with the real provider (no server needed), one run, stacks one after the other (init untimed). Ratios are against K = 1 of the same run.';
}

function policyIntro(): string {
  return 'The app of section 1 (N `ScheduledDeployment`s and a work pool, no finding) three ways in the same run, interleaved: `l2` with the rules that run by default with no pack added (`PrefectRules.defaults()`: PF-TGT-001, PF-COR-001 to 015, PF-SEC-004 to 006), `tgt` with PF-TGT-001 alone (what ran by default before the inline warnings became rules), `bare` with none (the per-stack runner still visits every construct and writes `policy-report.json`). The rules are cut in the benchmark\'s own process (`bench/workloads/scheduled-deployments.js`, `l2WithRules`); the library has no switch for it.';
}

function serverIntro(): string {
  return 'The estate of the crash and scale e2e tests (`test/e2e/support/estate.ts`: 3 pools with a queue each, 6 flows, 30 deployments, 40 schedules, 6 automations, a shared global concurrency limit, 8 variables, and the deployments\' `terraform_data` identities), with the real Terraform and prefecthq/prefect 3.4.1 at the default parallelism (10), against a fresh local Prefect server per database (`scripts/prefect-server.sh start --db postgres|sqlite`), one run each, TF_LOG=DEBUG for apply and destroy on both (to count the 503s the provider retried). Wall times of `terraform apply`, `plan -detailed-exitcode` and `destroy`.';
}

/**
 * Writes <base>.md and <base>.json (latest.*, or server.* for --server-only, which leaves the
 * full run's results alone), prints the report, and sets the exit code on problems.
 */
function finish(text: string, json: unknown, base = 'latest'): void {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, `${base}.md`), text);
  fs.writeFileSync(path.join(OUT, `${base}.json`), `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`${text}\n`);
  if (problems.length > 0) {
    log(`${problems.length} problem(s):\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}

function main(): void {
  const started = new Date();
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
    throw new Error('lib/ is not built: run `npx projen compile && npx projen post-compile` (or `npm run bench`)');
  }
  const m = machine();
  freshDir(WORK);
  try {
    log(`${SMOKE ? 'smoke' : 'full'} run${SERVER_ONLY ? ' of section 6 only' : ''}; results go to ${OUT}`);
    if (STACKS_ONLY) {
      const stacks = runStacks(SMOKE, WORK, log);
      problems.push(...stacks.problems);
      const md = [header(m, started, (Date.now() - started.getTime()) / 1000), '', '## 7. Stacks: one estate split into 1, 2, 4 and 8 stacks', '', stacksIntro(), '', stacksMarkdown(stacks), ''];
      if (problems.length > 0) md.push('## Problems', '', ...problems.map((p) => `- ${p}`), '');
      finish(md.join('\n'), { mode: SMOKE ? 'stacks-only smoke' : 'stacks-only', started: started.toISOString(), machine: m, stacks, problems }, SMOKE ? 'stacks-smoke' : 'stacks');
      return;
    }
    if (POLICY_ONLY) {
      const policy = runSynthSuite(POLICY);
      const md = [header(m, started, (Date.now() - started.getTime()) / 1000), '', `## ${POLICY.title}`, '', policyIntro(), '', synthMarkdown(policy), ''];
      if (problems.length > 0) md.push('## Problems', '', ...problems.map((p) => `- ${p}`), '');
      finish(md.join('\n'), { mode: SMOKE ? 'policy-only smoke' : 'policy-only', started: started.toISOString(), machine: m, synth: [policy], problems }, SMOKE ? 'policy-smoke' : 'policy');
      return;
    }
    if (SERVER_ONLY) {
      const server = runServer(log);
      problems.push(...server.problems);
      const md = [header(m, started, (Date.now() - started.getTime()) / 1000), '', '## 6. Server: the estate on PostgreSQL and SQLite', '', serverIntro(), '', serverMarkdown(server), ''];
      if (problems.length > 0) md.push('## Problems', '', ...problems.map((p) => `- ${p}`), '');
      finish(md.join('\n'), { mode: 'server-only', started: started.toISOString(), machine: m, server, problems }, 'server');
      return;
    }
    const scaling = runSynthSuite(SCALING);
    const patterns = PATTERN_SUITES.map(runSynthSuite);
    const imports = runImports();
    const runners = runRunners();
    const python = runPython(SMOKE, WORK, log);
    problems.push(...python.problems);
    const server = SERVER ? runServer(log) : undefined;
    problems.push(...server?.problems ?? []);
    const stacks = STACKS ? runStacks(SMOKE, WORK, log) : undefined;
    problems.push(...stacks?.problems ?? []);
    const seconds = (Date.now() - started.getTime()) / 1000;

    const md: string[] = [header(m, started, seconds), ''];
    md.push('## Targets (issue 7)', '');
    const tg = targets(scaling, imports);
    md.push(table(['target', 'measured', 'met'], tg.map((t) => [t.what, t.value, t.met ? 'yes' : '**no**'])), '');
    md.push(`## 1. ${SCALING.title}`, '');
    md.push('Each deployment: a flow, a deployment (parameters, parameter schema, 2 pull steps, job variables) and 2 schedules (cron, interval); one work pool. "build + synth" is the construct tree plus `app.synth()` writing `cdk.tf.json` (module loading excluded: see 2); peak RSS is the process\'s. `tree` is the L1 resources placed in the same construct tree as `l2` (same paths, same logical IDs, the same `cdk.tf.json`): `l2/tree` is what the L2 code costs, `tree/l1` what the deeper tree costs cdktf.', '');
    md.push(synthMarkdown(scaling), '');
    md.push('## 2. Import cost', '');
    md.push('`require()` of each module in a fresh process; "RSS added" is the RSS after the call minus before it. Module counts and barrel checks come from `require.cache`.', '');
    md.push(importMarkdown(imports), '');
    md.push('## 3. Patterns', '');
    md.push('N pattern instances in one stack: `l3` through the library (root import), `l1` the same resources on the generated Prefect bindings and the generated AWS classes of cdktf-prefect-aws (deep imports). Columns as in 1.', '');
    for (const p of patterns) md.push(`### ${p.suite.title}`, '', synthMarkdown(p), '');
    md.push(`## 4. Runner: examples/${RUNNER_EXAMPLE}`, '');
    md.push(runnerMarkdown(runners.rows), '');
    md.push('## 5. Python: import + synth against cdktf alone', '');
    md.push(pythonMarkdown(python), '');
    md.push('## 6. Server: the estate on PostgreSQL and SQLite', '');
    md.push(server ? `${serverIntro()}\n\n${serverMarkdown(server)}` : 'Not run (opt-in: `--server`, or `--server-only` for this section alone; a few minutes).', '');
    md.push('## 7. Stacks: one estate split into 1, 2, 4 and 8 stacks', '');
    md.push(stacks ? `${stacksIntro()}\n\n${stacksMarkdown(stacks)}` : 'Not run (opt-in: `--stacks`, or `--stacks-only` for this section alone).', '');
    if (problems.length > 0) md.push('## Problems', '', ...problems.map((p) => `- ${p}`), '');
    finish(md.join('\n'), {
      mode: SMOKE ? 'smoke' : 'full', started: started.toISOString(), seconds, machine: m,
      targets: tg, synth: [scaling, ...patterns], imports, runners, python, server, stacks, problems,
    });
  } finally {
    fs.rmSync(WORK, { recursive: true, force: true });
    try {
      fs.rmdirSync(path.dirname(WORK)); // bench/.tmp, when no other run uses it
    } catch {
      // another run is in progress
    }
  }
}

main();
