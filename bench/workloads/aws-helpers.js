// Helpers of the AWS pattern workloads: deep imports of cdktf-prefect-aws's generated AWS classes
// (packages/aws/lib/.gen/providers/aws/<module>, the ones an L1 user of this repository has) and the providers.
'use strict';
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const GEN = path.join(ROOT, 'lib', '.gen', 'providers', 'prefect');
/** The compiled cdktf-prefect-aws package. */
const AWS_LIB = path.join(ROOT, 'packages', 'aws', 'lib');
const AWS_GEN = path.join(AWS_LIB, '.gen', 'providers', 'aws');

/** The classes of each generated AWS module (deep imports, no barrel). */
function awsClasses(...modules) {
  return Object.assign({}, ...modules.map((m) => require(path.join(AWS_GEN, m))));
}

/** The stack's AWS provider (eu-west-1) and Prefect provider. */
function providers(stack, prefect = {}) {
  const { AwsProvider } = awsClasses('provider');
  const { PrefectProvider } = require(path.join(GEN, 'provider'));
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new PrefectProvider(stack, 'prefect', prefect);
}

module.exports = { GEN, AWS_LIB, awsClasses, providers };
