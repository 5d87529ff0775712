// Flow-run parameters checked against the deployment's OpenAPI schema, the way Prefect does:
// JSON Schema draft 2020-12, `required` ignored (runs may supply the rest), formats not asserted.
//
// Compiling is the expensive part: every `compile` generates code, about 35 ms per deployment
// when done afresh each time, 20× the synth cost of the resources themselves (BENCHMARKS.md).
// So the results are cached by the schema's JSON text, which also covers the many deployments
// of an estate that share one parameter schema.
//
// Schemas are checked against the draft 2020-12 meta-schema by a validator that ajv compiled
// ahead of time (src/.gen/ajv, written by scripts/ajv-meta.js with the same options): an Ajv
// instance would compile the meta-schema first, about 70 ms and 4 MB. It is the code Ajv's
// `validateSchema` runs for a schema whose `$schema` is absent or the draft 2020-12 URI (Ajv2020's
// default meta-schema), with the same errors; any other `$schema` still goes to Ajv. Schemas are
// checked before they are compiled, so the instances compile without checking them again.
//
// ajv is loaded on first use (about 40 ms and 10 MB), so apps without a parameter schema, and
// `require('cdktf-prefect')` itself, do not pay for it.
import type Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { AJV_OPTIONS } from './ajv-options';
// type-only, so that the module is compiled into lib/ but loaded on first use (require below)
import type * as MetaSchemaModule from '../../.gen/ajv/draft-2020-12-meta';

/** The meta-schema every schema without `$schema` is checked against (Ajv2020's default). */
const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

let ajvClass: typeof Ajv2020 | undefined;

function validator(): Ajv2020 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: importing the library must not load ajv
  ajvClass ??= (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
  return new ajvClass({ ...AJV_OPTIONS, validateSchema: false });
}

/** The precompiled draft 2020-12 meta-schema validator. */
type MetaValidator = ((schema: unknown) => boolean) & { errors?: ErrorObject[] | null };
let metaValidator: MetaValidator | undefined;

/**
 * Checks schemas with another `$schema`, and compiles the schemas that contain no `$id`: those
 * register nothing in the instance that another schema could see or clash with. A schema with an
 * `$id` gets an instance of its own, as an `$id` cannot be added twice to one.
 */
let shared: Ajv2020 | undefined;

const schemaErrors = new Map<string, string | undefined>();
/** compiled validators by the JSON text of the schema without `required`, and of the schema as given */
const validators = new Map<string, { validate?: ValidateFunction; error?: string }>();
const validatorsBySource = new Map<string, { validate?: ValidateFunction; error?: string }>();

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
  const { valid, errors } = checkSchema(schema);
  const error = valid ? undefined : (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
  if (key !== undefined) schemaErrors.set(key, error);
  return error;
}

/** What `Ajv2020.validateSchema(schema)` answers, without compiling the default meta-schema. */
export function checkSchema(schema: object): { valid: boolean; errors?: ErrorObject[] | null } {
  const $schema = (schema as { $schema?: unknown }).$schema;
  if ($schema === undefined || $schema === DRAFT_2020_12) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, as ajv is
    metaValidator ??= (require('../../.gen/ajv/draft-2020-12-meta') as typeof MetaSchemaModule).default as MetaValidator;
    const valid = metaValidator(schema);
    return { valid, errors: metaValidator.errors };
  }
  const ajv = (shared ??= validator());
  const valid = ajv.validateSchema(schema) as boolean;
  return { valid, errors: ajv.errors };
}

function compiled(schema: object): { validate?: ValidateFunction; error?: string } {
  // by the schema as given first: no copy without `required` for a schema seen before
  const source = keyOf(schema);
  const seen = source === undefined ? undefined : validatorsBySource.get(source);
  if (seen) return seen;
  const entry = compiledWithoutRequired(schema);
  if (source !== undefined) validatorsBySource.set(source, entry);
  return entry;
}

function compiledWithoutRequired(schema: object): { validate?: ValidateFunction; error?: string } {
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
