import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { AJV_OPTIONS } from '../../src/deployments/private/ajv-options';
import { checkSchema } from '../../src/deployments/private/parameters';

// Parameter schemas are checked against the draft 2020-12 meta-schema by a validator ajv
// compiled ahead of time (scripts/ajv-meta.js -> src/.gen/ajv), instead of a runtime Ajv
// instance compiling the meta-schema first (about 70 ms and 4 MB per synth). Here: that file is
// what the installed ajv generates, and its answers are Ajv's own, errors included.

const ROOT = path.resolve(__dirname, '..', '..');

const SCHEMAS: [string, object][] = [
  // valid: as `prefect deploy` writes them, and more of the vocabulary
  ['prefect flow parameters', {
    title: 'Parameters', type: 'object',
    properties: {
      source: { title: 'source', position: 0, type: 'string' },
      retries: { title: 'retries', default: 3, position: 1, type: 'integer', minimum: 0 },
      mode: { title: 'mode', position: 2, allOf: [{ $ref: '#/definitions/Mode' }] },
    },
    required: ['source'],
    definitions: { Mode: { title: 'Mode', enum: ['full', 'incremental'], type: 'string' } },
  }],
  ['$defs, $ref, unevaluated, prefixItems', {
    $defs: { id: { type: 'string', pattern: '^[a-z]+$' } },
    type: 'object',
    properties: { ids: { type: 'array', prefixItems: [{ $ref: '#/$defs/id' }], items: { type: 'integer' } } },
    unevaluatedProperties: false,
    dependentRequired: { a: ['b'] },
  }],
  ['explicit draft 2020-12 $schema', { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' }],
  ['$dynamicAnchor and $dynamicRef', { $dynamicAnchor: 'node', type: 'object', properties: { child: { $dynamicRef: '#node' } } }],
  ['empty', {}],
  // invalid, in many places
  ['unknown type', { type: 'objekt' }],
  ['nested errors', { properties: { a: { type: 'integr' }, b: { minimum: 'x' } }, required: 'a' }],
  ['items not a schema', { items: 5 }],
  ['bad $defs', { $defs: { x: { type: 3 } } }],
  ['empty allOf', { allOf: [] }],
  ['enum not an array', { anyOf: [{ type: 'string' }, { enum: 'x' }] }],
  ['bad prefixItems', { prefixItems: [{ type: 'nope' }] }],
  ['bad unevaluatedProperties', { unevaluatedProperties: 'no' }],
  ['$ref not a string', { $ref: 5 }],
  ['type list with a typo', { properties: { a: { $ref: '#/$defs/x' } }, $defs: { x: { type: ['string', 'nul'] } } }],
  ['dependentRequired not arrays', { dependentRequired: { a: 'b' } }],
  ['if/then', { if: { type: 'x' }, then: 1 }],
  ['annotations of the wrong type', { title: 5, description: [], format: 3 }],
  ['multipleOf 0, maxLength -1', { multipleOf: 0, maxLength: -1 }],
  ['deep in patternProperties', { patternProperties: { '^a': { properties: { b: { items: { type: 'q' } } } } } }],
];

describe('precompiled draft 2020-12 meta-schema', () => {
  test('src/.gen/ajv/draft-2020-12-meta.ts is what the installed ajv generates with the library\'s options', () => {
    const expected = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'ajv-meta.js'), '--print'], { cwd: ROOT, encoding: 'utf8' });
    expect(fs.readFileSync(path.join(ROOT, 'src', '.gen', 'ajv', 'draft-2020-12-meta.ts'), 'utf8') === expected).toBe(true);
  });

  test.each(SCHEMAS)('%s: the same answer and errors as Ajv2020.validateSchema', (_name, schema) => {
    const ajv = new Ajv2020(AJV_OPTIONS);
    const valid = ajv.validateSchema(schema);
    expect(checkSchema(schema)).toEqual({ valid, errors: ajv.errors });
  });

  test('the corpus has both outcomes', () => {
    const outcomes = SCHEMAS.map(([, s]) => checkSchema(s).valid);
    expect(outcomes.filter((v) => v)).toHaveLength(5);
    expect(outcomes.filter((v) => !v)).toHaveLength(SCHEMAS.length - 5);
  });

  test('another $schema is left to Ajv, which judges it as before', () => {
    const draft7 = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' };
    expect(() => new Ajv2020(AJV_OPTIONS).validateSchema(draft7)).toThrow(/no schema with key or ref/);
    expect(() => checkSchema(draft7)).toThrow(/no schema with key or ref/);
    const withHash = { $schema: 'https://json-schema.org/draft/2020-12/schema#', type: 'objekt' };
    const ajv = new Ajv2020(AJV_OPTIONS);
    expect(checkSchema(withHash)).toEqual({ valid: ajv.validateSchema(withHash), errors: ajv.errors });
    expect(checkSchema(withHash).valid).toBe(false);
  });
});
