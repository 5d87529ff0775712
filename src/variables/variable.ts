import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { IVariable } from './variable-ref';
import { VariableValue } from './variable-value';
import { DataPrefectVariable } from '../.gen/providers/prefect/data-prefect-variable';
import { Variable as VariableResource } from '../.gen/providers/prefect/variable';
import { containsToken, fail, refuseCredentials, show } from '../core';
import { usePolicy } from '../policy/hook';

/** Prefect's limit on a variable name's length. */
const MAX_NAME_LENGTH = 255;
/** Prefect's limit on a variable value, measured as compact JSON in UTF-8 bytes. */
const MAX_VALUE_LENGTH = 5000;

/**
 * Properties of a `Variable`.
 */
export interface VariableProps {
  /**
   * The variable's name: lowercase letters, digits and underscores, at most 255 characters
   * (Prefect's rule). Renaming updates the variable in place.
   */
  readonly variableName: string;

  /**
   * The variable's value: any JSON value.
   *
   * Do not store secrets in variables: Prefect shows them in plain text. Use a `Block` of
   * type `BlockType.SECRET` instead.
   */
  readonly value: VariableValue;

  /**
   * Tags for the variable.
   * @default - no tags
   */
  readonly tags?: string[];
}

/**
 * A Prefect variable (`prefect_variable`): a named JSON value that flows read at run time
 * with `Variable.get("name")`, and deployments with `{{ prefect.variables.name }}`.
 *
 * @example
 * new Variable(this, 'Regions', {
 *   variableName: 'regions',
 *   value: VariableValue.fromList(['eu-west-1', 'us-east-1']),
 * });
 */
export class Variable extends Construct implements IVariable {
  /**
   * Refers to a variable that already exists on the Prefect server, by name
   * (uses the `prefect_variable` data source).
   */
  public static fromVariableName(scope: Construct, id: string, variableName: string): IVariable {
    return new ImportedVariable(scope, id, variableName);
  }

  /** The generated `prefect_variable` resource (escape hatch). */
  public readonly resource: VariableResource;

  /** The variable's name. */
  public readonly variableName: string;

  /** The variable's ID (a UUID). */
  public readonly variableId: string;

  /** `{{ prefect.variables.<name> }}`, for job variables and pull steps. */
  public readonly templateReference: string;

  constructor(scope: Construct, id: string, props: VariableProps) {
    super(scope, id);
    validateVariableName(this, props.variableName);
    this.validateValue(props.value);
    this.validateTags(props.tags);

    usePolicy(this);
    this.resource = new VariableResource(this, 'Resource', {
      name: props.variableName,
      value: props.value._forBinding(),
      tags: props.tags,
    });
    refuseCredentials(this, this.resource, { props: { name: 'variableName' } });
    this.variableName = props.variableName;
    this.variableId = this.resource.id;
    this.templateReference = variableTemplate(props.variableName);
  }

  private validateValue(value: VariableValue): void {
    const v = value.value;
    if (v === undefined || v === null) {
      fail(this, `invalid variable value ${show(v)}: the provider requires a value; give a string, number, boolean, list or object`);
    }
    if (containsToken(v)) return;
    const bad = nonJsonPart(v);
    if (bad !== undefined) {
      fail(this, `invalid variable value: it holds ${bad}, which is not JSON; use strings, finite numbers, booleans, null, lists and objects`);
    }
    const size = Buffer.byteLength(JSON.stringify(v), 'utf8');
    if (size > MAX_VALUE_LENGTH) {
      fail(this, `variable value too large: ${size} bytes as JSON, Prefect accepts at most ${MAX_VALUE_LENGTH}; store large data in a block or a file instead`);
    }
  }

  private validateTags(tags: string[] | undefined): void {
    if (tags === undefined || Token.isUnresolved(tags)) return;
    for (const tag of tags) {
      if (!Token.isUnresolved(tag) && tag.trim().length === 0) {
        fail(this, `invalid variable tag ${show(tag)}: tags must not be empty; remove it or give it text`);
      }
    }
    const seen = new Set<string>();
    for (const tag of tags) {
      if (seen.has(tag)) {
        fail(this, `duplicate variable tag ${show(tag)}: tags are a set; list each tag once`);
      }
      seen.add(tag);
    }
  }
}

/** The first part of a value that is not plain JSON, rendered for a message, or undefined. */
function nonJsonPart(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(v) ? undefined : String(v);
    case 'object': {
      if (v === null) return undefined;
      const items = Array.isArray(v) ? v : Object.values(v as object).filter((x) => x !== undefined);
      for (const item of items) {
        const bad = nonJsonPart(item);
        if (bad !== undefined) return bad;
      }
      return undefined;
    }
    default:
      return `a ${typeof v}`;
  }
}

function validateVariableName(scope: Construct, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (name.length === 0) {
    fail(scope, 'variable name must not be empty: give it a name such as "default_region"');
  }
  if (!/^[a-z0-9_]+$/.test(name)) {
    const hint = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
    fail(scope, `invalid variable name ${show(name)}: Prefect allows only lowercase letters, digits and underscores; use e.g. ${show(hint)}`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    fail(scope, `invalid variable name ${show(name)}: it has ${name.length} characters, Prefect allows at most ${MAX_NAME_LENGTH}`);
  }
}

function variableTemplate(name: string): string {
  return `{{ prefect.variables.${name} }}`;
}

/** A variable this stack does not create, read through the `prefect_variable` data source. */
class ImportedVariable extends Construct implements IVariable {
  public readonly variableName: string;
  public readonly variableId: string;
  public readonly templateReference: string;

  constructor(scope: Construct, id: string, variableName: string) {
    super(scope, id);
    validateVariableName(this, variableName);
    this.variableName = variableName;
    this.variableId = new DataPrefectVariable(this, 'Resource', { name: variableName }).id;
    this.templateReference = variableTemplate(variableName);
  }
}
