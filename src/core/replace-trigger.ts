import { Lazy, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { bareAddress, TerraformData } from './terraform-data';

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
  const trigger = new TerraformData(scope, id, { input: identity });
  resource.lifecycle = {
    ...resource.lifecycle,
    replaceTriggeredBy: [
      ...(resource.lifecycle?.replaceTriggeredBy ?? []),
      Lazy.stringValue({ produce: () => bareAddress(trigger) }),
    ],
  };
}
