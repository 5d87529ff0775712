import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Where scripts/toolchain.sh takes hashicorp/aws 5.100.0 from, run for real into a throwaway
// toolchain directory. GOPROXY=off makes every `go install` fail at once and offline, so the
// build fallback is exercised without the network (the real build is described in the README).
const ROOT = path.resolve(__dirname, '..', '..');
const IMAGE_BINARY = '/opt/tf-plugins/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5';
const hasGo = spawnSync('go', ['version']).status === 0;

interface Run {
  readonly code: number;
  readonly stderr: string;
  readonly terraformRc: string;
  readonly env: string;
}

function toolchain(dir: string, env: Record<string, string>): Run {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'toolchain.sh')], {
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CDKTF_PREFECT_'))),
      CDKTF_PREFECT_TOOLCHAIN: dir,
      SKIP_PREFECT_VENV: '1',
      GOPROXY: 'off',
      GOFLAGS: '',
      ...env,
    },
  });
  const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : '');
  return { code: r.status ?? -1, stderr: (r.stderr ?? '').replace(/\x1b\[[0-9;]*m/g, ''), terraformRc: read('terraform.rc'), env: read('env.sh') };
}

/** The filesystem mirrors terraform.rc lists, each with what it serves. */
function mirrors(terraformRc: string): Array<[string, string[]]> {
  return [...terraformRc.matchAll(/path\s*=\s*"([^"]+)"\s*\n\s*include\s*=\s*\[([^\]]*)\]/g)]
    .map((m) => [m[1], [...m[2].matchAll(/"([^"]+)"/g)].map((x) => x[1])]);
}

describe('toolchain: the hashicorp/aws provider', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-toolchain-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a filesystem mirror named by CDKTF_PREFECT_AWS_MIRROR is referenced in place', () => {
    const image = path.join(dir, 'image-mirror');
    fs.mkdirSync(path.join(image, 'registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64'), { recursive: true });
    const run = toolchain(path.join(dir, 'tc'), { CDKTF_PREFECT_AWS_MIRROR: image });
    expect(run.code).toBe(0);
    expect(mirrors(run.terraformRc)).toEqual([
      [path.join(dir, 'tc', 'mirror'), ['registry.terraform.io/prefecthq/prefect']],
      [image, ['registry.terraform.io/hashicorp/aws']],
    ]);
    expect(run.env).toContain('export CDKTF_PREFECT_AWS_PROVIDER_AVAILABLE="1"');
    expect(run.stderr).not.toMatch(/building hashicorp\/aws/);
  });

  (hasGo ? test : test.skip)('CDKTF_PREFECT_AWS_BUILD=1 ignores every mirror and builds; a failed build is reported and leaves the provider unavailable', () => {
    const image = path.join(dir, 'image-mirror');
    fs.mkdirSync(path.join(image, 'registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64'), { recursive: true });
    const run = toolchain(path.join(dir, 'tc'), { CDKTF_PREFECT_AWS_MIRROR: image, CDKTF_PREFECT_AWS_BUILD: '1' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('building hashicorp/aws 5.100.0 with go install (commit f7a3b98da589ab1d52756b0dcee0dbf2de83d635)');
    expect(run.stderr).toMatch(/could not build github\.com\/hashicorp\/terraform-provider-aws@f7a3b98da589ab1d52756b0dcee0dbf2de83d635: .*GOPROXY=off/);
    expect(run.stderr).toContain('set CDKTF_PREFECT_AWS_PROVIDER_BINARY');
    expect(mirrors(run.terraformRc)).toEqual([[path.join(dir, 'tc', 'mirror'), ['registry.terraform.io/prefecthq/prefect']]]);
    expect(run.env).toContain('export CDKTF_PREFECT_AWS_PROVIDER_AVAILABLE="0"');
  });

  (hasGo ? test : test.skip)('CDKTF_PREFECT_AWS_PROVIDER_BINARY refuses a Go binary that is not terraform-provider-aws', () => {
    const goBinary = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).stdout.trim() + '/bin/go';
    const run = toolchain(path.join(dir, 'tc'), { CDKTF_PREFECT_AWS_PROVIDER_BINARY: goBinary });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: ${goBinary} is not a terraform-provider-aws binary (its Go build info names cmd/go)`);
    expect(fs.existsSync(path.join(dir, 'tc', 'mirror', 'registry.terraform.io', 'hashicorp', 'aws'))).toBe(false);
  });

  (fs.existsSync(IMAGE_BINARY) && hasGo ? test : test.skip)('the release binary given by CDKTF_PREFECT_AWS_PROVIDER_BINARY goes into the project mirror, once', () => {
    const tc = path.join(dir, 'tc');
    const first = toolchain(tc, { CDKTF_PREFECT_AWS_PROVIDER_BINARY: IMAGE_BINARY, CDKTF_PREFECT_AWS_BUILD: '1' });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('aws provider 5.100.0 taken from CDKTF_PREFECT_AWS_PROVIDER_BINARY');
    const placed = path.join(tc, 'mirror/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0');
    expect(fs.statSync(placed).size).toBe(fs.statSync(IMAGE_BINARY).size);
    expect(mirrors(first.terraformRc)).toEqual([
      [path.join(tc, 'mirror'), ['registry.terraform.io/prefecthq/prefect', 'registry.terraform.io/hashicorp/aws']],
    ]);
    // the second run finds it in place: no copy, no build, and the image's mirror stays unused
    const second = toolchain(tc, {});
    expect(second.code).toBe(0);
    expect(second.stderr).not.toMatch(/taken from|building hashicorp\/aws/);
    expect(second.terraformRc).toBe(first.terraformRc);
  });
});
