import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { fail, show, validateInteger } from '../core';
import { BaseJobTemplate } from '../work-pools/base-job-template';
import { WorkPool } from '../work-pools/work-pool';
import { IWorkPool } from '../work-pools/work-pool-ref';
import { PrefectApi } from './prefect-api';

/** The port of the worker's health endpoint (`--with-healthcheck`, `PREFECT_WORKER_WEBSERVER_PORT`). */
const HEALTH_PORT = 8080;

/** What every worker takes, whatever runs it (ECS, ACI, Kubernetes, ...). */
export interface WorkerBaseProps {
  /**
   * The Prefect API the worker polls: `PrefectApi.cloud(accountId, workspaceId)` or
   * `PrefectApi.selfHosted(apiUrl)`.
   */
  readonly api: PrefectApi;

  /** The work pool to create and the worker polls. */
  readonly workPoolName: string;

  /**
   * The worker type (`prefect worker start --type`).
   * @default - the worker's own type, e.g. "ecs" for `EcsWorker`
   */
  readonly workerType?: string;

  /**
   * Work queues the worker polls (`--work-queue`, repeated).
   * @default - every queue of the pool
   */
  readonly workQueues?: string[];

  /**
   * The most flow runs one worker starts at once (`--limit`).
   * @default - no limit
   */
  readonly workerLimit?: number;

  /**
   * Whether the worker serves a health endpoint (`--with-healthcheck`) that the platform's
   * health check polls, so that a worker that stops polling is replaced.
   * @default true
   */
  readonly healthCheck?: boolean;

  /**
   * Packages the Prefect image installs at start-up (`EXTRA_PIP_PACKAGES`); empty for none
   * (use an image that already has them to start faster).
   * @default - the worker's own, e.g. "prefect-aws s3fs" for `EcsWorker`
   */
  readonly extraPipPackages?: string;
}

/**
 * Which credential a worker hands to Prefect, and so the environment variable that carries it.
 * The value itself stays in the platform's secret store: the worker passes it by reference.
 */
export class WorkerCredential {
  /** An API key, in `PREFECT_API_KEY` (what Prefect Cloud needs). */
  public static readonly API_KEY = new WorkerCredential('PREFECT_API_KEY');
  /** A self-hosted server's basic-auth string (`user:password`), in `PREFECT_API_AUTH_STRING`. */
  public static readonly AUTH_STRING = new WorkerCredential('PREFECT_API_AUTH_STRING');
  /** No credential: a self-hosted server without authentication. */
  public static readonly NONE = new WorkerCredential(undefined);

  /** The environment variable that carries the credential, undefined for `NONE`. */
  public readonly envName?: string;

  private constructor(envName?: string) {
    this.envName = envName;
  }

  /** Whether this is an API key. */
  public get isApiKey(): boolean {
    return this === WorkerCredential.API_KEY;
  }
}

/** What a concrete worker decides for `WorkerBase`: its own defaults and its credential. */
export interface WorkerSetup {
  /** The default of `workerType`, e.g. "ecs". */
  readonly workerType: string;

  /** The default of `extraPipPackages`, e.g. "prefect-aws s3fs"; empty for none. */
  readonly extraPipPackages: string;

  /** The credential the worker and its flow runs get. */
  readonly credential: WorkerCredential;

  /**
   * How to give the worker an API key, for the error when Prefect Cloud gets none,
   * e.g. `pass auth: PrefectAuth.apiKeyFromSecretArn(arn)`.
   * @default "give the worker an API key"
   */
  readonly apiKeyHint?: string;
}

/** An environment variable of the worker's container. */
export interface WorkerEnvironmentVariable {
  /** The variable's name. */
  readonly name: string;
  /** Its value. */
  readonly value: string;
}

/** The worker's health check, for the platform's container health check to run. */
export interface WorkerHealthCheck {
  /** The port of the worker's health endpoint. */
  readonly port: number;
  /**
   * The probe, in exec form without a shell: python exits non-zero when the request fails
   * (the Prefect image has python but no curl).
   */
  readonly command: string[];
  /** Seconds between probes. */
  readonly intervalSeconds: number;
  /** Seconds one probe may take. */
  readonly timeoutSeconds: number;
  /** Failed probes in a row before the worker counts as unhealthy. */
  readonly retries: number;
  /** Seconds after start during which failures do not count (`EXTRA_PIP_PACKAGES` install first). */
  readonly startPeriodSeconds: number;
}

/**
 * The base of every Prefect worker pattern (`EcsWorker` in cdktf-prefect-aws, then ACI and
 * Kubernetes): what a worker needs whatever runs it. It checks the cloud-neutral props at
 * construction and gives the subclass protected helpers for the rest: the work pool
 * (`createWorkPool`), the `prefect worker start` command (`workerCommand`), the environment
 * (`workerEnvironment`: API URL, extra pip packages, health port), the health check
 * (`workerHealthCheck`) and the credential's environment variable (`credential.envName`).
 *
 * Why an abstract construct and not a helper class: as aws-ecs's `BaseService`, the worker
 * *is* the construct users create, so the work pool stays its direct child (`WorkPool`, the
 * same path and logical ID as before), the shared checks fail at the worker's path, and the
 * shared props are the same flat props in every cloud (`XxxWorkerProps extends WorkerBaseProps`).
 * The helpers are methods the subclass calls when it has what they need (the pool's template
 * is filled from resources the subclass creates), so nothing is created behind its back.
 */
export abstract class WorkerBase extends Construct {
  /** The Prefect API the worker polls. */
  public readonly api: PrefectApi;
  /** The credential the worker and its flow runs get. */
  public readonly credential: WorkerCredential;
  /** Whether the worker serves its health endpoint. */
  public readonly healthCheckEnabled: boolean;

  private readonly workerProps: WorkerBaseProps;
  private readonly setup: WorkerSetup;

  protected constructor(scope: Construct, id: string, props: WorkerBaseProps, setup: WorkerSetup) {
    super(scope, id);
    this.workerProps = props;
    this.setup = setup;
    this.api = props.api;
    this.credential = setup.credential;
    this.healthCheckEnabled = props.healthCheck ?? true;
    if (props.api === undefined) {
      fail(this, 'the Prefect API is not given: pass api: PrefectApi.selfHosted(apiUrl) (e.g. "https://prefect.example.com/api"), or PrefectApi.cloud(accountId, workspaceId) for Prefect Cloud');
    }
    props.api.validate(this);
    if (props.api.isCloud && !setup.credential.isApiKey) {
      fail(this, `Prefect Cloud (${show(props.api.apiUrl)}) needs an API key: ${setup.apiKeyHint ?? 'give the worker an API key'}`);
    }
    validateInteger(this, 'workerLimit', props.workerLimit, 1);
    const type = props.workerType;
    if (type !== undefined && !Token.isUnresolved(type) && !/^[\w-]+$/.test(type)) {
      fail(this, `invalid workerType ${show(type)}: use a worker type such as ${show(setup.workerType)}`);
    }
  }

  /** The packages installed at start-up (`EXTRA_PIP_PACKAGES`), empty for none. */
  protected get extraPipPackages(): string {
    return this.workerProps.extraPipPackages ?? this.setup.extraPipPackages;
  }

  /**
   * Creates the work pool the worker polls, as the child `WorkPool`. Call it before the
   * worker's own service, so that the pool exists when the worker starts.
   * @param template the pool's base job template, filled from what the subclass created
   * @param description the pool's description
   */
  protected createWorkPool(template: BaseJobTemplate, description: string): WorkPool {
    return new WorkPool(this, 'WorkPool', {
      workPoolName: this.workerProps.workPoolName,
      description,
      baseJobTemplate: template,
    });
  }

  /**
   * `prefect worker start` with the pool, type, queues, limit and `--with-healthcheck`.
   * @param workPool the pool to poll (a reference to it orders the worker after the pool)
   */
  protected workerCommand(workPool: IWorkPool): string[] {
    const props = this.workerProps;
    const command = ['prefect', 'worker', 'start', '--pool', workPool.workPoolName, '--type', props.workerType ?? this.setup.workerType];
    for (const queue of props.workQueues ?? []) command.push('--work-queue', queue);
    if (props.workerLimit !== undefined) {
      command.push('--limit', Token.isUnresolved(props.workerLimit) ? Token.asString(props.workerLimit) : String(props.workerLimit));
    }
    if (this.healthCheckEnabled) command.push('--with-healthcheck');
    return command;
  }

  /**
   * The worker's plain environment: `PREFECT_API_URL` (for a customer-managed Cloud also
   * `PREFECT_CLOUD_API_URL` and, when given, `PREFECT_CLOUD_UI_URL`), `EXTRA_PIP_PACKAGES` (unless
   * empty) and, with the health check, `PREFECT_WORKER_WEBSERVER_PORT`. The credential is not in
   * it: pass it by reference from the platform's secret store, as `credential.envName`.
   */
  protected workerEnvironment(): WorkerEnvironmentVariable[] {
    const extraPip = this.extraPipPackages;
    const api = this.api;
    return [
      { name: 'PREFECT_API_URL', value: api.apiUrl },
      ...(api.isCustomerManaged ? [{ name: 'PREFECT_CLOUD_API_URL', value: api.cloudApiUrl! }] : []),
      ...(api.isCustomerManaged && api.cloudUiUrl !== undefined ? [{ name: 'PREFECT_CLOUD_UI_URL', value: api.cloudUiUrl }] : []),
      ...(extraPip === '' ? [] : [{ name: 'EXTRA_PIP_PACKAGES', value: extraPip }]),
      ...(this.healthCheckEnabled ? [{ name: 'PREFECT_WORKER_WEBSERVER_PORT', value: String(HEALTH_PORT) }] : []),
    ];
  }

  /** The container health check that polls the worker's health endpoint, undefined without it. */
  protected workerHealthCheck(): WorkerHealthCheck | undefined {
    if (!this.healthCheckEnabled) return undefined;
    return {
      port: HEALTH_PORT,
      // no shell and no double quotes: python exits non-zero when the request fails
      command: ['python', '-c', `import urllib.request; urllib.request.urlopen('http://localhost:${HEALTH_PORT}/health', timeout=5)`],
      intervalSeconds: 30,
      timeoutSeconds: 10,
      retries: 3,
      // EXTRA_PIP_PACKAGES are installed before the worker starts
      startPeriodSeconds: this.extraPipPackages === '' ? 60 : 240,
    };
  }
}
