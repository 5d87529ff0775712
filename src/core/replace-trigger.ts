import { Lazy, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';

/**
 * A `terraform_data` resource holding one value. It is written as a plain `TerraformResource`:
 * cdktf's own `DataResource` runs `terraform version` once per instance at synth (about 40 ms
 * each), which one of these per deployment cannot afford.
 */
class IdentityData extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly input: string) {
    super(scope, id, { terraformResourceType: 'terraform_data' });
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { input: this.input };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    return { input: { value: this.input, isBlock: false, type: 'simple', storageClassType: 'string' } };
  }
}

/**
 * Makes Terraform replace `resource` whenever `identity` changes, for attributes the provider
 * would update in place but the server cannot change (or clear): a `terraform_data` child
 * `id` holds the identity, and the resource's `lifecycle.replace_triggered_by` points at it.
 * Adding the trigger to a resource that already exists does not replace it.
 *
 * @param scope the construct that owns the resource (the trigger becomes its child)
 * @param id the trigger's construct ID (keep it stable)
 * @param resource the resource to replace
 * @param identity what must stay the same for an in-place update (may hold tokens known at plan)
 */
export function replaceWhenChanged(scope: Construct, id: string, resource: TerraformResource, identity: string): void {
  const trigger = new IdentityData(scope, id, identity);
  resource.lifecycle = {
    ...resource.lifecycle,
    // a bare address: Terraform refuses an interpolation ("${...}", what cdktf writes for a
    // resource object) in replace_triggered_by
    replaceTriggeredBy: [
      ...(resource.lifecycle?.replaceTriggeredBy ?? []),
      Lazy.stringValue({ produce: () => `${trigger.terraformResourceType}.${trigger.friendlyUniqueId}` }),
    ],
  };
}
