import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { checkObject, fail, show, validateName } from '../core';
import { EnvironmentNaming } from './environment-naming';
import { ENVIRONMENT_OF_STACK, environmentOf, IPrefectEnvironment } from './environment-ref';
import { StateBackend } from './state-backend';

/** Properties of a `PrefectEnvironment`: what differs from one environment to the next. */
export interface PrefectEnvironmentProps {
  /**
   * How physical names are made from the names objects have everywhere (`physicalName`).
   * @default EnvironmentNaming.prefix() - `<environment>-<name>`
   */
  readonly naming?: EnvironmentNaming;

  /**
   * Where the environment keeps its Terraform state. Two environments of one app never share one.
   * @default StateBackend.local() - `terraform.<environment>.tfstate`
   */
  readonly stateBackend?: StateBackend;

  /**
   * Whether schedules are active. A `DeploymentSchedule` below the environment follows this unless
   * its own `active` option is set; e.g. `false` outside prod pauses every schedule there.
   * @default true
   */
  readonly schedulesActive?: boolean;

  /**
   * Work pool names by the key the code asks for with `workPoolName(key)`, e.g.
   * `{ etl: 'etl-k8s-prod' }`. Every key must be asked for (a key nobody asks for is a typo).
   * @default - each pool is named by the naming rule from its key
   */
  readonly workPoolNames?: { [key: string]: string };

  /**
   * Parameters every `parametersFor(...)` call gets, over the code's defaults.
   * @default - none
   */
  readonly parameters?: { [name: string]: any };

  /**
   * Parameters by the key the code asks for with `parametersFor(key, defaults)`, over the
   * defaults and `parameters`. Every key must be asked for.
   * @default - none
   */
  readonly deploymentParameters?: { [key: string]: { [name: string]: any } };

  /**
   * The image tag `image(repository)` uses where `imageTags` names none.
   * @default - none: `image(...)` then needs a tag in `imageTags`
   */
  readonly imageTag?: string;

  /**
   * Image tags by the key the code asks for with `image(repository, key)` (the key defaults
   * to the repository). Every key must be asked for.
   * @default - none
   */
  readonly imageTags?: { [key: string]: string };
}

/** A stack ID that `cdktf deploy <id>` can name: no whitespace, no glob characters, no path. */
const STACK_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * The environment (dev, staging, prod) of one stack: its name (the stack's ID), its state
 * backend, and the settings that differ between environments. One stack per environment, built
 * by the same code: subclass `PrefectEnvironmentStack`, which creates this for you, or create
 * one in any `TerraformStack` as `new PrefectEnvironment(stack, 'Environment', props)`.
 *
 * Constructs below the stack find it with `PrefectEnvironment.of(this)`; `DeploymentSchedule`
 * follows its `schedulesActive`. It creates no provider: the stack does.
 */
export class PrefectEnvironment extends Construct implements IPrefectEnvironment {
  /**
   * The environment `scope` is in, or undefined when it is in none.
   * @param scope any construct
   */
  public static of(scope: IConstruct): PrefectEnvironment | undefined {
    return environmentOf(scope) as PrefectEnvironment | undefined;
  }

  /**
   * `base` as the environment of `scope` names it, or `base` unchanged outside an environment:
   * for constructs that are used with and without environments.
   * @param scope any construct
   * @param base the name the object has in every environment
   */
  public static physicalNameOf(scope: IConstruct, base: string): string {
    return environmentOf(scope)?.physicalName(base) ?? base;
  }

  /** The environment's stack. */
  public readonly stack: TerraformStack;

  /** The environment's name: its stack's ID (`cdktf deploy <name>`). */
  public readonly environmentName: string;

  /** Whether schedules below are active unless they say otherwise. */
  public readonly schedulesActive: boolean;

  /** Where the environment keeps its state. */
  public readonly stateBackend: StateBackend;

  private readonly prefix: string;
  private readonly suffix: string;
  private readonly settings: PrefectEnvironmentProps;
  private readonly asked = { workPoolNames: new Set<string>(), deploymentParameters: new Set<string>(), imageTags: new Set<string>() };

  constructor(scope: Construct, id: string, props: PrefectEnvironmentProps = {}) {
    super(scope, id);
    const stack = scope.node.scopes.find((s): s is TerraformStack => TerraformStack.isStack(s));
    if (!stack) fail(this, 'an environment belongs in a TerraformStack: create it in the stack (or subclass PrefectEnvironmentStack)');
    this.stack = stack;
    const other = environmentOf(this.stack);
    if (other !== undefined) {
      fail(this, `stack ${show(this.stack.node.id)} already has an environment (${other.node.path}): a stack is one environment; create one stack per environment`);
    }
    const name = checkedName(this, this.stack.node.id);
    Object.defineProperty(this.stack, ENVIRONMENT_OF_STACK, { value: this });
    this.environmentName = name;
    this.settings = props;
    this.schedulesActive = props.schedulesActive ?? true;
    ({ prefix: this.prefix, suffix: this.suffix } = (props.naming ?? EnvironmentNaming.prefix())._affixes(this, name));
    for (const [key, pool] of Object.entries(props.workPoolNames ?? {})) validateName(this, `work pool (workPoolNames.${key})`, pool);
    checkObject(this, 'parameters', props.parameters);
    for (const [key, value] of Object.entries(props.deploymentParameters ?? {})) checkObject(this, `deploymentParameters.${key}`, value);
    if (props.imageTag !== undefined) this.checkTag('imageTag', props.imageTag);
    for (const [key, tag] of Object.entries(props.imageTags ?? {})) this.checkTag(`imageTags.${key}`, tag);
    this.stateBackend = props.stateBackend ?? StateBackend.local();
    this.stateBackend._bind(this.stack, name);
    this.node.addValidation({ validate: () => this.unaskedKeys() });
  }

  /**
   * `base` as this environment names it: with the naming rule's prefix and suffix.
   * @param base the name the object has in every environment, e.g. `etl`
   */
  public physicalName(base: string): string {
    if (typeof base !== 'string' || base.trim() === '') fail(this, `physicalName needs a name, got ${show(base)}: pass the name the object has in every environment, e.g. "etl"`);
    const name = `${this.prefix}${base}${this.suffix}`;
    validateName(this, 'physical', name);
    return name;
  }

  /**
   * The name of the work pool known as `key` in every environment: `workPoolNames[key]`, or
   * `physicalName(key)`.
   * @param key the pool's name in the code, e.g. `etl`
   */
  public workPoolName(key: string): string {
    this.asked.workPoolNames.add(key);
    return this.settings.workPoolNames?.[key] ?? this.physicalName(key);
  }

  /**
   * A deployment's parameters in this environment: `defaults`, then `parameters`, then
   * `deploymentParameters[key]` (later ones win, key by key).
   * @param key the deployment's key in the code, e.g. `nightly`
   * @param defaults the parameters every environment has
   */
  public parametersFor(key: string, defaults: { [name: string]: any } = {}): { [name: string]: any } {
    checkObject(this, `parameters of ${show(key)}`, defaults);
    this.asked.deploymentParameters.add(key);
    return { ...defaults, ...this.settings.parameters, ...this.settings.deploymentParameters?.[key] };
  }

  /**
   * The image `repository` with this environment's tag: `imageTags[key]`, else `imageTag`.
   * @param repository the image without a tag, e.g. `registry.acme.io/flows`
   * @param key the image's key in `imageTags`; default the repository
   */
  public image(repository: string, key?: string): string {
    if (!repository || /:[^/]*$/.test(repository) || repository.includes('@')) {
      fail(this, `invalid image repository ${show(repository)}: give it without a tag or digest, e.g. "registry.acme.io/flows"; the environment adds its tag (imageTag, imageTags)`);
    }
    const k = key ?? repository;
    this.asked.imageTags.add(k);
    const tag = this.settings.imageTags?.[k] ?? this.settings.imageTag;
    if (tag === undefined) {
      fail(this, `no image tag for ${show(k)} in environment ${show(this.environmentName)}: set imageTags[${show(k)}] or imageTag on the environment, e.g. imageTag: "1.4.0"`);
    }
    return `${repository}:${tag}`;
  }

  private checkTag(what: string, tag: string): void {
    if (typeof tag !== 'string' || !IMAGE_TAG.test(tag)) {
      fail(this, `invalid ${what} ${show(tag)}: an image tag is up to 128 letters, digits, "_", "." and "-", not starting with "." or "-", e.g. "1.4.0"`);
    }
  }

  /** Settings keys that no construct asked for: typos, or code that no longer exists. */
  private unaskedKeys(): string[] {
    for (const setting of ['workPoolNames', 'deploymentParameters', 'imageTags'] as const) {
      const asked = this.asked[setting];
      const unasked = Object.keys(this.settings[setting] ?? {}).filter((k) => !asked.has(k));
      if (unasked.length > 0) {
        const method = { workPoolNames: 'workPoolName', deploymentParameters: 'parametersFor', imageTags: 'image' }[setting];
        const known = asked.size > 0 ? `the code asks for ${[...asked].map((k) => show(k)).join(', ')}` : `the code never calls ${method}(...)`;
        fail(this, `${setting} names ${unasked.map((k) => show(k)).join(', ')}, which no construct asks for with ${method}(...); ${known}: fix the key or remove it`);
      }
    }
    return [];
  }
}

/**
 * The environment's name (its stack's ID), checked: it must work as `cdktf deploy <name>`, as
 * part of a state file's name and as a default key or workspace.
 * @internal
 */
export function checkedName(scope: IConstruct, id: string): string {
  if (typeof id !== 'string' || !STACK_ID.test(id)) {
    fail(scope, `invalid environment name ${show(id)}: it is the stack's ID (cdktf deploy <name>), 1-64 letters, digits, "-" and "_", starting with a letter, e.g. "dev" or "prod-eu"`);
  }
  return id;
}
