import { Fn, Token, Tokenization } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DataPrefectWorkerMetadata } from '../.gen/providers/prefect/data-prefect-worker-metadata';
import { closeMatches, fail, isLiteral, show, toJsonAttribute } from '../core';
import { AciJobTemplateOptions } from './job-templates/aci-options';
import { aciTemplate } from './job-templates/aci';
import { CloudRunV2JobTemplateOptions } from './job-templates/cloud-run-v2-options';
import { cloudRunV2Template } from './job-templates/cloud-run-v2';
import { DockerJobTemplateOptions } from './job-templates/docker-options';
import { dockerTemplate } from './job-templates/docker';
import { EcsJobTemplateOptions } from './job-templates/ecs-options';
import { ecsTemplate } from './job-templates/ecs';
import { KubernetesJobTemplateOptions } from './job-templates/kubernetes-options';
import { kubernetesTemplate } from './job-templates/kubernetes';
import { ProcessJobTemplateOptions } from './job-templates/process-options';
import { processTemplate } from './job-templates/process';
import { Json, TemplateDefinition } from './job-templates/schema';
import { WorkPoolType } from './work-pool-type';

const PLACEHOLDER = /{{\s*([\w.\-[\]$]+)\s*}}/g;
const JSON_TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: (v) => Array.isArray(v),
  null: (v) => v === null,
};

interface TemplateState {
  readonly workPoolType?: WorkPoolType;
  readonly document: Json;
  readonly defaults: Json;
  readonly checks: TemplateDefinition['checks'];
  /** deep-merged into `job_configuration` at render time, in order */
  readonly jobConfiguration: Json[];
  /** extra variables (name → JSON schema) */
  readonly extraVariables: Json;
  /** a JSON document string (a token) passed to the provider as it is */
  readonly jsonString?: string;
}

/**
 * Whether `fromObject` can take the value: an object, or a token that stands for one. A string
 * token is a string (a data source's `base_job_configs.kubernetes`, a string variable), unless it
 * is a function call such as `Fn.jsondecode(...)` whose result is the document.
 */
function isDocument(template: unknown): boolean {
  if (typeof template === 'string' && Token.isUnresolved(template)) {
    const fragments = Tokenization.reverseString(template);
    const token = fragments.firstToken as { name?: unknown; args?: unknown } | undefined;
    return fragments.length === 1 && token !== undefined && typeof token.name === 'string' && Array.isArray(token.args);
  }
  return typeof template === 'object' && template !== null && !Array.isArray(template);
}

/**
 * `fromObject` of a string (a JSON document, or the `prefect_worker_metadata` data source's
 * string token) or of another non-object: encoding it again would hand the provider a JSON
 * string, which fails at apply with "Normalized JSON Unmarshal Error".
 */
function refuseNonObject(scope: IConstruct, template: unknown): never {
  const what = typeof template === 'string'
    ? (Token.isUnresolved(template) ? 'a string token' : `the string ${show(template)}`)
    : `${show(template)}`;
  fail(scope, `BaseJobTemplate.fromObject() takes an object, not ${what}: encoding a string again fails at apply with "Normalized JSON Unmarshal Error". For the prefect_worker_metadata data source use BaseJobTemplate.fromWorkerMetadata(); for another JSON string pass Fn.jsondecode(<the string>) to fromObject(), or JSON.parse a literal`);
}

/** Where the `prefect_worker_metadata` data source keeps each worker type's default template. */
const METADATA_ATTRIBUTES: Record<string, keyof DataPrefectWorkerMetadata['baseJobConfigs']> = {
  'process': 'process',
  'docker': 'docker',
  'kubernetes': 'kubernetes',
  'ecs': 'ecs',
  'ecs:push': 'ecsPush',
  'cloud-run': 'cloudRun',
  'cloud-run-v2': 'cloudRunV2',
  'cloud-run:push': 'cloudRunPush',
  'cloud-run-v2:push': 'cloudRunV2Push',
  'azure-container-instance': 'azureContainerInstances',
  'azure-container-instance:push': 'azureContainerInstancesPush',
  'vertex-ai': 'vertexAi',
  'modal:push': 'modalPush',
  'prefect:managed': 'prefectManaged',
  'prefect-agent': 'prefectAgent',
};

/**
 * A work pool's base job template: the `job_configuration` a worker fills in for each flow run,
 * and the `variables` schema whose defaults deployments can override.
 *
 * Start from a typed factory (`process`, `docker`, `kubernetes`, `ecs`) that writes the worker's
 * whole default template and puts your options into the variables' defaults, or from any
 * template document (`fromObject`). Refine it with `withVariableDefaults`,
 * `withJobConfiguration` and `withVariable`; each returns a new template.
 *
 * Values may hold tokens (e.g. an ECS cluster ARN from another resource): the document is then
 * written with Terraform's `jsonencode` so the reference resolves at apply time.
 */
export class BaseJobTemplate {
  /**
   * The template of a `process` work pool.
   * @param options variable defaults
   */
  public static process(options: ProcessJobTemplateOptions = {}): BaseJobTemplate {
    return BaseJobTemplate.of(processTemplate(options));
  }

  /**
   * The template of a `docker` work pool.
   * @param options variable defaults
   */
  public static docker(options: DockerJobTemplateOptions = {}): BaseJobTemplate {
    return BaseJobTemplate.of(dockerTemplate(options));
  }

  /**
   * The template of a `kubernetes` work pool.
   * @param options variable defaults
   */
  public static kubernetes(options: KubernetesJobTemplateOptions = {}): BaseJobTemplate {
    return BaseJobTemplate.of(kubernetesTemplate(options));
  }

  /**
   * The template of an `ecs` work pool.
   * @param options variable defaults
   */
  public static ecs(options: EcsJobTemplateOptions = {}): BaseJobTemplate {
    return BaseJobTemplate.of(ecsTemplate(options));
  }

  /**
   * The template of an `azure-container-instance` work pool (`prefect-azure`'s worker).
   * @param options variable defaults
   */
  public static azureContainerInstance(options: AciJobTemplateOptions = {}): BaseJobTemplate {
    return BaseJobTemplate.of(aciTemplate(options));
  }

  /**
   * The template of a `cloud-run-v2` work pool (`prefect-gcp`'s Cloud Run V2 worker).
   * @param options variable defaults
   */
  public static cloudRunV2(options: CloudRunV2JobTemplateOptions = {}): BaseJobTemplate {
    return BaseJobTemplate.of(cloudRunV2Template(options));
  }

  /**
   * Any template document: `{}` or an object with `job_configuration` and `variables`, e.g. one
   * exported with `prefect work-pool get-default-base-job-template --type <type>`.
   *
   * @param template the document
   * @param workPoolType the worker type the template is written for (enables the type-mismatch warning)
   */
  public static fromObject(template: { [key: string]: any }, workPoolType?: WorkPoolType): BaseJobTemplate {
    const notAnObject = !isDocument(template);
    return new BaseJobTemplate({
      workPoolType,
      document: notAnObject ? {} : copy(template),
      defaults: {},
      checks: notAnObject ? [(scope) => refuseNonObject(scope, template)] : [],
      jobConfiguration: [],
      extraVariables: {},
    });
  }

  /**
   * The default template that the Prefect server itself holds for a worker type, read at plan
   * time through the `prefect_worker_metadata` data source (child `id` of `scope`). It follows
   * the server's Prefect version; the typed factories (`process()`, `ecs()`, ...) are fixed at
   * synth and can take defaults. The document is a token, so it cannot be refined with
   * `withVariableDefaults`, `withJobConfiguration` or `withVariable`.
   *
   * @param scope the construct that owns the data source
   * @param id the data source's construct ID
   * @param workPoolType the worker type, e.g. `WorkPoolType.KUBERNETES`
   */
  public static fromWorkerMetadata(scope: Construct, id: string, workPoolType: WorkPoolType): BaseJobTemplate {
    const attribute = METADATA_ATTRIBUTES[workPoolType.name];
    if (attribute === undefined) {
      fail(scope, `the prefect_worker_metadata data source has no default template for work pool type ${show(workPoolType.name)}; it has ${Object.keys(METADATA_ATTRIBUTES).map((n) => show(n)).join(', ')}: use BaseJobTemplate.fromObject() with the template of that worker`);
    }
    const metadata = new DataPrefectWorkerMetadata(scope, id, {});
    const jsonString = metadata.baseJobConfigs[attribute] as string;
    return new BaseJobTemplate({
      workPoolType,
      document: Fn.jsondecode(jsonString),
      defaults: {},
      checks: [],
      jobConfiguration: [],
      extraVariables: {},
      jsonString,
    });
  }

  private static of(definition: TemplateDefinition): BaseJobTemplate {
    return new BaseJobTemplate({ ...definition, jobConfiguration: [], extraVariables: {} });
  }

  private constructor(private readonly state: TemplateState) {}

  /**
   * The worker type the template is written for, or undefined when unknown (`fromObject` without a type).
   */
  public get workPoolType(): WorkPoolType | undefined {
    return this.state.workPoolType;
  }

  /**
   * The names of the template's variables (empty when the document is a token).
   */
  public get variableNames(): string[] {
    return Object.keys(this.properties(this.state.document)).concat(Object.keys(this.state.extraVariables));
  }

  /**
   * Whether the template's variables are known at synth: false for a token document (the
   * `prefect_worker_metadata` data source's, a `fromObject` of a token) and for a document with
   * no `variables` (`{}`), where job variables are not checked.
   * @internal
   */
  public get _variablesKnown(): boolean {
    const doc = this.state.document;
    const literal = !Token.isUnresolved(doc) && typeof doc.variables === 'object' && doc.variables !== null && !Token.isUnresolved(doc.variables);
    return literal || Object.keys(this.state.extraVariables).length > 0;
  }

  /**
   * A copy of this template with more variable defaults; each name must be a variable of the
   * template (checked when the work pool is built).
   *
   * @param defaults variable name (snake_case, as in the template) → default value
   */
  public withVariableDefaults(defaults: { [key: string]: any }): BaseJobTemplate {
    return new BaseJobTemplate({ ...this.state, defaults: { ...this.state.defaults, ...defaults } });
  }

  /**
   * A copy of this template with parts of `job_configuration` replaced: objects are merged key by
   * key, anything else (lists included) replaces the old value, and `null` removes the key.
   * Every `{{ placeholder }}` must name a variable of the template.
   *
   * @param overrides the parts to merge into `job_configuration`
   */
  public withJobConfiguration(overrides: { [key: string]: any }): BaseJobTemplate {
    return new BaseJobTemplate({ ...this.state, jobConfiguration: [...this.state.jobConfiguration, copy(overrides)] });
  }

  /**
   * A copy of this template with one more variable, for placeholders you add to `job_configuration`.
   *
   * @param name the variable's name, used as `{{ name }}`
   * @param schema the variable's JSON schema, e.g. `{ type: 'string', title: 'Region', default: 'eu-west-1' }`
   */
  public withVariable(name: string, schema: { [key: string]: any }): BaseJobTemplate {
    return new BaseJobTemplate({ ...this.state, extraVariables: { ...this.state.extraVariables, [name]: schema } });
  }

  /**
   * Checks the template against Prefect's rules and returns the finished document. Errors name
   * `scope`'s path. Called by `WorkPool`; you rarely need it yourself.
   *
   * @param scope the construct that reports errors
   */
  public render(scope: IConstruct): { [key: string]: any } {
    const state = this.state;
    for (const check of state.checks) check(scope);
    const hasContent = Object.keys(state.defaults).length + state.jobConfiguration.length
      + Object.keys(state.extraVariables).length > 0;
    if (Token.isUnresolved(state.document)) {
      if (hasContent) {
        fail(scope, 'a base job template given as a token (fromObject with a token, or fromWorkerMetadata) cannot take variable defaults, variables or job configuration overrides: pass a literal object to BaseJobTemplate.fromObject(), or start from a typed factory such as BaseJobTemplate.kubernetes()');
      }
      return state.document;
    }
    const doc = copy(state.document);
    checkDocumentShape(scope, doc, false);
    if (hasContent && (doc.variables === undefined || doc.job_configuration === undefined)) {
      doc.variables = doc.variables ?? { type: 'object', properties: {} };
      doc.job_configuration = doc.job_configuration ?? {};
    }
    if (Object.keys(state.extraVariables).length > 0) {
      doc.variables.properties = { ...this.properties(doc), ...state.extraVariables };
    }
    const properties = this.properties(doc);
    for (const [name, value] of Object.entries(state.defaults)) {
      const schema = properties[name];
      if (schema === undefined) {
        fail(scope, `unknown job variable ${show(name)} (default ${show(value)}): the template's variables are ${Object.keys(properties).sort().join(', ')}`);
      }
      checkType(scope, name, schema, value, this.definitions(doc));
      properties[name] = { ...schema, default: value };
    }
    for (const overrides of state.jobConfiguration) {
      doc.job_configuration = merge(doc.job_configuration, overrides);
    }
    checkDocumentShape(scope, doc, true);
    checkPlaceholders(scope, doc);
    return doc;
  }

  /**
   * The provider's `base_job_template` string: the rendered document, or, for
   * `fromWorkerMetadata`, the data source's JSON string as it is (encoding that token again
   * would hand the provider a JSON string instead of an object).
   * @internal
   */
  public _renderAttribute(scope: IConstruct): string {
    const document = this.render(scope);
    return this.state.jsonString ?? toJsonAttribute(document);
  }

  /**
   * Checks a deployment's or a run's job variables against the template's variables: an unknown
   * name is refused with the close matches, and a literal value must fit its variable's schema.
   * Does nothing when the template is a token.
   * @internal
   */
  public _checkJobVariables(scope: IConstruct, what: string, pool: string, values: { [key: string]: any } | undefined): void {
    if (values === undefined || !isLiteral(values) || Token.isUnresolved(this.state.document)) return;
    const doc = this.state.document;
    const properties = { ...this.properties(doc), ...this.state.extraVariables };
    const names = Object.keys(properties).sort();
    if (names.length === 0) return;
    for (const [name, value] of Object.entries(values)) {
      if (Token.isUnresolved(name)) continue;
      const schema = properties[name];
      if (schema === undefined) {
        const near = closeMatches(name, names);
        fail(scope, `unknown job variable ${show(name)} in ${what}: the template of work pool ${pool} has no such variable${near.length > 0 ? ` (did you mean ${near.map((n) => show(n)).join(' or ')}?)` : ''}; its variables are ${names.join(', ')}. Fix the name, or add the variable to the pool's template (BaseJobTemplate...withVariable(${show(name)}, { type: ... }))`);
      }
      const error = valueError(schema, value, this.definitions(doc));
      if (error) fail(scope, `invalid job variable ${show(name)} ${show(value)} in ${what}: ${error}, as the template of work pool ${pool} declares it`);
    }
  }

  private definitions(doc: Json): Json {
    if (Token.isUnresolved(doc) || typeof doc.variables !== 'object' || doc.variables === null) return {};
    return { ...doc.variables.definitions, ...doc.variables.$defs };
  }

  private properties(doc: Json): Json {
    if (Token.isUnresolved(doc) || typeof doc.variables !== 'object' || doc.variables === null) return {};
    return doc.variables.properties ?? {};
  }
}

/** Prefect's rule: `{}`, or both `job_configuration` and `variables`. */
function checkDocumentShape(scope: IConstruct, doc: Json, final: boolean): void {
  if (!isPlainObject(doc)) {
    fail(scope, `invalid base job template ${show(doc)}: it must be an object`);
  }
  const keys = Object.keys(doc);
  if (keys.length === 0 && final) return;
  const present = (k: string) => Token.isUnresolved(doc[k]) || (isPlainObject(doc[k]) && (!final || Object.keys(doc[k]).length > 0));
  if (keys.length > 0 && (!present('job_configuration') || !present('variables'))) {
    fail(scope, `invalid base job template with keys ${show(keys)}: it must be {} or have both "job_configuration" and "variables", each a non-empty object`);
  }
}

/** Prefect's rule: every placeholder of `job_configuration` is a property of `variables`. */
function checkPlaceholders(scope: IConstruct, doc: Json): void {
  if (doc.job_configuration === undefined || Token.isUnresolved(doc.job_configuration)) return;
  const declared = new Set(Object.keys(doc.variables?.properties ?? {}));
  let text: string;
  try {
    text = JSON.stringify(doc.job_configuration) ?? '';
  } catch {
    return;
  }
  const missing = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (!declared.has(m[1])) missing.add(m[1]);
  }
  if (missing.size > 0) {
    fail(scope, `the job configuration uses undeclared variable(s) ${[...missing].map((n) => show(n)).join(', ')}: declare each with withVariable(name, schema), or remove the placeholder`);
  }
}

function checkType(scope: IConstruct, name: string, schema: Json, value: unknown, defs: Json): void {
  const error = valueError(schema, value, defs);
  if (error) fail(scope, `invalid default ${show(value)} for job variable ${show(name)}: ${error}`);
}

/**
 * Why `value` does not fit a template variable's schema (`type`, `enum`, `anyOf`/`oneOf`/`allOf`,
 * `$ref` into the variables' definitions), or undefined when it fits or cannot be told at synth
 * (a token, a schema shape this check does not read).
 */
function valueError(schema: Json, value: unknown, defs: Json, depth = 0): string | undefined {
  // null is "no value": the worker then uses the variable's default; a placeholder string
  // ("{{ prefect.variables.ttl }}") and a Jinja or block-reference object are resolved by Prefect
  if (value === null || !isLiteral(value) || isResolvedByPrefect(value) || typeof schema !== 'object' || schema === null || depth > 8) return undefined;
  if (typeof schema.$ref === 'string') {
    const target = /^#\/(definitions|\$defs)\/(.+)$/.exec(schema.$ref);
    return target && defs[target[2]] ? valueError(defs[target[2]], value, defs, depth + 1) : undefined;
  }
  for (const part of (Array.isArray(schema.allOf) ? schema.allOf : [])) {
    const error = valueError(part, value, defs, depth + 1);
    if (error) return error;
  }
  const choices = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (choices) {
    const errors = choices.map((c: Json) => valueError(c, value, defs, depth + 1));
    if (errors.some((e: string | undefined) => e === undefined)) return undefined;
    return errors.join(', or ');
  }
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
  const known = types.filter((t: string) => JSON_TYPES[t]);
  if (known.length > 0 && !known.some((t: string) => JSON_TYPES[t](value))) return `it must be of type ${known.join(' or ')}`;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return `use one of ${schema.enum.map((e: unknown) => show(e)).join(', ')}`;
  return undefined;
}

/** A value Prefect replaces before the worker reads it: a `{{ ... }}` placeholder, a Jinja template, a `$ref`. */
function isResolvedByPrefect(value: unknown): boolean {
  if (typeof value === 'string') return /^\s*\{\{.*\}\}\s*$/s.test(value);
  return isPlainObject(value) && ('__prefect_kind' in (value as Json) || '$ref' in (value as Json));
}

/** Deep copy of plain objects and arrays; anything else (tokens included) is kept as is. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as unknown as T;
  if (isPlainObject(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) out[k] = copy(v);
    return out as T;
  }
  return value;
}

function merge(base: Json, overrides: Json): Json {
  const out: Json = copy(base);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else if (isPlainObject(v) && isPlainObject(out[k])) out[k] = merge(out[k], v);
    else out[k] = copy(v);
  }
  return out;
}

function isPlainObject(value: unknown): value is Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
