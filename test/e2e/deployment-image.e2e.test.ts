import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { NullProvider } from '../../src/.gen/providers/null/provider';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { BaseJobTemplate, DeploymentImage, Flow, ImageBuilder, WorkPool } from '../../src';
import { missingProviders, ROOT, TOOLCHAIN } from './support/env';
import { expectEmptyPlan } from './support/lifecycle';
import { PrefectApi } from './support/prefect-api';
import { TerraformWorkdir } from './support/terraform';
import { describeUnless } from '../support/skip';

// DeploymentImage against real components: Debian's docker-registry on 127.0.0.1 and buildah
// (vfs storage, chroot isolation: no daemon, no privileges), both from scripts/image-tools.sh.
// Terraform builds and pushes through the null_resource; the registry lists the tag, the server
// stores the image job variable, a re-plan is empty; a changed file pushes a new tag and moves the
// deployment to it; destroy removes what Terraform made (the images stay in the registry).

const TOOLS = path.join(TOOLCHAIN, 'image-tools');
const BUILDAH = path.join(TOOLS, 'bin', 'buildah');
const P = `img${process.pid}`;

/** Why buildah cannot build and push here, or undefined: installs the tools (idempotent), then builds a scratch image. */
function imageToolsMissing(): string | undefined {
  const install = spawnSync('bash', [path.join(ROOT, 'scripts', 'image-tools.sh'), 'install'], { encoding: 'utf8' });
  const status = fs.existsSync(path.join(TOOLS, 'status')) ? fs.readFileSync(path.join(TOOLS, 'status'), 'utf8').trim() : `scripts/image-tools.sh install failed: ${install.stderr.trim().split('\n').pop()}`;
  if (status !== 'ok') return status;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-buildah-probe-'));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY Dockerfile /probe\n');
    const r = spawnSync(BUILDAH, ['--storage-driver', 'vfs', '--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run'), 'bud', '--isolation', 'chroot', '-q', '-t', 'probe:1', dir], { encoding: 'utf8' });
    return r.status === 0 ? undefined : `buildah (vfs, chroot) cannot build here: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const reason = missingProviders('prefect', 'null') ?? imageToolsMissing();

describeUnless(reason)('DeploymentImage: buildah builds and pushes to a local registry through terraform apply', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectApi(apiUrl);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-image-e2e-'));
  const context = path.join(work, 'context');
  let registry = '';
  let tf: TerraformWorkdir;
  let image: DeploymentImage;

  const synth = (): string => {
    const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'images');
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    new NullProvider(stack, 'null');
    image = new DeploymentImage(stack, 'Image', {
      repository: `${registry}/${P}/flows`,
      directory: context,
      buildArgs: { GREETING: 'hello' },
      builder: ImageBuilder.buildah({
        executable: BUILDAH, storageDriver: 'vfs', isolation: 'chroot', tlsVerify: false,
        globalFlags: ['--root', path.join(work, 'storage'), '--runroot', path.join(work, 'run')],
      }),
    });
    const pool = new WorkPool(stack, 'Pool', { workPoolName: `${P}-docker`, baseJobTemplate: BaseJobTemplate.docker() });
    new Flow(stack, 'Flow', { flowName: `${P}-flow` }).addDeployment('Deployment', { deploymentName: 'main', entrypoint: 'flows/hello.py:hello', workPool: pool, image });
    return Testing.synth(stack);
  };
  const tags = async (): Promise<string[]> => {
    const res = await fetch(`http://${registry}/v2/${P}/flows/tags/list`);
    if (!res.ok) throw new Error(`GET /v2/${P}/flows/tags/list: HTTP ${res.status} ${await res.text()}`);
    return ((await res.json()) as { tags: string[] }).tags.sort();
  };
  const deployment = () => api.get(`/deployments/name/${P}-flow/main`);

  beforeAll(() => {
    fs.mkdirSync(path.join(context, 'flows'), { recursive: true });
    fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nARG GREETING\nLABEL greeting=$GREETING\nCOPY flows /opt/prefect/flows\n');
    fs.writeFileSync(path.join(context, 'flows', 'hello.py'), 'print("hello")\n');
    registry = execFileSync('bash', [path.join(ROOT, 'scripts', 'image-tools.sh'), 'registry-start', path.join(work, 'registry'), '--owner-pid', String(process.pid)], { encoding: 'utf8' }).trim();
    tf = TerraformWorkdir.fromStackJson(synth());
    tf.init();
    tf.apply();
  });
  afterAll(() => {
    try {
      if (tf && tf.stateList().length > 0) tf.destroy();
      tf?.remove();
    } finally {
      spawnSync('bash', [path.join(ROOT, 'scripts', 'image-tools.sh'), 'registry-stop', path.join(work, 'registry')]);
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test('the tag is in the registry, the deployment runs it, and a re-plan is empty', async () => {
    expect(image.tag).toMatch(/^[0-9a-f]{16}$/);
    expect(await tags()).toEqual([image.tag]);
    expect((await deployment()).job_variables).toEqual({ image: image.imageName });
    expectEmptyPlan(tf);
  });

  test('a changed file pushes a new tag and moves the deployment to it; then a re-plan is empty', async () => {
    const before = image.imageName;
    fs.writeFileSync(path.join(context, 'flows', 'hello.py'), 'print("hello, again")\n');
    fs.writeFileSync(path.join(tf.dir, 'cdk.tf.json'), synth());
    expect(image.imageName).not.toBe(before);
    tf.apply();
    expect(await tags()).toEqual([before.split(':').pop(), image.tag].sort());
    expect((await deployment()).job_variables).toEqual({ image: image.imageName });
    expectEmptyPlan(tf);
  });

  test('destroy removes the deployment and the null_resource', async () => {
    tf.destroy();
    expect(tf.stateList()).toEqual([]);
    expect(await api.find(`/deployments/name/${P}-flow/main`)).toBeUndefined();
  });
});
