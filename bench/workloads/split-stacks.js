// Workload: one estate of N scheduled deployments (those of scheduled-deployments.js, the L2
// ScheduledDeployment) split into K stacks, each a PrefectEnvironmentStack with its own state,
// provider and work pool, deployments dealt out in contiguous blocks (stack k gets deployments
// k*N/K .. (k+1)*N/K - 1). Variants:
//   plain  K = 1 as a plain TerraformStack (the synth-scaling l2 variant): what an environment costs
//   s1, s2, s4, s8  K = 1, 2, 4, 8 PrefectEnvironmentStacks
'use strict';
const path = require('path');
const { addScheduledDeployment } = require('./scheduled-deployments');

const ROOT = path.resolve(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');
const GEN = path.join(LIB, '.gen', 'providers', 'prefect');

/** The stack IDs of a split into k stacks. */
function stackIds(k) {
  return Array.from({ length: k }, (_, j) => (k === 1 ? 'estate' : `estate-${j + 1}-of-${k}`));
}

function split(k, environment) {
  return (n, outdir) => {
    const { App, TerraformStack } = require('cdktf');
    const p = require(LIB);
    const { PrefectProvider } = require(path.join(GEN, 'provider'));
    return () => {
      const app = new App({ outdir });
      stackIds(k).forEach((id, j) => {
        const stack = environment
          ? new p.PrefectEnvironmentStack(app, id, { naming: p.EnvironmentNaming.unchanged(), stateBackend: p.StateBackend.local({ path: `terraform.${id}.tfstate` }) })
          : new TerraformStack(app, id);
        new PrefectProvider(stack, 'prefect', {});
        const pool = new p.WorkPool(stack, 'Pool', { workPoolName: `etl-process-${j + 1}` });
        for (let i = Math.floor((j * n) / k); i < Math.floor(((j + 1) * n) / k); i++) addScheduledDeployment(p, stack, pool, i);
      });
      app.synth();
    };
  };
}

module.exports = {
  id: 'split-stacks',
  stackIds,
  /** How many stacks each variant synthesizes. */
  stacksOf: { plain: 1, s1: 1, s2: 2, s4: 4, s8: 8 },
  /** Resources synthesized for n deployments in k stacks: 7 per deployment (flow, deployment, its trigger, two schedules and their triggers), a pool and its trigger per stack. */
  resourceCount: (n, k) => 2 * k + 7 * n,
  variants: { plain: split(1, false), s1: split(1, true), s2: split(2, true), s4: split(4, true), s8: split(8, true) },
};
