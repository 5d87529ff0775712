import * as fs from 'fs';
import * as path from 'path';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { fail, refuseCredentials, show, sortKeys, toJsonAttribute } from '../core';
import { IDeploymentImage } from '../deployments/deployment-image-ref';
import { ImageBuilder } from './image-builder';
import { hashDirectory, hashFile, hashText } from './private/context-hash';
import { envRef } from './private/shell';
import { RegistryAuth } from './registry-auth';
import { Resource as NullResource } from '../.gen/providers/null/resource';
import { TOKEN_BUILD_ARG } from '../policy/markers';
import { usePolicy } from '../policy/hook';

/** Everything about a `DeploymentImage` but its repository (see `EcrImageRepository.addImage` in cdktf-prefect-aws). */
export interface DeploymentImageOptions {
  /**
   * The build context: the folder the Dockerfile's `COPY` reads from. Relative paths are
   * resolved against the current directory of the synth (the app's folder under `cdktf synth`).
   * Its content is hashed at synth.
   */
  readonly directory: string;

  /**
   * The Dockerfile, relative to `directory` (or absolute); it must be inside `directory`.
   * @default "Dockerfile"
   */
  readonly dockerfile?: string;

  /**
   * Build arguments (`--build-arg KEY=value`). Values may be tokens; they reach the builder
   * through the command's environment. Literal values are part of the content hash.
   * @default - none
   */
  readonly buildArgs?: { [key: string]: string };

  /**
   * The image tag: lowercase letters, digits, `_`, `.` and `-`, at most 128 characters.
   * @default - the first 16 hex digits of the content hash: a new tag exactly when the context,
   * the Dockerfile, a literal build argument or the platform changes
   */
  readonly tag?: string;

  /**
   * Whether to push the image after building it.
   * @default true
   */
  readonly push?: boolean;

  /**
   * The target platform (`--platform`), e.g. `linux/amd64`.
   * @default - the builder's default (the machine's platform)
   */
  readonly platform?: string;

  /**
   * The program that builds and pushes.
   * @default ImageBuilder.DOCKER
   */
  readonly builder?: ImageBuilder;

  /**
   * How the builder authenticates to the registry: by reference only.
   * @default RegistryAuth.builderLogin() - the builder's own login on the machine that deploys
   */
  readonly registryAuth?: RegistryAuth;

  /**
   * Names (`node_modules`, `*.pyc`) or paths from the context's root (`data/raw`) left out of the
   * content hash; a change there neither rebuilds nor changes the tag. Replaces the default list.
   * @default DeploymentImage.DEFAULT_EXCLUDES - `.git`, `node_modules`, `cdktf.out`, `.terraform`, `__pycache__`, `.venv`
   */
  readonly exclude?: string[];
}

/** Properties of a `DeploymentImage`. */
export interface DeploymentImageProps extends DeploymentImageOptions {
  /**
   * The image repository, without a tag: `[registry[:port]/]path`, e.g.
   * `registry.example.com/acme/flows` or `127.0.0.1:5000/flows`. May be a token (an ECR
   * repository's URL).
   */
  readonly repository: string;
}

/**
 * A container image for a deployment's runs, built from a local folder and pushed to a registry
 * by a `null_resource` whose `local-exec` provisioner runs the builder (docker, podman, buildah)
 * during `cdktf deploy`.
 *
 * The build context, the Dockerfile, the literal build arguments and the platform are hashed at
 * synth. The hash is the resource's trigger and, by default, the image tag: the image is rebuilt
 * and the deployment moves to the new tag exactly when the code changes, and a plan without a
 * change is empty. Pass it to a deployment with `image:` (it sets the `image` job variable).
 *
 * The stack needs the null provider (`new l1Null.provider.NullProvider(this, "null")`). Destroying
 * the stack leaves pushed images in the registry.
 */
export class DeploymentImage extends Construct implements IDeploymentImage {
  /** What the content hash leaves out by default. */
  public static readonly DEFAULT_EXCLUDES: string[] = ['.git', 'node_modules', 'cdktf.out', '.terraform', '__pycache__', '.venv'];

  /**
   * `<repository>:<tag>`, the reference workers pull.
   * @attribute
   */
  public readonly imageName: string;

  /** The repository, as given. */
  public readonly repository: string;

  /** The tag: the given one, or the first 16 hex digits of `contentHash`. */
  public readonly tag: string;

  /** sha256 (hex) of the context, the Dockerfile, the literal build arguments and the platform. */
  public readonly contentHash: string;

  /** The `null_resource` that runs the build and push (escape hatch). */
  public readonly resource: NullResource;

  constructor(scope: Construct, id: string, props: DeploymentImageProps) {
    super(scope, id);
    this.repository = props.repository;
    checkRepository(this, props.repository);
    const { directory, dockerfile } = this.resolvePaths(props);
    const buildArgs = props.buildArgs ?? {};
    checkBuildArgs(this, buildArgs);
    if (props.platform !== undefined && !Token.isUnresolved(props.platform) && !/^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/.test(props.platform)) {
      fail(this, `invalid platform ${show(props.platform)}: write os/arch[/variant], e.g. "linux/amd64" or "linux/arm64"`);
    }
    const literalArgs = Object.fromEntries(Object.entries(buildArgs).filter(([, v]) => !Token.isUnresolved(v)));
    const tokenArgs = Object.keys(buildArgs).filter((k) => !(k in literalArgs));
    if (props.tag === undefined && tokenArgs.length > 0) TOKEN_BUILD_ARG.record(this, { argNames: tokenArgs });
    usePolicy(this);

    const exclude = props.exclude ?? DeploymentImage.DEFAULT_EXCLUDES;
    this.contentHash = hashText(JSON.stringify(sortKeys({
      context: hashDirectory(directory, exclude),
      dockerfile: { path: path.relative(directory, dockerfile).split(path.sep).join('/'), sha256: hashFile(dockerfile) },
      buildArgs: literalArgs,
      platform: Token.isUnresolved(props.platform) ? undefined : props.platform,
    })));
    this.tag = props.tag ?? this.contentHash.slice(0, 16);
    checkTag(this, this.tag);
    this.imageName = `${props.repository}:${this.tag}`;

    const builder = props.builder ?? ImageBuilder.DOCKER;
    const auth = (props.registryAuth ?? RegistryAuth.builderLogin())._resolve(this);
    const push = props.push ?? true;
    const argNames = Object.keys(buildArgs).sort();
    const environment: { [name: string]: string } = {
      CDKTF_PREFECT_IMAGE: this.imageName,
      CDKTF_PREFECT_CONTEXT: directory,
      CDKTF_PREFECT_DOCKERFILE: dockerfile,
      ...(props.platform !== undefined ? { CDKTF_PREFECT_PLATFORM: props.platform } : {}),
      ...Object.fromEntries(argNames.map((k, i) => [`CDKTF_PREFECT_BUILD_ARG_${i}`, buildArgs[k]])),
      ...(auth && push ? { CDKTF_PREFECT_REGISTRY: registryHost(props.repository) } : {}),
      ...auth?.environment,
    };
    const commands = builder._commands(this, {
      image: envRef('CDKTF_PREFECT_IMAGE'),
      context: envRef('CDKTF_PREFECT_CONTEXT'),
      dockerfile: envRef('CDKTF_PREFECT_DOCKERFILE'),
      platform: props.platform !== undefined ? envRef('CDKTF_PREFECT_PLATFORM') : undefined,
      buildArgs: argNames.map((k, i) => `"${k}=$CDKTF_PREFECT_BUILD_ARG_${i}"`),
      registry: envRef('CDKTF_PREFECT_REGISTRY'),
      username: auth?.username ?? '',
      password: auth?.password ?? '',
    });
    const script = ['set -e', commands.build, ...(push && auth ? [commands.login] : []), ...(push ? [commands.push] : [])].join('\n');

    this.resource = new NullResource(this, 'Resource', {
      triggers: {
        image: this.imageName,
        content_sha256: this.contentHash,
        push: String(push),
        ...(argNames.length > 0 ? { build_args: toJsonAttribute(buildArgs) } : {}),
      },
      provisioners: [{
        type: 'local-exec',
        command: script,
        environment,
      }],
    });
    refuseCredentials(this, this.resource);
  }

  /**
   * The `null_resource`'s address, so that `dependsOn: [image]` waits for the push.
   */
  public get fqn(): string {
    return this.resource.fqn;
  }

  private resolvePaths(props: DeploymentImageProps): { directory: string; dockerfile: string } {
    if (typeof props.directory !== 'string' || Token.isUnresolved(props.directory) || props.directory === '') {
      fail(this, `invalid directory ${show(props.directory)}: give the build context as a path known at synth (it is hashed then), e.g. path.join(__dirname, "flows")`);
    }
    const directory = path.resolve(props.directory);
    if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
      fail(this, `directory ${show(props.directory)} (${directory}) ${fs.existsSync(directory) ? 'is not a directory' : 'does not exist'}: give the build context, the folder the Dockerfile's COPY reads from`);
    }
    const given = props.dockerfile ?? 'Dockerfile';
    if (typeof given !== 'string' || Token.isUnresolved(given) || given === '') {
      fail(this, `invalid dockerfile ${show(given)}: give a path known at synth, relative to directory, e.g. "Dockerfile"`);
    }
    const dockerfile = path.resolve(directory, given);
    const rel = path.relative(directory, dockerfile);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      fail(this, `dockerfile ${show(given)} (${dockerfile}) is outside the build context ${directory}: move it into the directory, or set directory to a folder that holds it`);
    }
    if (!fs.existsSync(dockerfile) || !fs.statSync(dockerfile).isFile()) {
      fail(this, `dockerfile ${show(given)} (${dockerfile}) does not exist: write one, or name it with dockerfile (relative to directory)`);
    }
    return { directory, dockerfile };
  }
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;

function hasHost(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

function checkRepository(scope: Construct, repository: string): void {
  if (typeof repository !== 'string' || repository === '') {
    fail(scope, `invalid repository ${show(repository)}: give the image repository without a tag, e.g. "registry.example.com/acme/flows"`);
  }
  if (Token.isUnresolved(repository)) return;
  const parts = repository.split('/');
  const host = parts.length > 1 && hasHost(parts[0]) ? parts.shift()! : undefined;
  const last = parts[parts.length - 1] ?? '';
  if (last.includes(':') || repository.includes('@')) {
    fail(scope, `repository ${show(repository)} has a tag or digest: give the repository alone (${show(repository.replace(/[:@][^/]*$/, ''))}) and the tag with tag (or leave it to the content hash)`);
  }
  if ((host !== undefined && !HOST.test(host)) || parts.some((p) => !COMPONENT.test(p))) {
    fail(scope, `invalid repository ${show(repository)}: write [registry[:port]/]path, where each path component is lowercase letters and digits, separated by ".", "_", "__" or "-", e.g. "registry.example.com/acme/flows"`);
  }
}

function checkTag(scope: Construct, tag: string): void {
  if (typeof tag !== 'string') fail(scope, `invalid tag ${show(tag)}: give a string such as "v1.2.0"`);
  if (Token.isUnresolved(tag)) return;
  if (!/^[a-z0-9_][a-z0-9_.-]{0,127}$/.test(tag)) {
    const fixed = tag.trim().toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 128);
    fail(scope, `invalid tag ${show(tag)}: a tag is lowercase letters, digits, "_", "." and "-" (not first), at most 128 characters, e.g. ${show(fixed || 'v1')}; or leave tag unset to use the content hash`);
  }
}

function checkBuildArgs(scope: Construct, args: { [key: string]: string }): void {
  if (Token.isUnresolved(args) || typeof args !== 'object' || args === null || Array.isArray(args)) {
    fail(scope, `invalid buildArgs ${show(args)}: give an object of names to string values, e.g. { PYTHON_VERSION: "3.12" }`);
  }
  for (const [k, v] of Object.entries(args)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) fail(scope, `invalid build argument name ${show(k)}: letters, digits and "_", not starting with a digit (as the Dockerfile's ARG names it)`);
    if (typeof v !== 'string') fail(scope, `build argument ${k} is ${show(v)}, not a string: pass it as a string, e.g. ${show(String(v))}`);
  }
}

/** The registry host of a repository (Docker Hub when it names none), as a value or a token. */
function registryHost(repository: string): string {
  if (Token.isUnresolved(repository)) return Fn.element(Fn.split('/', repository), 0);
  const first = repository.split('/')[0];
  return repository.includes('/') && hasHost(first) ? first : 'docker.io';
}
