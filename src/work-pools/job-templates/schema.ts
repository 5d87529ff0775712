// Internal building blocks for the job templates: JSON-schema variables, placeholders, block references.
import { IConstruct } from 'constructs';
import { IBlock } from '../../blocks/block-ref';
import { WorkPoolType } from '../work-pool-type';
import { JobTemplateOptions } from './common-options';

/** A JSON object as the templates use it. @internal */
export type Json = Record<string, any>;

/**
 * What a typed template factory hands to `BaseJobTemplate`: the worker type, the full default
 * document, the variable defaults picked from the options, and checks that need a construct to
 * report against. @internal
 */
export interface TemplateDefinition {
  readonly workPoolType: WorkPoolType;
  readonly document: Json;
  readonly defaults: Json;
  readonly checks: Array<(scope: IConstruct) => void>;
}

/** `{{ name }}`, the placeholder a job configuration uses for a variable. @internal */
export function placeholder(name: string): string {
  return `{{ ${name} }}`;
}

/** Maps each key to a placeholder of the same name: `{ env: "{{ env }}", ... }`. @internal */
export function placeholders(...names: string[]): Json {
  const out: Json = {};
  for (const n of names) out[n] = placeholder(n);
  return out;
}

/** One variable of the `variables` schema. @internal */
export function variable(type: string | undefined, title: string, description: string, extra: Json = {}): Json {
  const v: Json = { title, description };
  if (type !== undefined) v.type = type;
  return { ...v, ...extra };
}

/** A variable whose value is a block document of the definition named `definition`. @internal */
export function blockVariable(title: string, description: string, definition: string): Json {
  return { title, description, allOf: [{ $ref: `#/definitions/${definition}` }] };
}

/** A map of strings, e.g. environment variables or labels. @internal */
export function stringMap(title: string, description: string): Json {
  return variable('object', title, description, { additionalProperties: { type: 'string' } });
}

/** A list of strings. @internal */
export function stringList(title: string, description: string): Json {
  return variable('array', title, description, { items: { type: 'string' } });
}

/** The variables every worker type shares: name, env, labels and command. @internal */
export function commonVariables(infrastructure: string): Json {
  return {
    name: variable('string', 'Name', `Name of the ${infrastructure} the worker creates for a flow run.`),
    env: stringMap('Environment Variables', 'Extra environment variables for the flow run.'),
    labels: stringMap('Labels', `Labels put on the ${infrastructure} the worker creates.`),
    command: variable('string', 'Command',
      'Command that starts the flow run. Leave it empty: the worker then builds the right one.'),
  };
}

/** The whole template document. @internal */
export function templateDocument(jobConfiguration: Json, properties: Json, definitions?: Json): Json {
  const variables: Json = { type: 'object', properties };
  if (definitions) variables.definitions = definitions;
  return { job_configuration: jobConfiguration, variables };
}

/**
 * The value that makes a worker load a block document into a variable at run time.
 * @internal
 */
export function blockReference(block: IBlock | undefined): Json | undefined {
  // null too: the template's checks refuse it with the prop's name before this value is used
  return block === undefined || block === null ? undefined : { $ref: { block_document_id: block.blockId } };
}

/** Copies the entries whose value is set. @internal */
export function definedEntries(values: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * Assembles a template definition: the shared options (name, command, env, labels) and the
 * type's own defaults become variable defaults when they are set.
 * @internal
 */
export function templateDefinition(
  workPoolType: WorkPoolType,
  document: Json,
  options: JobTemplateOptions,
  defaults: Json,
  check?: (scope: IConstruct) => void,
): TemplateDefinition {
  const { name, command, env, labels } = options;
  return {
    workPoolType,
    document,
    defaults: definedEntries({ name, command, env, labels, ...defaults }),
    checks: check ? [check] : [],
  };
}
