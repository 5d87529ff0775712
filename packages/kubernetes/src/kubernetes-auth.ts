import { WorkerCredential } from 'cdktf-prefect';

/** The key the prefect-worker chart reads a basic-auth Secret's `user:password` from. */
const AUTH_STRING_KEY = 'auth-string';

/**
 * How a Kubernetes worker authenticates to the Prefect API, always by reference to a Secret
 * that already exists in the worker's namespace: the credential never passes through Terraform,
 * the Helm values or the state.
 *
 * Create the Secret outside this stack (kubectl, External Secrets, Sealed Secrets, ...), e.g.
 * `kubectl create secret generic prefect-api-key --from-literal=key=pnu_...`.
 */
export class KubernetesAuth {
  /**
   * A Prefect Cloud API key in a Secret (Cloud needs one).
   * @param secretName the Secret's name, in the worker's namespace
   * @param key the key in the Secret that holds the API key
   * @default key "key"
   */
  public static apiKeyFromSecret(secretName: string, key?: string): KubernetesAuth {
    return new KubernetesAuth(WorkerCredential.API_KEY, secretName, key ?? 'key');
  }

  /**
   * A self-hosted server's basic-auth string (`user:password`, what the server's
   * `PREFECT_SERVER_API_AUTH_STRING` is) in a Secret, under the key `auth-string` (the only
   * key the chart reads).
   * @param secretName the Secret's name, in the worker's namespace
   */
  public static basicAuthFromSecret(secretName: string): KubernetesAuth {
    return new KubernetesAuth(WorkerCredential.AUTH_STRING, secretName, AUTH_STRING_KEY);
  }

  /** No credential: a self-hosted server without authentication. */
  public static none(): KubernetesAuth {
    return new KubernetesAuth(WorkerCredential.NONE, undefined, undefined);
  }

  /** The credential the worker hands to Prefect. */
  public readonly credential: WorkerCredential;
  /** The Secret's name, undefined for `none()`. */
  public readonly secretName?: string;
  /** The key in the Secret, undefined for `none()`. */
  public readonly secretKey?: string;

  private constructor(credential: WorkerCredential, secretName?: string, secretKey?: string) {
    this.credential = credential;
    this.secretName = secretName;
    this.secretKey = secretKey;
  }
}
