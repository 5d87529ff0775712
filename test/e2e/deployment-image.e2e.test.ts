import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { NullProvider } from '../../src/.gen/providers/null/provider';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { BaseJobTemplate, DeploymentImage, Flow, ImageBuilder, WorkPool } from '../../src';
import { missingProviders } from './support/env';
import { builderMissing, dockerMissing, IMAGE_TOOLS, startDockerService, startRegistry, stopImageService } from './support/image-tools';
import { expectEmptyPlan } from './support/lifecycle';
import { PrefectApi } from './support/prefect-api';
import { TerraformWorkdir } from './support/terraform';
import { describeUnless, testUnless } from '../support/skip';

// DeploymentImage against real components: Debian's docker-registry on 127.0.0.1, and buildah
// and podman (vfs storage, chroot isolation: no daemon, no privileges), all from
// scripts/image-tools.sh, and the docker CLI of the machine (ImageBuilder.docker, the default
// builder) against podman's Docker-compatible API service in place of a Docker daemon
// (scripts/image-tools.sh docker-service-start). One stack holds an image and a deployment per builder, so the
// lifecycle (apply, read back, re-plan, change, apply, destroy) runs once for all three.
// Terraform builds and pushes through the null_resource; the registry lists the tag, the server
// stores the image job variable, a re-plan is empty; a changed file pushes a new tag and moves the
// deployment to it; destroy removes what Terraform made (the images stay in the registry).

const TOOLS = IMAGE_TOOLS;

const providers = missingProviders('prefect', 'null');
const BUILDERS = [
  ...(['buildah', 'podman'] as const).map((tool) => ({ tool, missing: providers ? undefined : builderMissing(tool) })),
  { tool: 'docker' as const, missing: providers ? undefined : dockerMissing() },
];
const usable = BUILDERS.filter((b) => !b.missing);
const P = `img${process.pid}`;

describeUnless(providers ?? (usable.length === 0 ? BUILDERS.map((b) => b.missing).join('; ') : undefined))('DeploymentImage: buildah, podman and docker build and push to a local registry through terraform apply', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectApi(apiUrl);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-image-e2e-'));
  const context = path.join(work, 'context');
  let registry = '';
  /** DOCKER_HOST of podman's API service, for the docker CLI */
  let dockerHost = '';
  let tf: TerraformWorkdir;
  const images: Record<string, DeploymentImage> = {};

  const synth = (): string => {
    const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'images');
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    new NullProvider(stack, 'null');
    const pool = new WorkPool(stack, 'Pool', { workPoolName: `${P}-docker`, baseJobTemplate: BaseJobTemplate.docker() });
    const flow = new Flow(stack, 'Flow', { flowName: `${P}-flow` });
    for (const { tool } of usable) {
      const daemonless = { storageDriver: 'vfs', isolation: 'chroot', tlsVerify: false, globalFlags: ['--root', path.join(work, tool, 'storage'), '--runroot', path.join(work, tool, 'run')] };
      images[tool] = new DeploymentImage(stack, `Image-${tool}`, {
        repository: `${registry}/${P}/${tool}`,
        directory: context,
        buildArgs: { GREETING: 'hello' },
        // docker: the default builder, `docker` on Terraform's PATH with DOCKER_HOST set, as a user has it
        builder: tool === 'docker' ? undefined
          : (tool === 'buildah' ? ImageBuilder.buildah : ImageBuilder.podman)({ executable: path.join(TOOLS, 'bin', tool), ...daemonless }),
      });
      flow.addDeployment(`Deployment-${tool}`, { deploymentName: tool, entrypoint: 'flows/hello.py:hello', workPool: pool, image: images[tool] });
    }
    return Testing.synth(stack);
  };
  const tags = async (tool: string): Promise<string[]> => {
    const res = await fetch(`http://${registry}/v2/${P}/${tool}/tags/list`);
    if (!res.ok) throw new Error(`GET /v2/${P}/${tool}/tags/list: HTTP ${res.status} ${await res.text()}`);
    return ((await res.json()) as { tags: string[] }).tags.sort();
  };
  const jobVariables = async (tool: string) => (await api.get(`/deployments/name/${P}-flow/${tool}`)).job_variables;

  beforeAll(() => {
    fs.mkdirSync(path.join(context, 'flows'), { recursive: true });
    fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nARG GREETING\nLABEL greeting=$GREETING\nCOPY flows /opt/prefect/flows\n');
    fs.writeFileSync(path.join(context, 'flows', 'hello.py'), 'print("hello")\n');
    registry = startRegistry(path.join(work, 'registry'));
    if (usable.some((b) => b.tool === 'docker')) dockerHost = startDockerService(path.join(work, 'docker'), registry);
    tf = TerraformWorkdir.fromStackJson(synth(), dockerHost ? { DOCKER_HOST: dockerHost } : {});
    tf.init();
    tf.apply();
  });
  afterAll(() => {
    try {
      if (tf && tf.stateList().length > 0) destroy();
      tf?.remove();
    } finally {
      stopImageService(path.join(work, 'registry'));
      stopImageService(path.join(work, 'docker'));
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  for (const { tool, missing } of BUILDERS) {
    testUnless(missing)(`${tool}: the tag is in the registry and the deployment runs it`, async () => {
      expect(images[tool].tag).toMatch(/^[0-9a-f]{16}$/);
      expect(await tags(tool)).toEqual([images[tool].tag]);
      expect(await jobVariables(tool)).toEqual({ image: images[tool].imageName });
    });
  }

  test('a re-plan is empty', () => expectEmptyPlan(tf));

  test('a changed file pushes a new tag with each builder and moves the deployments to it; then a re-plan is empty', async () => {
    const before = Object.fromEntries(usable.map(({ tool }) => [tool, images[tool].tag]));
    fs.writeFileSync(path.join(context, 'flows', 'hello.py'), 'print("hello, again")\n');
    fs.writeFileSync(path.join(tf.dir, 'cdk.tf.json'), synth());
    tf.apply();
    for (const { tool } of usable) {
      expect(images[tool].tag).not.toBe(before[tool]);
      expect(await tags(tool)).toEqual([before[tool], images[tool].tag].sort());
      expect(await jobVariables(tool)).toEqual({ image: images[tool].imageName });
    }
    expectEmptyPlan(tf);
  });

  // one at a time: deletes side by side lock the server's SQLite database, and the provider
  // retries for tens of seconds
  const destroy = () => tf.ok('destroy', '-no-color', '-input=false', '-auto-approve', '-parallelism=1');

  test('destroy removes the deployments and the null_resources', async () => {
    destroy();
    expect(tf.stateList()).toEqual([]);
    for (const { tool } of usable) expect(await api.find(`/deployments/name/${P}-flow/${tool}`)).toBeUndefined();
  });
});
