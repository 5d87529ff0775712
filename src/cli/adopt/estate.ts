/**
 * What `cdktf-prefect adopt` reads from a Prefect server: the REST API's objects as the server
 * returns them (snake_case JSON), and a small client that reads them with Node's fetch.
 */

/** A JSON object as the API returns it. */
export type Obj = { [key: string]: any };

/** Everything adopt reads, in the server's own shapes. */
export interface Estate {
  readonly workPools: Obj[];
  /** Work pool name → its queues. */
  readonly workQueues: { [pool: string]: Obj[] };
  readonly flows: Obj[];
  /** With their `schedules`, as `/deployments/filter` returns them. */
  readonly deployments: Obj[];
  readonly variables: Obj[];
  readonly globalConcurrencyLimits: Obj[];
  /** Tag-based task-run limits (`/concurrency_limits/`); absent in estates recorded before adopt read them. */
  readonly taskRunConcurrencyLimits?: Obj[];
  readonly automations: Obj[];
  /** Block documents, read without their secret values. */
  readonly blocks: Obj[];
  /** Work pool type → the default base job template the server holds for it (its worker metadata). */
  readonly defaultTemplates: { [type: string]: Obj };
}

/** How many times a request is sent while the server answers 503 or 429. */
const RETRIES = 10;

/** A failed request, with the route and the server's answer (never the API key). */
export class PrefectApiError extends Error {}

/** The Prefect REST API at `apiUrl`, with `apiKey` as a bearer token when given. */
export class EstateReader {
  private readonly base: string;

  constructor(apiUrl: string, private readonly apiKey?: string) {
    this.base = apiUrl.replace(/\/+$/, '');
  }

  /** Reads the whole estate. */
  public async read(): Promise<Estate> {
    const workPools = await this.all('/work_pools/filter');
    const workQueues: { [pool: string]: Obj[] } = {};
    for (const pool of workPools) {
      workQueues[pool.name] = await this.all(`/work_pools/${encodeURIComponent(pool.name)}/queues/filter`);
    }
    return {
      workPools,
      workQueues,
      flows: await this.all('/flows/filter'),
      deployments: await this.all('/deployments/filter'),
      variables: await this.all('/variables/filter'),
      globalConcurrencyLimits: await this.all('/v2/concurrency_limits/filter'),
      taskRunConcurrencyLimits: await this.all('/concurrency_limits/filter'),
      automations: await this.all('/automations/filter'),
      blocks: await this.all('/block_documents/filter', { include_secrets: false }),
      defaultTemplates: await this.defaultTemplates(),
    };
  }

  /** The default template of each worker type, from the server's worker metadata ({} if it has none). */
  private async defaultTemplates(): Promise<{ [type: string]: Obj }> {
    let metadata: Obj;
    try {
      metadata = await this.request('GET', '/collections/views/aggregate-worker-metadata');
    } catch (e) {
      if (e instanceof PrefectApiError) return {};
      throw e;
    }
    const out: { [type: string]: Obj } = {};
    for (const collection of Object.values(metadata ?? {})) {
      for (const [type, worker] of Object.entries(collection as Obj)) {
        if (worker?.default_base_job_configuration) out[type] = worker.default_base_job_configuration;
      }
    }
    return out;
  }

  /** Sends one request; JSON in and out. */
  public async request(method: string, route: string, body?: unknown): Promise<any> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    let res: Response;
    // a busy server answers 503 (SQLite: "database is locked") or 429: wait and ask again, about 30 s in all
    for (let attempt = 1; ; attempt++) {
      try {
        res = await fetch(`${this.base}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch (e) {
        // a kept-alive connection the server has just closed ("other side closed"): a request
        // that changes nothing, or a DELETE, is sent again; a create is not
        const retryable = method === 'GET' || method === 'DELETE' || route.endsWith('/filter');
        if (retryable && attempt < 3 && !/ECONNREFUSED/.test(String((e as Error).cause))) continue;
        throw new PrefectApiError(`${method} ${this.base}${route}: ${(e as Error).cause ?? (e as Error).message}; is the server running, and is --api-url its API (ending in /api)?`);
      }
      if ((res.status !== 503 && res.status !== 429) || attempt === RETRIES) break;
      await res.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** (attempt - 1), 4000)));
    }
    const text = await res.text();
    if (!res.ok) {
      const hint = res.status === 401 || res.status === 403 ? ' (set PREFECT_API_KEY to a key of this workspace)' : '';
      throw new PrefectApiError(`${method} ${route}: HTTP ${res.status}${hint} ${text.slice(0, 300)}`);
    }
    return text ? JSON.parse(text) : undefined;
  }

  /** GET one object; undefined when the server answers 404. */
  public async find(route: string): Promise<any | undefined> {
    try {
      return await this.request('GET', route);
    } catch (e) {
      if (e instanceof PrefectApiError && /: HTTP 404\b/.test(e.message)) return undefined;
      throw e;
    }
  }

  /** Every object of a `/filter` route, page by page. */
  private async all(route: string, extra: Obj = {}): Promise<Obj[]> {
    const limit = 200;
    const out: Obj[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await this.request('POST', route, { ...extra, limit, offset });
      if (!Array.isArray(page)) throw new PrefectApiError(`POST ${route}: expected a list, got ${JSON.stringify(page).slice(0, 200)}`);
      out.push(...page);
      if (page.length < limit) return out;
    }
  }
}
