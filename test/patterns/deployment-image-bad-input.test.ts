// Bad inputs of DeploymentImage and of a deployment's image: each row synthesizes a small stack
// with validations on and checks the message names the construct path, the bad value and the fix
// (the style of test/checks/bad-input.test.ts).
import * as path from 'path';
import { TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { BaseJobTemplate, Deployment, DeploymentImage, DeploymentImageProps, Flow, ImageBuilder, RegistryAuth, WorkPool, WorkPoolType } from '../../src';
import { imageStack, makeContext } from './image-fixtures';

interface Row {
  readonly what: string;
  readonly build: (scope: Construct, dir: string) => unknown;
  readonly path: string;
  readonly value: string;
  readonly fix: string;
  /** text that must NOT be in the message (a secret) */
  readonly hidden?: string;
}

function errorOf(build: (scope: Construct, dir: string) => unknown): string {
  const dir = makeContext();
  const stack = imageStack();
  try {
    build(stack, dir);
    Testing.synth(stack, true);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but synth succeeded');
}

const image = (props: Partial<DeploymentImageProps> = {}) => (s: Construct, dir: string) =>
  new DeploymentImage(s, 'Image', { repository: 'registry.example.com/acme/flows', directory: dir, ...props });
const FLOW_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';
const deploymentOn = (pool: (s: Construct) => WorkPool, jobVariables?: object) => (s: Construct, dir: string) =>
  new Deployment(s, 'D', {
    flow: Flow.fromFlowAttributes(s, 'F', { flowName: 'etl', flowId: FLOW_ID }), deploymentName: 'nightly', entrypoint: 'etl.py:etl',
    workPool: pool(s), image: image()(s, dir), jobVariables,
  });

const rows: Row[] = [
  { what: 'a tag with uppercase letters', build: image({ tag: 'V1.2' }), path: 'Stack/Image', value: '"V1.2"', fix: 'e.g. "v1.2"' },
  { what: 'a tag with spaces', build: image({ tag: 'my tag' }), path: 'Stack/Image', value: '"my tag"', fix: 'e.g. "my-tag"' },
  { what: 'a tag starting with a dot', build: image({ tag: '.x' }), path: 'Stack/Image', value: '".x"', fix: 'leave tag unset to use the content hash' },
  { what: 'a Dockerfile outside the context', build: image({ dockerfile: '../Dockerfile' }), path: 'Stack/Image', value: '"../Dockerfile"', fix: 'move it into the directory, or set directory to a folder that holds it' },
  { what: 'an absolute Dockerfile elsewhere', build: image({ dockerfile: '/etc/hostname' }), path: 'Stack/Image', value: '"/etc/hostname"', fix: 'is outside the build context' },
  { what: 'a missing Dockerfile', build: image({ dockerfile: 'Dockerfile.prod' }), path: 'Stack/Image', value: '"Dockerfile.prod"', fix: 'write one, or name it with dockerfile' },
  { what: 'a missing directory', build: (s, dir) => image({ directory: path.join(dir, 'nope') })(s, dir), path: 'Stack/Image', value: 'nope" (', fix: 'does not exist: give the build context' },
  { what: 'a directory that is a file', build: (s, dir) => image({ directory: path.join(dir, 'Dockerfile') })(s, dir), path: 'Stack/Image', value: 'Dockerfile"', fix: 'is not a directory' },
  { what: 'a directory that is a token', build: (s, dir) => image({ directory: new TerraformVariable(s, 'Dir', { type: 'string' }).stringValue })(s, dir), path: 'Stack/Image', value: '"${TfToken', fix: 'a path known at synth' },
  { what: 'a repository with a tag', build: image({ repository: 'registry.example.com/acme/flows:latest' }), path: 'Stack/Image', value: '"registry.example.com/acme/flows:latest"', fix: 'give the repository alone ("registry.example.com/acme/flows")' },
  { what: 'a repository with uppercase letters', build: image({ repository: 'acme/Flows' }), path: 'Stack/Image', value: '"acme/Flows"', fix: 'lowercase letters and digits' },
  { what: 'a literal registry password', build: image({ registryAuth: RegistryAuth.fromSecret('robot', 'hunter2-s3cret') }), path: 'Stack/Image', value: 'the registry password is a literal, **** (14 characters)', fix: 'RegistryAuth.fromEnvironment("REGISTRY_USER", "REGISTRY_PASSWORD")', hidden: 'hunter2' },
  { what: 'a password given where an environment variable name goes', build: image({ registryAuth: RegistryAuth.fromEnvironment('REG_USER', 'p@ss w0rd!') }), path: 'Stack/Image', value: '**** (10 characters)', fix: 'never write it in the app', hidden: 'w0rd' },
  { what: 'a token given as an environment variable name', build: image({ registryAuth: RegistryAuth.fromEnvironment('REG_USER', 'ghp_0123456789abcdefghijABCDEFGHIJ') }), path: 'Stack/Image', value: 'looks like a GitHub token, ghp_****', fix: 'RegistryAuth.fromSecret', hidden: 'abcdefghij' },
  { what: 'a build argument name with a dash', build: image({ buildArgs: { 'PY-VERSION': '3' } }), path: 'Stack/Image', value: '"PY-VERSION"', fix: 'letters, digits and "_"' },
  { what: 'a platform without an architecture', build: image({ platform: 'linux' }), path: 'Stack/Image', value: '"linux"', fix: 'e.g. "linux/amd64"' },
  { what: 'an unknown isolation', build: image({ builder: ImageBuilder.buildah({ isolation: 'vm' }) }), path: 'Stack/Image', value: '"vm"', fix: 'use "oci", "rootless" or "chroot"' },
  { what: 'a flag on two lines', build: image({ builder: ImageBuilder.docker({ buildFlags: ['--a\n--b'] }) }), path: 'Stack/Image', value: '"--a\\n--b"', fix: 'one non-empty word on one line' },
  { what: 'an image on a process pool (its template has no image variable)', build: deploymentOn((s) => new WorkPool(s, 'Pool', { workPoolName: 'local', baseJobTemplate: BaseJobTemplate.process() })), path: 'Stack/D', value: 'work pool "local" (Stack/Pool) has no "image" job variable', fix: 'use a pool of a type that runs containers (WorkPoolType.DOCKER' },
  { what: 'an image on a process pool without a template (the server default has none)', build: deploymentOn((s) => new WorkPool(s, 'Pool', { workPoolName: 'local', workPoolType: WorkPoolType.PROCESS })), path: 'Stack/D', value: '(its template\'s variables: command, env, labels, name, stream_output, working_dir)', fix: 'withVariable("image"' },
  { what: 'image and jobVariables.image both', build: deploymentOn((s) => new WorkPool(s, 'Pool', { workPoolName: 'd', baseJobTemplate: BaseJobTemplate.docker() }), { image: 'x:1' }), path: 'Stack/D', value: '"x:1"', fix: 'give one' },
];

describe('DeploymentImage bad inputs', () => {
  it.each(rows.map((r) => [r.what, r] as const))('refuses %s', (_what, row) => {
    const message = errorOf(row.build);
    expect(message.startsWith(`${row.path}: `)).toBe(true);
    expect(message).toContain(row.value);
    expect(message).toContain(row.fix);
    if (row.hidden) expect(message).not.toContain(row.hidden);
  });

  it.each([
    ['a process pool whose template declares an image variable', (s: Construct, dir: string) => deploymentOn((sc) => new WorkPool(sc, 'Pool', { workPoolName: 'p', baseJobTemplate: BaseJobTemplate.process().withVariable('image', { type: 'string' }) }))(s, dir)],
    ['a kubernetes pool', (s: Construct, dir: string) => deploymentOn((sc) => new WorkPool(sc, 'Pool', { workPoolName: 'k', workPoolType: WorkPoolType.KUBERNETES }))(s, dir)],
    ['a custom pool type (template unknown)', (s: Construct, dir: string) => deploymentOn((sc) => new WorkPool(sc, 'Pool', { workPoolName: 'c', workPoolType: WorkPoolType.custom('my-worker') }))(s, dir)],
    ['a tag with dots, dashes and underscores', image({ tag: 'v1.2.3-rc_1' })],
    ['a registry with a port', image({ repository: '127.0.0.1:5000/flows' })],
    ['a password from a sensitive variable', (s: Construct, dir: string) => image({ registryAuth: RegistryAuth.fromSecret('u', new TerraformVariable(s, 'P', { type: 'string', sensitive: true }).stringValue) })(s, dir)],
  ])('accepts %s', (_what, build) => {
    const dir = makeContext();
    const stack = imageStack();
    build(stack, dir);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
