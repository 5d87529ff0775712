// Flow-run parameters checked against the deployment's OpenAPI schema, the way Prefect does:
// JSON Schema draft 2020-12, `required` ignored (runs may supply the rest), formats not asserted.
import Ajv2020 from 'ajv/dist/2020';

/** A fresh validator each time: schemas with an `$id` cannot be added twice to one. */
function validator(): Ajv2020 {
  return new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
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
  const ajv = validator();
  if (ajv.validateSchema(schema)) return undefined;
  return (ajv.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

/** One line per failing parameter, e.g. `"retries" must be integer`; empty when all pass. */
export function parameterErrors(schema: object, parameters: object): string[] {
  let validate;
  try {
    validate = validator().compile(withoutRequired(schema) as object);
  } catch (e) {
    return [`the schema does not compile: ${(e as Error).message}`];
  }
  if (validate(parameters)) return [];
  return (validate.errors ?? []).map((e) => {
    const path = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
    const extra = e.keyword === 'additionalProperties' ? ` (${JSON.stringify((e.params as any).additionalProperty)})` : '';
    return `${path ? JSON.stringify(path) : 'the parameters'} ${e.message}${extra}`;
  });
}
