import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { ROOT, TOOLCHAIN } from '../../../../test/e2e/support/env';
import { yamlDocuments } from '../../../../test/support/yaml';
import { PrefectChart } from '../../src';

/** Where scripts/install-chart.sh puts the packaged charts. */
export const CHART_DIR = process.env.CDKTF_PREFECT_CHART_DIR ?? path.join(os.homedir(), '.cache', 'cdktf-prefect', 'charts');

/** Why one of the charts at the pinned version is not on this machine, or undefined. */
export function missingChart(...charts: string[]): string | undefined {
  for (const chart of charts) {
    const file = path.join(CHART_DIR, `${chart}-${PrefectChart.PINNED_VERSION}.tgz`);
    if (fs.existsSync(file)) continue;
    return `no ${file}: no chart repository is reachable here; package it with scripts/install-chart.sh <prefect-helm checkout at ${PrefectChart.PINNED_VERSION}> --common <bitnami/common>`
      + (chart === 'prefect-server' ? ' --dependency <bitnami/postgresql> --dependency <bitnami/redis>' : '');
  }
  return undefined;
}

/**
 * Installs kube-apiserver and kine (scripts/kube-tools.sh install: a few minutes the first time,
 * under a second after) and says why they cannot run here, or undefined when they can.
 */
export function missingKubeTools(): string | undefined {
  return kubeToolsInstall('install', 'status', 'no local Kubernetes API server', 1_200_000);
}

/**
 * Also builds kube-controller-manager, kube-scheduler and kwok (scripts/kube-tools.sh
 * install-nodes) and says why they cannot run here, or undefined when they can.
 */
export function missingNodes(): string | undefined {
  return missingKubeTools() ?? kubeToolsInstall('install-nodes', 'nodes-status', 'no simulated nodes', 1_200_000);
}

/** Runs `scripts/kube-tools.sh <command>`; undefined when it succeeds, else why not (its status file). */
function kubeToolsInstall(command: string, statusFile: string, what: string, timeout: number): string | undefined {
  try {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'kube-tools.sh'), command], { stdio: ['ignore', 'ignore', 'inherit'], timeout });
    return undefined;
  } catch {
    const status = path.join(TOOLCHAIN, 'kube', statusFile);
    return `${what}: ${fs.existsSync(status) ? fs.readFileSync(status, 'utf8').trim() : `scripts/kube-tools.sh ${command} failed`}`;
  }
}

/** A local API server started by scripts/kube-tools.sh, and a client for it (admin token). */
export class LocalKube {
  /**
   * Starts one, in a fresh directory, stopped when this process exits; with `nodes`, also the
   * controller manager, the scheduler and kwok with one simulated node (pods become Ready).
   */
  static start(nodes = false): LocalKube {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-kube-'));
    const kubeconfig = execFileSync('bash', [path.join(ROOT, 'scripts', 'kube-tools.sh'), 'start', dir, '--owner-pid', String(process.pid), ...(nodes ? ['--nodes'] : [])],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    return new LocalKube(dir, kubeconfig);
  }

  public readonly server: string;
  private readonly token: string;

  private constructor(public readonly dir: string, public readonly kubeconfig: string) {
    const text = fs.readFileSync(kubeconfig, 'utf8');
    this.server = /server: (\S+)/.exec(text)![1];
    this.token = /token: (\S+)/.exec(text)![1];
  }

  /** GET an API path; undefined on 404. */
  async get(route: string): Promise<any> {
    const { status, body } = await this.request('GET', route);
    if (status === 404) return undefined;
    if (status !== 200) throw new Error(`GET ${route}: ${status} ${body}`);
    return JSON.parse(body);
  }

  /** POST an object to a collection. */
  async create(route: string, object: unknown): Promise<any> {
    const { status, body } = await this.request('POST', route, JSON.stringify(object));
    if (status !== 201) throw new Error(`POST ${route}: ${status} ${body}`);
    return JSON.parse(body);
  }

  /** A Deployment, undefined when there is none. */
  async deployment(namespace: string, name: string): Promise<any> {
    return this.get(`/apis/apps/v1/namespaces/${namespace}/deployments/${name}`);
  }

  stop(): void {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'kube-tools.sh'), 'stop', this.dir], { stdio: 'inherit' });
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private request(method: string, route: string, data?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      // the API server's certificate is the self-signed one it made for 127.0.0.1
      const req = https.request(`${this.server}${route}`, {
        method,
        rejectUnauthorized: false,
        headers: { 'Authorization': `Bearer ${this.token}`, 'Content-Type': 'application/json', 'Accept': 'application/json' },
      }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c) => { body += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(data);
    });
  }
}

/**
 * Starts a local API server (with `nodes`, and a simulated node) before the enclosing
 * describe's tests and stops it after them.
 */
export function localKubeForSuite(nodes = false): () => LocalKube {
  let kube: LocalKube | undefined;
  beforeAll(() => {
    kube = LocalKube.start(nodes);
  });
  afterAll(() => kube?.stop());
  return () => {
    if (!kube) throw new Error('the local API server did not start (see the beforeAll error above)');
    return kube;
  };
}

/** A container's environment: name -> value, or its valueFrom (a secretKeyRef, ...). */
export function containerEnv(container: any): Record<string, any> {
  return Object.fromEntries(container.env.map((e: any) => [e.name, e.valueFrom ?? e.value]));
}

/** The helm CLI scripts/kube-tools.sh install-helm builds. */
export const HELM = path.join(TOOLCHAIN, 'kube', 'bin', 'helm');

/**
 * Builds the helm CLI (scripts/kube-tools.sh install-helm: about a minute the first time, under a
 * second after) and says why it cannot, or undefined when it can.
 */
export function missingHelm(): string | undefined {
  return kubeToolsInstall('install-helm', 'helm-status', 'no helm CLI', 900_000);
}

/** What `helm template` renders from a synthesized `helm_release` and the packaged chart. */
export interface Rendered {
  /** Every object, in the order Helm prints them. */
  readonly objects: any[];
  /** The one object of a kind and name; fails when there is none. */
  one(kind: string, name: string): any;
}

/**
 * `helm template` of a synthesized `helm_release` (its name, namespace, chart and values
 * document) with the packaged chart (in `CHART_DIR` unless the release names a file), for the Kubernetes version the e2e API
 * server runs; the objects parsed.
 */
export function helmTemplate(release: any): Rendered {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-template-'));
  try {
    const values = path.join(dir, 'values.yaml');
    fs.writeFileSync(values, release.values[0]);
    // a release made with PrefectChart.fromLocalPath names the packaged file; one from a repository, the chart
    const chart = path.isAbsolute(release.chart) ? release.chart : path.join(CHART_DIR, `${release.chart}-${release.version}.tgz`);
    const out = execFileSync(HELM, ['template', release.name, chart, '--namespace', release.namespace, '--values', values, '--kube-version', 'v1.34.2'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HELM_CACHE_HOME: dir, HELM_CONFIG_HOME: dir, HELM_DATA_HOME: dir } });
    const objects = yamlDocuments(out);
    return {
      objects,
      one(kind: string, name: string) {
        const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
        if (found.length !== 1) throw new Error(`${found.length} ${kind} named ${name} in: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
        return found[0];
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
