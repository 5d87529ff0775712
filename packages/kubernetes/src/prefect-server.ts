import { Release } from './.gen/providers/helm/release';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Checks, PrefectApi } from 'cdktf-prefect';
import { ContainerResources } from './container-resources';
import { KubernetesAuth } from './kubernetes-auth';
import { PrefectReleaseProps } from './prefect-release-props';
import { ServerDatabase } from './server-database';
import { ServerIngress } from './server-ingress';
import { checkImageTag, checkSecretNames, resourcesOf, resourcesValues, SECRET_FIX } from './private/checks';
import { prefectRelease, releaseNames } from './private/release';

const CHART = 'prefect-server';
const PREFECT_VERSION = '3.8.8';
const PORT = 4200;
const CHART_DEFAULT_RESOURCES = { cpuRequest: '500m', memoryRequest: '512Mi', cpuLimit: '1', memoryLimit: '1Gi' };
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Properties of a `PrefectServer`. */
export interface PrefectServerProps extends PrefectReleaseProps {
  /**
   * Where the server keeps its data: `ServerDatabase.externalFromSecret(name, key)`,
   * `ServerDatabase.bundledPostgres(secretName)` or `ServerDatabase.sqlite()`.
   */
  readonly database: ServerDatabase;

  /**
   * The server's basic auth: `KubernetesAuth.basicAuthFromSecret(name)` (the Secret's
   * `auth-string` is `user:password`; workers and the exporter then need the same), or
   * `KubernetesAuth.none()`.
   * @default KubernetesAuth.none()
   */
  readonly auth?: KubernetesAuth;

  /**
   * An Ingress for the UI and API.
   * @default - none: the server is reached inside the cluster (`apiUrl`) or by port-forward
   */
  readonly ingress?: ServerIngress;

  /**
   * The API URL the UI (in the browser) calls.
   * @default - `http(s)://<ingress hostname>/api` with an ingress, else the chart's
   * `http://localhost:4200/api` (a port-forward)
   */
  readonly uiApiUrl?: string;

  /**
   * The server image's repository.
   * @default "prefecthq/prefect"
   */
  readonly imageRepository?: string;

  /**
   * The server image's tag, pinned to a Prefect version (`latest` and `3-latest` are refused).
   * @default "3.8.8-python3.12"
   */
  readonly imageTag?: string;

  /**
   * How many API server pods run (1 with SQLite).
   * @default 1
   */
  readonly replicas?: number;

  /**
   * CPU and memory of the server's container.
   * @default - the chart's: requests 500m / 512Mi, limits 1 / 1Gi
   */
  readonly resources?: ContainerResources;

}

/**
 * A self-hosted Prefect server on Kubernetes: a Helm release of prefect-helm's `prefect-server`
 * chart, its database credentials and basic auth from Secrets by reference, an optional Ingress.
 * The server upgrades its database schema as it starts (the chart's migrations Job only runs
 * with background services in a Deployment of their own, which needs Redis and is not offered
 * here yet).
 *
 * `api` (and `apiUrl`, the Service's address inside the cluster) is what a `KubernetesWorker`
 * or `PrefectExporter` in the same app takes, instead of a hand-copied URL.
 */
export class PrefectServer extends Construct {
  /** The default image tag: Prefect 3.8.8 on Python 3.12. */
  public static readonly DEFAULT_IMAGE_TAG = `${PREFECT_VERSION}-python3.12`;

  /** The Helm release of the `prefect-server` chart. */
  public readonly release: Release;
  /** The release's name (also the Service's). @attribute */
  public readonly releaseName: string;
  /** The release's namespace. @attribute */
  public readonly namespace: string;
  /** The API's address inside the cluster, `http://<release>.<namespace>.svc.cluster.local:4200/api`. @attribute */
  public readonly apiUrl: string;
  /** The server as a `PrefectApi`, for a `KubernetesWorker`'s or `PrefectExporter`'s `api`. */
  public readonly api: PrefectApi;
  /** The basic auth the server enforces, for the workers and exporter that talk to it. */
  public readonly auth: KubernetesAuth;
  /** The Helm values, as the JSON document the release is given. */
  public readonly valuesDocument: string;

  constructor(scope: Construct, id: string, props: PrefectServerProps) {
    super(scope, id);
    this.auth = props.auth ?? KubernetesAuth.none();
    // first (validations run in the order they are added): a credential in the wrong place is
    // refused masked before any check that would show the value
    Checks.refuseCredentials(this, { ...props, auth: undefined, chart: undefined, database: undefined }, SECRET_FIX);
    const names = releaseNames(this, props, 'prefect-server');
    this.releaseName = names.releaseName;
    this.namespace = names.namespace;
    this.apiUrl = `http://${this.releaseName}.${this.namespace}.svc.cluster.local:${PORT}/api`;
    this.api = PrefectApi.selfHosted(this.apiUrl);
    const tag = props.imageTag ?? PrefectServer.DEFAULT_IMAGE_TAG;
    this.validate(props, tag);
    const resources = resourcesOf(this, props.resources, CHART_DEFAULT_RESOURCES);
    const ingress = props.ingress;
    const uiApiUrl = props.uiApiUrl ?? (ingress ? `http${ingress.tls ? 's' : ''}://${ingress.hostname}${(ingress.path ?? '/').replace(/\/+$/, '')}/api` : undefined);

    const { release, valuesDocument } = prefectRelease(this, props, {
      chartName: CHART,
      names,
      defaultTimeoutSeconds: 600,
      values: {
        // the chart's default names every release's objects "prefect-server"
        fullnameOverride: this.releaseName,
        global: { prefect: { image: { repository: props.imageRepository ?? 'prefecthq/prefect', prefectTag: tag } } },
        server: {
          // the chart's authString is never used: only the Secret
          basicAuth: this.auth.secretName === undefined ? { enabled: false } : { enabled: true, existingSecret: this.auth.secretName },
          replicaCount: props.replicas ?? 1,
          resources: resourcesValues(resources),
          ...(uiApiUrl === undefined ? {} : { uiConfig: { prefectUiApiUrl: uiApiUrl } }),
        },
        ingress: ingress === undefined ? { enabled: false } : {
          enabled: true,
          className: ingress.className ?? '',
          host: { hostname: ingress.hostname, path: ingress.path ?? '/', pathType: 'Prefix' },
          tls: ingress.tls ?? false,
          annotations: ingress.annotations ?? {},
        },
        ...databaseValues(props.database),
      },
    });
    this.release = release;
    this.valuesDocument = valuesDocument;
  }

  private validate(props: PrefectServerProps, tag: string): void {
    const db = props.database;
    if (db === undefined) {
      Checks.fail(this, 'the database is not given: pass database: ServerDatabase.externalFromSecret(secretName, key) (a PostgreSQL URL in a Secret), ServerDatabase.bundledPostgres(secretName) or ServerDatabase.sqlite()');
      return;
    }
    if (this.auth.credential.isApiKey) {
      Checks.fail(this, `a self-hosted server takes no API key (KubernetesAuth.apiKeyFromSecret ${Checks.show(this.auth.secretName)}): pass auth: KubernetesAuth.basicAuthFromSecret(secretName) or KubernetesAuth.none()`);
    }
    Checks.refuseCredentials(this, { 'auth.secretName': this.auth.secretName, 'database.secretName': db.secretName, 'database.secretKey': db.secretKey }, SECRET_FIX);
    checkSecretNames(this, 'auth', this.auth.secretName);
    checkSecretNames(this, 'database', db.secretName, db.secretKey);
    if (db.kind === 'sqlite' && props.replicas !== undefined && !Token.isUnresolved(props.replicas) && props.replicas !== 1) {
      Checks.fail(this, `replicas ${Checks.show(props.replicas)} with ServerDatabase.sqlite(): SQLite serves one server pod (the chart runs exactly one); use ServerDatabase.externalFromSecret(...) for more`);
    }
    const size = db.bundledOptions.size;
    if (size !== undefined && !Token.isUnresolved(size) && !/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.test(size)) {
      Checks.fail(this, `invalid database size ${Checks.show(size)} in ServerDatabase.bundledPostgres(): use a Kubernetes quantity, e.g. "8Gi"`);
    }
    if (size !== undefined && db.bundledOptions.persistence === false) {
      Checks.fail(this, `database size ${Checks.show(size)} without persistence: remove size, or set persistence: true`);
    }
    const ingress = props.ingress;
    if (ingress !== undefined && !Token.isUnresolved(ingress.hostname) && !HOSTNAME.test(ingress.hostname)) {
      Checks.fail(this, `invalid ingress.hostname ${Checks.show(ingress.hostname)}: give a DNS name, e.g. "prefect.example.com" (no scheme, no path)`);
    }
    if (ingress?.path !== undefined && !Token.isUnresolved(ingress.path) && !ingress.path.startsWith('/')) {
      Checks.fail(this, `invalid ingress.path ${Checks.show(ingress.path)}: it starts with "/", e.g. "/"`);
    }
    const ui = props.uiApiUrl;
    if (ui !== undefined && !Token.isUnresolved(ui) && !/^https?:\/\/[^\s/]+/.test(ui)) {
      Checks.fail(this, `invalid uiApiUrl ${Checks.show(ui)}: the API address the browser uses, e.g. "https://prefect.example.com/api"`);
    }
    checkImageTag(this, tag, PrefectServer.DEFAULT_IMAGE_TAG);
    Checks.integer(this, { name: 'replicas', value: props.replicas, min: 1 });
  }
}

/** The chart's database values for each kind: no password, ever. */
function databaseValues(db: ServerDatabase): Record<string, any> {
  // secret.create: the chart would write a connection string with a password into a Secret of its own
  if (db.kind === 'sqlite') return { sqlite: { enabled: true }, postgresql: { enabled: false }, secret: { create: false } };
  if (db.kind === 'external') {
    return {
      postgresql: { enabled: false },
      secret: { create: false },
      externalDatabase: { existingSecret: db.secretName, connectionStringSecretKey: db.secretKey },
    };
  }
  const persistence = db.bundledOptions.persistence ?? true;
  return {
    postgresql: {
      enabled: true,
      // the chart's well-known default password is overridden: the Secret holds the real one
      auth: { existingSecret: db.secretName, password: '' },
      primary: {
        persistence: persistence ? { enabled: true, ...(db.bundledOptions.size ? { size: db.bundledOptions.size } : {}) } : { enabled: false },
      },
    },
    secret: { create: false },
  };
}
