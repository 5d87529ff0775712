import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Checks, PrefectApi } from 'cdktf-prefect';
import { ContainerResources } from '../container-resources';
import { KubernetesAuth } from '../kubernetes-auth';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Helm keeps release names to 53 characters (its Secret names add a suffix). @internal */
export const RELEASE_NAME_MAX = 53;
/** Measured: Prefect 3.8.8's CLI and worker classes take about 90 MB resident before the worker polls. */
const MIN_MEMORY = 128 * 2 ** 20;
/** The fix every credential refusal of this package gives. @internal */
export const SECRET_FIX = 'keep secrets out of the configuration: put them in a Kubernetes Secret and pass it by name (auth: KubernetesAuth.apiKeyFromSecret(name, key))';

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const FACTORS: Record<string, number> = {
  '': 1, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/**
 * The value of a literal Kubernetes quantity (`250m` → 0.25, `1Gi` → 1073741824); undefined for
 * a token; fails at `scope` on anything Kubernetes would refuse, or on zero.
 */
function quantity(scope: IConstruct, prop: string, value: string, example: string): number | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const m = QUANTITY.exec(value);
  if (!m) {
    Checks.fail(scope, `invalid ${prop} ${Checks.show(value)}: use a Kubernetes quantity, e.g. ${Checks.show(example)}`);
    return undefined;
  }
  const n = Number(m[1]) * FACTORS[m[2] ?? ''];
  if (n <= 0) Checks.fail(scope, `invalid ${prop} ${Checks.show(value)}: it must be more than zero, e.g. ${Checks.show(example)}`);
  return n;
}

/** The chart's defaults with the given values over them, checked. @internal */
export function resourcesOf(scope: IConstruct, given: ContainerResources | undefined,
  defaults: Required<ContainerResources>, prop = 'resources'): Required<ContainerResources> {
  const r = { ...defaults, ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) } as Required<ContainerResources>;
  const cpuRequest = quantity(scope, `${prop}.cpuRequest`, r.cpuRequest, defaults.cpuRequest);
  const cpuLimit = quantity(scope, `${prop}.cpuLimit`, r.cpuLimit, defaults.cpuLimit);
  const memoryRequest = quantity(scope, `${prop}.memoryRequest`, r.memoryRequest, defaults.memoryRequest);
  const memoryLimit = quantity(scope, `${prop}.memoryLimit`, r.memoryLimit, defaults.memoryLimit);
  for (const [name, value, n] of [[`${prop}.memoryRequest`, r.memoryRequest, memoryRequest], [`${prop}.memoryLimit`, r.memoryLimit, memoryLimit]] as const) {
    if (n !== undefined && n < MIN_MEMORY) {
      Checks.fail(scope, `${name} ${Checks.show(value)} is below 128Mi, too little for a Prefect process (its CLI and worker classes take about 90 MB before it polls): give at least "128Mi" (the chart asks ${Checks.show(defaults.memoryRequest)})`);
    }
  }
  for (const [what, req, lim, reqText, limText] of [['cpu', cpuRequest, cpuLimit, r.cpuRequest, r.cpuLimit], ['memory', memoryRequest, memoryLimit, r.memoryRequest, r.memoryLimit]] as const) {
    if (req !== undefined && lim !== undefined && req > lim) {
      Checks.fail(scope, `${prop}.${what}Request ${Checks.show(reqText)} is more than ${prop}.${what}Limit ${Checks.show(limText)}, which Kubernetes refuses: raise the limit or lower the request`);
    }
  }
  return r;
}

/** The `resources` block of the charts' values. @internal */
export function resourcesValues(r: Required<ContainerResources>): Record<string, any> {
  return { requests: { cpu: r.cpuRequest, memory: r.memoryRequest }, limits: { cpu: r.cpuLimit, memory: r.memoryLimit } };
}

/**
 * Runs `check` at synth, after the credential scans registered before it: a check that shows
 * the value it refuses must never show a key someone pasted into the wrong prop. @internal
 */
export function deferred(scope: IConstruct, check: () => void): void {
  scope.node.addValidation({ validate: () => { check(); return []; } });
}

/** Fails at synth on a literal release name Helm would refuse. @internal */
export function checkReleaseName(scope: IConstruct, name: string | undefined, example: string): void {
  deferred(scope, () => {
    if (name !== undefined && !Token.isUnresolved(name) && (!DNS_LABEL.test(name) || name.length > RELEASE_NAME_MAX)) {
      Checks.fail(scope, `invalid releaseName ${Checks.show(name)}: use at most ${RELEASE_NAME_MAX} lowercase letters, digits and "-", starting and ending with a letter or digit, e.g. ${Checks.show(example)}`);
    }
  });
}

/**
 * Fails on a literal namespace Kubernetes would refuse, at once (the work pool's template, which
 * takes the job namespace, checks it at once too). @internal
 */
export function checkNamespace(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value !== undefined && !Token.isUnresolved(value) && (!DNS_LABEL.test(value) || value.length > 63)) {
    Checks.fail(scope, `invalid ${prop} ${Checks.show(value)}: a namespace is at most 63 lowercase letters, digits and "-", e.g. "prefect"`);
  }
}

/** Fails at synth on a moving (`latest`) or malformed image tag. @internal */
export function checkImageTag(scope: IConstruct, tag: string, example: string): void {
  deferred(scope, () => {
    if (Token.isUnresolved(tag)) return;
    if (/(^|[-.])latest($|[-.])/i.test(tag) || tag.trim() === '') {
      Checks.fail(scope, `invalid imageTag ${Checks.show(tag)}: a moving tag changes the release under an unchanged plan; pin a version, e.g. ${Checks.show(example)}`);
    }
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) {
      Checks.fail(scope, `invalid imageTag ${Checks.show(tag)}: an image tag is up to 128 letters, digits, "_", "." and "-", e.g. ${Checks.show(example)}`);
    }
  });
}

/**
 * Fails on a credential that does not fit the API (basic auth for Cloud, an API key for a
 * self-hosted server; with `requireCloudKey`, Cloud without a key), and, at synth after the
 * credential scan (a key given as a name is refused masked, never shown), on Secret names and
 * keys Kubernetes would refuse. @internal
 */
export function checkApiAuth(scope: IConstruct, api: PrefectApi, auth: KubernetesAuth, requireCloudKey: boolean): void {
  const credential = auth.credential;
  if (api.isCloud && credential.envName !== undefined && !credential.isApiKey) {
    Checks.fail(scope, 'Prefect Cloud takes an API key, not basic auth (KubernetesAuth.basicAuthFromSecret): pass auth: KubernetesAuth.apiKeyFromSecret(secretName, key)');
  }
  if (api.isCloud && requireCloudKey && !credential.isApiKey) {
    Checks.fail(scope, `Prefect Cloud (${Checks.show(api.apiUrl)}) needs an API key: pass auth: KubernetesAuth.apiKeyFromSecret(secretName, key), a Secret in the release's namespace`);
  }
  if (!api.isCloud && credential.isApiKey) {
    Checks.fail(scope, `a self-hosted server (${Checks.show(api.apiUrl)}) takes no API key (KubernetesAuth.apiKeyFromSecret ${Checks.show(auth.secretName)}): pass KubernetesAuth.basicAuthFromSecret(secretName) or KubernetesAuth.none(), or PrefectApi.cloud(accountId, workspaceId) for Prefect Cloud`);
  }
  Checks.refuseCredentials(scope, { 'auth.secretName': auth.secretName, 'auth.secretKey': auth.secretKey, 'api': api.apiUrl }, SECRET_FIX);
  checkSecretNames(scope, 'auth', auth.secretName, auth.secretKey);
}

/** At synth (after the credential scans), fails on a Secret name or key Kubernetes would refuse. @internal */
export function checkSecretNames(scope: IConstruct, prop: string, secretName?: string, secretKey?: string): void {
  deferred(scope, () => {
    for (const [what, value] of [['Secret name', secretName], ['Secret key', secretKey]]) {
      if (value === undefined || Token.isUnresolved(value)) continue;
      const ok = what === 'Secret name' ? DNS_SUBDOMAIN.test(value) : /^[-._a-zA-Z0-9]{1,253}$/.test(value);
      if (!ok) {
        Checks.fail(scope, `invalid ${what} ${Checks.show(value)} in ${prop}: a Secret is named like "prefect-api-key" (lowercase letters, digits, "-" and "."), its keys like "key" (letters, digits, "-", "_" and ".")`);
      }
    }
  });
}
