import { Release } from './.gen/providers/helm/release';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Checks, PrefectApi } from 'cdktf-prefect';
import { ContainerResources } from './container-resources';
import { KubernetesAuth } from './kubernetes-auth';
import { PrefectReleaseProps } from './prefect-release-props';
import { RedisMessaging } from './redis-messaging';
import { ServerBackgroundServices } from './server-background-services';
import { ServerDatabase } from './server-database';
import { ServerIngress } from './server-ingress';
import { checkImageTag, checkSecretNames, deferred, resourcesOf, resourcesValues, SECRET_FIX } from './private/checks';
import { prefectRelease, releaseNames } from './private/release';

const CHART = 'prefect-server';
const PREFECT_VERSION = '3.8.8';
const PORT = 4200;
const CHART_DEFAULT_RESOURCES = { cpuRequest: '500m', memoryRequest: '512Mi', cpuLimit: '1', memoryLimit: '1Gi' };
/** The background-services container's defaults in the chart: the same as the server's. */
const CHART_DEFAULT_SERVICES_RESOURCES = CHART_DEFAULT_RESOURCES;
/** The chart refuses separate background services on an older Prefect (its _validation.tpl). */
const MIN_SEPARATE_SERVICES_VERSION = [3, 1, 13];
/** A host name: no scheme, port, path or credentials. */
const HOST = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/;
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

  /**
   * Runs the background services in a Deployment of their own, with Redis messaging and the
   * chart's migrations Job (PostgreSQL only).
   * @default - none: the server runs them in its own process and migrates the database as it starts
   */
  readonly backgroundServices?: ServerBackgroundServices;

}

/**
 * A self-hosted Prefect server on Kubernetes: a Helm release of prefect-helm's `prefect-server`
 * chart, its database credentials and basic auth from Secrets by reference, an optional Ingress.
 * The server upgrades its database schema as it starts; with `backgroundServices` (a
 * Deployment of their own, Redis messaging), the chart's migrations Job does it instead.
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
  /**
   * The name of the background services' Deployment (`<release>-background-services`),
   * undefined when the server runs them itself. @attribute
   */
  public readonly backgroundServicesName?: string;

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
    this.backgroundServicesName = props.backgroundServices === undefined ? undefined : `${this.releaseName}-background-services`;
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
        ...(props.backgroundServices === undefined ? {} : this.backgroundServicesValues(props.backgroundServices)),
      },
    });
    this.release = release;
    this.valuesDocument = valuesDocument;
  }

  private backgroundServicesValues(services: ServerBackgroundServices): Record<string, any> {
    const resources = resourcesOf(this, services.resources, CHART_DEFAULT_SERVICES_RESOURCES, 'backgroundServices.resources');
    const redis = services.redis.options;
    return {
      backgroundServices: {
        runAsSeparateDeployment: true,
        replicaCount: services.replicas ?? 1,
        resources: resourcesValues(resources),
        messaging: {
          broker: 'prefect_redis.messaging',
          cache: 'prefect_redis.messaging',
          redis: {
            host: services.redis.host,
            port: redis.port ?? 6379,
            db: redis.db ?? 0,
            username: redis.username ?? '',
            ssl: redis.ssl ?? false,
            // the chart's plain password is never used: only the Secret
            password: '',
            existingSecret: redis.passwordSecretName ?? '',
            existingSecretPasswordKey: redis.passwordSecretKey ?? 'redis-password',
          },
          docket: {
            url: '',
            existingSecret: services.docketUrlSecretName ?? '',
            existingSecretKey: services.docketUrlSecretKey ?? 'docket-url',
          },
        },
      },
      migrations: { enabled: services.migrations ?? true, timeoutSeconds: services.migrationsTimeoutSeconds ?? 300 },
      // the bundled Redis subchart stays off: the packaged one is not the version the chart asks for
      redis: { enabled: false },
    };
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
    if (props.backgroundServices !== undefined) this.validateBackgroundServices(props, props.backgroundServices, tag);
  }

  private validateBackgroundServices(props: PrefectServerProps, services: ServerBackgroundServices, tag: string): void {
    if (props.database.kind === 'sqlite') {
      Checks.fail(this, 'backgroundServices with ServerDatabase.sqlite(): the background services run in pods of their own, which cannot share the server\'s SQLite file (the chart runs no migrations Job on SQLite either); use ServerDatabase.externalFromSecret(secretName, key) or bundledPostgres(secretName), or remove backgroundServices');
    }
    const redis: RedisMessaging | undefined = services.redis;
    if (redis === undefined) {
      Checks.fail(this, 'backgroundServices without redis: the API pods and the separate background services exchange events through Redis; pass redis: RedisMessaging.external(host, { passwordSecretName }), or remove backgroundServices');
      return;
    }
    const o = redis.options;
    // the credential scan of all props (first in the constructor) covers the Redis settings;
    // what shows a value runs after it
    const host = redis.host;
    deferred(this, () => {
      if (host === undefined || (!Token.isUnresolved(host) && !HOST.test(host))) {
        Checks.fail(this, `invalid Redis host ${Checks.show(host ?? null)} in RedisMessaging.external(host): give a host name only (no scheme, port or password), e.g. "redis-master.redis.svc.cluster.local"; the port goes in port, the password in a Secret (passwordSecretName)`);
      }
    });
    Checks.integer(this, { name: 'backgroundServices.redis.port', value: o.port, min: 1, max: 65535 });
    Checks.integer(this, { name: 'backgroundServices.redis.db', value: o.db, min: 0 });
    deferred(this, () => {
      if (o.passwordSecretKey !== undefined && o.passwordSecretName === undefined) {
        Checks.fail(this, `passwordSecretKey ${Checks.show(o.passwordSecretKey)} without passwordSecretName in RedisMessaging.external(...): name the Secret that holds the Redis password, or remove passwordSecretKey`);
      }
      if (services.docketUrlSecretKey !== undefined && services.docketUrlSecretName === undefined) {
        Checks.fail(this, `docketUrlSecretKey ${Checks.show(services.docketUrlSecretKey)} without docketUrlSecretName in backgroundServices: name the Secret that holds the Docket URL, or remove docketUrlSecretKey`);
      }
    });
    checkSecretNames(this, 'backgroundServices.redis', o.passwordSecretName, o.passwordSecretName === undefined ? undefined : (o.passwordSecretKey ?? 'redis-password'));
    checkSecretNames(this, 'backgroundServices.docketUrlSecretName', services.docketUrlSecretName, services.docketUrlSecretKey);
    Checks.integer(this, { name: 'backgroundServices.replicas', value: services.replicas, min: 1 });
    const replicas = services.replicas;
    if (replicas !== undefined && !Token.isUnresolved(replicas) && replicas > 1 && services.docketUrlSecretName === undefined) {
      Checks.fail(this, `backgroundServices.replicas ${Checks.show(replicas)} with Docket in memory: each replica would schedule on its own; give docketUrlSecretName (a Secret with a redis:// URL for Docket), or run one replica`);
    }
    Checks.integer(this, { name: 'backgroundServices.migrationsTimeoutSeconds', value: services.migrationsTimeoutSeconds, min: 1 });
    if (services.migrationsTimeoutSeconds !== undefined && services.migrations === false) {
      Checks.fail(this, `backgroundServices.migrationsTimeoutSeconds ${Checks.show(services.migrationsTimeoutSeconds)} with migrations: false: remove it, or turn migrations on`);
    }
    // the chart's own check (its _validation.tpl), at synth instead of at apply
    const repository = props.imageRepository ?? 'prefecthq/prefect';
    deferred(this, () => {
      if (repository !== 'prefecthq/prefect' || Token.isUnresolved(tag)) return;
      const version = /^([0-9]+)\.([0-9]+)\.([0-9]+)/.exec(tag)?.slice(1).map(Number);
      if (version === undefined || compareVersions(version, MIN_SEPARATE_SERVICES_VERSION) < 0) {
        Checks.fail(this, `imageTag ${Checks.show(tag)} with backgroundServices: the chart runs separate background services only on Prefect 3.1.13 or later, its tag starting with the version (X.Y.Z); pin one, e.g. ${Checks.show(PrefectServer.DEFAULT_IMAGE_TAG)}`);
      }
    });
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

/** Negative, zero or positive as version `a` (major, minor, patch) is older than, the same as or newer than `b`. */
function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < b.length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}
