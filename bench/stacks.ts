// Section 7 (opt-in: --stacks adds it, --stacks-only runs it alone): one estate of N scheduled
// deployments as 1, 2, 4 and 8 stacks (bench/workloads/split-stacks.js: PrefectEnvironmentStacks,
// each with its own state, provider and work pool), and the same estate as one plain
// TerraformStack. For each split: the synth of the whole app in a fresh process (as `cdktf synth`
// and `cdktf deploy <stack>` both synthesize every stack of the app), and, where the Prefect
// provider is installed, `terraform plan` of each stack (init untimed; plan of a first deploy,
// -refresh=false, no server needed), stack after stack. Reported as ratios against the
// single-stack split (s1) of the same run.
import * as fs from 'fs';
import * as path from 'path';
import { missingProviders } from '../test/e2e/support/env';
import { TerraformWorkdir } from '../test/e2e/support/terraform';
import { freshDir, mb, ms, range, ratio, ROOT, runJsonChild, Summary, summarize, table } from './util';

const SYNTH_CHILD = path.join(ROOT, 'bench', 'children', 'synth.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workload = require(path.join(ROOT, 'bench', 'workloads', 'split-stacks.js'));
const VARIANTS = ['plain', 's1', 's2', 's4', 's8'];

export interface StacksCell {
  readonly n: number;
  readonly variant: string;
  readonly stacks: number;
  readonly resources: number;
  readonly wall: Summary;
  readonly cpu: Summary;
  readonly rss: Summary;
  /** per stack, the wall time of `terraform plan` (one run), when planned */
  readonly planS?: number[];
  readonly planned?: number;
}

export interface StacksResult {
  readonly cells: StacksCell[];
  readonly planSkipped?: string;
  readonly problems: string[];
}

function seconds<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return [out, Number(process.hrtime.bigint() - t0) / 1e9];
}

/** Plans each stack of a synthesized app, one after the other; the seconds of each plan and the resources planned. */
function planStacks(outdir: string, ids: string[], problems: string[]): { planS: number[]; planned: number } {
  const planS: number[] = [];
  let planned = 0;
  for (const id of ids) {
    const tf = TerraformWorkdir.fromStackJson(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'), { PREFECT_API_URL: 'http://127.0.0.1:1/api' });
    try {
      tf.init();
      const [r, s] = seconds(() => tf.run('plan', '-no-color', '-input=false', '-refresh=false', '-lock=false', '-out=plan.bin'));
      const m = r.stdout.match(/Plan: (\d+) to add/);
      const ok = r.code === 0 && m !== null;
      if (!ok) problems.push(`terraform plan of ${id} failed (exit ${r.code}): ${r.stderr.slice(-500)}`);
      planned += Number(m?.[1] ?? 0);
      planS.push(ok ? s : NaN); // a failed plan has no time
    } finally {
      tf.remove();
    }
  }
  return { planS, planned };
}

export function runStacks(smoke: boolean, work: string, log: (m: string) => void): StacksResult {
  const sizes = smoke ? [{ n: 16, runs: 1, plan: true }] : [{ n: 200, runs: 5, plan: false }, { n: 1000, runs: 3, plan: true }];
  const planSkipped = missingProviders('prefect');
  const problems: string[] = [];
  const cells: StacksCell[] = [];
  for (const { n, runs, plan } of sizes) {
    const samples: Record<string, { wallMs: number; cpuMs: number; maxRssMb: number }[]> = {};
    const plans: Record<string, { planS: number[]; planned: number }> = {};
    for (let r = 0; r < runs; r++) {
      for (const v of VARIANTS) { // interleaved, as in section 1
        const outdir = freshDir(path.join(work, `stacks-${v}-${n}`));
        const s = runJsonChild<{ wallMs: number; cpuMs: number; maxRssMb: number }>(SYNTH_CHILD, ['split-stacks', v, String(n), outdir]);
        (samples[v] ??= []).push(s);
        log(`split-stacks ${v} N=${n} run ${r + 1}/${runs}: ${ms(s.wallMs)} ms (CPU ${ms(s.cpuMs)} ms), ${mb(s.maxRssMb)} MB`);
        const ids: string[] = workload.stackIds(workload.stacksOf[v]);
        const written = ids.filter((id) => fs.existsSync(path.join(outdir, 'stacks', id, 'cdk.tf.json')));
        if (written.length !== ids.length) problems.push(`split-stacks ${v} N=${n}: wrote ${written.length} of ${ids.length} stacks`);
        if (r === 0 && plan && !planSkipped) {
          plans[v] = planStacks(outdir, ids, problems);
          log(`split-stacks ${v} N=${n}: plans ${plans[v].planS.map((x) => x.toFixed(1)).join(' + ')} s`);
          const expected = workload.resourceCount(n, ids.length);
          if (plans[v].planned !== expected) problems.push(`split-stacks ${v} N=${n}: planned ${plans[v].planned} resources, expected ${expected}`);
        }
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
    for (const v of VARIANTS) {
      const list = samples[v];
      const k = workload.stacksOf[v];
      cells.push({
        n, variant: v, stacks: k, resources: workload.resourceCount(n, k),
        wall: summarize(list.map((s) => s.wallMs)), cpu: summarize(list.map((s) => s.cpuMs)), rss: summarize(list.map((s) => s.maxRssMb)),
        planS: plans[v]?.planS, planned: plans[v]?.planned,
      });
    }
  }
  return { cells, planSkipped, problems };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function stacksMarkdown(result: StacksResult): string {
  const out: string[] = [];
  const sizes = [...new Set(result.cells.map((c) => c.n))];
  for (const n of sizes) {
    const cells = result.cells.filter((c) => c.n === n);
    const base = cells.find((c) => c.variant === 's1')!;
    out.push(`### N = ${n} deployments (${7 * n} of their resources)`, '');
    out.push(table(
      ['split', 'stacks', 'resources', 'runs', 'synth, median ms', 'min–max', '× s1', 'CPU, median ms', 'CPU × s1', 'peak RSS MB', 'RSS × s1'],
      cells.map((c) => [
        c.variant === 'plain' ? 'plain TerraformStack' : c.variant, c.stacks, c.resources, c.wall.samples.length, ms(c.wall.median), range(c.wall, ms),
        ratio(c.wall.median, base.wall.median), ms(c.cpu.median), ratio(c.cpu.median, base.cpu.median), mb(c.rss.median), ratio(c.rss.median, base.rss.median),
      ]),
    ));
    if (base.planS) {
      out.push('');
      out.push(table(
        ['split', 'stacks', 'plan of every stack, one after the other, s', '× s1', 'largest stack\'s plan, s', '× s1', 'each stack, s'],
        cells.filter((c) => c.planS).map((c) => [
          c.variant === 'plain' ? 'plain TerraformStack' : c.variant, c.stacks, sum(c.planS!).toFixed(1), ratio(sum(c.planS!), sum(base.planS!)),
          Math.max(...c.planS!).toFixed(1), ratio(Math.max(...c.planS!), Math.max(...base.planS!)), c.planS!.map((x) => x.toFixed(1)).join(', '),
        ]),
      ));
    }
    out.push('');
  }
  if (result.planSkipped) out.push(`terraform plan not measured: ${result.planSkipped}`, '');
  return out.join('\n');
}
