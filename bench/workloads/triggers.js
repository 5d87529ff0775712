// The terraform_data replacement triggers that the L2 constructs add (docs/upgrade-safety.md),
// added with the core helper the L2 constructs call, so the L1 variants synthesize the same resources.
'use strict';
const path = require('path');

/** What a deployment's trigger holds: the attributes the provider cannot clear that it sets. */
function deploymentIdentity(...set) {
  return `set:${set.sort().join(',')}`;
}

/**
 * Adds a `terraform_data` `id` in `scope` holding `input`, and points `resource`'s
 * replace_triggered_by at it: the core helper the L2 constructs call (lib/core/replace-trigger.js,
 * no construct of the library), so both variants write the same trigger.
 */
function replacementTrigger(scope, id, resource, input) {
  const { replaceWhenChanged } = require(path.join(__dirname, '..', '..', 'lib', 'core', 'replace-trigger'));
  replaceWhenChanged(scope, id, resource, input);
}

module.exports = { deploymentIdentity, replacementTrigger };
