// The untimed check that the variants of a workload synthesize the same resources: the same
// types and counts (resources and data sources), and (logical IDs aside) the same attribute
// values, outputs and variables.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** What a synthesized stack holds. */
export interface StackShape {
  /** resource type (data sources as `data.<type>`) -> count */
  readonly counts: Record<string, number>;
  /** total resources and data sources */
  readonly total: number;
  /** hash of all resource and data source bodies, outputs and variables, without logical IDs */
  readonly bodies: string;
}

export function readStack(outdir: string, stack: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

/** The blocks compared: resource and data source types, each logical ID -> body. */
function blocks(tf: any): [string, Record<string, unknown>][] {
  return [
    ...Object.entries<Record<string, unknown>>(tf.resource ?? {}),
    ...Object.entries<Record<string, unknown>>(tf.data ?? {}).map(([type, byId]): [string, Record<string, unknown>] => [`data.${type}`, byId]),
  ];
}

/**
 * Replaces every reference to a logical ID of the stack with `*`, wherever it stands: in
 * `${prefect_flow.Etl0_Flow_0F9FD044.id}`, inside expressions such as
 * `${jsonencode({"a" = aws_s3_bucket.Sensor_Bucket_1A2B3C4D.bucket})}`, or in `depends_on`.
 */
function referenceStripper(tf: any): (text: string) => string {
  const refs = new Map<string, string>();
  for (const [type, byId] of blocks(tf)) for (const id of Object.keys(byId)) refs.set(`${type}.${id}`, `${type}.*`);
  if (refs.size === 0) return (text) => text;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = [...refs.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
  const ref = new RegExp(`(?<![\\w.-])(?:${alternatives})(?![\\w-])`, 'g');
  return (text) => text.replace(ref, (m) => refs.get(m)!);
}

function withoutLogicalIds(value: unknown, strip: (text: string) => string): unknown {
  if (typeof value === 'string') return strip(value);
  if (Array.isArray(value)) return value.map((v) => withoutLogicalIds(v, strip));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      // cdktf's own bookkeeping, not an attribute
      if (key === '//') continue;
      out[key] = withoutLogicalIds((value as Record<string, unknown>)[key], strip);
    }
    return out;
  }
  return value;
}

/** One line per resource, data source, output and variable, without logical IDs, sorted. */
export function bodyLines(tf: any): string[] {
  const strip = referenceStripper(tf);
  const lines: string[] = [];
  for (const [type, byId] of blocks(tf)) {
    for (const body of Object.values(byId)) lines.push(`${type} ${JSON.stringify(withoutLogicalIds(body, strip))}`);
  }
  for (const section of ['output', 'variable']) {
    for (const [name, body] of Object.entries<unknown>(tf[section] ?? {})) lines.push(`${section} ${name} ${JSON.stringify(withoutLogicalIds(body, strip))}`);
  }
  return lines.sort();
}

export function shapeOf(tf: any): StackShape {
  const counts: Record<string, number> = {};
  for (const [type, byId] of blocks(tf)) counts[type] = Object.keys(byId).length;
  return {
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    bodies: createHash('sha256').update(bodyLines(tf).join('\n')).digest('hex').slice(0, 12),
  };
}

/** The first line each side has that the other has not (for a report of what differs). */
export function firstDifference(a: string[], b: string[]): { onlyA?: string; onlyB?: string } {
  const count = (lines: string[]) => lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const ca = count(a);
  const cb = count(b);
  return {
    onlyA: a.find((l) => (ca.get(l) ?? 0) > (cb.get(l) ?? 0)),
    onlyB: b.find((l) => (cb.get(l) ?? 0) > (ca.get(l) ?? 0)),
  };
}

export function countsText(shape: StackShape): string {
  return Object.entries(shape.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, n]) => `${type.replace(/^(data\.)?prefect_/, '$1')} ${n}`)
    .join(', ');
}

export function sameCounts(a: StackShape, b: StackShape): boolean {
  return JSON.stringify(Object.entries(a.counts).sort()) === JSON.stringify(Object.entries(b.counts).sort());
}

/**
 * The Terraform configuration an app synthesizes, for comparing two runs of the same app
 * (provider blocks, resources, data sources, outputs, variables; keys sorted; the backend and
 * cdktf's metadata left out, as they name the directory the app ran in).
 */
export function configurationOf(tf: any): string {
  const { ['//']: _meta, terraform: _terraform, ...rest } = tf;
  return JSON.stringify(withoutLogicalIds(rest, (text) => text));
}
