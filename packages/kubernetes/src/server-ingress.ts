/** How a `PrefectServer` is reached from outside the cluster: an Ingress for its UI and API. */
export interface ServerIngress {
  /** The host name, e.g. `prefect.example.com`. */
  readonly hostname: string;

  /**
   * The IngressClass.
   * @default - the cluster's default class
   */
  readonly className?: string;

  /**
   * The path the server is served under.
   * @default "/"
   */
  readonly path?: string;

  /**
   * Whether the Ingress terminates TLS with the Secret `<hostname>-tls` (the chart's name for
   * it; cert-manager fills it when the annotations ask for it).
   * @default false
   */
  readonly tls?: boolean;

  /**
   * Annotations of the Ingress, e.g. `cert-manager.io/cluster-issuer`.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}
