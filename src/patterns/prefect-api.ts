import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail, show } from '../core';

const CLOUD_API = 'https://api.prefect.cloud/api';
/** An account or workspace ID as it goes into the Cloud URL: one path segment. */
const CLOUD_ID = /^[\w-]+$/;
const HTTP_URL = /^https?:\/\/[^\s/]+/;

/** Options of `PrefectApi.customerManagedCloud`. */
export interface CustomerManagedCloudOptions {
  /**
   * The Cloud UI's address (`PREFECT_CLOUD_UI_URL`), for the links Prefect prints in logs and
   * the CLI, when Prefect cannot infer it from the API's (it turns `https://api.<domain>/api`
   * into `https://app.<domain>`).
   * @default - inferred by Prefect from the API URL
   */
  readonly uiUrl?: string;
}

/**
 * The Prefect API a pattern talks to: a Prefect Cloud workspace (Prefect's own Cloud or a
 * customer-managed installation of it) or a self-hosted server.
 *
 * An enum-like class rather than mutually exclusive props (`apiUrl` against `accountId` and
 * `workspaceId`): a worker or a sensor takes one `api: PrefectApi`, and what differs between
 * Cloud and a self-hosted server (API keys, webhooks, the events endpoint) follows from it.
 * Tokens are allowed everywhere; literals are checked when a construct uses the value
 * (`validate`), so a bad one fails at synth with that construct's path.
 */
export class PrefectApi {
  /**
   * A Prefect Cloud workspace: `https://api.prefect.cloud/api/accounts/<accountId>/workspaces/<workspaceId>`.
   * @param accountId the Prefect Cloud account ID
   * @param workspaceId the workspace ID
   */
  public static cloud(accountId: string, workspaceId: string): PrefectApi {
    return new PrefectApi(`${CLOUD_API}/accounts/${accountId}/workspaces/${workspaceId}`, true, accountId, workspaceId, CLOUD_API);
  }

  /**
   * A workspace of a customer-managed Prefect Cloud (Prefect Cloud run in your own
   * infrastructure): `<cloudApiUrl>/accounts/<accountId>/workspaces/<workspaceId>`. It behaves as
   * Prefect Cloud (an API key, webhooks), and workers get `PREFECT_CLOUD_API_URL` set to
   * `cloudApiUrl`: Prefect treats an API as Cloud (its events and logs websockets, its auth)
   * only when `PREFECT_API_URL` starts with `PREFECT_CLOUD_API_URL`.
   * @param cloudApiUrl the installation's API root, e.g. `https://prefect.example.com/api`
   * (without `/accounts/...`)
   * @param accountId the account ID
   * @param workspaceId the workspace ID
   * @param options the UI's address
   */
  public static customerManagedCloud(cloudApiUrl: string, accountId: string, workspaceId: string,
    options: CustomerManagedCloudOptions = {}): PrefectApi {
    const root = Token.isUnresolved(cloudApiUrl) ? cloudApiUrl : cloudApiUrl.replace(/\/+$/, '');
    return new PrefectApi(`${root}/accounts/${accountId}/workspaces/${workspaceId}`, true, accountId, workspaceId, root, options.uiUrl, true);
  }

  /**
   * A self-hosted Prefect server, by its API URL, e.g. `https://prefect.example.com/api`.
   * @param apiUrl the server's API URL (what `PREFECT_API_URL` is set to)
   */
  public static selfHosted(apiUrl: string): PrefectApi {
    return new PrefectApi(apiUrl, false);
  }

  /** The API URL, as `PREFECT_API_URL` takes it. */
  public readonly apiUrl: string;
  /** Whether this is Prefect Cloud (API keys, webhooks), customer-managed or not, rather than a self-hosted server. */
  public readonly isCloud: boolean;
  /** Whether this is a customer-managed Prefect Cloud (`PrefectApi.customerManagedCloud`). */
  public readonly isCustomerManaged: boolean;
  /**
   * Prefect Cloud's API root (`PREFECT_CLOUD_API_URL`), which `apiUrl` starts with:
   * `https://api.prefect.cloud/api`, or a customer-managed Cloud's; undefined for a self-hosted server.
   */
  public readonly cloudApiUrl?: string;
  /** A customer-managed Cloud's UI address (`PREFECT_CLOUD_UI_URL`), when given. */
  public readonly cloudUiUrl?: string;
  /** The Prefect Cloud account ID, undefined for a self-hosted server. */
  public readonly accountId?: string;
  /** The Prefect Cloud workspace ID, undefined for a self-hosted server. */
  public readonly workspaceId?: string;
  /**
   * A self-hosted server's events endpoint, `<apiUrl>/events` (`POST` a JSON list of events);
   * undefined for Prefect Cloud, which takes outside events through webhooks.
   */
  public readonly eventsUrl?: string;

  private constructor(apiUrl: string, isCloud: boolean, accountId?: string, workspaceId?: string,
    cloudApiUrl?: string, cloudUiUrl?: string, isCustomerManaged = false) {
    this.apiUrl = apiUrl;
    this.isCloud = isCloud;
    this.isCustomerManaged = isCustomerManaged;
    this.cloudApiUrl = cloudApiUrl;
    this.cloudUiUrl = cloudUiUrl;
    this.accountId = accountId;
    this.workspaceId = workspaceId;
    this.eventsUrl = isCloud ? undefined : `${apiUrl.replace(/\/+$/, '')}/events`;
  }

  /**
   * Fails synth at `scope` when a literal part of this API is malformed: a self-hosted URL that
   * is not `http(s)://<host>...` or that points at Prefect Cloud, a Cloud ID that is not one path
   * segment. Tokens pass. Constructs that take a `PrefectApi` call this.
   * @param scope the construct that uses this API
   */
  public validate(scope: IConstruct): void {
    if (this.isCloud) {
      const factory = this.isCustomerManaged ? 'PrefectApi.customerManagedCloud(cloudApiUrl, accountId, workspaceId)' : 'PrefectApi.cloud(accountId, workspaceId)';
      const ui = this.isCustomerManaged ? 'the Cloud UI' : 'app.prefect.cloud';
      for (const [what, id] of [['account ID', this.accountId], ['workspace ID', this.workspaceId]]) {
        if (Token.isUnresolved(id) || CLOUD_ID.test(id!)) continue;
        fail(scope, `invalid Prefect Cloud ${what} ${show(id)} in ${factory}: give the ID from the workspace's URL (${ui}/account/<account ID>/workspace/<workspace ID>)`);
      }
      if (this.isCustomerManaged) this.validateCustomerManaged(scope);
      return;
    }
    const url = this.apiUrl;
    if (Token.isUnresolved(url)) return;
    if (!HTTP_URL.test(url)) {
      fail(scope, `invalid PrefectApi.selfHosted URL ${show(url)}: use the server's API address, e.g. "https://prefect.example.com/api"`);
    }
    if (/^https?:\/\/api\.prefect\.cloud(\/|$)/i.test(url)) {
      fail(scope, `PrefectApi.selfHosted(${show(url)}) is a Prefect Cloud URL: use PrefectApi.cloud(accountId, workspaceId)`);
    }
  }

  private validateCustomerManaged(scope: IConstruct): void {
    const root = this.cloudApiUrl!;
    if (!Token.isUnresolved(root)) {
      if (!HTTP_URL.test(root)) {
        fail(scope, `invalid cloudApiUrl ${show(root)} in PrefectApi.customerManagedCloud(cloudApiUrl, accountId, workspaceId): use the installation's API root, e.g. "https://prefect.example.com/api"`);
      } else if (/^https?:\/\/api\.prefect\.cloud(\/|$)/i.test(root)) {
        fail(scope, `PrefectApi.customerManagedCloud(${show(root)}, ...) is Prefect's own Cloud: use PrefectApi.cloud(accountId, workspaceId)`);
      } else if (/\/accounts\//.test(root)) {
        fail(scope, `cloudApiUrl ${show(root)} in PrefectApi.customerManagedCloud(cloudApiUrl, accountId, workspaceId) names a workspace already: give the API root (the part before "/accounts/"), e.g. ${show(root.replace(/\/accounts\/.*$/, ''))}`);
      }
    }
    const ui = this.cloudUiUrl;
    if (ui !== undefined && !Token.isUnresolved(ui) && !HTTP_URL.test(ui)) {
      fail(scope, `invalid uiUrl ${show(ui)} in PrefectApi.customerManagedCloud(...): use the Cloud UI's address, e.g. "https://app.prefect.example.com"`);
    }
  }
}
