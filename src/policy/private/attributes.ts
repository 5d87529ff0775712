import { TerraformDataSource, TerraformResource, Token } from 'cdktf';
import { IConstruct } from 'constructs';

/** The synthesized attributes of an L1 resource of one of `types` (snake_case), or undefined. */
export function l1Attributes(construct: IConstruct, ...types: string[]): { [key: string]: any } | undefined {
  if (!(construct instanceof TerraformResource) || !types.includes(construct.terraformResourceType)) return undefined;
  if (cached?.construct !== construct) cached = { construct, body: firstBody(construct.toTerraform().resource) };
  return cached.body;
}

// The last serialized resource: the rules run one after another on one node, and several read
// the same resource (toTerraform is the costly part). The runner clears it before each node.
let cached: { construct: IConstruct; body: { [key: string]: any } | undefined } | undefined;

/** Forgets the serialized resource kept by l1Attributes (the runner calls it before each node). */
export function forgetL1Bodies(): void {
  cached = undefined;
}

/** The terraform type of an L1 resource or data source (`data.` prefixed), or undefined. */
export function l1Type(construct: IConstruct): string | undefined {
  if (construct instanceof TerraformResource) return construct.terraformResourceType;
  if (construct instanceof TerraformDataSource) return `data.${construct.terraformResourceType}`;
  return undefined;
}

/** A JSON attribute (an object, or a literal JSON string) as an object; undefined for tokens. */
export function jsonObject(value: unknown): { [key: string]: any } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    if (Token.isUnresolved(value) || value.includes('${')) return undefined;
    try {
      const parsed = JSON.parse(value);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && !Array.isArray(value) && !Token.isUnresolved(value) ? value as any : undefined;
}

/** True for a string literal (no token, no interpolation). */
export function isLiteral(value: unknown): value is string {
  return typeof value === 'string' && !Token.isUnresolved(value) && !value.includes('${');
}

function firstBody(byType: any): { [key: string]: any } | undefined {
  if (!byType) return undefined;
  const bodies = Object.values(byType)[0] as any;
  return bodies ? Object.values(bodies)[0] as any : undefined;
}
