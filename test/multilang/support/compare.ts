import * as path from 'path';

/**
 * A synthesized stack without what differs between two apps that declare the same
 * infrastructure: every "//" key (cdktf's stack metadata — its version, stack name, backend —
 * and each resource's construct path and unique ID), and the directory of the local backend's
 * state file (cdktf makes it absolute, from the app's working directory). Logical IDs stay:
 * they are Terraform's resource addresses, so two apps must agree on them.
 */
export function normalizeStack(stack: unknown): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== '//').map(([k, v]) => [k, strip(v)]));
  };
  const out = strip(stack) as any;
  const local = out?.terraform?.backend?.local;
  if (local && typeof local.path === 'string') local.path = path.basename(local.path);
  return out;
}

/** A string that holds a JSON object or array (Prefect's provider takes many attributes so). */
function parseJsonString(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

const show = (v: unknown) => (v === undefined ? '(missing)' : JSON.stringify(v));

/**
 * Every difference between two JSON documents, one line each, as `path: expected <- actual`.
 * Attributes that hold JSON documents as strings must be equal as strings; when they differ, the
 * difference is shown inside the documents (path `attr(json).key`), so a changed parameter shows
 * as that parameter, not as two long strings.
 * Empty when the documents are equal (the key order of objects aside, as Terraform ignores it).
 */
export function jsonDifferences(expected: unknown, actual: unknown, at = '$'): string[] {
  if (typeof expected === 'string' && typeof actual === 'string' && expected !== actual) {
    const [e, a] = [parseJsonString(expected), parseJsonString(actual)];
    if (e !== undefined && a !== undefined) {
      const inner = jsonDifferences(e, a, `${at}(json)`);
      // the same document written differently is still a different string to Terraform
      return inner.length > 0 ? inner : [`${at}: the same JSON document, serialized differently: ${show(expected)} <- ${show(actual)}`];
    }
  }
  const bothObjects = expected !== null && actual !== null && typeof expected === 'object' && typeof actual === 'object';
  if (!bothObjects || Array.isArray(expected) !== Array.isArray(actual)) {
    return Object.is(expected, actual) ? [] : [`${at}: ${show(expected)} <- ${show(actual)}`];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) out.push(...jsonDifferences(expected[i], actual[i], `${at}[${i}]`));
    return out;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
  return keys.flatMap((k) => jsonDifferences(e[k], a[k], `${at}.${k}`));
}
