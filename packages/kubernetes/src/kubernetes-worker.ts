import { Release } from './.gen/providers/helm/release';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  BaseJobTemplate, Checks, KubernetesJobTemplateOptions, WorkerBase, WorkerBaseProps, WorkPool,
} from 'cdktf-prefect';
import { ApiKeyPropagation } from './api-key-propagation';
import { ContainerResources } from './container-resources';
import { KubernetesAuth } from './kubernetes-auth';
import { PrefectReleaseProps } from './prefect-release-props';
import { checkApiAuth, checkImageTag, checkNamespace, resourcesOf, resourcesValues, SECRET_FIX } from './private/checks';
import { prefectRelease, releaseNames } from './private/release';

/** The Prefect version this library pins (the project's toolchain runs the same one). */
const PREFECT_VERSION = '3.8.8';

const CHART = 'prefect-worker';
/** The variables the chart sets from `worker.apiConfig` and its `*ApiConfig` values. */
const CHART_API_ENV = ['PREFECT_API_URL', 'PREFECT_CLOUD_API_URL', 'PREFECT_CLOUD_UI_URL'];
const CHART_DEFAULT_RESOURCES = { cpuRequest: '100m', memoryRequest: '256Mi', cpuLimit: '1000m', memoryLimit: '1Gi' };

/** Properties of a `KubernetesWorker`. */
export interface KubernetesWorkerProps extends WorkerBaseProps, PrefectReleaseProps {
  /**
   * How the worker authenticates, by reference to a Secret in its namespace: for Prefect Cloud
   * `KubernetesAuth.apiKeyFromSecret(name, key)` (required), for a self-hosted server
   * `KubernetesAuth.basicAuthFromSecret(name)` or `KubernetesAuth.none()`.
   * @default KubernetesAuth.none()
   */
  readonly auth?: KubernetesAuth;

  /**
   * How flow-run pods get the Cloud API key (Prefect Cloud only).
   * @default ApiKeyPropagation.SECRET_REF
   */
  readonly apiKeyPropagation?: ApiKeyPropagation;

  /**
   * The namespace flow-run jobs are created in (the work pool's `namespace`, the worker's Role
   * and the namespace its job observer watches). It must exist.
   * @default - `namespace`
   */
  readonly jobNamespace?: string;

  /**
   * The rest of the work pool's base job template (image, the jobs' service account,
   * resources, timeouts, ...). Its `namespace` is `jobNamespace`.
   * @default - the kubernetes worker's defaults
   */
  readonly jobTemplate?: KubernetesJobTemplateOptions;

  /**
   * How many worker pods run.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * CPU and memory of the worker's container.
   * @default - the chart's: requests 100m / 256Mi, limits 1000m / 1Gi
   */
  readonly resources?: ContainerResources;

  /**
   * The worker image's repository.
   * @default "prefecthq/prefect"
   */
  readonly imageRepository?: string;

  /**
   * The worker image's tag, pinned to a Prefect version (`latest` and `3-latest` are refused:
   * they would change the worker under an unchanged plan).
   * @default - "3.8.8-python3.12-kubernetes", the Prefect version this library pins, with the
   * prefect-kubernetes integration installed
   */
  readonly imageTag?: string;

  /**
   * The worker's service account: the one the chart creates (`createServiceAccount`), or an
   * existing one.
   * @default - the release's name
   */
  readonly serviceAccountName?: string;

  /**
   * Whether the chart creates the worker's service account.
   * @default true
   */
  readonly createServiceAccount?: boolean;

  /**
   * Whether the chart creates the worker's Role and RoleBinding in `jobNamespace` (jobs,
   * pods, pod logs and events; Secrets too with `ApiKeyPropagation.AUTO_SECRET`). Without it,
   * grant the worker's service account those permissions yourself.
   * @default true
   */
  readonly createRbac?: boolean;

}

/**
 * A Prefect worker on Kubernetes: the `kubernetes` work pool, created and kept by Terraform,
 * and a Helm release of prefect-helm's `prefect-worker` chart that polls it.
 *
 * The chart's own way to set a pool's base job template is ignored once the pool exists
 * (prefect-helm#346, #499); here the pool is a `WorkPool` with `BaseJobTemplate.kubernetes(...)`,
 * so every template change is a Terraform change. The values are one JSON document built from
 * typed props (what the chart's `values.yaml` at `PrefectChart.PINNED_VERSION` takes), and the
 * API key or basic-auth string is only ever a Secret reference.
 *
 * The stack must configure the helm and Prefect providers. The work pool and the release are
 * public properties.
 */
export class KubernetesWorker extends WorkerBase {
  /** The Prefect version the default image runs: the one this library is tested against. */
  public static readonly PREFECT_VERSION = PREFECT_VERSION;
  /** The default worker image tag: `PREFECT_VERSION` on Python 3.12, with prefect-kubernetes. */
  public static readonly DEFAULT_IMAGE_TAG = `${PREFECT_VERSION}-python3.12-kubernetes`;

  /** The `kubernetes` work pool the worker polls. */
  public readonly workPool: WorkPool;
  /** The Helm release of the `prefect-worker` chart. */
  public readonly release: Release;
  /** The release's name (also the worker Deployment's). @attribute */
  public readonly releaseName: string;
  /** The release's namespace. @attribute */
  public readonly namespace: string;
  /** The namespace of the flow-run jobs. @attribute */
  public readonly jobNamespace: string;
  /** The worker's image, `<repository>:<tag>`. @attribute */
  public readonly image: string;
  /** The Helm values, as the JSON document the release is given. */
  public readonly valuesDocument: string;

  constructor(scope: Construct, id: string, props: KubernetesWorkerProps) {
    const auth = props.auth ?? KubernetesAuth.none();
    super(scope, id, props, {
      workerType: 'kubernetes',
      // the -kubernetes images have prefect-kubernetes already
      extraPipPackages: '',
      credential: auth.credential,
      apiKeyHint: 'pass auth: KubernetesAuth.apiKeyFromSecret(secretName, key), a Secret in the worker\'s namespace',
    });
    // first (validations run in the order they are added): a credential in the wrong place is
    // refused masked before any check that would show the value
    Checks.refuseCredentials(this, { ...props, auth: undefined, chart: undefined, api: undefined }, SECRET_FIX);
    const names = releaseNames(this, props, 'prefect-worker-prod');
    this.releaseName = names.releaseName;
    this.namespace = names.namespace;
    checkNamespace(this, 'jobNamespace', props.jobNamespace);
    this.jobNamespace = props.jobNamespace ?? this.namespace;
    const tag = props.imageTag ?? KubernetesWorker.DEFAULT_IMAGE_TAG;
    const repository = props.imageRepository ?? 'prefecthq/prefect';
    this.image = `${repository}:${tag}`;
    this.validate(props, auth, tag);
    const resources = resourcesOf(this, props.resources, CHART_DEFAULT_RESOURCES);

    this.workPool = this.createWorkPool(
      BaseJobTemplate.kubernetes({ ...props.jobTemplate, namespace: this.jobNamespace }),
      `Flow runs as Kubernetes jobs in ${this.jobNamespace}, started by the worker ${this.releaseName}`,
    );

    const { release, valuesDocument } = prefectRelease(this, props, {
      chartName: CHART,
      names,
      values: this.values(props, auth, repository, tag, resources),
      // the pool exists before the worker starts polling it
      dependsOn: [this.workPool.resource],
    });
    this.release = release;
    this.valuesDocument = valuesDocument;
  }

  private values(props: KubernetesWorkerProps, auth: KubernetesAuth, repository: string, tag: string,
    resources: Required<ContainerResources>): Record<string, any> {
    const api = this.api;
    const secret = { name: auth.secretName, key: auth.secretKey };
    const propagation = (props.apiKeyPropagation ?? ApiKeyPropagation.SECRET_REF).value;
    const apiValues = api.isCustomerManaged
      ? {
        apiConfig: 'customerManagedCloud',
        customerManagedCloudApiConfig: {
          // the chart builds PREFECT_API_URL as <apiUrl>/accounts/<id>/workspaces/<id>, and sets
          // PREFECT_CLOUD_API_URL to cloudApiUrl even when it is empty (Prefect would then not
          // take the API for Cloud): both are the installation's API root
          apiUrl: api.cloudApiUrl,
          cloudApiUrl: api.cloudApiUrl,
          cloudUiUrl: api.cloudUiUrl ?? '',
          accountId: api.accountId,
          workspaceId: api.workspaceId,
          apiKeySecret: secret,
          jobApiKeyPropagation: propagation,
        },
      }
      : api.isCloud ? {
        apiConfig: 'cloud',
        cloudApiConfig: {
          accountId: api.accountId,
          workspaceId: api.workspaceId,
          apiKeySecret: secret,
          jobApiKeyPropagation: propagation,
        },
      }
        : {
          apiConfig: 'selfHostedServer',
          selfHostedServerApiConfig: {
            apiUrl: api.apiUrl,
            // the chart's authString is never used: only the Secret
            basicAuth: auth.secretName === undefined ? { enabled: false } : { enabled: true, existingSecret: auth.secretName },
          },
        };
    const health = this.workerHealthCheck();
    // the chart sets the API's URLs from apiConfig; the rest of the base's environment is extra
    const env = this.workerEnvironment().filter((e) => !CHART_API_ENV.includes(e.name));
    return {
      // the chart's default names every release's objects "prefect-worker": two workers in one
      // namespace would collide
      fullnameOverride: this.releaseName,
      worker: {
        ...apiValues,
        config: {
          // the name as given (the pool's attribute would be a token and make the document a
          // jsonencode expression); depends_on orders the release after the pool
          workPool: props.workPoolName,
          workQueues: props.workQueues ?? [],
          type: props.workerType ?? 'kubernetes',
          limit: props.workerLimit ?? null,
          jobNamespace: this.jobNamespace,
        },
        image: { repository, prefectTag: tag },
        replicaCount: props.replicas ?? 1,
        resources: resourcesValues(resources),
        livenessProbe: health === undefined ? { enabled: false } : {
          enabled: true,
          config: {
            initialDelaySeconds: health.startPeriodSeconds,
            periodSeconds: health.intervalSeconds,
            timeoutSeconds: health.timeoutSeconds,
            failureThreshold: health.retries,
            successThreshold: 1,
          },
        },
        extraEnvVars: env,
      },
      serviceAccount: { create: props.createServiceAccount ?? true, name: props.serviceAccountName ?? '' },
      role: { create: props.createRbac ?? true, namespace: this.jobNamespace },
      rolebinding: { create: props.createRbac ?? true },
    };
  }

  private validate(props: KubernetesWorkerProps, auth: KubernetesAuth, tag: string): void {
    checkApiAuth(this, this.api, auth, true);
    const pool = props.workPoolName;
    if (pool === undefined || (!Token.isUnresolved(pool) && pool.trim() === '')) {
      Checks.fail(this, `the work pool is missing (workPoolName ${Checks.show(pool ?? null)}): name the kubernetes work pool to create and poll, e.g. workPoolName: "k8s-pool"`);
    }
    if (props.apiKeyPropagation !== undefined && !this.api.isCloud) {
      Checks.fail(this, `apiKeyPropagation ${Checks.show(props.apiKeyPropagation.value)} only applies to Prefect Cloud's API key: remove it for a self-hosted server`);
    }
    if (props.jobTemplate?.namespace !== undefined) {
      Checks.fail(this, `jobTemplate.namespace ${Checks.show(props.jobTemplate.namespace)} is set by jobNamespace (which also places the worker's Role and its job observer): pass jobNamespace: ${Checks.show(props.jobTemplate.namespace)} instead`);
    }
    checkImageTag(this, tag, KubernetesWorker.DEFAULT_IMAGE_TAG);
    Checks.integer(this, { name: 'replicas', value: props.replicas, min: 1 });
  }
}
