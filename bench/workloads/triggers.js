// The terraform_data replacement triggers that the L2 constructs add (docs/upgrade-safety.md),
// written with the L1 classes, so the L1 variants synthesize the same resources as the L2 ones.
'use strict';

/** What a deployment's trigger holds: the attributes the provider cannot clear that it sets. */
function deploymentIdentity(...set) {
  return `set:${set.sort().join(',')}`;
}

/** Adds a `terraform_data` `id` in `scope` holding `input`, and points `resource`'s replace_triggered_by at it. */
function replacementTrigger(scope, id, resource, input) {
  const { TerraformResource } = require('cdktf');
  class TerraformData extends TerraformResource {
    constructor() {
      super(scope, id, { terraformResourceType: 'terraform_data' });
    }
    synthesizeAttributes() { return { input }; }
  }
  const data = new TerraformData();
  resource.lifecycle = { replaceTriggeredBy: [`terraform_data.${data.friendlyUniqueId}`] };
}

module.exports = { deploymentIdentity, replacementTrigger };
