// Helpers of the benchmark harness: child processes, statistics, the machine, markdown.
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..');

/** The outcome of one child process. */
export interface ChildRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** wall time of the whole process, as the parent saw it */
  readonly processMs: number;
}

/** Runs a command to completion (no shell unless asked) and times it. */
export function runChild(command: string, args: string[], options: SpawnSyncOptions = {}): ChildRun {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const processMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), processMs };
}

/** Runs a child that prints one JSON line last; fails loudly with its stderr otherwise. */
export function runJsonChild<T>(script: string, args: string[], options: SpawnSyncOptions = {}): T & { processMs: number } {
  const r = runChild(process.execPath, [script, ...args], { cwd: ROOT, ...options });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    throw new Error(`${path.relative(ROOT, script)} ${args.join(' ')} exited ${r.status}:\n${r.stderr.slice(-4000)}`);
  }
  return { ...(JSON.parse(last) as T), processMs: r.processMs };
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median, min and max of one measure. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number[];
}

export function summarize(values: number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), samples: values };
}

/** The machine, for the report's header. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
  readonly cdktf: string;
  readonly constructs: string;
  readonly loadAverageAtStart: number[];
}

export function machine(): Machine {
  const version = (pkg: string) => {
    try {
      return JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, { paths: [ROOT] }), 'utf8')).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cdktf: version('cdktf'),
    constructs: version('constructs'),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** A markdown table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function ms(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

export function mb(v: number): string {
  return v.toFixed(1);
}

export function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}

export function range(s: Summary, fmt: (v: number) => string): string {
  return `${fmt(s.min)}–${fmt(s.max)}`;
}

/** A fresh, empty directory. */
export function freshDir(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
