import * as path from 'path';
import { bool, call, camel, construct, Expr, literal, member, method, num, pascal, props, ref, Stmt, str, THIS, unique } from './code';
import { readFlow } from './flow-source';
import { findSecrets } from './secrets';
import { YamlSource } from './yaml-source';

/** Something in the yaml that the app does not carry over as it is. */
export interface Issue {
  /** The line in the yaml. */
  readonly line: number;
  /** `not-converted`: left out or kept as text; `note`: converted, with a difference worth knowing. */
  readonly kind: 'not-converted' | 'note';
  readonly message: string;
  /** The issue is the Python app's only (the TypeScript app converts the value). */
  readonly pythonOnly?: boolean;
}

/** The issues that concern an app in `language`. */
export function issuesFor(issues: Issue[], language: string): Issue[] {
  return issues.filter((i) => !i.pythonOnly || language === 'python');
}

/** A converted project: the statements of the stack and what could not be converted. */
export interface Conversion {
  /** The project's `name` from the yaml, if any. */
  readonly projectName?: string;
  readonly body: Stmt[];
  /** The library classes the body uses. */
  readonly imports: Set<string>;
  readonly issues: Issue[];
  /** Whether the body reads environment variables (the app then needs a small helper). */
  readonly usesEnvironment: boolean;
  /** Whether the body resolves paths against the app's directory. */
  readonly usesAppPath: boolean;
}

/** A prefect.yaml the converter refuses (e.g. it holds a literal credential). */
export class ConvertError extends Error {}

const TOP_KEYS = ['prefect-version', 'name', 'build', 'push', 'pull', 'deployments', 'definitions'];
const DEPLOYMENT_KEYS = ['name', 'version', 'tags', 'description', 'schedule', 'schedules', 'paused', 'concurrency_limit',
  'flow_name', 'entrypoint', 'parameters', 'enforce_parameter_schema', 'build', 'push', 'pull', 'work_pool', 'triggers',
  'version_type', 'sla'];
const STEP_PREFIXES = ['prefect.deployments.steps.', 'prefect.deployments.steps.pull.', 'prefect.deployments.steps.utility.', 'prefect.projects.steps.'];
const DOCKER_BUILD = 'prefect_docker.deployments.steps.build_docker_image';
const DOCKER_PUSH = 'prefect_docker.deployments.steps.push_docker_image';
const STORAGE_STEPS: Record<string, { factory: string; field: string }> = {
  'prefect_aws.deployments.steps.pull_from_s3': { factory: 'pullFromS3', field: 'bucket' },
  'prefect_gcp.deployments.steps.pull_from_gcs': { factory: 'pullFromGcs', field: 'bucket' },
  'prefect_azure.deployments.steps.pull_from_azure_blob_storage': { factory: 'pullFromAzureBlobStorage', field: 'container' },
};
const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;

type Obj = Record<string, any>;

/**
 * Converts a prefect.yaml into the statements of a cdktf stack, the way `prefect deploy --all`
 * reads it (prefect/cli/deploy): top-level build, push and pull steps apply to every deployment
 * that does not set its own; a deployment without a name is skipped; the flow's name and
 * description come from its code.
 * @param file the yaml's path (for messages and to find the flow files next to it)
 * @param text the yaml
 * @param outDir where the app will be written (paths in it are made relative to it)
 */
export function convertPrefectYaml(file: string, text: string, outDir: string): Conversion {
  const src = YamlSource.parse(file, text);
  return new Converter(src, path.dirname(path.resolve(file)), path.resolve(outDir)).run();
}

class Converter {
  private readonly body: Stmt[] = [];
  private readonly imports = new Set<string>();
  private readonly issues: Issue[] = [];
  private readonly names = new Set<string>(['app', 'stack', 'path']);
  private readonly blocks = new Map<string, string>();
  private readonly variables = new Map<string, string>();
  private readonly flows = new Map<string, string>();
  private readonly images = new Map<string, { name: string; stepIds: string[] }>();
  private readonly ids = new Set<string>();
  private usesEnvironment = false;
  private usesAppPath = false;
  /** Where the statements that declare references go (before the first flow). */
  private readonly refs: Stmt[] = [];
  /** Step ids of the docker build steps of the deployment being converted -> image variable. */
  private stepImages = new Map<string, string>();

  constructor(private readonly src: YamlSource, private readonly projectDir: string, private readonly outDir: string) {}

  public run(): Conversion {
    const root = this.src.root;
    if (root === null || typeof root !== 'object' || Array.isArray(root)) {
      throw new ConvertError(`${this.src.file}:1: a prefect.yaml is a mapping with a "deployments" list; this file holds ${show(root)}`);
    }
    const secrets = findSecrets(this.src);
    if (secrets.length > 0) {
      throw new ConvertError(`${this.src.file} holds literal credentials, which the converter never writes into an app:\n${secrets.map((s) => `  ${s}`).join('\n')}\n`
        + 'Store each one in a Secret block (prefect block create secret, or a Block with secretData in the app) and reference it as "{{ prefect.blocks.secret.<name> }}", then convert again.');
    }
    const top = root as Obj;
    for (const key of Object.keys(top)) {
      if (!TOP_KEYS.includes(key)) this.issue(top, key, 'not-converted', `unknown top-level key "${key}" (prefect deploy ignores it too)`);
    }
    const deployments = top.deployments ?? [];
    if (!Array.isArray(deployments)) {
      throw new ConvertError(`${this.src.where(top, 'deployments')}: "deployments" must be a list of deployments, got ${show(deployments)}`);
    }
    if (deployments.length === 0) this.issue(top, 'deployments', 'note', 'the file declares no deployments');
    const actions = { build: top.build, push: top.push, pull: top.pull };
    deployments.forEach((d, i) => this.deployment(d, i, top, actions));
    return {
      projectName: typeof top.name === 'string' ? top.name : undefined,
      body: dropUnusedNames([...this.refs, ...(this.refs.length > 0 ? [{ k: 'blank' } as Stmt] : []), ...this.body]),
      imports: this.imports,
      issues: this.issues.sort((a, b) => a.line - b.line),
      usesEnvironment: this.usesEnvironment,
      usesAppPath: this.usesAppPath,
    };
  }

  // ---- deployments ------------------------------------------------------------------------

  private deployment(d: unknown, index: number, top: Obj, actions: Obj): void {
    const list = top.deployments;
    if (d === null || typeof d !== 'object' || Array.isArray(d)) {
      this.issue(list, index, 'not-converted', `deployment ${index + 1} is ${show(d)}, not a mapping: skipped`);
      return;
    }
    const dep = d as Obj;
    if (typeof dep.name !== 'string' || dep.name.length === 0) {
      this.issue(list, index, 'not-converted', `deployment ${index + 1} has no name: skipped (prefect deploy --all skips unnamed deployments too)`);
      return;
    }
    if (typeof dep.entrypoint !== 'string' || dep.entrypoint.length === 0) {
      this.issue(list, index, 'not-converted', `deployment "${dep.name}" has no entrypoint: skipped (prefect deploy needs one: path/to/file.py:flow_function)`);
      return;
    }
    for (const key of Object.keys(dep)) {
      if (!DEPLOYMENT_KEYS.includes(key)) this.issue(dep, key, 'not-converted', `deployment "${dep.name}": unknown key "${key}" (prefect deploy ignores it too)`);
    }
    const flow = readFlow(this.projectDir, dep.entrypoint);
    if (flow.problem) {
      this.issue(dep, 'entrypoint', 'note', `deployment "${dep.name}": ${flow.problem}, so the flow is named "${flow.name}" after the function; check it matches @flow(name=...)`);
    }
    if (typeof dep.flow_name === 'string' && dep.flow_name !== flow.name) {
      this.issue(dep, 'flow_name', 'note', `deployment "${dep.name}": flow_name "${dep.flow_name}" is not used: prefect deploy takes the flow's name from its code ("${flow.name}"), and so does the app`);
    }

    this.body.push({ k: 'comment', lines: [`deployment "${dep.name}" (${path.basename(this.src.file)} line ${this.src.line(list, index)})`] });
    const steps = (key: 'build' | 'push' | 'pull') => (key in dep ? { steps: dep[key], owner: dep, key } : { steps: actions[key], owner: undefined, key });
    const build = steps('build');
    const push = steps('push');
    this.stepImages = new Map();
    this.buildSteps(dep, build, push);

    const flowVar = this.flow(flow.name);
    const id = this.uniqueId(pascal(dep.name));
    const varName = this.uniqueName(camel(dep.name));
    const pool = (dep.work_pool ?? {}) as Obj;
    if (!pool.name) {
      this.issue(dep, 'work_pool', 'not-converted', `deployment "${dep.name}" has no work_pool.name: prefect deploy --all refuses it without prompting; the app sets no work pool`);
    }
    const concurrency = this.concurrency(dep);
    const pullSteps = this.pullSteps(dep, steps('pull'), pool);
    const description = dep.description || flow.description;
    if (!dep.version && flow.version === undefined) {
      this.issue(dep, 'name', 'note', `deployment "${dep.name}": no version; prefect deploy sets one (an MD5 hash of the flow's file, at deploy time), the app sets none`);
    }
    if (dep.version_type !== undefined && dep.version_type !== null) {
      this.issue(dep, 'version_type', 'not-converted', `deployment "${dep.name}": version_type is not supported by prefecthq/prefect 3.4.1`);
    }
    if (dep.sla !== undefined && dep.sla !== null) {
      this.issue(dep, 'sla', 'not-converted', `deployment "${dep.name}": SLAs (Prefect Cloud) are not converted; declare them with the library's ResourceSla construct`);
    }
    this.issue(dep, 'entrypoint', 'note', `deployment "${dep.name}": prefect deploy also stores the flow's parameter schema, generated from the function's signature; the app sets none (add parameterOpenApiSchema to validate parameters)`);

    const { image, jobVariables } = splitImage(this.dataOrUndefined(pool, 'job_variables', false));
    const options = props([
      ['deploymentName', this.value(dep.name, dep, 'name')],
      ['entrypoint', str(dep.entrypoint)],
      ['description', description ? this.value(description, dep, 'description') : undefined],
      ['version', dep.version ? this.value(String(dep.version), dep, 'version') : flow.version !== undefined ? str(flow.version) : undefined],
      ['tags', this.tags(dep)],
      ['paused', this.boolean(dep, 'paused')],
      ['parameters', this.dataOrUndefined(dep, 'parameters', true)],
      ['enforceParameterSchema', this.boolean(dep, 'enforce_parameter_schema')],
      ['workPoolName', pool.name ? this.value(pool.name, pool, 'name') : undefined],
      ['workQueueName', pool.work_queue_name ? this.value(pool.work_queue_name, pool, 'work_queue_name') : undefined],
      ['jobVariables', jobVariables],
      ['image', image],
      ...concurrency,
      ['pullSteps', pullSteps.length > 0 ? { k: 'arr', items: pullSteps } : undefined],
    ]);
    this.body.push({ k: 'const', name: varName, value: method(ref(flowVar), 'addDeployment', str(id), options) });
    this.schedules(dep, varName);
    this.triggers(dep, varName, id);
    this.body.push({ k: 'blank' });
  }

  private flow(name: string): string {
    const known = this.flows.get(name);
    if (known) return known;
    const varName = this.uniqueName(`${camel(name)}Flow`);
    this.imports.add('Flow');
    this.body.push({ k: 'const', name: varName, value: construct('Flow', THIS, str(this.uniqueId(`${pascal(name)}Flow`)), props([['flowName', str(name)]])) });
    this.flows.set(name, varName);
    return varName;
  }

  private tags(dep: Obj): Expr | undefined {
    const tags = dep.tags;
    if (tags === undefined || tags === null) return undefined;
    if (typeof tags === 'string') {
      this.issue(dep, 'tags', 'not-converted', `deployment "${dep.name}": tags ${show(tags)} is a string; prefect deploy renders it into a list at deploy time, the app needs a list: write tags: [...]`);
      return undefined;
    }
    if (!Array.isArray(tags)) return undefined;
    if (tags.length === 0) return undefined;
    return { k: 'arr', items: tags.map((t, i) => this.value(String(t), tags, i)) };
  }

  private boolean(owner: Obj, key: string): Expr | undefined {
    const v = owner[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return bool(v);
    this.issue(owner, key, 'not-converted', `${key} ${show(v)} is not a boolean (true or false)`);
    return undefined;
  }

  private concurrency(dep: Obj): Array<[string, Expr | undefined]> {
    const c = dep.concurrency_limit;
    if (c === undefined || c === null) return [];
    if (typeof c === 'number') return [['concurrencyLimit', num(c)]];
    if (typeof c !== 'object' || Array.isArray(c)) {
      this.issue(dep, 'concurrency_limit', 'not-converted', `concurrency_limit ${show(c)} is neither a number nor {limit, collision_strategy}`);
      return [];
    }
    const out: Array<[string, Expr | undefined]> = [];
    if (typeof c.limit === 'number') out.push(['concurrencyLimit', num(c.limit)]);
    if (typeof c.collision_strategy === 'string') {
      this.imports.add('CollisionStrategy');
      const known = ['ENQUEUE', 'CANCEL_NEW'].includes(c.collision_strategy);
      out.push(['collisionStrategy', known ? member(ref('CollisionStrategy'), c.collision_strategy) : call('CollisionStrategy.of', str(c.collision_strategy))]);
    }
    if (c.grace_period_seconds !== undefined && c.grace_period_seconds !== null) {
      this.issue(c, 'grace_period_seconds', 'not-converted', 'concurrency_limit.grace_period_seconds is not supported by prefecthq/prefect 3.4.1 (concurrency_options has only collision_strategy)');
    }
    for (const key of Object.keys(c)) {
      if (!['limit', 'collision_strategy', 'grace_period_seconds'].includes(key)) this.issue(c, key, 'not-converted', `unknown concurrency_limit key "${key}"`);
    }
    return out;
  }

  // ---- schedules --------------------------------------------------------------------------

  private schedules(dep: Obj, deployment: string): void {
    let list: unknown[] = [];
    let owner: unknown = dep.schedules;
    if (dep.schedule && typeof dep.schedule === 'object' && Object.keys(dep.schedule).length > 0) {
      if (dep.schedules !== undefined) {
        this.issue(dep, 'schedule', 'not-converted', `deployment "${dep.name}" has both schedule and schedules, which prefect deploy refuses; only schedules is converted`);
      } else {
        list = [dep.schedule];
        owner = [dep.schedule];
        this.issue(dep, 'schedule', 'note', 'the singular "schedule" is deprecated; converted as one of schedules');
      }
    }
    if (Array.isArray(dep.schedules)) list = dep.schedules;
    list.forEach((s, i) => {
      const line = this.src.line(owner, i);
      if (s === null || typeof s !== 'object') {
        this.issueAt(line, 'not-converted', `schedule ${i + 1} of "${dep.name}" is ${show(s)}, not a mapping`);
        return;
      }
      const sched = s as Obj;
      const schedule = this.schedule(sched, dep.name);
      if (!schedule) return;
      const id = sched.slug ? pascal(String(sched.slug)) : `Schedule${i + 1}`;
      this.body.push({ k: 'expr', value: method(ref(deployment), 'addSchedule', str(id), schedule) });
    });
  }

  private schedule(s: Obj, dep: string): Expr | undefined {
    this.imports.add('Schedule');
    const common: Array<[string, Expr | undefined]> = [
      ['timezone', s.timezone ? str(String(s.timezone)) : undefined],
      ['active', this.boolean(s, 'active')],
      ['maxScheduledRuns', typeof s.max_scheduled_runs === 'number' ? num(s.max_scheduled_runs) : undefined],
      ['parameters', this.dataOrUndefined(s, 'parameters', true)],
      ['slug', s.slug ? str(String(s.slug)) : undefined],
    ];
    for (const key of Object.keys(s)) {
      if (!['cron', 'interval', 'rrule', 'timezone', 'active', 'max_scheduled_runs', 'parameters', 'slug', 'day_or', 'anchor_date', 'replaces'].includes(key)) {
        this.issue(s, key, 'not-converted', `deployment "${dep}": unknown schedule key "${key}"`);
      }
    }
    if (s.replaces) this.issue(s, 'replaces', 'not-converted', `deployment "${dep}": schedule "replaces" (renaming a slug) has no equivalent: Terraform replaces the schedule when its slug changes`);
    if (s.cron) {
      if (s.day_or === false) {
        this.issue(s, 'day_or', 'not-converted', `deployment "${dep}": day_or: false cannot be applied with prefecthq/prefect 3.4.1; the schedule keeps day_or true: rewrite it as an rrule`);
      }
      return call('Schedule.cron', str(String(s.cron)), props([...common.slice(0, 1), ['dayOr', s.day_or === true ? bool(true) : undefined], ...common.slice(1)]));
    }
    if (s.interval !== undefined && s.interval !== null) {
      const seconds = durationSeconds(s.interval);
      if (seconds === undefined) {
        this.issue(s, 'interval', 'not-converted', `deployment "${dep}": interval ${show(s.interval)} is not a number of seconds, an ISO 8601 duration or HH:MM:SS`);
        return undefined;
      }
      this.imports.add('Duration');
      let anchor: Expr | undefined;
      if (s.anchor_date) {
        const text = String(s.anchor_date);
        const withZone = /(Z|[+-]\d\d:?\d\d)$/i.test(text.trim()) ? text : `${text.trim().replace(' ', 'T')}Z`;
        if (withZone !== text) this.issue(s, 'anchor_date', 'note', `deployment "${dep}": anchor_date ${show(text)} has no UTC offset; written as ${show(withZone)} (UTC, as prefect deploy reads it)`);
        anchor = str(withZone);
      } else {
        this.issue(s, 'interval', 'note', `deployment "${dep}": interval without anchor_date: prefect deploy anchors it at the time of deploying, the app at 2020-01-01 00:00 in the schedule's timezone (the runs keep the same spacing)`);
      }
      return call('Schedule.interval', call('Duration.seconds', num(seconds)), props([['anchorDate', anchor], ...common]));
    }
    if (s.rrule) {
      let rule = String(s.rrule);
      let timezone = common[0][1];
      try {
        const parsed = JSON.parse(rule);
        if (parsed && typeof parsed === 'object' && typeof parsed.rrule === 'string') {
          rule = parsed.rrule;
          if (!s.timezone && parsed.timezone) timezone = str(String(parsed.timezone));
        }
      } catch {
        // a plain rule
      }
      return call('Schedule.rrule', str(rule), props([['timezone', timezone], ...common.slice(1)]));
    }
    this.issue(s, undefined, 'not-converted', `deployment "${dep}": a schedule needs one of cron, interval or rrule`);
    return undefined;
  }

  // ---- steps ------------------------------------------------------------------------------

  private stepList(owner: { steps: unknown }): Obj[] {
    const steps = owner.steps;
    if (steps === null || steps === undefined) return [];
    if (Array.isArray(steps)) return steps as Obj[];
    if (typeof steps === 'object' && Object.keys(steps).length > 0) return [steps as Obj];
    return [];
  }

  private stepName(step: Obj): [string, Obj] | undefined {
    const keys = Object.keys(step ?? {});
    if (keys.length !== 1) return undefined;
    const value = step[keys[0]];
    return [keys[0], value && typeof value === 'object' ? value : {}];
  }

  private buildSteps(dep: Obj, build: { steps: unknown }, push: { steps: unknown }): void {
    const pushes = this.stepList(push);
    const pushesImage = pushes.some((s) => this.stepName(s)?.[0] === DOCKER_PUSH);
    for (const step of pushes) {
      const named = this.stepName(step);
      if (named?.[0] === DOCKER_PUSH) {
        const config = named[1];
        if (config.credentials) this.issue(config, 'credentials', 'not-converted', `deployment "${dep.name}": push_docker_image credentials: DeploymentImage takes registry auth from the builder's own login (docker login / buildah login); log in where cdktf deploy runs`);
        continue;
      }
      this.issue(step, named?.[0], 'not-converted', `deployment "${dep.name}": push step ${show(named?.[0] ?? step)} is not converted: the app does not upload code; push it yourself (or use a pull step from git)`);
    }
    for (const step of this.stepList(build)) {
      const named = this.stepName(step);
      if (named?.[0] !== DOCKER_BUILD) {
        this.issue(step, named?.[0], 'not-converted', `deployment "${dep.name}": build step ${show(named?.[0] ?? step)} is not converted (only ${DOCKER_BUILD} becomes a DeploymentImage); run it before cdktf deploy`);
        continue;
      }
      const c = named[1];
      const key = JSON.stringify([c, pushesImage]);
      let image = this.images.get(key);
      if (!image) {
        if (c.dockerfile === 'auto') {
          this.issue(c, 'dockerfile', 'not-converted', `deployment "${dep.name}": dockerfile: auto (Prefect writes a Dockerfile at deploy time) has no equivalent; write a Dockerfile (COPY . /opt/prefect/...) and name it here; the app uses "Dockerfile"`);
        }
        for (const k of Object.keys(c)) {
          if (!['id', 'requires', 'image_name', 'tag', 'dockerfile', 'path', 'platform', 'buildargs'].includes(k)) {
            this.issue(c, k, 'not-converted', `deployment "${dep.name}": build_docker_image option "${k}" is not supported by DeploymentImage`);
          }
        }
        const name = this.uniqueName(`${camel(String(c.image_name ?? 'image').split('/').pop()!)}Image`);
        this.imports.add('DeploymentImage');
        this.refs.push({
          k: 'const', name, value: construct('DeploymentImage', THIS, str(this.uniqueId(pascal(name))), props([
            ['repository', this.value(String(c.image_name ?? ''), c, 'image_name')],
            ['directory', this.pathFromApp(path.resolve(this.projectDir, c.path ? String(c.path) : '.'))],
            ['dockerfile', str(c.dockerfile && c.dockerfile !== 'auto' ? String(c.dockerfile) : 'Dockerfile')],
            ['buildArgs', c.buildargs ? this.data(c.buildargs, c, 'buildargs') : undefined],
            ['tag', c.tag ? this.value(String(c.tag), c, 'tag') : undefined],
            ['push', bool(pushesImage)],
            ['platform', c.platform ? str(String(c.platform)) : undefined],
          ])),
        });
        image = { name, stepIds: [] };
        this.images.set(key, image);
      }
      if (c.id) this.stepImages.set(String(c.id), image.name);
    }
  }

  private pullSteps(dep: Obj, pull: { steps: unknown; owner?: Obj; key: string }, pool: Obj): Expr[] {
    const explicitNone = Array.isArray(pull.steps) && pull.steps.length === 0;
    const steps = this.stepList(pull);
    this.imports.add('PullStep');
    if (steps.length === 0 && !explicitNone) {
      const image = pool.job_variables?.image;
      const building = [...this.stepImages.keys()].length > 0;
      if (building) {
        this.issue(dep, 'name', 'note', `deployment "${dep.name}": no pull steps; prefect deploy adds set_working_directory /opt/prefect/<project dir> for a built image, so does the app: check your Dockerfile copies the code there`);
        return [call('PullStep.workingDirectory', str(`/opt/prefect/${path.basename(this.projectDir)}`))];
      }
      if (image) return [call('PullStep.workingDirectory', str('/opt/prefect'))];
      this.issue(dep, 'name', 'note', `deployment "${dep.name}": no pull steps, so, like prefect deploy, the app sets the working directory to the project's directory on this machine (${this.projectDir}); workers elsewhere need a pull step`);
      return [call('PullStep.workingDirectory', this.pathFromApp(this.projectDir))];
    }
    const out: Expr[] = [];
    for (const step of steps) {
      const named = this.stepName(step);
      if (!named) {
        this.issue(step, undefined, 'not-converted', `deployment "${dep.name}": pull step ${show(step)} is not a mapping of one step name to its settings`);
        continue;
      }
      const [name, c] = named;
      const converted = this.pullStep(dep, name, c, step);
      if (converted) out.push(converted);
    }
    return out;
  }

  private pullStep(dep: Obj, name: string, c: Obj, step: Obj): Expr | undefined {
    const short = STEP_PREFIXES.reduce((n, prefix) => (n.startsWith(prefix) ? n.slice(prefix.length) : n), name);
    const used: string[] = ['requires'];
    const opt = (key: string, prop: string = camel(key)): [string, Expr | undefined] => {
      used.push(key);
      const v = c[key];
      if (v === undefined || v === null) return [prop, undefined];
      return [prop, typeof v === 'boolean' ? bool(v) : typeof v === 'object' ? this.data(v, c, key) : this.value(String(v), c, key)];
    };
    const requires = (): [string, Expr | undefined] => ['requires', c.requires ? str(String(c.requires)) : undefined];
    let result: Expr | undefined;
    if (c.id !== undefined) {
      this.issue(c, 'id', 'not-converted', `deployment "${dep.name}": pull step id "${c.id}" is dropped: prefecthq/prefect 3.4.1 stores no step ids, so later steps cannot read this step's output ({{ ${c.id}.* }})`);
      used.push('id');
    }
    if (short === 'git_clone') {
      result = call('PullStep.gitClone', props([opt('repository'), opt('branch'), opt('include_submodules'),
        this.blockOption(c, 'credentials', used), this.blockOption(c, 'access_token', used), requires()]));
    } else if (short === 'set_working_directory') {
      used.push('directory');
      result = call('PullStep.workingDirectory', this.value(String(c.directory ?? ''), c, 'directory'));
    } else if (short === 'pip_install_requirements') {
      result = call('PullStep.pipInstallRequirements', props([opt('requirements_file'), opt('directory'), opt('stream_output'), requires()]));
    } else if (short === 'run_shell_script') {
      result = call('PullStep.runShellScript', props([opt('script'), opt('directory'), opt('env'), opt('stream_output'), opt('expand_env_vars'), requires()]));
    } else if (STORAGE_STEPS[name]) {
      const { factory, field } = STORAGE_STEPS[name];
      result = call(`PullStep.${factory}`, props([opt(field), opt('folder'), this.blockOption(c, 'credentials', used), requires()]));
    } else {
      this.issue(step, name, 'not-converted', `deployment "${dep.name}": pull step "${name}" is not supported by the library's PullStep (git_clone, set_working_directory, pull_from_s3/gcs/azure_blob_storage, pip_install_requirements, run_shell_script)`);
      return undefined;
    }
    for (const key of Object.keys(c)) {
      if (!used.includes(key)) this.issue(c, key, 'not-converted', `deployment "${dep.name}": ${short} option "${key}" is not supported by the library's PullStep`);
    }
    return result;
  }

  /** A pull-step option that names a block, e.g. credentials: "{{ prefect.blocks.github-credentials.x }}". */
  private blockOption(c: Obj, key: string, used: string[]): [string, Expr | undefined] {
    used.push(key);
    const v = c[key];
    const prop = camel(key);
    if (v === undefined || v === null) return [prop, undefined];
    const m = typeof v === 'string' ? /^\s*\{\{\s*prefect\.blocks\.([\w-]+)\.([\w-]+)\s*\}\}\s*$/.exec(v) : null;
    if (!m) {
      this.issue(c, key, 'not-converted', `${key} ${show(v)} is not a block reference ({{ prefect.blocks.<type>.<name> }}); the library takes credentials only as blocks`);
      return [prop, undefined];
    }
    return [prop, ref(this.block(m[1], m[2]))];
  }

  // ---- triggers ---------------------------------------------------------------------------

  private triggers(dep: Obj, deployment: string, id: string): void {
    const triggers = dep.triggers;
    if (triggers === undefined || triggers === null) return;
    if (!Array.isArray(triggers)) {
      this.issue(dep, 'triggers', 'not-converted', `deployment "${dep.name}": triggers must be a list`);
      return;
    }
    triggers.forEach((t: Obj, i: number) => {
      if (!t || typeof t !== 'object') return;
      const trigger = this.trigger(t, dep.name);
      if (!trigger) return;
      this.imports.add('Automation').add('Action');
      const action = call('Action.runDeployment', props([
        ['deployment', ref(deployment)],
        // kept as written: Prefect renders {{ event.* }} in them when the automation fires
        ['parameters', t.parameters ? this.pythonLiteral(t.parameters) : undefined],
        ['jobVariables', t.job_variables ? this.data(t.job_variables, t, 'job_variables') : undefined],
      ]));
      for (const key of ['schedule_after']) {
        if (t[key] !== undefined && durationSeconds(t[key]) !== 0) {
          this.issue(t, key, 'not-converted', `deployment "${dep.name}": trigger ${key} is not supported by the library's Action.runDeployment; the run starts at once`);
        }
      }
      this.body.push({
        k: 'expr', value: construct('Automation', THIS, str(this.uniqueId(`${id}Trigger${i + 1}`)), props([
          ['automationName', str(t.name ? String(t.name) : `${dep.name}__automation_${i + 1}`)],
          ['description', t.description ? str(String(t.description)) : undefined],
          ['enabled', this.boolean(t, 'enabled')],
          ['trigger', trigger],
          ['actions', { k: 'arr', items: [action] }],
        ])),
      });
    });
  }

  private trigger(t: Obj, dep: string): Expr | undefined {
    this.imports.add('Trigger');
    const type = t.type ?? (t.posture === 'Metric' ? 'metric' : t.triggers ? (t.require !== undefined ? 'compound' : 'sequence') : 'event');
    const known = ['type', 'name', 'description', 'enabled', 'parameters', 'job_variables', 'schedule_after'];
    const within = (): [string, Expr | undefined] => {
      if (t.within === undefined || t.within === null) return ['within', t.posture === 'Proactive' ? call('Duration.seconds', num(10)) : undefined];
      const s = durationSeconds(t.within);
      if (s === undefined) {
        this.issue(t, 'within', 'not-converted', `trigger within ${show(t.within)} is not a duration`);
        return ['within', undefined];
      }
      this.imports.add('Duration');
      return ['within', s === 0 ? undefined : call('Duration.seconds', num(s))];
    };
    if (t.posture === 'Proactive') this.imports.add('Duration');
    const children = (): Expr[] => (Array.isArray(t.triggers) ? t.triggers : [])
      .map((c: Obj) => this.trigger(c, dep)).filter((c: Expr | undefined): c is Expr => c !== undefined);
    let out: Expr | undefined;
    let used: string[];
    if (type === 'event') {
      used = ['match', 'match_related', 'after', 'expect', 'for_each', 'posture', 'threshold', 'within'];
      const list = (key: string): [string, Expr | undefined] => [camel(key), Array.isArray(t[key]) && t[key].length > 0 ? { k: 'arr', items: t[key].map((e: unknown) => str(String(e))) } : undefined];
      if (Array.isArray(t.match_related)) {
        this.issue(t, 'match_related', 'not-converted', `deployment "${dep}": a list of match_related specs is not supported by the library; only the first is converted`);
      }
      const related = Array.isArray(t.match_related) ? t.match_related[0] : t.match_related;
      if (t.posture !== undefined) this.imports.add('Posture');
      out = call('Trigger.event', props([
        list('expect'), list('after'),
        ['match', t.match && Object.keys(t.match).length > 0 ? this.pythonLiteral(t.match) : undefined],
        ['matchRelated', related && Object.keys(related).length > 0 ? this.pythonLiteral(related) : undefined],
        list('for_each'),
        ['posture', t.posture === 'Proactive' ? member(ref('Posture'), 'PROACTIVE') : t.posture === 'Reactive' ? member(ref('Posture'), 'REACTIVE') : undefined],
        ['threshold', typeof t.threshold === 'number' ? num(t.threshold) : undefined],
        within(),
      ]));
    } else if (type === 'compound') {
      used = ['require', 'triggers', 'within'];
      this.imports.add('CompoundRequire');
      const require = t.require === 'all' ? member(ref('CompoundRequire'), 'ALL') : t.require === 'any' ? member(ref('CompoundRequire'), 'ANY')
        : typeof t.require === 'number' ? call('CompoundRequire.atLeast', num(t.require)) : undefined;
      if (!require) {
        this.issue(t, 'require', 'not-converted', `deployment "${dep}": compound trigger require ${show(t.require)} must be "any", "all" or a number`);
        return undefined;
      }
      out = call('Trigger.compound', props([['require', require], ['triggers', { k: 'arr', items: children() }], within()]));
    } else if (type === 'sequence') {
      used = ['triggers', 'within'];
      const w = within();
      out = call('Trigger.sequence', { k: 'arr', items: children() }, ...(w[1] ? [props([w])] : []));
    } else {
      this.issue(t, 'type', 'not-converted', `deployment "${dep}": ${type} triggers are not converted (metric triggers are Prefect Cloud only); declare it with Trigger.metric(...)`);
      return undefined;
    }
    for (const key of Object.keys(t)) {
      if (![...known, ...used].includes(key)) this.issue(t, key, 'not-converted', `deployment "${dep}": unknown trigger key "${key}"`);
    }
    return out;
  }

  // ---- values and templates ---------------------------------------------------------------

  private dataOrUndefined(owner: Obj, key: string, isParameters: boolean): Expr | undefined {
    const v = owner[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.issue(owner, key, 'not-converted', `${key} ${show(v)} must be a mapping`);
      return undefined;
    }
    if (Object.keys(v).length === 0) return undefined;
    return this.data(v, owner, key, isParameters);
  }

  /** A JSON value as it is, its nulls in mappings listed for the Python app. */
  private pythonLiteral(v: unknown): Expr {
    this.pythonNulls(v);
    return literal(v);
  }

  /** A JSON value, with templates in its strings converted. */
  private data(v: unknown, owner: unknown, key: string | number, isParameters = false): Expr {
    if (typeof v === 'string') return this.value(v, owner, key, isParameters);
    if (Array.isArray(v)) return { k: 'arr', items: v.map((item, i) => this.data(item, v, i, isParameters)) };
    if (v && typeof v === 'object') {
      this.pythonNulls(v, false);
      return { k: 'data', entries: Object.entries(v).map(([k, item]) => [k, this.data(item, v, k, isParameters)] as [string, Expr]) };
    }
    return literal(v);
  }

  /**
   * Lists each null value of a mapping in `v` (at any depth with `deep`, else its own entries):
   * jsii hands a None inside a Python dict over as no key at all, so the Python app leaves the key
   * out, which the TypeScript app keeps (nulls in lists survive).
   */
  private pythonNulls(v: unknown, deep = true): void {
    if (Array.isArray(v)) {
      if (deep) v.forEach((item) => this.pythonNulls(item));
      return;
    }
    if (!v || typeof v !== 'object') return;
    for (const [k, item] of Object.entries(v)) {
      if (item === null) {
        const line = this.src.line(v, k);
        const message = `"${k}" is null: a Python app cannot pass a null inside a mapping (jsii hands a None there over as no key at all), so the Python app leaves "${k}" out; the TypeScript app keeps it`;
        if (!this.issues.some((i) => i.line === line && i.message === message)) this.issues.push({ line, kind: 'not-converted', message, pythonOnly: true });
      } else if (deep) {
        this.pythonNulls(item);
      }
    }
  }

  /** A string, with its `{{ ... }}` templates turned into references where they can be. */
  private value(text: string, owner: unknown, key: string | number | undefined, isParameters = false): Expr {
    if (typeof text !== 'string') return literal(text);
    const parts: Array<string | Expr> = [];
    let last = 0;
    for (const m of text.matchAll(TEMPLATE)) {
      const converted = this.template(m[1], owner, key, isParameters);
      if (!converted) continue;
      parts.push(text.slice(last, m.index));
      parts.push(converted);
      last = m.index! + m[0].length;
    }
    if (parts.length === 0) return str(text);
    parts.push(text.slice(last));
    const nonEmpty = parts.filter((p) => p !== '');
    if (nonEmpty.length === 1 && typeof nonEmpty[0] !== 'string') return nonEmpty[0];
    return { k: 'tpl', parts };
  }

  private template(inner: string, owner: unknown, key: string | number | undefined, isParameters: boolean): Expr | undefined {
    let m = /^prefect\.blocks\.([\w-]+)\.([\w-]+)$/.exec(inner);
    if (m) {
      if (isParameters) this.deployTimeNote(owner, key, inner);
      return member(ref(this.block(m[1], m[2])), 'templateReference');
    }
    m = /^prefect\.variables\.(\w+)$/.exec(inner);
    if (m) {
      if (isParameters) this.deployTimeNote(owner, key, inner);
      return member(ref(this.variable(m[1])), 'templateReference');
    }
    m = /^\$(\w+)$/.exec(inner);
    if (m) {
      this.usesEnvironment = true;
      return { k: 'env', name: m[1] };
    }
    m = /^([\w-]+)\.image$/.exec(inner);
    if (m && this.stepImages.has(m[1])) return member(ref(this.stepImages.get(m[1])!), 'imageName');
    if (/^ctx\./.test(inner)) return undefined; // rendered by the worker for each run, kept as written
    if (/^prefect\.blocks\./.test(inner)) {
      this.issue(owner, key, 'not-converted', `"{{ ${inner} }}" reads a field of a block; kept as text (Prefect resolves it when it reads the value)`);
      return undefined;
    }
    this.issue(owner, key, 'not-converted', `"{{ ${inner} }}" is the output of a build or push step, which only prefect deploy knows; kept as text: replace it with the value`);
    return undefined;
  }

  private deployTimeNote(owner: unknown, key: string | number | undefined, inner: string): void {
    this.issue(owner, key, 'note', `"{{ ${inner} }}" in parameters: prefect deploy stores the value it has at deploy time; the app stores the reference, which Prefect does not render in parameters`);
  }

  private block(type: string, name: string): string {
    const key = `${type}/${name}`;
    const known = this.blocks.get(key);
    if (known) return known;
    const varName = this.uniqueName(camel(`${name}-${type}`));
    this.imports.add('Block').add('BlockType');
    const constant = BLOCK_TYPES[type];
    this.refs.push({
      k: 'const', name: varName, value: call('Block.fromBlockName', THIS, str(this.uniqueId(pascal(`${name}-${type}`))),
        constant ? member(ref('BlockType'), constant) : call('BlockType.custom', str(type)), str(name)),
    });
    this.blocks.set(key, varName);
    return varName;
  }

  private variable(name: string): string {
    const known = this.variables.get(name);
    if (known) return known;
    const varName = this.uniqueName(`${camel(name)}Variable`);
    this.imports.add('Variable');
    this.refs.push({ k: 'const', name: varName, value: call('Variable.fromVariableName', THIS, str(this.uniqueId(`${pascal(name)}Variable`)), str(name)) });
    this.variables.set(name, varName);
    return varName;
  }

  // ---- bookkeeping ------------------------------------------------------------------------

  /** A directory, relative to the app when both are in one tree, otherwise absolute. */
  private pathFromApp(dir: string): Expr {
    const rel = path.relative(this.outDir, dir) || '.';
    const ancestor = path.resolve(this.outDir, ...rel.split(path.sep).filter((p) => p === '..'));
    if (ancestor === path.parse(ancestor).root) return str(dir);
    this.usesAppPath = true;
    return { k: 'appPath', rel };
  }

  private issue(owner: unknown, key: string | number | undefined, kind: Issue['kind'], message: string): void {
    this.issueAt(this.src.line(owner, key), kind, message);
  }

  private issueAt(line: number, kind: Issue['kind'], message: string): void {
    if (!this.issues.some((i) => i.line === line && i.message === message)) this.issues.push({ line, kind, message });
  }

  private uniqueName(base: string): string {
    return unique(this.names, base, RESERVED);
  }

  private uniqueId(base: string): string {
    return unique(this.ids, base);
  }
}

/** Names a generated variable must not take (keywords of TypeScript and Python, and our imports). */
const RESERVED = ['default', 'new', 'class', 'function', 'import', 'from', 'def', 'lambda', 'pass', 'return', 'none', 'true', 'false', 'os', 'self', 'this'];

/** Block types the library has a constant for. */
const BLOCK_TYPES: Record<string, string> = {
  'secret': 'SECRET',
  'slack-webhook': 'SLACK_WEBHOOK',
  'ms-teams-webhook': 'MICROSOFT_TEAMS_WEBHOOK',
  'local-file-system': 'LOCAL_FILE_SYSTEM',
  'github-credentials': 'GITHUB_CREDENTIALS',
  'gitlab-credentials': 'GITLAB_CREDENTIALS',
  'bitbucket-credentials': 'BITBUCKET_CREDENTIALS',
  'aws-credentials': 'AWS_CREDENTIALS',
  'minio-credentials': 'MINIO_CREDENTIALS',
  's3-bucket': 'S3_BUCKET',
  'gcp-credentials': 'GCP_CREDENTIALS',
  'gcs-bucket': 'GCS_BUCKET',
  'azure-blob-storage-credentials': 'AZURE_BLOB_STORAGE_CREDENTIALS',
  'azure-container-instance-credentials': 'AZURE_CONTAINER_INSTANCE_CREDENTIALS',
  'docker-registry-credentials': 'DOCKER_REGISTRY_CREDENTIALS',
};

/** `const x = ...` becomes a plain statement when nothing refers to `x`. */
function dropUnusedNames(body: Stmt[]): Stmt[] {
  return body.map((s, i) => {
    if (s.k !== 'const') return s;
    const needle = JSON.stringify({ k: 'ref', name: s.name });
    return body.slice(i + 1).some((later) => JSON.stringify(later).includes(needle)) ? s : { k: 'expr', value: s.value };
  });
}

/** Seconds of a duration as pydantic reads a timedelta: a number, ISO 8601 (`PT1H`) or `[D days, ]HH:MM:SS`. */
export function durationSeconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const iso = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  if (iso && text.length > 1 && !/T$/i.test(text)) {
    const [w, d, h, m, s] = iso.slice(1).map((x) => Number(x ?? 0));
    return (((w * 7 + d) * 24 + h) * 60 + m) * 60 + s;
  }
  const clock = /^(?:(\d+) days?, )?(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(text);
  if (clock) return ((Number(clock[1] ?? 0) * 24 + Number(clock[2])) * 60 + Number(clock[3])) * 60 + Number(clock[4]);
  return undefined;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * A job variable `image` that is exactly a built image's name (`{{ build-image.image }}`) becomes the
 * deployment's `image:` (the image itself: its job variable, checked against the pool, and the
 * deployment updated after the push); the other job variables stay.
 */
function splitImage(jobVariables: Expr | undefined): { image?: Expr; jobVariables?: Expr } {
  if (jobVariables?.k !== 'data') return { jobVariables };
  const entry = jobVariables.entries.find(([k, v]) => k === 'image' && v.k === 'member' && v.prop === 'imageName' && v.obj.k === 'ref');
  if (!entry) return { jobVariables };
  const rest = jobVariables.entries.filter((e) => e !== entry);
  return { image: (entry[1] as { obj: Expr }).obj, jobVariables: rest.length > 0 ? { k: 'data', entries: rest } : undefined };
}
