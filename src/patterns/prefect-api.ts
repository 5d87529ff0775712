import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail, show } from '../core';

const CLOUD_API = 'https://api.prefect.cloud/api';
/** An account or workspace ID as it goes into the Cloud URL: one path segment. */
const CLOUD_ID = /^[\w-]+$/;

/**
 * The Prefect API a pattern talks to: a Prefect Cloud workspace or a self-hosted server.
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
    return new PrefectApi(`${CLOUD_API}/accounts/${accountId}/workspaces/${workspaceId}`, true, accountId, workspaceId);
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
  /** Whether this is Prefect Cloud (API keys, webhooks) rather than a self-hosted server. */
  public readonly isCloud: boolean;
  /** The Prefect Cloud account ID, undefined for a self-hosted server. */
  public readonly accountId?: string;
  /** The Prefect Cloud workspace ID, undefined for a self-hosted server. */
  public readonly workspaceId?: string;
  /**
   * A self-hosted server's events endpoint, `<apiUrl>/events` (`POST` a JSON list of events);
   * undefined for Prefect Cloud, which takes outside events through webhooks.
   */
  public readonly eventsUrl?: string;

  private constructor(apiUrl: string, isCloud: boolean, accountId?: string, workspaceId?: string) {
    this.apiUrl = apiUrl;
    this.isCloud = isCloud;
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
      for (const [what, id] of [['account ID', this.accountId], ['workspace ID', this.workspaceId]]) {
        if (Token.isUnresolved(id) || CLOUD_ID.test(id!)) continue;
        fail(scope, `invalid Prefect Cloud ${what} ${show(id)} in PrefectApi.cloud(accountId, workspaceId): give the ID from the workspace's URL (app.prefect.cloud/account/<account ID>/workspace/<workspace ID>)`);
      }
      return;
    }
    const url = this.apiUrl;
    if (Token.isUnresolved(url)) return;
    if (!/^https?:\/\/[^\s/]+/.test(url)) {
      fail(scope, `invalid PrefectApi.selfHosted URL ${show(url)}: use the server's API address, e.g. "https://prefect.example.com/api"`);
    }
    if (/^https?:\/\/api\.prefect\.cloud(\/|$)/i.test(url)) {
      fail(scope, `PrefectApi.selfHosted(${show(url)}) is a Prefect Cloud URL: use PrefectApi.cloud(accountId, workspaceId)`);
    }
  }
}
