/**
 * A small client for the Prefect REST API of the local server, used to read back what
 * Terraform created. Plain fetch: the tests must see exactly what the server stores.
 */
export class PrefectApi {
  constructor(private readonly apiUrl: string) {}

  async get<T = any>(route: string): Promise<T> {
    return this.request<T>('GET', route);
  }

  async post<T = any>(route: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', route, body);
  }

  async patch<T = any>(route: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', route, body);
  }

  async delete(route: string): Promise<void> {
    await this.request('DELETE', route);
  }

  /** GET that returns undefined on 404 instead of failing. */
  async find<T = any>(route: string): Promise<T | undefined> {
    const res = await this.send(`${this.apiUrl}${route}`);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`GET ${route}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  private async request<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await this.send(`${this.apiUrl}${route}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * fetch, retried on a connection error: the server closes idle keep-alive connections
   * after a few seconds, and a request that lands on one fails with "other side closed";
   * and on 503, as Terraform's provider does. Every request the tests send is a read or an
   * idempotent update.
   */
  private async send(url: string, init?: RequestInit): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(url, init);
        // the SQLite server answers 503 "database is locked" while Terraform writes in parallel
        if (res.status !== 503 || attempt >= 6) return res;
        await res.text();
      } catch (e) {
        if (attempt >= 3) throw e;
      }
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }

  // ---- the objects the library manages -------------------------------------------

  flows(names?: string[]): Promise<any[]> {
    return this.post('/flows/filter', names ? { flows: { name: { any_: names } } } : {});
  }

  deployments(names?: string[]): Promise<any[]> {
    return this.post('/deployments/filter', names ? { deployments: { name: { any_: names } } } : {});
  }

  workPools(names?: string[]): Promise<any[]> {
    return this.post('/work_pools/filter', names ? { work_pools: { name: { any_: names } } } : {});
  }

  workQueues(pool: string): Promise<any[]> {
    return this.post(`/work_pools/${encodeURIComponent(pool)}/queues/filter`, {});
  }

  schedules(deploymentId: string): Promise<any[]> {
    return this.get(`/deployments/${deploymentId}/schedules`);
  }
}

/** Events, automations and flow runs, for the automation e2e tests (added by the automations work). */
export class PrefectEventsApi extends PrefectApi {
  automations(names?: string[]): Promise<any[]> {
    return this.post('/automations/filter', names ? { automations: { name: { any_: names } } } : {});
  }

  /** Emits events through `POST /api/events` (a JSON array; the server answers 204). */
  async emitEvents(events: Array<{ event: string; resource: Record<string, string>; payload?: Record<string, unknown> }>): Promise<void> {
    await this.post('/events', events.map((e) => ({
      id: crypto.randomUUID(),
      occurred: new Date().toISOString(),
      payload: {},
      ...e,
    })));
  }

  flowRunsOf(deploymentId: string): Promise<any[]> {
    return this.post('/flow_runs/filter', { flow_runs: { deployment_id: { any_: [deploymentId] } } });
  }
}

/**
 * Polls `probe` every second until it finds something, calling `poke` first and then every 5 s
 * (e.g. to emit an event again: the server's trigger service loads a new automation a few seconds
 * late); fails after 90 s.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, poke: () => Promise<void>): Promise<T> {
  const start = Date.now();
  for (let lastPoke = 0; ; await new Promise((r) => setTimeout(r, 1_000))) {
    if (Date.now() - lastPoke > 5_000) {
      await poke();
      lastPoke = Date.now();
    }
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() - start > 90_000) throw new Error(`timed out after 90 s waiting for ${what}`);
  }
}
