import { Release } from './.gen/providers/helm/release';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Checks, PrefectApi } from 'cdktf-prefect';
import { KubernetesAuth } from './kubernetes-auth';
import { PrefectReleaseProps } from './prefect-release-props';
import { checkApiAuth, checkImageTag, SECRET_FIX } from './private/checks';
import { prefectRelease, releaseNames } from './private/release';

const CHART = 'prometheus-prefect-exporter';
const DURATION = /^([0-9]+(ms|s|m|h))+$/;

/** Options of the exporter's Prometheus Operator `ServiceMonitor`. */
export interface ExporterServiceMonitor {
  /**
   * How often Prometheus scrapes, a Prometheus duration.
   * @default "30s"
   */
  readonly interval?: string;

  /**
   * Labels the Prometheus instance selects ServiceMonitors by, e.g. `{ release: 'kube-prometheus-stack' }`.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** Properties of a `PrefectExporter`. */
export interface PrefectExporterProps extends PrefectReleaseProps {
  /**
   * The Prefect API the exporter reads: a `PrefectServer`'s `api`, `PrefectApi.selfHosted(url)`
   * or `PrefectApi.cloud(accountId, workspaceId)`.
   */
  readonly api: PrefectApi;

  /**
   * How it authenticates, by Secret reference: `KubernetesAuth.apiKeyFromSecret(name, key)`
   * (Cloud, required), `KubernetesAuth.basicAuthFromSecret(name)` (a server with basic auth,
   * e.g. a `PrefectServer`'s `auth`) or `KubernetesAuth.none()`.
   * @default KubernetesAuth.none()
   */
  readonly auth?: KubernetesAuth;

  /**
   * A Prometheus Operator `ServiceMonitor` for the exporter (the cluster must have its CRD).
   * @default - none
   */
  readonly serviceMonitor?: ExporterServiceMonitor;

  /**
   * Whether the exporter reads the API page by page (large workspaces).
   * @default true
   */
  readonly pagination?: boolean;

  /**
   * The exporter image's tag (`latest` is refused).
   * @default "1.1.0" (the chart's)
   */
  readonly imageTag?: string;

}

/**
 * Prefect's Prometheus exporter on Kubernetes: a Helm release of prefect-helm's
 * `prometheus-prefect-exporter` chart, pointed at a self-hosted server or at Prefect Cloud,
 * its credential by Secret reference (the chart's only way to pass an API key is an extra
 * environment variable: here it is a `secretKeyRef`), and a ServiceMonitor when asked.
 */
export class PrefectExporter extends Construct {
  /** The exporter image tag the chart ships, pinned. */
  public static readonly DEFAULT_IMAGE_TAG = '1.1.0';

  /** The Helm release. */
  public readonly release: Release;
  /** The release's name (also the Service's). @attribute */
  public readonly releaseName: string;
  /** The release's namespace. @attribute */
  public readonly namespace: string;
  /** The metrics address inside the cluster, `http://<release>.<namespace>.svc.cluster.local/metrics`. @attribute */
  public readonly metricsUrl: string;
  /** The Helm values, as the JSON document the release is given. */
  public readonly valuesDocument: string;

  constructor(scope: Construct, id: string, props: PrefectExporterProps) {
    super(scope, id);
    const auth = props.auth ?? KubernetesAuth.none();
    // first (validations run in the order they are added): a credential in the wrong place is
    // refused masked before any check that would show the value
    Checks.refuseCredentials(this, { ...props, auth: undefined, chart: undefined, api: undefined }, SECRET_FIX);
    const names = releaseNames(this, props, 'prefect-exporter');
    this.releaseName = names.releaseName;
    this.namespace = names.namespace;
    this.metricsUrl = `http://${this.releaseName}.${this.namespace}.svc.cluster.local/metrics`;
    const tag = props.imageTag ?? PrefectExporter.DEFAULT_IMAGE_TAG;
    this.validate(props, auth, tag);
    const api = props.api;
    const monitor = props.serviceMonitor;
    const { release, valuesDocument } = prefectRelease(this, props, {
      chartName: CHART,
      names,
      values: {
        fullnameOverride: this.releaseName,
        image: { tag },
        prefectApiUrl: api.apiUrl,
        // the chart's authString is never used: only the Secret
        basicAuth: auth.credential.isApiKey || auth.secretName === undefined
          ? { enabled: false }
          : { enabled: true, existingSecret: auth.secretName },
        extraEnvVars: auth.credential.isApiKey
          ? [{ name: 'PREFECT_API_KEY', valueFrom: { secretKeyRef: { name: auth.secretName, key: auth.secretKey } } }]
          : [],
        pagination: { enabled: props.pagination ?? true },
        serviceMonitor: monitor === undefined ? { enabled: false } : {
          enabled: true,
          interval: monitor.interval ?? '30s',
          additionalLabels: monitor.labels ?? {},
        },
      },
    });
    this.release = release;
    this.valuesDocument = valuesDocument;
  }

  private validate(props: PrefectExporterProps, auth: KubernetesAuth, tag: string): void {
    if (props.api === undefined) {
      Checks.fail(this, 'the Prefect API is not given: pass api: server.api (a PrefectServer), PrefectApi.selfHosted(apiUrl) or PrefectApi.cloud(accountId, workspaceId)');
    }
    props.api.validate(this);
    checkApiAuth(this, props.api, auth, true);
    const interval = props.serviceMonitor?.interval;
    if (interval !== undefined && !Token.isUnresolved(interval) && !DURATION.test(interval)) {
      Checks.fail(this, `invalid serviceMonitor.interval ${Checks.show(interval)}: use a Prometheus duration, e.g. "30s" or "1m"`);
    }
    checkImageTag(this, tag, PrefectExporter.DEFAULT_IMAGE_TAG);
  }
}
