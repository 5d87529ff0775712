import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Every npm script a new user may run first works from a fresh clone: it sets everything up
// (scripts/build.sh) before it runs, and every script creates the folders it writes into.
const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPTS = path.join(ROOT, 'scripts');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test.each(['bench', 'package', 'docs:python'])('npm run %s starts with scripts/build.sh', (name) => {
  expect(pkg.scripts[name]).toMatch(/^bash scripts\/build\.sh && npx projen /);
});

test.each([['test', 'test.sh'], ['demo', 'demo.sh']])('npm %s runs scripts/%s, which starts with scripts/build.sh', (name, file) => {
  expect(pkg.scripts[name]).toBe(`bash scripts/${file}`);
  const text = fs.readFileSync(path.join(SCRIPTS, file), 'utf8');
  const first = text.split('\n').find((l) => /^bash |^npx |^node /.test(l));
  expect(first).toBe('bash "$ROOT/scripts/build.sh"');
});

test('scripts/build.sh installs node modules and the toolchain before it builds', () => {
  const steps = fs.readFileSync(path.join(SCRIPTS, 'build.sh'), 'utf8').split('\n').filter((l) => /^(bash|npx) /.test(l));
  expect(steps).toEqual([
    'bash "$ROOT/scripts/install-deps.sh"',
    'bash "$ROOT/scripts/toolchain.sh"',
    'npx projen pre-compile >/dev/null',
    'npx projen compile',
    'npx projen post-compile >/dev/null',
  ]);
  // then every cloud package, the same three steps
  expect(fs.readFileSync(path.join(SCRIPTS, 'build.sh'), 'utf8')).toContain('for pkg in "$ROOT"/packages/*/; do');
});

test('sourcing scripts/lib.sh creates the toolchain and state folders', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-fresh-'));
  try {
    const tc = path.join(dir, 'new', 'toolchain');
    const r = spawnSync('bash', ['-c', `source ${path.join(SCRIPTS, 'lib.sh')}`], { env: { ...process.env, CDKTF_PREFECT_TOOLCHAIN: tc }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect([fs.existsSync(tc), fs.existsSync(path.join(tc, 'state'))]).toEqual([true, true]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every shell script that writes into the toolchain sources scripts/lib.sh before its first write there', () => {
  const late: string[] = [];
  for (const file of fs.readdirSync(SCRIPTS).filter((f) => f.endsWith('.sh') && !f.startsWith('lib'))) {
    const lines = fs.readFileSync(path.join(SCRIPTS, file), 'utf8').split('\n');
    const sourced = lines.findIndex((l) => /^source .*\/lib\.sh"$/.test(l));
    const write = lines.findIndex((l) => /[12]?>>? *"?\$(TOOLCHAIN|STATE_DIR)\//.test(l));
    if (write >= 0 && (sourced < 0 || sourced > write)) late.push(`${file}:${write + 1}`);
  }
  expect(late).toEqual([]);
});

test('scripts/bindings.sh (the first step of every build) runs into a toolchain folder that does not exist yet', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-fresh-'));
  try {
    const tc = path.join(dir, 'toolchain');
    const r = spawnSync('bash', [path.join(SCRIPTS, 'bindings.sh')], { cwd: ROOT, env: { ...process.env, CDKTF_PREFECT_TOOLCHAIN: tc }, encoding: 'utf8', timeout: 300_000 });
    expect([r.status, r.stderr.includes('No such file')]).toEqual([0, false]);
    expect(fs.existsSync(path.join(tc, 'toolchain.log'))).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
