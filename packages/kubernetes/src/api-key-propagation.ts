/**
 * How the flow-run pods a Kubernetes worker starts get the Prefect Cloud API key
 * (the chart's `jobApiKeyPropagation`). The chart's third mode, `envVar`, which writes the key in
 * plain text into every job's pod spec, is deliberately not offered.
 */
export class ApiKeyPropagation {
  /** The job pods reference the worker's own Secret (`secretKeyRef`): no copy of the key is made. */
  public static readonly SECRET_REF = new ApiKeyPropagation('secretRef');

  /**
   * The worker creates a Secret per job and the pods reference it (for jobs in a namespace the
   * worker's Secret is not in); the worker's Role then gets read and write access to Secrets.
   */
  public static readonly AUTO_SECRET = new ApiKeyPropagation('autoSecret');

  /** The chart's value. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}
