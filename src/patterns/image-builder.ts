import { IConstruct } from 'constructs';
import { fail, show } from '../core';
import { BuilderCommands, BuilderInputs } from './private/builder-commands';
import { shellWord } from './private/shell';

/** Options of every image builder. */
export interface ImageBuilderOptions {
  /**
   * The program to run: a name looked up on the PATH of `cdktf deploy` (Terraform runs the
   * build), or an absolute path.
   * @default - the builder's own name: `docker`, `podman` or `buildah`
   */
  readonly executable?: string;

  /**
   * Flags put before the subcommand of every command, e.g. `["--root", "/srv/containers"]`.
   * @default - none
   */
  readonly globalFlags?: string[];

  /**
   * More flags of the build command, e.g. `["--pull=always"]`.
   * @default - none
   */
  readonly buildFlags?: string[];

  /**
   * More flags of the push and login commands.
   * @default - none
   */
  readonly pushFlags?: string[];
}

/** Options of the daemonless builders of containers/* (podman, buildah). */
export interface DaemonlessBuilderOptions extends ImageBuilderOptions {
  /**
   * The containers/storage driver (`--storage-driver`), e.g. `vfs` where overlay mounts are not
   * allowed (containers without privileges).
   * @default - the tool's configuration (storage.conf)
   */
  readonly storageDriver?: string;

  /**
   * How `RUN` steps are isolated (`--isolation`): `oci`, `rootless` or `chroot` (needs no user
   * namespaces, works inside most containers).
   * @default - the tool's default
   */
  readonly isolation?: string;

  /**
   * Whether to verify the registry's TLS certificate (`--tls-verify`) on push and login. Set
   * `false` for a plain-HTTP registry, e.g. one on 127.0.0.1.
   * @default true
   */
  readonly tlsVerify?: boolean;
}

type Kind = 'docker' | 'podman' | 'buildah';

/**
 * The program that builds and pushes a `DeploymentImage`: `ImageBuilder.DOCKER` (the default),
 * `ImageBuilder.PODMAN`, `ImageBuilder.BUILDAH`, the same with options
 * (`ImageBuilder.buildah({ storageDriver: "vfs", isolation: "chroot" })`), or any program with
 * docker's command line (`ImageBuilder.custom("nerdctl")`).
 *
 * It runs where Terraform runs (`cdktf deploy`), through a `local-exec` provisioner.
 */
export class ImageBuilder {
  /** docker (or a docker-compatible CLI named `docker`), with its daemon. */
  public static readonly DOCKER = new ImageBuilder('docker', 'docker', {});

  /** podman, daemonless. */
  public static readonly PODMAN = new ImageBuilder('podman', 'podman', {});

  /** buildah, daemonless (`buildah bud`, `buildah push`). */
  public static readonly BUILDAH = new ImageBuilder('buildah', 'buildah', {});

  /**
   * docker, with options.
   * @param options the executable and extra flags
   */
  public static docker(options: ImageBuilderOptions = {}): ImageBuilder {
    return new ImageBuilder('docker', 'docker', options);
  }

  /**
   * podman, with options.
   * @param options storage driver, isolation, TLS verification, extra flags
   */
  public static podman(options: DaemonlessBuilderOptions = {}): ImageBuilder {
    return new ImageBuilder('podman', 'podman', options);
  }

  /**
   * buildah, with options; e.g. `{ storageDriver: "vfs", isolation: "chroot" }` inside a container.
   * @param options storage driver, isolation, TLS verification, extra flags
   */
  public static buildah(options: DaemonlessBuilderOptions = {}): ImageBuilder {
    return new ImageBuilder('buildah', 'buildah', options);
  }

  /**
   * Any program with docker's command line (`build --file --tag --platform --build-arg`,
   * `push`, `login --password-stdin`), e.g. `nerdctl` or `finch`.
   * @param program the program: a name on the PATH or an absolute path
   * @param options extra flags (its `executable`, if given, wins over `program`)
   */
  public static custom(program: string, options: ImageBuilderOptions = {}): ImageBuilder {
    return new ImageBuilder(program, 'docker', { executable: program, ...options });
  }

  private constructor(
    /** The builder's name, e.g. `buildah`. */
    public readonly name: string,
    private readonly kind: Kind,
    private readonly options: DaemonlessBuilderOptions,
  ) {}

  /**
   * The build, push and login commands.
   * @internal
   */
  public _commands(scope: IConstruct, inputs: BuilderInputs): BuilderCommands {
    const o = this.options;
    const words = (what: string, list: string[] | undefined) => (list ?? []).map((w) => {
      if (typeof w !== 'string' || w.length === 0 || w.includes('\n')) fail(scope, `invalid ${what} ${show(w)} of the ${this.name} image builder: each flag is one non-empty word on one line, e.g. "--pull=always"`);
      return shellWord(w);
    });
    const exe = o.executable ?? this.kind;
    if (typeof exe !== 'string' || exe.trim() === '' || /[\n\0]/.test(exe)) {
      fail(scope, `invalid executable ${show(exe)} of the ${this.name} image builder: give a program name on the PATH, e.g. "${this.kind}", or an absolute path`);
    }
    if (o.isolation !== undefined && !['oci', 'rootless', 'chroot'].includes(o.isolation)) {
      fail(scope, `invalid isolation ${show(o.isolation)} of the ${this.name} image builder: use "oci", "rootless" or "chroot"`);
    }
    const global = [shellWord(exe), ...(o.storageDriver !== undefined ? ['--storage-driver', shellWord(o.storageDriver)] : []), ...words('global flag', o.globalFlags)];
    const tls = o.tlsVerify !== undefined && this.kind !== 'docker' ? [`--tls-verify=${o.tlsVerify}`] : [];
    const pushFlags = [...tls, ...words('push flag', o.pushFlags)];
    const build = [
      ...global,
      this.kind === 'buildah' ? 'bud' : 'build',
      ...(o.isolation !== undefined ? ['--isolation', o.isolation] : []),
      ...words('build flag', o.buildFlags),
      '--file', inputs.dockerfile,
      '--tag', inputs.image,
      ...(inputs.platform !== undefined ? ['--platform', inputs.platform] : []),
      ...inputs.buildArgs.flatMap((a) => ['--build-arg', a]),
      inputs.context,
    ];
    // buildah push takes the destination as a second argument (docker:// is a registry)
    const push = [...global, 'push', ...pushFlags, inputs.image, ...(this.kind === 'buildah' ? [`"docker://${inputs.image.slice(1)}`] : [])];
    const login = [`printf '%s' ${inputs.password} |`, ...global, 'login', ...pushFlags, '--username', inputs.username, '--password-stdin', inputs.registry];
    return { build: build.join(' '), push: push.join(' '), login: login.join(' ') };
  }
}
