/**
 * The kind of infrastructure a work pool runs flows on: the `type` of a Prefect work pool.
 *
 * Hybrid types need a worker of that type (`prefect worker start --pool <name>`); push types
 * (`...:push`) and `prefect:managed` are run by Prefect Cloud itself and need no worker.
 * Use `WorkPoolType.custom()` for a type that is not listed here (e.g. a worker of your own).
 */
export class WorkPoolType {
  /** Flow runs as subprocesses of a `process` worker. */
  public static readonly PROCESS = new WorkPoolType('process');

  /** Flow runs as Docker containers started by a `docker` worker (`prefect-docker`). */
  public static readonly DOCKER = new WorkPoolType('docker');

  /** Flow runs as Kubernetes jobs created by a `kubernetes` worker (`prefect-kubernetes`). */
  public static readonly KUBERNETES = new WorkPoolType('kubernetes');

  /** Flow runs as Amazon ECS tasks started by an `ecs` worker (`prefect-aws`). */
  public static readonly ECS = new WorkPoolType('ecs');

  /** Flow runs as Amazon ECS tasks started by Prefect Cloud (push pool, no worker). */
  public static readonly ECS_PUSH = new WorkPoolType('ecs:push');

  /** Flow runs as Google Cloud Run jobs (v1 API) started by a `cloud-run` worker (`prefect-gcp`). */
  public static readonly CLOUD_RUN = new WorkPoolType('cloud-run');

  /** Flow runs as Google Cloud Run jobs (v2 API) started by a `cloud-run-v2` worker (`prefect-gcp`). */
  public static readonly CLOUD_RUN_V2 = new WorkPoolType('cloud-run-v2');

  /** Flow runs as Google Cloud Run jobs (v1 API) started by Prefect Cloud (push pool). */
  public static readonly CLOUD_RUN_PUSH = new WorkPoolType('cloud-run:push');

  /** Flow runs as Google Cloud Run jobs (v2 API) started by Prefect Cloud (push pool). */
  public static readonly CLOUD_RUN_V2_PUSH = new WorkPoolType('cloud-run-v2:push');

  /** Flow runs as Azure Container Instances started by a worker (`prefect-azure`). */
  public static readonly AZURE_CONTAINER_INSTANCE = new WorkPoolType('azure-container-instance');

  /** Flow runs as Azure Container Instances started by Prefect Cloud (push pool). */
  public static readonly AZURE_CONTAINER_INSTANCE_PUSH = new WorkPoolType('azure-container-instance:push');

  /** Flow runs as Google Vertex AI custom jobs started by a `vertex-ai` worker (`prefect-gcp`). */
  public static readonly VERTEX_AI = new WorkPoolType('vertex-ai');

  /** Flow runs on Modal, started by Prefect Cloud (push pool). */
  public static readonly MODAL_PUSH = new WorkPoolType('modal:push');

  /** Flow runs on Coiled, started by Prefect Cloud (push pool). */
  public static readonly COILED_PUSH = new WorkPoolType('coiled:push');

  /** Flow runs on infrastructure that Prefect Cloud manages for you. */
  public static readonly PREFECT_MANAGED = new WorkPoolType('prefect:managed');

  /**
   * A work pool type not listed here, e.g. the type name of a worker you wrote.
   * @param name the type exactly as Prefect spells it, e.g. `my-worker`
   */
  public static custom(name: string): WorkPoolType {
    return new WorkPoolType(name);
  }

  private constructor(
    /** The type's name, as the `type` attribute of the work pool carries it. */
    public readonly name: string,
  ) {}

  /** True for push pools (`...:push`), which Prefect Cloud runs without a worker. */
  public get isPush(): boolean {
    return this.name.endsWith(':push');
  }

  /** True for `prefect:managed`, which runs on infrastructure Prefect Cloud manages. */
  public get isManaged(): boolean {
    return this.name === 'prefect:managed';
  }

  /** True for the types that only Prefect Cloud offers (push and managed pools). */
  public get isCloudOnly(): boolean {
    return this.isPush || this.isManaged;
  }

  /** The type's name. */
  public toString(): string {
    return this.name;
  }
}
