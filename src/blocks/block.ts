import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { IBlock } from './block-ref';
import { BlockSecretValue } from './block-secret-value';
import { BlockType } from './block-type';
import { Block as BlockResource } from '../.gen/providers/prefect/block';
import { DataPrefectBlock } from '../.gen/providers/prefect/data-prefect-block';
import { containsToken, fail, refuseCredentials, show, toJsonAttribute, validateInteger, validateName } from '../core';
import { resolveTokens } from '../core/tokens';
import { usePolicy } from '../policy/hook';
import { NON_SENSITIVE_SECRET_SOURCE, SECRET_FIELD_IN_DATA, SECRET_LOOKING_LITERAL } from '../policy/markers';

/** Field names that usually hold secrets in block types this library does not know. */
const SECRET_LOOKING_FIELD = /(password|passphrase|secret|token|api_?key|private_?key|connection_string)/i;

/**
 * Properties of a `Block`.
 */
export interface BlockProps {
  /**
   * The block document's name: lowercase letters, digits and dashes (Prefect's rule).
   * Flows load it with `<BlockClass>.load("<blockName>")`. Changing it replaces the block.
   */
  readonly blockName: string;

  /**
   * The block's type, e.g. `BlockType.SECRET` or `BlockType.custom('my-type')`.
   * Changing it replaces the block.
   */
  readonly blockType: BlockType;

  /**
   * The block's non-secret data, as an object whose keys are the block type's fields
   * (e.g. `{ bucket_name: 'flows', credentials: Block.reference(awsCredentials) }`).
   * Values may hold tokens. A literal value for a field the block type marks as secret is
   * refused: give it in `secretData`.
   *
   * When `secretData` is set, these fields are sent together with the secret ones through the
   * write-only attribute.
   * @default - no data besides `secretData`
   */
  readonly data?: { [key: string]: any };

  /**
   * Secret fields of the block's data, each given by reference (a sensitive Terraform
   * variable or another token), e.g. `{ token: BlockSecretValue.fromVariable(githubToken) }`.
   *
   * They are written, with `data`, to the provider's write-only `data_wo` attribute, which
   * Terraform keeps out of its state; this needs Terraform 1.11 or later. Terraform cannot
   * see changes to a write-only value: bump `secretDataVersion` to push a new secret.
   * @default - no secret fields; `data` goes to the ordinary `data` attribute
   */
  readonly secretData?: { [key: string]: BlockSecretValue };

  /**
   * The version of `secretData`. Increase it to make Terraform send the secret data again,
   * e.g. after rotating a secret; Terraform cannot detect such changes by itself.
   * @default 1 (when `secretData` is set)
   */
  readonly secretDataVersion?: number;
}

/**
 * A Prefect block document (`prefect_block`): typed configuration, often credentials,
 * that flows load by name at run time and deployments reference with
 * `{{ prefect.blocks.<type>.<name> }}`.
 *
 * Secrets never appear as literals in the synthesized configuration: secret fields are given
 * through `secretData` by reference and sent through the write-only `data_wo` attribute.
 *
 * @example
 * const password = new TerraformVariable(this, 'db_password', { type: 'string', sensitive: true });
 * new Block(this, 'DbPassword', {
 *   blockName: 'db-password',
 *   blockType: BlockType.SECRET,
 *   secretData: { value: BlockSecretValue.fromVariable(password) },
 * });
 */
export class Block extends Construct implements IBlock {
  /**
   * Refers to a block document that already exists on the Prefect server, by type and name
   * (uses the `prefect_block` data source).
   */
  public static fromBlockName(scope: Construct, id: string, blockType: BlockType, blockName: string): IBlock {
    return new ImportedBlock(scope, id, blockType, blockName);
  }

  /**
   * A reference to another block, to nest it in a block's data
   * (`{"$ref": {"block_document_id": "<id>"}}`), e.g. the `credentials` of an `s3-bucket`.
   *
   * The provider does not detect drift in `data` that holds a reference.
   */
  public static reference(block: IBlock): { [key: string]: any } {
    return { $ref: { block_document_id: block.blockId } };
  }

  /** The generated `prefect_block` resource (escape hatch). */
  public readonly resource: BlockResource;

  /** The block document's name. */
  public readonly blockName: string;

  /** The slug of the block's type. */
  public readonly blockTypeSlug: string;

  /** The block document's ID (a UUID). */
  public readonly blockId: string;

  /** `{{ prefect.blocks.<type slug>.<name> }}`, for job variables and pull steps. */
  public readonly templateReference: string;

  constructor(scope: Construct, id: string, props: BlockProps) {
    super(scope, id);
    const slug = props.blockType.slug;
    validateBlockIdentity(this, props.blockName, slug);
    const data = props.data ?? {};
    const secretData = props.secretData ?? {};
    this.validateData(props.blockType, data, secretData);
    const secrets = this.secretValues(secretData);
    const hasSecrets = Object.keys(secretData).length > 0;
    if (props.secretDataVersion !== undefined && !hasSecrets) {
      fail(this, `secretDataVersion ${show(props.secretDataVersion)} is set without secretData: remove it, or give the secret fields in secretData`);
    }
    validateInteger(this, 'secretDataVersion', props.secretDataVersion, 1);

    usePolicy(this);
    this.resource = new BlockResource(this, 'Resource', {
      name: props.blockName,
      typeSlug: slug,
      ...(hasSecrets
        ? { dataWo: toJsonAttribute({ ...data, ...secrets }), dataWoVersion: props.secretDataVersion ?? 1 }
        : props.data !== undefined ? { data: toJsonAttribute(data) } : {}),
    });
    refuseCredentials(this, this.resource, { props: { name: 'blockName', type_slug: 'blockType', data_wo: 'data' } });
    this.blockName = props.blockName;
    this.blockTypeSlug = slug;
    this.blockId = this.resource.id;
    this.templateReference = blockTemplate(slug, props.blockName);
  }

  private validateData(type: BlockType, data: { [key: string]: any }, secretData: { [key: string]: BlockSecretValue }): void {
    if (Token.isUnresolved(data)) {
      if (Object.keys(secretData).length > 0) {
        fail(this, 'block data is a single reference, so it cannot be merged with secretData: give data as an object, or put everything in one secret');
      }
      return;
    }
    if (typeof data !== 'object' || Array.isArray(data)) {
      fail(this, `invalid block data ${show(data)}: it must be an object whose keys are the block type's fields`);
    }
    for (const [field, value] of Object.entries(data)) {
      if (field in secretData) {
        fail(this, `block field ${show(field)} is in both data and secretData: keep it only in secretData`);
      }
      if (type.secretFields.includes(field)) {
        if (!containsToken(value)) {
          fail(this, `block field ${show(field)} of a ${type.slug} block is secret and must not be a literal (it would be written in plain text to cdk.tf.json): give it in secretData, e.g. { ${field}: BlockSecretValue.fromVariable(sensitiveVariable) }`);
        }
        SECRET_FIELD_IN_DATA.record(this, { field });
      } else if (SECRET_LOOKING_FIELD.test(field) && typeof value === 'string' && value.length > 0 && !Token.isUnresolved(value)) {
        SECRET_LOOKING_LITERAL.record(this, { field });
      }
    }
    for (const field of type.requiredFields) {
      if (!(field in data) && !(field in secretData)) {
        const where = type.secretFields.includes(field) ? 'secretData' : 'data';
        fail(this, `a ${type.slug} block needs the field ${show(field)}: add it to ${where}`);
      }
    }
  }

  /** Checks each secret reference and returns the values to serialize. */
  private secretValues(secretData: { [key: string]: BlockSecretValue }): { [key: string]: any } {
    const out: { [key: string]: any } = {};
    for (const [field, secret] of Object.entries(secretData)) {
      if (!(secret instanceof BlockSecretValue)) {
        fail(this, `invalid secretData field ${show(field)}: ${show(secret)} is not a BlockSecretValue; use BlockSecretValue.fromVariable(sensitiveVariable)`);
      }
      if (!containsToken(secret._value)) {
        fail(this, `secretData field ${show(field)} is a literal string (not shown here, to keep it out of logs): a secret must come by reference so that it never lands in cdk.tf.json; use BlockSecretValue.fromVariable(sensitiveVariable) or fromToken(reference)`);
      }
      const variable = secret._variable ?? this.variableBehind(secret._value);
      if (variable && !variable.sensitive) {
        if (secret._variable) {
          fail(this, `secretData field ${show(field)} comes from the Terraform variable "${variable.node.path}", which is not sensitive: declare it with sensitive: true so that Terraform hides it in plans and logs`);
        }
        NON_SENSITIVE_SECRET_SOURCE.record(this, { field, variablePath: variable.node.path });
      }
      if (secret._variable && secret._ephemeral) {
        secret._variable.addOverride('ephemeral', true);
      }
      out[field] = secret._value;
    }
    return out;
  }

  /** The stack's Terraform variable a token refers to, if any. */
  private variableBehind(token: unknown): TerraformVariable | undefined {
    let resolved: unknown;
    try {
      resolved = resolveTokens(this, token);
    } catch {
      return undefined;
    }
    if (typeof resolved !== 'string') return undefined;
    return TerraformStack.of(this).node.findAll().find((c): c is TerraformVariable =>
      c instanceof TerraformVariable && new RegExp(`\\bvar\\.${c.friendlyUniqueId.replace(/[^\w]/g, '\\$&')}\\b`).test(resolved as string));
  }
}

function validateBlockIdentity(scope: Construct, name: string, slug: string): void {
  validateName(scope, 'block', name);
  if (!Token.isUnresolved(name) && !/^[a-z0-9-]+$/.test(name)) {
    const hint = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    fail(scope, `invalid block name ${show(name)}: Prefect allows only lowercase letters, digits and dashes; use e.g. ${show(hint)}`);
  }
  if (!Token.isUnresolved(slug) && !/^[a-z0-9-]+$/.test(slug)) {
    fail(scope, `invalid block type slug ${show(slug)}: slugs have only lowercase letters, digits and dashes, e.g. "aws-credentials" (see prefect block type ls)`);
  }
}

function blockTemplate(slug: string, name: string): string {
  return `{{ prefect.blocks.${slug}.${name} }}`;
}

/** A block document this stack does not create, read through the `prefect_block` data source. */
class ImportedBlock extends Construct implements IBlock {
  public readonly blockName: string;
  public readonly blockTypeSlug: string;
  public readonly blockId: string;
  public readonly templateReference: string;

  constructor(scope: Construct, id: string, blockType: BlockType, blockName: string) {
    super(scope, id);
    validateBlockIdentity(this, blockName, blockType.slug);
    this.blockName = blockName;
    this.blockTypeSlug = blockType.slug;
    this.blockId = new DataPrefectBlock(this, 'Resource', { name: blockName, typeSlug: blockType.slug }).id;
    this.templateReference = blockTemplate(blockType.slug, blockName);
  }
}
