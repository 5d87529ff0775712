import * as crypto from 'crypto';
import * as path from 'path';
import { AssetType, Fn, Lazy, TerraformAsset, TerraformDataSource, TerraformElement, TerraformResource, TerraformSelf, TerraformStack, Token, Tokenization } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { bareAddress, checkObject, containsToken, Duration, fail, refuseCredentials, refuseCredentialsInProps, resolveTokens, show, sortKeys, TerraformData, validateName } from '../core';
import { checkDeploymentSlot, IDeployment } from './deployment-ref';
import { RunStart } from './run-start';

/** What a `DeploymentRun` creates and how it waits (see `deployment.runOnDeploy`). */
export interface DeploymentRunOptions {
  /**
   * Parameters of the run, merged over the deployment's (as Prefect does). Checked at synth
   * against the deployment's parameter schema when the schema is enforced and both are literal.
   * @default - the deployment's parameters
   */
  readonly parameters?: { [key: string]: any };

  /**
   * Job variables of the run, merged over the deployment's.
   * @default - the deployment's job variables
   */
  readonly jobVariables?: { [key: string]: any };

  /**
   * When the run is scheduled to start.
   * @default RunStart.now()
   */
  readonly start?: RunStart;

  /**
   * The name of the flow run.
   * @default - a name Prefect generates (two random words)
   */
  readonly flowRunName?: string;

  /**
   * Tags of the run, added to the deployment's.
   * @default - the deployment's tags
   */
  readonly tags?: string[];

  /**
   * The queue of the deployment's work pool that gets the run.
   * @default - the deployment's queue
   */
  readonly workQueueName?: string;

  /**
   * The idempotency key Prefect gets, and the value whose change creates a new run. Prefect
   * returns the existing run for a key it has seen, so re-applying never duplicates a run.
   * @default - a SHA-256 of the deployment's ID, its configured attributes and the options of
   *   the run that shape it (parameters, job variables, start, name, tags, queue): a new run
   *   each time the deployment is replaced or changed, or those options change; none otherwise
   */
  readonly idempotencyKey?: string;

  /**
   * Wait for the run to reach a terminal state; the apply fails, naming the run's URL and
   * state, when it ends in any state but Completed or does not finish within `timeout`.
   * @default false (create the run and return)
   */
  readonly wait?: boolean;

  /**
   * How long to wait for the run to finish (only with `wait: true`).
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;

  /**
   * How often to read the run's state while waiting (only with `wait: true`).
   * @default Duration.seconds(5)
   */
  readonly pollInterval?: Duration;

  /**
   * The API URL the run is created through, e.g. `http://127.0.0.1:4200/api`, or a Cloud
   * workspace's `https://api.prefect.cloud/api/accounts/<id>/workspaces/<id>`. Not a secret:
   * it is written into the configuration. The API key always comes from the environment
   * (`PREFECT_API_KEY`, or `PREFECT_BASIC_AUTH_KEY` for a self-hosted server with basic auth).
   * @default - at apply time, `PREFECT_API_URL` (scoped with `PREFECT_CLOUD_ACCOUNT_ID` and
   *   `PREFECT_CLOUD_WORKSPACE_ID` when both are set), the variables the provider reads
   */
  readonly apiUrl?: string;
}

/** Properties of a `DeploymentRun`. */
export interface DeploymentRunProps extends DeploymentRunOptions {
  /** The deployment to run. */
  readonly deployment: IDeployment;
}

/** The construct ID of the stack's one copy of the run script. */
const SCRIPT_ASSET_ID = 'CdktfPrefectRunDeploymentScript';
/** The script in this package (assets/ at the package root, beside lib/ and src/). */
const SCRIPT = path.join(__dirname, '..', '..', 'assets', 'run-deployment.js');

const DEFAULT_TIMEOUT = Duration.hours(1);
const DEFAULT_POLL_INTERVAL = Duration.seconds(5);

/**
 * A flow run of a deployment, created at apply time whenever the deployment changes, like
 * Prefect's `run_deployment(...)` after each deploy; with `wait: true` the apply waits for the
 * run and fails when it does not complete (a smoke test of the deployment).
 * Usually created with `deployment.runOnDeploy(id, options)`.
 *
 * It is a `terraform_data` resource (Terraform's built-in: no provider) whose
 * `triggers_replace` is the idempotency key, with a `local-exec` provisioner that runs
 * `node` on a script this package ships (copied into the stack's assets): it calls
 * `POST /deployments/{id}/create_flow_run` and, when waiting, `GET /flow_runs/{id}`. The
 * machine running Terraform needs `node` and access to the Prefect API; the credentials are
 * the provider's environment variables, never written into the configuration.
 *
 * A run that failed keeps its idempotency key: the next apply re-runs the provisioner (the
 * resource is tainted) and Prefect returns the same failed run. Change the deployment, the
 * run's options or `idempotencyKey` to get a new run.
 */
export class DeploymentRun extends Construct {
  /** The underlying `terraform_data` resource (escape hatch). */
  public readonly resource: TerraformResource;

  /** The deployment that is run. */
  public readonly deployment: IDeployment;

  /**
   * The idempotency key of the run (a token unless `idempotencyKey` was given).
   * @attribute
   */
  public readonly idempotencyKey: string;

  constructor(scope: Construct, id: string, props: DeploymentRunProps) {
    super(scope, id);
    if (!props.deployment) fail(this, 'a deployment is required: pass deployment, or use deployment.runOnDeploy(...)');
    checkDeploymentSlot(this, 'deployment', props.deployment);
    this.deployment = props.deployment;
    const waiting = this.checkWait(props);
    this.checkOptions(props);

    const run = definedOnly({
      parameters: props.parameters,
      job_variables: props.jobVariables,
      ...(props.start ?? RunStart.now())._render(this),
      flow_run_name: props.flowRunName,
      tags: props.tags,
      work_queue_name: props.workQueueName,
    });
    const deploymentResource = primaryResource(props.deployment);
    this.idempotencyKey = props.idempotencyKey ?? Lazy.stringValue({
      produce: () => contentKey(this, {
        deployment_id: props.deployment.deploymentId,
        // the configuration as synthesized, with its references
        deployment: deploymentResource ? definedOnly((deploymentResource as any).synthesizeAttributes()) : undefined,
        run,
      }),
    });

    const spec: { [key: string]: unknown } = {
      deployment_id: props.deployment.deploymentId,
      idempotency_key: props.idempotencyKey ?? TerraformSelf.getString('triggers_replace'),
      ...run,
      wait: waiting !== undefined,
      timeout_seconds: waiting?.timeout,
      poll_seconds: waiting?.poll,
      api_url: props.apiUrl,
    };
    // literals as JSON text, references through jsonencode: cdktf does not escape quotes in the
    // string literals of a function call, so no literal goes into one
    const literal = definedOnly(Object.fromEntries(Object.entries(spec).filter(([, v]) => !containsToken(v))));
    const refs = definedOnly(Object.fromEntries(Object.entries(spec).filter(([, v]) => containsToken(v)).map(([k, v]) => [k, quoteLiterals(v)])));
    const script = scriptAsset(this);
    this.resource = new RunData(this, 'Resource', this.idempotencyKey, () => this.dependencies(), {
      type: 'local-exec',
      interpreter: ['node'],
      command: script.path,
      environment: {
        CDKTF_PREFECT_RUN: escapeTemplate(JSON.stringify(sortKeys(literal))),
        ...(Object.keys(refs).length > 0 && { CDKTF_PREFECT_RUN_REFS: Fn.jsonencode(refs) }),
      },
    });
    refuseCredentials(this, this.resource, { props: { triggers_replace: 'idempotencyKey' } });
    this.refuseLiteralCredentials(props);
  }

  /** The options go to the provisioner's environment, which `refuseCredentials` on the resource does not scan. */
  private refuseLiteralCredentials(props: DeploymentRunProps): void {
    refuseCredentialsInProps(this, {
      parameters: props.parameters, jobVariables: props.jobVariables, flowRunName: props.flowRunName, tags: props.tags, apiUrl: props.apiUrl,
    }, 'keep secrets out of run options: pass a block reference (Block.reference / templateReference), or let the flow read a secret block');
  }

  /** Timeout and poll interval in seconds when waiting; undefined when not. */
  private checkWait(props: DeploymentRunProps): { timeout: number; poll: number } | undefined {
    if (!props.wait) {
      if (props.timeout !== undefined) fail(this, `timeout ${props.timeout} is given without wait: true; set wait: true to wait for the run, or remove timeout`);
      if (props.pollInterval !== undefined) fail(this, `pollInterval ${props.pollInterval} is given without wait: true; set wait: true to wait for the run, or remove pollInterval`);
      return undefined;
    }
    const timeout = (props.timeout ?? DEFAULT_TIMEOUT).toSeconds();
    const poll = (props.pollInterval ?? DEFAULT_POLL_INTERVAL).toSeconds();
    for (const [what, value, d] of [['timeout', timeout, props.timeout], ['poll interval', poll, props.pollInterval]] as const) {
      if (!Token.isUnresolved(value) && !(value > 0)) fail(this, `invalid ${what} ${d}: it must be longer than 0 seconds, e.g. Duration.minutes(10)`);
    }
    if (!Token.isUnresolved(timeout) && !Token.isUnresolved(poll) && poll > timeout) {
      fail(this, `poll interval ${props.pollInterval} is longer than the timeout ${props.timeout ?? `${DEFAULT_TIMEOUT} (the default)`}: the run would be read once at most; shorten pollInterval or lengthen timeout`);
    }
    return { timeout, poll };
  }

  private checkOptions(props: DeploymentRunProps): void {
    checkObject(this, 'run parameters', props.parameters);
    checkObject(this, 'run job variables', props.jobVariables);
    const deployment = props.deployment as {
      _checkScheduleParameters?: (scope: IConstruct, p: unknown, what: string) => void;
      _checkJobVariables?: (scope: IConstruct, what: string, v: unknown) => void;
    };
    if (props.parameters !== undefined) {
      deployment._checkScheduleParameters?.(this, props.parameters, 'run parameters (merged over the deployment\'s)');
    }
    deployment._checkJobVariables?.(this, 'run job variables', props.jobVariables);
    nonEmpty(this, 'flow run name', props.flowRunName, 'e.g. "smoke-test"');
    nonEmpty(this, 'idempotency key', props.idempotencyKey, 'or leave it out to derive it from the deployment');
    validateName(this, 'work queue', props.workQueueName);
    if (props.tags !== undefined && !Token.isUnresolved(props.tags)) {
      if (!Array.isArray(props.tags)) fail(this, `invalid run tags ${show(props.tags)}: give a list of strings, e.g. ["smoke"]`);
      props.tags.forEach((tag, i) => {
        if (Token.isUnresolved(tag)) return;
        if (typeof tag !== 'string' || tag.trim().length === 0) {
          fail(this, `invalid run tag ${show(tag)} at index ${i}: tags must be non-empty strings, e.g. "smoke"`);
        }
      });
    }
    const url = props.apiUrl;
    if (url !== undefined && !Token.isUnresolved(url) && !/^https?:\/\/[^\s/]+/.test(url)) {
      fail(this, `invalid API URL ${show(url)}: give an http(s) URL such as "http://127.0.0.1:4200/api", or leave it out to use PREFECT_API_URL`);
    }
  }

  /**
   * What the run waits for: every resource and data source of the deployment's construct
   * subtree (the deployment, its schedules and automations), and of the constructs the
   * deployment or this run depend on (`node.addDependency(image)`), but no other run.
   */
  private dependencies(): (TerraformResource | TerraformDataSource)[] {
    const roots = [this.deployment, ...this.deployment.node.dependencies, ...this.node.dependencies];
    const found = new Set<TerraformResource | TerraformDataSource>();
    for (const root of roots) {
      for (const c of root.node.findAll()) {
        if ((c instanceof TerraformResource || c instanceof TerraformDataSource) && !insideRun(c)) found.add(c);
      }
    }
    return [...found];
  }
}

/** The `terraform_data` resource of a run: `depends_on` is read at synth, when every dependency exists. */
class RunData extends TerraformData {
  constructor(scope: Construct, id: string, key: string, private readonly deps: () => (TerraformResource | TerraformDataSource)[],
    provisioner: { type: 'local-exec'; interpreter: string[]; command: string; environment: { [name: string]: string } }) {
    super(scope, id, { triggersReplace: key, provisioners: [provisioner] });
  }

  public toTerraform(): any {
    this.dependsOn = this.deps().map(bareAddress);
    return super.toTerraform();
  }

  public toHclTerraform(): any {
    this.dependsOn = this.deps().map(bareAddress);
    return super.toHclTerraform();
  }
}

/** The stack's one copy of the run script (cdktf copies it into cdktf.out/stacks/<stack>/assets). */
function scriptAsset(scope: IConstruct): TerraformAsset {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(SCRIPT_ASSET_ID) as TerraformAsset | undefined)
    ?? new TerraformAsset(stack, SCRIPT_ASSET_ID, { path: SCRIPT, type: AssetType.FILE });
}

function primaryResource(deployment: IDeployment): TerraformElement | undefined {
  const resource = (deployment as { resource?: unknown }).resource;
  return resource instanceof TerraformResource ? resource : undefined;
}

function insideRun(c: IConstruct): boolean {
  return c.node.scopes.some((s) => s instanceof DeploymentRun);
}

function nonEmpty(scope: IConstruct, what: string, value: string | undefined, fix: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (typeof value !== 'string' || value.trim().length === 0) fail(scope, `invalid ${what} ${show(value)}: it must be a non-empty string, ${fix}`);
}

/** The object without its undefined and null values (they would be written as null). */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}


/**
 * The idempotency key of some content (which may hold references): a SHA-256, at synth, of its
 * JSON with every reference written as its expression, and, when it holds references, a
 * SHA-256 in Terraform of that digest and the references' values.
 */
function contentKey(scope: IConstruct, content: unknown): string {
  const digest = crypto.createHash('sha256').update(JSON.stringify(sortKeys(resolveTokens(scope, content)))).digest('hex');
  const refs = tokensIn(content);
  return refs.length === 0 ? digest : Fn.sha256(Fn.jsonencode([digest, ...refs]));
}

/** Every token in a value, in order. */
function tokensIn(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    if (!Token.isUnresolved(value)) return [];
    const fragments = Tokenization.reverseString(value);
    return [...fragments.tokens, ...fragments.intrinsic];
  }
  if (typeof value === 'number') return Token.isUnresolved(value) ? [Tokenization.reverseNumber(value)] : [];
  if (Array.isArray(value)) return Token.isUnresolved(value) ? [Tokenization.reverseList(value)] : value.flatMap(tokensIn);
  if (typeof value === 'object') {
    if (Tokenization.isResolvable(value)) return [value];
    return Object.values(value as object).flatMap(tokensIn);
  }
  return [];
}

/** A literal for a Terraform JSON string, which is a template: `${` and `%{` written as `$${`, `%%{`. */
function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{');
}

/**
 * The string literals of a value that holds references, as raw strings: inside a function call
 * (`jsonencode(...)`) cdktf writes a plain literal without escaping its quotes.
 */
function quoteLiterals(value: unknown): unknown {
  if (typeof value === 'string') return Token.isUnresolved(value) ? value : Fn.rawString(value.replace(/%\{/g, '%%{'));
  if (Array.isArray(value)) return Token.isUnresolved(value) ? value : value.map(quoteLiterals);
  if (value && typeof value === 'object' && !Tokenization.isResolvable(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, quoteLiterals(v)]));
  }
  return value;
}
