// Helpers of the AWS pattern workloads: @cdktf/provider-aws deep imports and the providers.
'use strict';
const path = require('path');

const GEN = path.join(__dirname, '..', '..', 'lib', '.gen', 'providers', 'prefect');

/** The classes of `@cdktf/provider-aws/lib/<module>` for each module (deep imports, no barrel). */
function awsClasses(...modules) {
  return Object.assign({}, ...modules.map((m) => require(`@cdktf/provider-aws/lib/${m}`)));
}

/** The stack's AWS provider (eu-west-1) and Prefect provider. */
function providers(stack, prefect = {}) {
  const { AwsProvider } = awsClasses('provider');
  const { PrefectProvider } = require(path.join(GEN, 'provider'));
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new PrefectProvider(stack, 'prefect', prefect);
}

module.exports = { GEN, awsClasses, providers };
