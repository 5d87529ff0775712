import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { testUnless } from '../support/skip';

// Where scripts/toolchain.sh finds each provider, run for real into a throwaway toolchain with a
// throwaway HOME, XDG directories and image mirror, so that nothing of this machine's leaks in.
// HTTPS_PROXY points at a closed port on 127.0.0.1: the registry is unreachable at once on any
// machine, and no request leaves it. GOPROXY=off makes any Go build fail at once and offline.
const ROOT = path.resolve(__dirname, '..', '..');
const hasGo = spawnSync('go', ['version']).status === 0;
const PLATFORM = `linux_${process.arch === 'x64' ? 'amd64' : process.arch}`;
const PROVIDERS = fs.readFileSync(path.join(ROOT, 'scripts', 'providers.tsv'), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
const NAMES = PROVIDERS.map((p) => p[0]);

interface Sandbox {
  readonly dir: string;
  readonly home: string;
  readonly image: string;
  readonly toolchain: string;
  readonly env: Record<string, string>;
}

function sandbox(): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-providers-'));
  const home = path.join(dir, 'home');
  const image = path.join(dir, 'image');
  fs.mkdirSync(image);
  // Go's telemetry off in the throwaway HOME: no counter files, no child process writing there
  // after go exits (which made the clean-up fail with ENOTEMPTY once)
  fs.mkdirSync(path.join(home, '.config', 'go', 'telemetry'), { recursive: true });
  fs.writeFileSync(path.join(home, '.config', 'go', 'telemetry', 'mode'), 'off');
  const toolchain = path.join(dir, 'tc');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CDKTF_PREFECT_') && !/^(https?|all)_proxy$/i.test(k) && !k.startsWith('XDG_')));
  return {
    dir, home, image, toolchain,
    env: {
      ...base as Record<string, string>,
      HOME: home,
      XDG_DATA_DIRS: path.join(dir, 'xdg-system'),
      CDKTF_PREFECT_TOOLCHAIN: toolchain,
      CDKTF_PREFECT_IMAGE_MIRROR: image,
      SKIP_PREFECT_VENV: '1',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      https_proxy: 'http://127.0.0.1:9',
      GOPROXY: 'off',
      GOFLAGS: '',
    },
  };
}

function run(
  sb: Sandbox, script: string, args: string[] = [], env: Record<string, string> = {}, cwd = ROOT,
): SpawnSyncReturns<string> & { err: string } {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', script), ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...sb.env, ...env } });
  return Object.assign(r, { err: (r.stderr ?? '').replace(/\x1b\[[0-9;]*m/g, '') });
}

/** The rows of the report toolchain.sh wrote: name -> [status, where, reason]. */
function report(sb: Sandbox): Record<string, [string, string, string]> {
  const text = fs.readFileSync(path.join(sb.toolchain, 'providers.tsv'), 'utf8');
  return Object.fromEntries(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const [name, , , status, where, reason] = l.split('\t');
    return [name, [status, where, reason]];
  }));
}

/** The filesystem mirrors terraform.rc lists, each with what it serves, and direct's excludes. */
function cliConfig(sb: Sandbox): { mirrors: Array<[string, string[]]>; direct: string[] | undefined } {
  const rc = fs.readFileSync(path.join(sb.toolchain, 'terraform.rc'), 'utf8');
  const list = (s: string) => [...s.matchAll(/"([^"]+)"/g)].map((x) => x[1]);
  const mirrors = [...rc.matchAll(/filesystem_mirror \{\s*path\s*=\s*"([^"]+)"\s*include\s*=\s*\[([^\]]*)\]/g)].map((m): [string, string[]] => [m[1], list(m[2])]);
  const direct = rc.match(/direct \{([^}]*)\}/);
  const exclude = direct?.[1].match(/exclude\s*=\s*\[([^\]]*)\]/);
  return { mirrors, direct: direct ? (exclude ? list(exclude[1]) : []) : undefined };
}

/** A stand-in provider binary (a shell script: no Go build info to check) in a mirror layout. */
function placeProvider(mirror: string, source: string, version: string): string {
  const type = source.split('/')[1];
  const dir = path.join(mirror, 'registry.terraform.io', source, version, PLATFORM);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `terraform-provider-${type}_v${version}`);
  fs.writeFileSync(file, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  return file;
}

/** A Go program whose build info names `module`, built in `dir` (a few seconds with GOPROXY=off). */
function goProgram(dir: string, module: string, sb: Sandbox): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'go.mod'), `module ${module}\n\ngo 1.21\n`);
  fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  const out = path.join(dir, 'terraform-provider-null');
  const r = spawnSync('go', ['build', '-o', out, '.'], { cwd: dir, encoding: 'utf8', env: { ...sb.env, HOME: process.env.HOME ?? sb.home } });
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

describe('toolchain: where each provider comes from', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox();
  });
  afterEach(() => fs.rmSync(sb.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));

  test('with no provider anywhere and the registry unreachable: every one is reported missing with the reason, and direct is the only method', () => {
    const r = run(sb, 'toolchain.sh');
    expect([r.status, r.err]).toEqual([0, expect.any(String)]);
    const rows = report(sb);
    expect(Object.keys(rows)).toEqual(NAMES);
    for (const name of NAMES) {
      expect([name, rows[name][0]]).toEqual([name, 'missing']);
      expect(rows[name][2]).toMatch(/in no local mirror, and the registry is unreachable \(curl: \(\d+\)/);
    }
    expect(cliConfig(sb)).toEqual({ mirrors: [], direct: [] });
    // the summary toolchain.sh prints names the install script and where it looked
    expect(r.err).toContain('MISSING, lifecycle tests that need it are skipped');
    expect(r.err).toContain(`looked in: ${sb.home}/.terraform.d/plugins ${sb.home}/.local/share/terraform/plugins ${sb.dir}/xdg-system/terraform/plugins ${sb.image}`);
    expect(r.err).toContain('scripts/install-provider.sh');
  });

  test('lookup order: env var, then ~/.terraform.d/plugins, then $XDG_DATA_HOME, then the XDG system dirs, then the image mirror', () => {
    const xdgHome = path.join(sb.dir, 'xdg-home');
    const explicit = placeProvider(path.join(sb.dir, 'elsewhere'), 'hashicorp/null', '3.2.4');
    placeProvider(path.join(sb.home, '.terraform.d/plugins'), 'prefecthq/prefect', '3.4.1');
    placeProvider(path.join(xdgHome, 'terraform/plugins'), 'prefecthq/prefect', '3.4.1'); // shadowed by HOME
    placeProvider(path.join(xdgHome, 'terraform/plugins'), 'hashicorp/helm', '3.1.1');
    placeProvider(path.join(sb.dir, 'xdg-system/terraform/plugins'), 'hashicorp/kubernetes', '2.38.0');
    placeProvider(path.join(sb.dir, 'xdg-system/terraform/plugins'), 'hashicorp/aws', '5.100.0'); // wins over the image
    placeProvider(sb.image, 'hashicorp/aws', '5.100.0');
    placeProvider(sb.image, 'hashicorp/azurerm', '4.55.0');
    placeProvider(sb.image, 'hashicorp/google', '6.49.0'); // another version: not found

    const r = run(sb, 'toolchain.sh', [], { XDG_DATA_HOME: xdgHome, CDKTF_PREFECT_NULL_PROVIDER_BINARY: explicit });
    expect([r.status, r.err.match(/error.*/)?.[0]]).toEqual([0, undefined]);
    const rows = report(sb);
    const projectMirror = path.join(sb.toolchain, 'mirror');
    expect(Object.fromEntries(NAMES.map((n) => [n, rows[n][1]]))).toEqual({
      prefect: `implied local mirror ${sb.home}/.terraform.d/plugins`,
      aws: `implied local mirror ${sb.dir}/xdg-system/terraform/plugins`,
      null: `CDKTF_PREFECT_NULL_PROVIDER_BINARY=${explicit} (copied into ${projectMirror})`,
      helm: `implied local mirror ${xdgHome}/terraform/plugins`,
      kubernetes: `implied local mirror ${sb.dir}/xdg-system/terraform/plugins`,
      azurerm: `machine image's mirror ${sb.image}`,
      google: '',
    });
    expect(rows.google[0]).toBe('missing');
    const reg = (s: string) => `registry.terraform.io/${s}`;
    expect(cliConfig(sb)).toEqual({
      mirrors: [
        [`${sb.home}/.terraform.d/plugins`, [reg('prefecthq/prefect')]],
        [`${sb.dir}/xdg-system/terraform/plugins`, [reg('hashicorp/aws'), reg('hashicorp/kubernetes')]],
        [projectMirror, [reg('hashicorp/null')]],
        [`${xdgHome}/terraform/plugins`, [reg('hashicorp/helm')]],
        [sb.image, [reg('hashicorp/azurerm')]],
      ],
      direct: ['prefecthq/prefect', 'hashicorp/aws', 'hashicorp/null', 'hashicorp/helm', 'hashicorp/kubernetes', 'hashicorp/azurerm'].map(reg),
    });
    expect(fs.readFileSync(path.join(projectMirror, 'registry.terraform.io/hashicorp/null/3.2.4', PLATFORM, 'terraform-provider-null_v3.2.4'), 'utf8'))
      .toBe(fs.readFileSync(explicit, 'utf8'));

    // the project mirror holds only what an env var names in this run
    run(sb, 'toolchain.sh', [], { XDG_DATA_HOME: xdgHome });
    expect(fs.existsSync(path.join(projectMirror, 'registry.terraform.io/hashicorp/null'))).toBe(false);
    expect(report(sb).null[0]).toBe('missing');
  });

  test("Terraform's packed layout (a release zip in the mirror) counts too", () => {
    const dir = path.join(sb.home, '.terraform.d/plugins/registry.terraform.io/hashicorp/null');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `terraform-provider-null_3.2.4_${PLATFORM}.zip`), 'zip');
    expect(run(sb, 'toolchain.sh').status).toBe(0);
    expect(report(sb).null).toEqual(['mirror', `implied local mirror ${sb.home}/.terraform.d/plugins`, '']);
  });

  test('terraform init of a stack whose provider is in no mirror fails within 60 s, with the project\'s message after Terraform\'s', () => {
    expect(run(sb, 'toolchain.sh').status).toBe(0);
    const stack = path.join(sb.dir, 'stack');
    fs.mkdirSync(stack);
    fs.writeFileSync(path.join(stack, 'cdk.tf.json'), JSON.stringify({ terraform: { required_providers: { prefect: { source: 'prefecthq/prefect', version: '3.4.1' } } } }));
    const started = Date.now();
    const r = run(sb, 'terraform.sh', ['init', '-no-color', '-input=false'], {}, stack);
    const seconds = (Date.now() - started) / 1000;
    expect(r.status).toBe(1);
    expect(seconds).toBeLessThan(60);
    expect(r.err).toContain('Failed to query available provider packages');
    expect(r.err).toContain('[cdktf-prefect] error: terraform init could not get prefecthq/prefect 3.4.1: in no local mirror, and the registry is unreachable');
    expect(r.err).toContain('Install it with scripts/install-provider.sh <source checkout of github.com/prefecthq/terraform-provider-prefect at v3.4.1, or a binary>');
  });

  test('a Go module proxy build is tried only where providers.tsv says the proxy serves it, or when asked', () => {
    expect(PROVIDERS.filter((p) => p[5] === 'yes').map((p) => p[0])).toEqual([]);
    const quiet = run(sb, 'toolchain.sh');
    expect(quiet.err).not.toContain('go install');
    testGoBuild();
    function testGoBuild() {
      if (!hasGo) return;
      const asked = run(sb, 'toolchain.sh', [], { CDKTF_PREFECT_GO_BUILD: 'null' });
      expect(asked.err).toContain('building hashicorp/null 3.2.4 with go install (github.com/terraform-providers/terraform-provider-null@01034f80eb238732fd9e8673582e0e770cfab578)');
      expect(report(sb).null[2]).toMatch(/^the Go module proxy did not build github.com\/terraform-providers\/terraform-provider-null@01034f80[0-9a-f]+: .*; in no local mirror/);
      expect(report(sb).prefect[2]).not.toContain('Go module proxy');
    }
  });

  testUnless(hasGo ? undefined : 'go is not installed')('an explicit binary that is a Go build of another program is refused', () => {
    const other = goProgram(path.join(sb.dir, 'other'), 'example.com/not-a-provider', sb);
    const r = run(sb, 'toolchain.sh', [], { CDKTF_PREFECT_NULL_PROVIDER_BINARY: other });
    expect(r.status).toBe(1);
    expect(r.err).toContain(`${other} is not a build of hashicorp/null: its Go build info names example.com/not-a-provider, not github.com/terraform-providers/terraform-provider-null`);
  });
});

describe('scripts/install-provider.sh', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox();
  });
  afterEach(() => fs.rmSync(sb.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));

  test('a binary goes into the implied local mirror, by its name, once; the toolchain then finds it with no env var', () => {
    const bin = path.join(sb.dir, 'terraform-provider-prefect_v3.4.1');
    fs.writeFileSync(bin, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const first = run(sb, 'install-provider.sh', [bin]);
    const dest = path.join(sb.home, '.terraform.d/plugins/registry.terraform.io/prefecthq/prefect/3.4.1', PLATFORM, 'terraform-provider-prefect_v3.4.1');
    expect([first.status, first.err]).toEqual([0, expect.stringContaining(`installed prefecthq/prefect 3.4.1: ${dest}`)]);
    const mtime = fs.statSync(dest).mtimeMs;
    expect(run(sb, 'install-provider.sh', [bin]).status).toBe(0);
    expect(fs.statSync(dest).mtimeMs).toBe(mtime);
    run(sb, 'toolchain.sh');
    expect(report(sb).prefect).toEqual(['mirror', `implied local mirror ${sb.home}/.terraform.d/plugins`, '']);
  });

  test('refusals: no such file, a name it cannot tell, a source tree that is no provider', () => {
    expect(run(sb, 'install-provider.sh', [path.join(sb.dir, 'nope')]).err).toContain('does not exist');
    const odd = path.join(sb.dir, 'provider.bin');
    fs.writeFileSync(odd, '#!/bin/sh\n', { mode: 0o755 });
    expect(run(sb, 'install-provider.sh', [odd]).err).toContain('cannot tell which provider');
    expect(run(sb, 'install-provider.sh', [odd, '--name', 'nope']).err).toContain("unknown provider 'nope'");
    const src = path.join(sb.dir, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'go.mod'), 'module example.com/x\n');
    expect(run(sb, 'install-provider.sh', [src]).err).toContain('is the Go module example.com/x, which is no provider in scripts/providers.tsv');
  });

  testUnless(hasGo ? undefined : 'go is not installed')('a source checkout must be at the pinned commit; --force builds it anyway, and the build names the module', () => {
    const src = path.join(sb.dir, 'null-src');
    goProgram(src, 'github.com/terraform-providers/terraform-provider-null', sb);
    const git = (...args: string[]) => spawnSync('git', ['-C', src, ...args], { encoding: 'utf8', env: { ...sb.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    git('add', 'go.mod', 'main.go');
    git('commit', '-qm', 'x');
    const head = git('rev-parse', 'HEAD').stdout.trim();
    const refused = run(sb, 'install-provider.sh', [src], { HOME: process.env.HOME ?? sb.home, CDKTF_PREFECT_PLUGIN_DIR: path.join(sb.dir, 'plugins') });
    expect(refused.status).toBe(1);
    expect(refused.err).toContain(`is at commit ${head}, not 01034f80eb238732fd9e8673582e0e770cfab578 (v3.2.4): run git -C ${src} checkout 01034f80eb238732fd9e8673582e0e770cfab578, or pass --force`);
    const forced = run(sb, 'install-provider.sh', [src, '--force'], { HOME: process.env.HOME ?? sb.home, CDKTF_PREFECT_PLUGIN_DIR: path.join(sb.dir, 'plugins') });
    expect(forced.err).toContain(`was built from commit ${head}, not the pinned 01034f80eb238732fd9e8673582e0e770cfab578 (hashicorp/null v3.2.4): taken because of --force`);
    const dest = path.join(sb.dir, 'plugins/registry.terraform.io/hashicorp/null/3.2.4', PLATFORM, 'terraform-provider-null_v3.2.4');
    expect(forced.status).toBe(0);
    const info = spawnSync('go', ['version', '-m', dest], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/\tpath\tgithub.com\/terraform-providers\/terraform-provider-null\n/);
    expect(info).toContain(`vcs.revision=${head}`);
  });
});
