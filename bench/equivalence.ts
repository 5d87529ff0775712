// The untimed check that the variants of a workload synthesize the same resources: the same
// types and counts, and (logical IDs aside) the same attribute values.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** What a synthesized stack holds. */
export interface StackShape {
  /** resource type -> count */
  readonly counts: Record<string, number>;
  /** total resources */
  readonly total: number;
  /** hash of all resource bodies, with references written without logical IDs */
  readonly bodies: string;
}

export function readStack(outdir: string, stack: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

/**
 * `${prefect_flow.Etl0_Flow_0F9FD044.id}` -> `${prefect_flow.*.id}`, and a `depends_on` entry
 * `prefect_deployment_schedule.Etl0_Cron_1A2B3C4D` -> `prefect_deployment_schedule.*`
 */
function withoutLogicalIds(value: unknown): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/\$\{([a-z0-9_]+)\.[^.}]+\.([^}]+)\}/g, '${$1.*.$2}')
      .replace(/^([a-z0-9_]+)\.[^.${}]+$/, '$1.*');
  }
  if (Array.isArray(value)) return value.map(withoutLogicalIds);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      // cdktf's own bookkeeping, not an attribute
      if (key === '//') continue;
      out[key] = withoutLogicalIds((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

export function shapeOf(tf: any): StackShape {
  const counts: Record<string, number> = {};
  const bodies: string[] = [];
  for (const [type, byId] of Object.entries<Record<string, unknown>>(tf.resource ?? {})) {
    counts[type] = Object.keys(byId).length;
    for (const body of Object.values(byId)) bodies.push(`${type} ${JSON.stringify(withoutLogicalIds(body))}`);
  }
  bodies.sort();
  return {
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    bodies: createHash('sha256').update(bodies.join('\n')).digest('hex').slice(0, 12),
  };
}

export function countsText(shape: StackShape): string {
  return Object.entries(shape.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, n]) => `${type.replace(/^prefect_/, '')} ${n}`)
    .join(', ');
}

export function sameCounts(a: StackShape, b: StackShape): boolean {
  return JSON.stringify(Object.entries(a.counts).sort()) === JSON.stringify(Object.entries(b.counts).sort());
}
