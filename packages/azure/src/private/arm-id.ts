import { Fn, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Checks } from 'cdktf-prefect';

/** The parts of an ARM resource ID, literal when the ID is, else Terraform expressions. @internal */
export interface ArmId {
  readonly id: string;
  readonly resourceGroupName: string;
  /** `/subscriptions/<s>/resourceGroups/<g>` */
  readonly resourceGroupId: string;
  /** the last segment */
  readonly name: string;
}

const PREFIX = '^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/';

/**
 * Checks a literal ARM resource ID of a resource type (e.g. `Microsoft.KeyVault/vaults`) and
 * splits it into its parts. @internal
 */
export function armId(scope: IConstruct, what: string, id: string, type: string, example: string): ArmId {
  if (!Token.isUnresolved(id)) {
    const pattern = new RegExp(`${PREFIX}${type.replace(/\./g, '\\.')}/[^/]+$`, 'i');
    if (typeof id !== 'string' || !pattern.test(id)) {
      Checks.fail(scope, `invalid ${what} ${Checks.show(id)}: use the ARM resource ID of a ${type}, e.g. ${Checks.show(`/subscriptions/<subscription id>/resourceGroups/<group>/providers/${type}/${example}`)}`);
    }
    const parts = id.split('/');
    return { id, resourceGroupName: parts[4], resourceGroupId: parts.slice(0, 5).join('/'), name: parts[parts.length - 1] };
  }
  const parts = Fn.split('/', id);
  return {
    id,
    resourceGroupName: Fn.element(parts, 4),
    resourceGroupId: Fn.join('/', Fn.slice(parts, 0, 5)),
    name: Fn.element(parts, 8),
  };
}

/** The resource group ID of a subnet ID (literal or token). @internal */
export function resourceGroupIdOf(id: string): string {
  return Token.isUnresolved(id) ? Fn.join('/', Fn.slice(Fn.split('/', id), 0, 5)) : id.split('/').slice(0, 5).join('/');
}
