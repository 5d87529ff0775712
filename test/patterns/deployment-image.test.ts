import * as fs from 'fs';
import * as path from 'path';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { BaseJobTemplate, Deployment, DeploymentImage, Flow, ImageBuilder, RegistryAuth, ScheduledDeployment, WorkPool, WorkPoolType } from '../../src';
import { imageStack, makeContext } from './image-fixtures';
import { missingProviders } from '../e2e/support/env';
import { validateStack } from '../e2e/support/terraform';
import { testUnless } from '../support/skip';
import { onlyResource, synthJson } from '../support/synth';

const FLOW_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';

type More = (scope: Construct, image: DeploymentImage) => void;

function synthImage(dir: string, props: object = {}, more?: More): { json: any; image: DeploymentImage } {
  let image!: DeploymentImage;
  const stack = imageStack((s) => {
    image = new DeploymentImage(s, 'Image', { repository: 'registry.example.com/acme/flows', directory: dir, ...props });
    more?.(s, image);
  });
  return { json: synthJson(stack), image };
}

/** The synthesized JSON with the machine-specific context path replaced. */
function normalized(json: any, dir: string): any {
  return JSON.parse(JSON.stringify(json).split(dir).join('<context>'));
}

describe('DeploymentImage', () => {
  test('snapshot: a null_resource with the content hash as trigger and tag, and a local-exec build and push', () => {
    const dir = makeContext();
    const { json, image } = synthImage(dir, { buildArgs: { PYTHON_VERSION: '3.12' }, platform: 'linux/amd64' }, (s, img) => {
      const pool = new WorkPool(s, 'Pool', { workPoolName: 'docker-pool', baseJobTemplate: BaseJobTemplate.docker() });
      new Deployment(s, 'Deployment', { flow: Flow.fromFlowAttributes(s, 'Flow', { flowName: 'etl', flowId: FLOW_ID }), deploymentName: 'nightly', entrypoint: 'flows/hello.py:hello', workPool: pool, image: img });
    });
    expect(image.tag).toMatch(/^[0-9a-f]{16}$/);
    expect(image.tag).toBe(image.contentHash.slice(0, 16));
    expect(image.imageName).toBe(`registry.example.com/acme/flows:${image.tag}`);
    const nullResource = onlyResource(json, 'null_resource');
    expect(nullResource.triggers).toEqual({
      image: image.imageName,
      content_sha256: image.contentHash,
      push: 'true',
      build_args: '{"PYTHON_VERSION":"3.12"}',
    });
    expect(nullResource.provisioner).toEqual([{ 'local-exec': expect.objectContaining({ command: expect.stringContaining('docker build') }) }]);
    const deployment = onlyResource(json, 'prefect_deployment');
    expect(JSON.parse(deployment.job_variables)).toEqual({ image: image.imageName });
    expect(deployment.depends_on).toEqual([expect.stringMatching(/^null_resource\.Image_\w+$/)]);
    expect(json.terraform.required_providers.null).toEqual({ source: 'hashicorp/null', version: '3.2.4' });
    expect({ null_resource: normalized(json.resource.null_resource, dir) }).toMatchSnapshot();
  });

  test('the command holds no value: image, paths, platform and build args reach it through its environment', () => {
    const dir = makeContext();
    const { json } = synthImage(dir, { buildArgs: { B: 'two words', A: '$(rm -rf /)' }, platform: 'linux/arm64' });
    const exec = onlyResource(json, 'null_resource').provisioner[0]['local-exec'];
    expect(exec.command).not.toContain(dir);
    expect(exec.command).not.toContain('rm -rf');
    expect(exec.command).toBe([
      'set -e',
      'docker build --file "$CDKTF_PREFECT_DOCKERFILE" --tag "$CDKTF_PREFECT_IMAGE" --platform "$CDKTF_PREFECT_PLATFORM" --build-arg "A=$CDKTF_PREFECT_BUILD_ARG_0" --build-arg "B=$CDKTF_PREFECT_BUILD_ARG_1" "$CDKTF_PREFECT_CONTEXT"',
      'docker push "$CDKTF_PREFECT_IMAGE"',
    ].join('\n'));
    expect(exec.environment).toEqual({
      CDKTF_PREFECT_IMAGE: expect.stringMatching(/^registry\.example\.com\/acme\/flows:[0-9a-f]{16}$/),
      CDKTF_PREFECT_CONTEXT: dir,
      CDKTF_PREFECT_DOCKERFILE: path.join(dir, 'Dockerfile'),
      CDKTF_PREFECT_PLATFORM: 'linux/arm64',
      CDKTF_PREFECT_BUILD_ARG_0: '$(rm -rf /)',
      CDKTF_PREFECT_BUILD_ARG_1: 'two words',
    });
  });

  test.each([
    ['podman', ImageBuilder.PODMAN, 'podman build --file', 'podman push "$CDKTF_PREFECT_IMAGE"'],
    ['buildah', ImageBuilder.BUILDAH, 'buildah bud --file', 'buildah push "$CDKTF_PREFECT_IMAGE" "docker://$CDKTF_PREFECT_IMAGE"'],
    ['buildah in a container', ImageBuilder.buildah({ storageDriver: 'vfs', isolation: 'chroot', tlsVerify: false, executable: '/opt/tools/bin/buildah' }),
      '/opt/tools/bin/buildah --storage-driver vfs bud --isolation chroot --file', '/opt/tools/bin/buildah --storage-driver vfs push --tls-verify=false "$CDKTF_PREFECT_IMAGE" "docker://$CDKTF_PREFECT_IMAGE"'],
    ['podman with flags', ImageBuilder.podman({ globalFlags: ['--root', '/srv/my store'], buildFlags: ['--pull=never'], tlsVerify: true }),
      "podman --root '/srv/my store' build --pull=never --file", 'podman --root \'/srv/my store\' push --tls-verify=true "$CDKTF_PREFECT_IMAGE"'],
    ['a docker-compatible CLI', ImageBuilder.custom('nerdctl'), 'nerdctl build --file', 'nerdctl push "$CDKTF_PREFECT_IMAGE"'],
  ])('builder %s', (_name, builder, build, push) => {
    const { json } = synthImage(makeContext(), { builder });
    const [, buildLine, pushLine] = onlyResource(json, 'null_resource').provisioner[0]['local-exec'].command.split('\n');
    expect(buildLine.startsWith(build)).toBe(true);
    expect(pushLine).toBe(push);
  });

  test('push: false builds only', () => {
    const { json } = synthImage(makeContext(), { push: false, registryAuth: RegistryAuth.fromEnvironment('REG_USER', 'REG_PASSWORD') });
    const r = onlyResource(json, 'null_resource');
    expect(r.provisioner[0]['local-exec'].command.split('\n')).toHaveLength(2);
    expect(r.triggers.push).toBe('false');
  });

  test('registry auth from environment variable names: login reads them, their values are nowhere in the configuration', () => {
    const { json } = synthImage(makeContext(), { builder: ImageBuilder.buildah({ tlsVerify: false }), registryAuth: RegistryAuth.fromEnvironment('REG_USER', 'REG_PASSWORD') });
    const exec = onlyResource(json, 'null_resource').provisioner[0]['local-exec'];
    expect(exec.command.split('\n')[2]).toBe('printf \'%s\' "$REG_PASSWORD" | buildah login --tls-verify=false --username "$REG_USER" --password-stdin "$CDKTF_PREFECT_REGISTRY"');
    expect(exec.environment.CDKTF_PREFECT_REGISTRY).toBe('registry.example.com');
  });

  test('registry auth from a sensitive variable: passed through the environment, never in the command text', () => {
    let json: any;
    const dir = makeContext();
    const stack = imageStack((s) => {
      const password = new TerraformVariable(s, 'RegistryPassword', { type: 'string', sensitive: true });
      new DeploymentImage(s, 'Image', { repository: 'ghcr.io/acme/flows', directory: dir, registryAuth: RegistryAuth.fromSecret('robot', password.stringValue) });
    });
    json = synthJson(stack);
    const exec = onlyResource(json, 'null_resource').provisioner[0]['local-exec'];
    expect(exec.command).toContain('printf \'%s\' "$CDKTF_PREFECT_REGISTRY_PASSWORD" | docker login --username "$CDKTF_PREFECT_REGISTRY_USERNAME" --password-stdin "$CDKTF_PREFECT_REGISTRY"');
    expect(exec.environment).toMatchObject({ CDKTF_PREFECT_REGISTRY_PASSWORD: '${var.RegistryPassword}', CDKTF_PREFECT_REGISTRY_USERNAME: 'robot', CDKTF_PREFECT_REGISTRY: 'ghcr.io' });
  });

  test('a repository that is a token (an ECR URL) gives a token image name and registry', () => {
    const dir = makeContext();
    const stack = imageStack((s) => {
      const repo = new TerraformVariable(s, 'Repo', { type: 'string' });
      new DeploymentImage(s, 'Image', { repository: repo.stringValue, directory: dir, tag: 'v1', registryAuth: RegistryAuth.fromEnvironment('U', 'P') });
    });
    const exec = onlyResource(synthJson(stack), 'null_resource').provisioner[0]['local-exec'];
    expect(exec.environment.CDKTF_PREFECT_IMAGE).toBe('${var.Repo}:v1');
    expect(exec.environment.CDKTF_PREFECT_REGISTRY).toBe('${element(split("/", var.Repo), 0)}');
  });

  test('ScheduledDeployment takes image too, on a docker pool without a template (the server default has image)', () => {
    const dir = makeContext();
    const stack = imageStack((s) => {
      const image = new DeploymentImage(s, 'Image', { repository: 'registry.example.com/acme/flows', directory: dir, tag: 'v1' });
      const pool = new WorkPool(s, 'Pool', { workPoolName: 'docker-pool', workPoolType: WorkPoolType.DOCKER });
      new ScheduledDeployment(s, 'Nightly', { flowName: 'etl', deploymentName: 'nightly', entrypoint: 'flows/hello.py:hello', workPool: pool, image, jobVariables: { env: { A: '1' } } });
    });
    const dep = onlyResource(synthJson(stack), 'prefect_deployment');
    expect(JSON.parse(dep.job_variables)).toEqual({ env: { A: '1' }, image: 'registry.example.com/acme/flows:v1' });
    expect(dep.depends_on).toHaveLength(1);
  });

});

describe('DeploymentImage and terraform validate', () => {
  testUnless(missingProviders('prefect', 'null'))('a stack with images (buildah, registry auth from a sensitive variable) and a deployment passes terraform validate', () => {
    const dir = makeContext();
    const stack = imageStack((s) => {
      const password = new TerraformVariable(s, 'RegistryPassword', { type: 'string', sensitive: true });
      const image = new DeploymentImage(s, 'Image', {
        repository: '127.0.0.1:5000/acme/flows', directory: dir, buildArgs: { A: '1' }, platform: 'linux/amd64',
        builder: ImageBuilder.buildah({ storageDriver: 'vfs', isolation: 'chroot', tlsVerify: false }),
        registryAuth: RegistryAuth.fromSecret('robot', password.stringValue),
      });
      new DeploymentImage(s, 'BuildOnly', { repository: 'acme/local', directory: dir, push: false, builder: ImageBuilder.PODMAN });
      const pool = new WorkPool(s, 'Pool', { workPoolName: 'docker-pool', workPoolType: WorkPoolType.DOCKER });
      new Deployment(s, 'Deployment', { flow: new Flow(s, 'Flow', { flowName: 'etl' }), deploymentName: 'main', entrypoint: 'flows/hello.py:hello', workPool: pool, image });
    });
    expect(validateStack(JSON.stringify(synthJson(stack)))).toEqual({ valid: true, diagnostics: [] });
  });
});

describe('DeploymentImage content hash and tag', () => {
  const tagOf = (dir: string, props: object = {}) => synthImage(dir, props).image;

  test('changing nothing keeps the tag and the trigger; a second synth is identical', () => {
    const dir = makeContext();
    const a = synthImage(dir);
    const b = synthImage(dir);
    expect(b.image.tag).toBe(a.image.tag);
    expect(normalized(b.json.resource.null_resource, dir)).toEqual(normalized(a.json.resource.null_resource, dir));
  });

  test('the same files in another folder hash the same (the location is not part of it)', () => {
    expect(tagOf(makeContext()).tag).toBe(tagOf(makeContext()).tag);
  });

  test('changing a file of the context changes the tag and the trigger', () => {
    const dir = makeContext();
    const before = synthImage(dir);
    fs.writeFileSync(path.join(dir, 'flows/hello.py'), 'print("hello, world")\n');
    const after = synthImage(dir);
    expect(after.image.tag).not.toBe(before.image.tag);
    expect(onlyResource(after.json, 'null_resource').triggers.content_sha256).not.toBe(onlyResource(before.json, 'null_resource').triggers.content_sha256);
  });

  test.each([
    ['a new file', (dir: string) => fs.writeFileSync(path.join(dir, 'flows/new.py'), '')],
    ['a renamed file', (dir: string) => fs.renameSync(path.join(dir, 'flows/hello.py'), path.join(dir, 'flows/hi.py'))],
    ['an executable bit', (dir: string) => fs.chmodSync(path.join(dir, 'flows/hello.py'), 0o755)],
    ['an empty directory', (dir: string) => fs.mkdirSync(path.join(dir, 'empty'))],
    ['the Dockerfile', (dir: string) => fs.appendFileSync(path.join(dir, 'Dockerfile'), 'ENV A=1\n')],
  ])('%s changes the tag', (_what, change) => {
    const dir = makeContext();
    const before = tagOf(dir).tag;
    change(dir);
    expect(tagOf(dir).tag).not.toBe(before);
  });

  test.each([
    ['.git', '.git/HEAD'],
    ['node_modules', 'node_modules/x/index.js'],
    ['cdktf.out', 'cdktf.out/stacks/s/cdk.tf.json'],
    ['__pycache__ anywhere', 'flows/__pycache__/hello.cpython-312.pyc'],
    ['.terraform', '.terraform/providers/x'],
  ])('ignores %s', (_what, rel) => {
    const dir = makeContext();
    const before = tagOf(dir).tag;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), 'changed');
    expect(tagOf(dir).tag).toBe(before);
  });

  test('exclude replaces the list: names, globs and paths from the root', () => {
    const dir = makeContext({ 'data/raw/big.csv': 'a,b\n', 'notes.md': '# x\n' });
    const props = { exclude: ['data/raw', '*.md'] };
    const before = tagOf(dir, props).tag;
    fs.writeFileSync(path.join(dir, 'data/raw/big.csv'), 'c,d\n');
    fs.writeFileSync(path.join(dir, 'notes.md'), '# y\n');
    expect(tagOf(dir, props).tag).toBe(before);
    fs.mkdirSync(path.join(dir, 'node_modules'));
    expect(tagOf(dir, props).tag).not.toBe(before); // node_modules is hashed now
  });

  test('literal build args and the platform are part of the hash; the builder is not', () => {
    const dir = makeContext();
    const base = tagOf(dir).tag;
    expect(tagOf(dir, { buildArgs: { A: '1' } }).tag).not.toBe(base);
    expect(tagOf(dir, { buildArgs: { A: '1' } }).tag).not.toBe(tagOf(dir, { buildArgs: { A: '2' } }).tag);
    expect(tagOf(dir, { platform: 'linux/arm64' }).tag).not.toBe(base);
    expect(tagOf(dir, { builder: ImageBuilder.PODMAN }).tag).toBe(base);
  });

  test('a given tag is used as is; the trigger still follows the content', () => {
    const dir = makeContext();
    const before = synthImage(dir, { tag: 'v1.2.0' });
    fs.writeFileSync(path.join(dir, 'flows/hello.py'), 'changed');
    const after = synthImage(dir, { tag: 'v1.2.0' });
    expect(after.image.imageName).toBe('registry.example.com/acme/flows:v1.2.0');
    expect(onlyResource(after.json, 'null_resource').triggers.image).toBe(onlyResource(before.json, 'null_resource').triggers.image);
    expect(onlyResource(after.json, 'null_resource').triggers.content_sha256).not.toBe(onlyResource(before.json, 'null_resource').triggers.content_sha256);
  });
});
