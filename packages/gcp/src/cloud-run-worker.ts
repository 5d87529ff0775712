import { ArtifactRegistryRepositoryIamMember } from './.gen/providers/google/artifact-registry-repository-iam-member';
import { CloudRunV2Service, CloudRunV2ServiceTemplateContainers, CloudRunV2ServiceTemplateContainersEnv } from './.gen/providers/google/cloud-run-v2-service';
import { DataGoogleProject } from './.gen/providers/google/data-google-project';
import { ProjectIamCustomRole } from './.gen/providers/google/project-iam-custom-role';
import { ProjectIamMember } from './.gen/providers/google/project-iam-member';
import { SecretManagerSecretIamMember } from './.gen/providers/google/secret-manager-secret-iam-member';
import { ServiceAccount } from './.gen/providers/google/service-account';
import { ServiceAccountIamMember } from './.gen/providers/google/service-account-iam-member';
import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { BaseJobTemplate, Checks, WorkerBase, WorkerBaseProps, WorkerCredential, WorkPool } from 'cdktf-prefect';
import { GcpPrefectAuth } from './gcp-prefect-auth';

/** The Prefect image the worker runs by default, and the prefect-gcp release installed in it. */
const WORKER_IMAGE = 'prefecthq/prefect:3.8.8-python3.11';
const PREFECT_GCP = 'prefect-gcp==0.6.22';
const NAME = /^[a-z](?:[a-z0-9-]{0,13}[a-z0-9])?$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const SERVICE_NAME = /^[a-z](?:[a-z0-9-]{0,47}[a-z0-9])?$/;
const SECRET = /^(projects\/[^/]+\/secrets\/)?[A-Za-z0-9_-]{1,255}$/;
const SECRET_VERSION = /^(latest|[1-9][0-9]*)$/;
const REPOSITORY = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([a-z][a-z0-9-]{0,61}[a-z0-9])$/;
const SERVICE_ACCOUNT_EMAIL = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
const SECRET_FIX = 'keep secrets out of the configuration: put them in Secret Manager (for the Prefect API key: auth: GcpPrefectAuth.apiKeyFromSecretManager(secretId))';

/**
 * What the worker's service account may do in the project: exactly the Cloud Run Admin API v2
 * calls prefect-gcp's `cloud-run-v2` worker makes (prefect_gcp/workers/cloud_run_v2.py and
 * prefect_gcp/models/cloud_run_v2.py, 0.6.22).
 */
const WORKER_PERMISSIONS = [
  // JobV2.create: each flow run is a new Cloud Run job (jobs.create)
  'run.jobs.create',
  // JobV2.get: waiting for the new job to be ready, and reading its latest execution before and
  // after a transient error of the submission, so a retry never starts a second execution
  'run.jobs.get',
  // JobV2.run: starting the job's execution (jobs.run without overrides)
  'run.jobs.run',
  // ExecutionV2.get: watching the execution until it ends
  'run.executions.get',
  // JobV2.delete: removing the job after the run (keep_job false), after a failed creation, and
  // when a flow run is cancelled (kill_infrastructure)
  'run.jobs.delete',
];

/** Properties of a `CloudRunWorker`. */
export interface CloudRunWorkerProps extends WorkerBaseProps {
  /**
   * A short name (1 to 15 lowercase letters, digits and "-", starting with a letter) that the
   * Google Cloud names are made from: the service and the worker's service account
   * `prefect-worker-<name>`, the flow runs' service account `prefect-flows-<name>`.
   */
  readonly name: string;

  /** The region of the worker's Cloud Run service (and of the flow runs, unless `flowRunRegion` is set), e.g. "europe-west1". */
  readonly region: string;

  /**
   * The project of the worker and its flow runs.
   * @default - the google provider's project
   */
  readonly project?: string;

  /**
   * How the worker and its flow runs authenticate: `GcpPrefectAuth.apiKeyFromSecretManager(secretId)`
   * for Prefect Cloud, `GcpPrefectAuth.authStringFromSecretManager(secretId)` or
   * `GcpPrefectAuth.none()` for a self-hosted server.
   * @default GcpPrefectAuth.none()
   */
  readonly auth?: GcpPrefectAuth;

  /**
   * The worker's image.
   * @default "prefecthq/prefect:3.8.8-python3.11" (with `extraPipPackages` "prefect-gcp==0.6.22")
   */
  readonly image?: string;

  /**
   * vCPUs of the worker (Cloud Run's `cpu` limit).
   * @default "1"
   */
  readonly cpu?: string;

  /**
   * Memory of the worker (Cloud Run's `memory` limit).
   * @default "1Gi"
   */
  readonly memory?: string;

  /**
   * Name of the worker's Cloud Run service.
   * @default "prefect-worker-<name>"
   */
  readonly serviceName?: string;

  /**
   * Whether Terraform refuses to destroy the worker's service (the provider's `deletion_protection`).
   * @default false (the worker keeps no state: it can be destroyed and created again)
   */
  readonly deletionProtection?: boolean;

  /**
   * The email of an existing service account the flow runs run as. The worker gets
   * `iam.serviceAccounts.actAs` on it (and the secret, if any, is readable by it).
   * @default - a new service account `prefect-flows-<name>` with no role: grant it what your flows need
   */
  readonly flowRunServiceAccountEmail?: string;

  /**
   * An Artifact Registry repository the worker's and the flow runs' images come from, as
   * "projects/<project>/locations/<location>/repositories/<name>". Cloud Run pulls with its
   * service agent, which is granted `roles/artifactregistry.reader` on that repository only
   * (needed when the repository is in another project).
   * @default - no grant (public images, or a repository of the same project)
   */
  readonly imageRepository?: string;

  /**
   * Region of the flow-run jobs (the work pool's `region`).
   * @default - `region`
   */
  readonly flowRunRegion?: string;

  /**
   * The flow runs' default image (the work pool's `image`).
   * @default "prefecthq/prefect:3-latest" (the worker's default)
   */
  readonly flowRunImage?: string;

  /**
   * The flow runs' default CPU (the work pool's `cpu`).
   * @default "1000m"
   */
  readonly flowRunCpu?: string;

  /**
   * The flow runs' default memory (the work pool's `memory`).
   * @default "512Mi"
   */
  readonly flowRunMemory?: string;

  /**
   * Seconds a flow-run job may run (the work pool's `timeout`).
   * @default 600
   */
  readonly flowRunTimeoutSeconds?: number;

  /**
   * Serverless VPC Access connector of the flow-run jobs (the work pool's `vpc_connector_name`).
   * @default - none
   */
  readonly flowRunVpcConnectorName?: string;

  /**
   * Labels of the worker's service, its service accounts' descriptions aside, and of every flow-run job.
   * @default - no labels
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A Prefect worker as an always-on Cloud Run v2 service, and the `cloud-run-v2` work pool it
 * serves, filled from what it creates (region, the flow runs' service account, the API secret),
 * so no UI step remains.
 *
 * Two service accounts: the worker's, with a custom role that holds only the five Cloud Run
 * permissions the worker uses (`CloudRunWorker.WORKER_PERMISSIONS`) and `iam.serviceAccounts.actAs`
 * on the flow runs' account alone; and the flow runs' (what flow code runs as, with no role until
 * you grant one). Every grant is a non-authoritative IAM member. The API key or auth string is read
 * by reference from Secret Manager (`secretAccessor` on that one secret), never in the
 * configuration or the state. The worker runs with CPU always allocated, exactly one instance,
 * internal ingress only, and a startup and liveness probe on its health endpoint.
 *
 * The stack must configure the google and Prefect providers. Every inner construct is a public property.
 */
export class CloudRunWorker extends WorkerBase {
  /** The permissions of the worker's custom role, one per Cloud Run call prefect-gcp makes. */
  public static readonly WORKER_PERMISSIONS: string[] = [...WORKER_PERMISSIONS];

  /** The worker's service account. */
  public readonly serviceAccount: ServiceAccount;
  /** The flow runs' service account, undefined with `flowRunServiceAccountEmail`. */
  public readonly flowRunServiceAccount?: ServiceAccount;
  /** The custom role of the worker (`CloudRunWorker.WORKER_PERMISSIONS`). */
  public readonly workerRole: ProjectIamCustomRole;
  /** Its grant to the worker's service account, in the project. */
  public readonly workerRoleMember: ProjectIamMember;
  /** The custom role with `iam.serviceAccounts.actAs` only. */
  public readonly actAsRole: ProjectIamCustomRole;
  /** Its grant to the worker, on the flow runs' service account only. */
  public readonly actAsMember: ServiceAccountIamMember;
  /** `secretAccessor` on the Prefect secret for the worker and the flow runs, empty without a secret. */
  public readonly secretAccessors: SecretManagerSecretIamMember[];
  /** `artifactregistry.reader` on `imageRepository` for Cloud Run's service agent, undefined without it. */
  public readonly registryReader?: ArtifactRegistryRepositoryIamMember;
  /** The `cloud-run-v2` work pool, its base job template filled from the resources above. */
  public readonly workPool: WorkPool;
  /** The worker's Cloud Run service. */
  public readonly service: CloudRunV2Service;

  /** The worker's service account email. @attribute */
  public readonly serviceAccountEmail: string;
  /** The flow runs' service account email. @attribute */
  public readonly flowRunServiceAccountEmail: string;
  /** The worker service's name. @attribute */
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: CloudRunWorkerProps) {
    const auth = props.auth ?? GcpPrefectAuth.none();
    super(scope, id, props, {
      workerType: 'cloud-run-v2',
      extraPipPackages: PREFECT_GCP,
      credential: auth.isApiKey ? WorkerCredential.API_KEY : auth._kind === 'none' ? WorkerCredential.NONE : WorkerCredential.AUTH_STRING,
      apiKeyHint: 'pass auth: GcpPrefectAuth.apiKeyFromSecretManager(secretId)',
    });
    this.validate(props, auth);
    const name = props.name;
    const base = `prefect-worker-${name}`;
    const roleSuffix = name.replace(/-/g, '_');
    const project = props.project ?? new DataGoogleProject(this, 'Project').projectId;
    const labels = props.labels;

    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', {
      project, accountId: base, displayName: `Prefect worker ${name}`,
      description: 'Runs the Prefect Cloud Run worker: creates, runs, watches and deletes the flow-run jobs',
    });
    const worker = this.serviceAccount.member;
    let flowRunAccountName: string;
    if (props.flowRunServiceAccountEmail === undefined) {
      this.flowRunServiceAccount = new ServiceAccount(this, 'FlowRunServiceAccount', {
        project, accountId: `prefect-flows-${name}`, displayName: `Prefect flow runs of ${name}`,
        description: 'What the flow runs of the Prefect worker run as; grant it what the flows need',
      });
      this.flowRunServiceAccountEmail = this.flowRunServiceAccount.email;
      flowRunAccountName = this.flowRunServiceAccount.name;
    } else {
      this.flowRunServiceAccountEmail = props.flowRunServiceAccountEmail;
      flowRunAccountName = `projects/${project}/serviceAccounts/${props.flowRunServiceAccountEmail}`;
    }
    this.serviceAccountEmail = this.serviceAccount.email;

    // the project and not narrower: each flow run is a new job with a new name, and Cloud Run's
    // job permissions are checked on the job or, for create, on the project's location
    this.workerRole = new ProjectIamCustomRole(this, 'WorkerRole', {
      project, roleId: `prefectCloudRunWorker_${roleSuffix}`, title: `Prefect Cloud Run worker ${name}`,
      description: 'Create, run, watch and delete the flow-run Cloud Run jobs of a Prefect worker (prefect-gcp cloud-run-v2)',
      permissions: WORKER_PERMISSIONS, stage: 'GA',
    });
    this.workerRoleMember = new ProjectIamMember(this, 'WorkerRoleMember', { project, role: this.workerRole.name, member: worker });
    this.actAsRole = new ProjectIamCustomRole(this, 'ActAsRole', {
      project, roleId: `prefectActAsFlowRuns_${roleSuffix}`, title: `Prefect worker ${name}: run jobs as the flow-run account`,
      description: 'Start Cloud Run jobs as the flow runs\' service account (granted on that account only)',
      permissions: ['iam.serviceAccounts.actAs'], stage: 'GA',
    });
    this.actAsMember = new ServiceAccountIamMember(this, 'ActAsMember', {
      serviceAccountId: flowRunAccountName, role: this.actAsRole.name, member: worker,
    });

    this.secretAccessors = [];
    const secret = auth._secretId;
    if (secret !== undefined) {
      const readers: Array<[string, string]> = [['SecretAccessor', worker], ['FlowRunSecretAccessor', `serviceAccount:${this.flowRunServiceAccountEmail}`]];
      for (const [childId, member] of readers) {
        this.secretAccessors.push(new SecretManagerSecretIamMember(this, childId, {
          project: secret.startsWith('projects/') ? undefined : project,
          secretId: secret, role: 'roles/secretmanager.secretAccessor', member,
        }));
      }
    }

    if (props.imageRepository !== undefined) {
      const repo = REPOSITORY.exec(props.imageRepository);
      const number = new DataGoogleProject(this, 'ProjectNumber', { projectId: project }).number;
      this.registryReader = new ArtifactRegistryRepositoryIamMember(this, 'RegistryReader', {
        project: repo?.[1], location: repo?.[2], repository: repo?.[3] ?? props.imageRepository,
        role: 'roles/artifactregistry.reader',
        member: `serviceAccount:service-${number}@serverless-robot-prod.iam.gserviceaccount.com`,
      });
    }

    // the pool, filled from everything above; created before the worker that polls it
    let template = BaseJobTemplate.cloudRunV2({
      region: props.flowRunRegion ?? props.region,
      serviceAccountName: this.flowRunServiceAccountEmail,
      image: props.flowRunImage,
      cpu: props.flowRunCpu,
      memory: props.flowRunMemory,
      timeoutSeconds: props.flowRunTimeoutSeconds,
      vpcConnectorName: props.flowRunVpcConnectorName,
      labels,
    });
    if (secret !== undefined) {
      // prefect-gcp puts the secret into each job by reference and drops the plain variable
      const key = auth.isApiKey ? 'prefect_api_key_secret' : 'prefect_api_auth_string_secret';
      template = template.withJobConfiguration({ [key]: { secret, version: auth._version } });
    }
    this.workPool = this.createWorkPool(template, `Cloud Run work pool served by the Prefect worker ${name}`);

    this.service = new CloudRunV2Service(this, 'Service', {
      project,
      name: props.serviceName ?? base,
      location: props.region,
      description: `Prefect worker ${name} polling the work pool`,
      // the worker only polls out: nothing may call it
      ingress: 'INGRESS_TRAFFIC_INTERNAL_ONLY',
      deletionProtection: props.deletionProtection ?? false,
      labels,
      template: {
        serviceAccount: this.serviceAccount.email,
        // one worker, always running (it polls; nothing would wake a scaled-to-zero instance)
        scaling: { minInstanceCount: 1, maxInstanceCount: 1 },
        labels,
        containers: [this.workerContainer(props, auth, project)],
      },
      // the worker needs its grants when it starts: the secret, the registry, the job permissions
      dependsOn: [
        this.workerRoleMember, this.actAsMember, ...this.secretAccessors, ...(this.registryReader ? [this.registryReader] : []),
      ] as ITerraformDependable[],
    });
    this.serviceName = this.service.name;
  }

  private workerContainer(props: CloudRunWorkerProps, auth: GcpPrefectAuth, project: string): CloudRunV2ServiceTemplateContainers {
    const env: CloudRunV2ServiceTemplateContainersEnv[] = [
      ...this.workerEnvironment().map((v) => ({ name: v.name, value: v.value })),
      { name: 'GOOGLE_CLOUD_PROJECT', value: project },
    ];
    if (auth._secretId !== undefined) {
      env.push({ name: this.credential.envName!, valueSource: { secretKeyRef: { secret: auth._secretId, version: auth._version! } } });
    }
    const health = this.workerHealthCheck()!;
    const probe = { httpGet: { path: '/health', port: health.port }, timeoutSeconds: health.timeoutSeconds };
    return {
      name: 'prefect-worker',
      image: props.image ?? WORKER_IMAGE,
      // the image's entrypoint installs EXTRA_PIP_PACKAGES, then runs these arguments
      args: this.workerCommand(this.workPool),
      env,
      ports: { containerPort: health.port },
      resources: {
        limits: { cpu: props.cpu ?? '1', memory: props.memory ?? '1Gi' },
        // CPU always allocated: the worker works between requests (it never gets any)
        cpuIdle: false,
        startupCpuBoost: true,
      },
      // the health endpoint is up once the packages are installed and the worker polls
      startupProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: Math.ceil(health.startPeriodSeconds / 10) },
      livenessProbe: { ...probe, periodSeconds: health.intervalSeconds, failureThreshold: health.retries },
    };
  }

  private validate(props: CloudRunWorkerProps, auth: GcpPrefectAuth): void {
    const literal = (v: unknown): v is string => typeof v === 'string' && !Token.isUnresolved(v);
    if (!literal(props.name) || !NAME.test(props.name)) {
      Checks.fail(this, `invalid name ${Checks.show(props.name)}: use 1 to 15 lowercase letters, digits and "-", starting with a letter and not ending with "-" (it makes the service account IDs "prefect-worker-<name>" and "prefect-flows-<name>", at most 30 characters), e.g. "prod"`);
    }
    for (const [prop, value] of [['region', props.region], ['flowRunRegion', props.flowRunRegion]] as const) {
      if (prop === 'region' && value === undefined) {
        Checks.fail(this, 'region is not given: give the Cloud Run region of the worker, e.g. "europe-west1" (gcloud run regions list)');
      }
      if (literal(value) && !REGION.test(value)) {
        Checks.fail(this, `invalid ${prop} ${Checks.show(value)}: use a Google Cloud region's ID such as "europe-west1" (gcloud run regions list), not a zone or a multi-region`);
      }
    }
    if (literal(props.project) && !PROJECT.test(props.project)) {
      Checks.fail(this, `invalid project ${Checks.show(props.project)}: give a project ID, 6 to 30 lowercase letters, digits and "-", starting with a letter`);
    }
    if (literal(props.serviceName) && !SERVICE_NAME.test(props.serviceName)) {
      Checks.fail(this, `invalid serviceName ${Checks.show(props.serviceName)}: Cloud Run service names are 1 to 49 lowercase letters, digits and "-", starting with a letter and not ending with "-"`);
    }
    if (literal(props.flowRunServiceAccountEmail) && !SERVICE_ACCOUNT_EMAIL.test(props.flowRunServiceAccountEmail)) {
      Checks.fail(this, `invalid flowRunServiceAccountEmail ${Checks.show(props.flowRunServiceAccountEmail)}: give a user-managed service account's email, "<id>@<project>.iam.gserviceaccount.com" (the worker gets actAs on it alone)`);
    }
    if (literal(props.imageRepository) && !REPOSITORY.test(props.imageRepository)) {
      Checks.fail(this, `invalid imageRepository ${Checks.show(props.imageRepository)}: give the repository's ID, "projects/<project>/locations/<location>/repositories/<name>"`);
    }
    if (!this.healthCheckEnabled) {
      Checks.fail(this, 'healthCheck: false is not possible on Cloud Run: a service must listen on its port or its startup probe fails, and the worker\'s only port is its health endpoint; keep healthCheck on');
    }
    if (auth === null || !(auth instanceof GcpPrefectAuth)) {
      Checks.fail(this, `invalid auth ${Checks.show(auth)}: use GcpPrefectAuth.apiKeyFromSecretManager(secretId), GcpPrefectAuth.authStringFromSecretManager(secretId) or GcpPrefectAuth.none()`);
    }
    Checks.refuseCredentials(this, { ...props, auth: { secretId: auth._secretId, version: auth._version } }, SECRET_FIX);
    if (literal(auth._secretId) && !SECRET.test(auth._secretId)) {
      // a bad name without "/" may be the secret's value pasted in its place: never show it whole
      const id = auth._secretId;
      const shown = id.includes('/') ? Checks.show(id) : `${Checks.show(id.slice(0, 4)).slice(0, -1)}****" (${id.length} characters)`;
      Checks.fail(this, `invalid secret ${shown}: give the Secret Manager secret's name (1 to 255 letters, digits, "_" and "-") or its ID "projects/<project>/secrets/<name>", not a version path or the value`);
    }
    if (literal(auth._version) && !SECRET_VERSION.test(auth._version)) {
      Checks.fail(this, `invalid secret version ${Checks.show(auth._version)}: give "latest" or a version number such as "3"`);
    }
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      if (!LABEL_KEY.test(key) || (literal(value) && !LABEL_VALUE.test(value))) {
        Checks.fail(this, `invalid label ${Checks.show(key)}=${Checks.show(value)}: Google Cloud label keys are 1 to 63 lowercase letters, digits, "_" and "-" starting with a letter, values at most 63 of the same`);
      }
    }
    // the worker's and the flow runs' sizes follow the pool's Cloud Run rules
    const size = (cpu?: string, memory?: string) => BaseJobTemplate.cloudRunV2({ cpu, memory }).render(this);
    size(props.cpu, props.memory);
    size(props.flowRunCpu, props.flowRunMemory);
    BaseJobTemplate.cloudRunV2({ timeoutSeconds: props.flowRunTimeoutSeconds, vpcConnectorName: props.flowRunVpcConnectorName }).render(this);
  }
}
