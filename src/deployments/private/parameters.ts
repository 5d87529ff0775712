// Flow-run parameters checked against the deployment's OpenAPI schema, the way Prefect does:
// JSON Schema draft 2020-12, `required` ignored (runs may supply the rest), formats not asserted.
//
// Compiling is the expensive part (an Ajv instance compiles the draft 2020-12 meta-schema before
// its first `validateSchema` or `compile`: about 70 ms and 4 MB; every `compile` generates code):
// about 35 ms per deployment when done afresh each time, 20× the synth cost of the resources
// themselves (BENCHMARKS.md). So the results are cached by the schema's JSON text, which also
// covers the many deployments of an estate that share one parameter schema, and one instance
// both checks schemas and compiles those without `$id`, so that the meta-schema is compiled once.
//
// ajv is loaded on first use (about 40 ms and 10 MB), so apps without a parameter schema, and
// `require('cdktf-prefect')` itself, do not pay for it.
import type Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';

let ajvClass: typeof Ajv2020 | undefined;

function validator(): Ajv2020 {
  ajvClass ??= (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
  return new ajvClass({ strict: false, allErrors: true, validateFormats: false });
}

/**
 * Checks schemas against the meta-schema (compiled once, on first use), and compiles the schemas
 * that contain no `$id`: those register nothing in the instance that another schema could see or
 * clash with. A schema with an `$id` gets an instance of its own, as an `$id` cannot be added
 * twice to one.
 */
let shared: Ajv2020 | undefined;

const schemaErrors = new Map<string, string | undefined>();
const validators = new Map<string, { validate?: ValidateFunction; error?: string }>();

/** The JSON text of a schema, the cache key; undefined when it has none (then nothing is cached). */
function keyOf(schema: unknown): string | undefined {
  try {
    return JSON.stringify(schema);
  } catch {
    return undefined;
  }
}

function hasId(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(hasId);
  if (schema && typeof schema === 'object') {
    return Object.entries(schema).some(([k, v]) => k === '$id' || hasId(v));
  }
  return false;
}

/** Removes `required` lists everywhere in a schema (Prefect validates with ignore_required). */
function withoutRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRequired);
  if (schema && typeof schema === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'required' && Array.isArray(v)) continue;
      out[k] = withoutRequired(v);
    }
    return out;
  }
  return schema;
}

/** The schema's own problem, if it is not a valid draft 2020-12 schema. */
export function schemaError(schema: object): string | undefined {
  const key = keyOf(schema);
  if (key !== undefined && schemaErrors.has(key)) return schemaErrors.get(key);
  const ajv = (shared ??= validator());
  const error = ajv.validateSchema(schema)
    ? undefined
    : (ajv.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
  if (key !== undefined) schemaErrors.set(key, error);
  return error;
}

function compiled(schema: object): { validate?: ValidateFunction; error?: string } {
  const prepared = withoutRequired(schema) as object;
  const key = keyOf(prepared);
  const cached = key === undefined ? undefined : validators.get(key);
  if (cached) return cached;
  let entry: { validate?: ValidateFunction; error?: string };
  try {
    const ajv = hasId(prepared) ? validator() : (shared ??= validator());
    entry = { validate: ajv.compile(prepared) };
  } catch (e) {
    entry = { error: `the schema does not compile: ${(e as Error).message}` };
  }
  if (key !== undefined) validators.set(key, entry);
  return entry;
}

/** One line per failing parameter, e.g. `"retries" must be integer`; empty when all pass. */
export function parameterErrors(schema: object, parameters: object): string[] {
  const { validate, error } = compiled(schema);
  if (!validate) return [error!];
  if (validate(parameters)) return [];
  return (validate.errors ?? []).map((e) => {
    const path = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
    const extra = e.keyword === 'additionalProperties' ? ` (${JSON.stringify((e.params as any).additionalProperty)})` : '';
    return `${path ? JSON.stringify(path) : 'the parameters'} ${e.message}${extra}`;
  });
}
