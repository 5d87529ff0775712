// Section 6 (opt-in: --server, a few minutes): the estate of the crash and scale e2e tests
// (test/e2e/support/estate.ts: 176 resources, 97 of them on the server) applied, re-planned and
// destroyed by the real Terraform and provider against a local Prefect server on PostgreSQL and
// on SQLite, one fresh server each (scripts/prefect-server.sh start --db ...), in the same run.
// Reports the wall time of each command, the SQLite/PostgreSQL ratios, and the 503 answers the
// provider retried (go-retryablehttp's `(status: 503): retrying in` line at TF_LOG=DEBUG, which
// both databases run with, for the apply and the destroy).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PARALLELISM, estateStack, resourceCounts } from '../test/e2e/support/estate';
import { readServer } from '../test/e2e/support/server';
import { TerraformWorkdir } from '../test/e2e/support/terraform';
import { ratio, ROOT, table } from './util';

const DBS = ['postgres', 'sqlite'] as const;
type Db = typeof DBS[number];

export interface ServerRow {
  readonly db: Db;
  readonly resources: number;
  readonly applyS: number;
  readonly planS: number;
  readonly destroyS: number;
  /** 503 answers the provider retried during the apply */
  readonly retried503: number;
  /** every retried request of the apply (503s, refused connections, other 5xx) */
  readonly retried: number;
  /** 503 answers the provider retried during the destroy */
  readonly destroyRetried503: number;
  readonly planEmpty: boolean;
}

export interface ServerResult {
  readonly rows: ServerRow[];
  readonly problems: string[];
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return [out, Number(process.hrtime.bigint() - t0) / 1e9];
}

function count(file: string, re: RegExp): number {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => re.test(l)).length : 0;
}

function runOne(db: Db, log: (m: string) => void): ServerRow {
  const name = `bench-${db}-${process.pid}`;
  const script = path.join(ROOT, 'scripts', 'prefect-server.sh');
  execFileSync('bash', [script, 'start', '--name', name, '--db', db, '--owner-pid', String(process.pid)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const server = readServer(name)!;
  const stack = estateStack({ prefix: `bench-${db}`, apiUrl: server.apiUrl });
  const tf = TerraformWorkdir.fromStackJson(stack, DEFAULT_PARALLELISM);
  try {
    tf.init();
    const tfLog = path.join(tf.dir, 'apply-debug.log');
    const [, applyS] = timed(() => {
      const r = tf.runWith({ TF_LOG: 'DEBUG', TF_LOG_PATH: tfLog }, 'apply', '-no-color', '-input=false', '-auto-approve');
      if (r.code !== 0) throw new Error(`terraform apply on ${db} exited ${r.code}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
    });
    const [plan, planS] = timed(() => tf.planChanges());
    const destroyLog = path.join(tf.dir, 'destroy-debug.log');
    const [, destroyS] = timed(() => {
      const r = tf.runWith({ TF_LOG: 'DEBUG', TF_LOG_PATH: destroyLog }, 'destroy', '-no-color', '-input=false', '-auto-approve');
      if (r.code !== 0) throw new Error(`terraform destroy on ${db} exited ${r.code}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
    });
    const row: ServerRow = {
      db,
      resources: resourceCounts(stack).total,
      applyS,
      planS,
      destroyS,
      retried503: count(tfLog, /\(status: 503\): retrying in/),
      retried: count(tfLog, / retrying in \d/),
      destroyRetried503: count(destroyLog, /\(status: 503\): retrying in/),
      planEmpty: plan.code === 0,
    };
    log(`server ${db}: apply ${applyS.toFixed(1)} s (${row.retried503} retried 503s), plan ${planS.toFixed(1)} s, destroy ${destroyS.toFixed(1)} s`);
    return row;
  } finally {
    tf.remove();
    execFileSync('bash', [script, 'stop', '--name', name], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

export function runServer(log: (m: string) => void): ServerResult {
  const rows = DBS.map((db) => runOne(db, log));
  const problems: string[] = [];
  for (const r of rows) if (!r.planEmpty) problems.push(`server ${r.db}: the re-plan after apply is not empty`);
  const pg = rows.find((r) => r.db === 'postgres')!;
  if (pg.retried503 > 0) problems.push(`server postgres: ${pg.retried503} requests answered 503 and retried (the scale e2e test expects none)`);
  return { rows, problems };
}

export function serverMarkdown(result: ServerResult): string {
  const pg = result.rows.find((r) => r.db === 'postgres')!;
  const sq = result.rows.find((r) => r.db === 'sqlite')!;
  return [
    table(
      ['database', 'resources', 'apply s', 'plan s (empty)', 'destroy s', '503s retried: apply', 'all retried: apply', '503s retried: destroy'],
      result.rows.map((r) => [r.db, r.resources, r.applyS.toFixed(1), `${r.planS.toFixed(1)} (${r.planEmpty ? 'yes' : '**no**'})`, r.destroyS.toFixed(1), r.retried503, r.retried, r.destroyRetried503]),
    ),
    '',
    table(
      ['SQLite / PostgreSQL', 'apply', 'plan', 'destroy'],
      [['time', ratio(sq.applyS, pg.applyS), ratio(sq.planS, pg.planS), ratio(sq.destroyS, pg.destroyS)]],
    ),
  ].join('\n');
}
