// Workload: N scheduled deployments, each a flow, a deployment (parameters, a parameter
// schema, 2 pull steps, job variables) and 2 schedules (cron + interval), plus one shared
// process work pool. Three variants that synthesize the same resources:
//   l2    the library's ScheduledDeployment (lib/, the compiled package)
//   l1    the generated bindings, deep-imported from lib/.gen/providers/prefect/<name>
//   tree  the same, in the L2's construct tree (same paths and logical IDs as l2): a diagnostic
//   floor the equivalent Terraform JSON built as a plain object and JSON.stringify'd
//   tgt, bare  l2 with fewer default policy rules (the policy benchmark, see l2WithRules)
// Every variant gets fresh literal objects per deployment, as an app generating its
// deployments from a config file would.
//
// Plain JavaScript on purpose: the child process measures the compiled package and nothing
// else (no ts-node in its memory).
'use strict';
const fs = require('fs');
const path = require('path');
const { deploymentIdentity, replacementTrigger } = require('./triggers');

const ROOT = path.resolve(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');
const GEN = path.join(LIB, '.gen', 'providers', 'prefect');
const STACK = 'bench';

/** The inputs of deployment i, shared by the three variants. */
function spec(i) {
  return {
    flowName: `flow-${i}`,
    deploymentName: `nightly-${i}`,
    entrypoint: `flows/etl_${i % 50}.py:etl`,
    tags: ['etl', `team-${i % 10}`],
    // keys written sorted, so the L1 and floor variants' JSON.stringify equals the L2's
    // key-sorted serialization
    parameters: { batch_size: 500 + (i % 7), dry_run: false, source: `s3://acme-raw/orders/${i}` },
    parameterOpenApiSchema: {
      properties: {
        batch_size: { minimum: 1, type: 'integer' },
        dry_run: { type: 'boolean' },
        source: { type: 'string' },
      },
      required: ['source'],
      type: 'object',
    },
    jobVariables: { env: { TENANT: `tenant-${i}`, WAREHOUSE: 'analytics' } },
    repository: `https://github.com/acme/flows-${i % 25}.git`,
    branch: 'main',
    requirementsFile: 'requirements.txt',
    cron: `${i % 60} 2 * * *`,
    cronTimezone: 'Europe/Berlin',
    intervalSeconds: 6 * 3600,
    anchorDate: '2026-01-01T00:30:00Z',
  };
}

/** What the L2 deployment's replacement trigger holds: the unclearable attributes it sets. */
const DEPLOYMENT_IDENTITY = deploymentIdentity('entrypoint', 'job_variables', 'parameter_openapi_schema', 'parameters', 'pull_steps', 'tags', 'work_pool_name');

/** Deployment i of the L2 variant: a ScheduledDeployment in `scope` on `pool` (also used by split-stacks.js). */
function addScheduledDeployment(p, scope, pool, i) {
  const s = spec(i);
  return new p.ScheduledDeployment(scope, `Etl${i}`, {
    flowName: s.flowName,
    deploymentName: s.deploymentName,
    entrypoint: s.entrypoint,
    tags: s.tags,
    workPool: pool,
    parameters: s.parameters,
    parameterOpenApiSchema: s.parameterOpenApiSchema,
    jobVariables: s.jobVariables,
    pullSteps: [
      p.PullStep.gitClone({ repository: s.repository, branch: s.branch }),
      p.PullStep.pipInstallRequirements({ requirementsFile: s.requirementsFile }),
    ],
    schedules: [
      // with several schedules, each has a slug, which names its construct (Schedule-<slug>)
      p.Schedule.cron(s.cron, { timezone: s.cronTimezone, slug: 'cron' }),
      p.Schedule.interval(p.Duration.seconds(s.intervalSeconds), { anchorDate: s.anchorDate, slug: 'interval' }),
    ],
  });
}

function l2(n, outdir) {
  const { App, TerraformStack } = require('cdktf');
  const p = require(LIB);
  const { PrefectProvider } = require(path.join(GEN, 'provider'));
  return () => {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, STACK);
    new PrefectProvider(stack, 'prefect', {});
    const pool = new p.WorkPool(stack, 'Pool', { workPoolName: 'etl-process' });
    for (let i = 0; i < n; i++) addScheduledDeployment(p, stack, pool, i);
    app.synth();
  };
}

/**
 * `l2` with the policy rules that run by default cut down to those `keep` accepts (for the policy
 * benchmark, `--policy-only`): `tgt` keeps PF-TGT-001 alone (what ran by default before the
 * inline warnings became rules), `bare` none (the runner still walks the tree and writes
 * policy-report.json). The array is the one the runner reads, emptied in this process only.
 */
function l2WithRules(keep) {
  return (n, outdir) => {
    const run = l2(n, outdir);
    const { DEFAULT_RULES } = require(path.join(LIB, 'policy', 'private', 'defaults'));
    DEFAULT_RULES.splice(0, DEFAULT_RULES.length, ...DEFAULT_RULES.filter(keep));
    return run;
  };
}

/**
 * The L1 bindings, each resource directly in the stack (`l1`), or (`tree`) in the L2's construct
 * tree: the same scopes and IDs (`Etl0/Deployment/Schedule-cron/Resource`), so the same paths and
 * logical IDs as `l2`. That second form is a diagnostic: `l2` against it is what the L2 code
 * costs, it against `l1` what the deeper construct tree costs cdktf.
 */
function l1Variant(tree) {
  return (n, outdir) => {
    const { App, TerraformStack } = require('cdktf');
    const { Construct } = require('constructs');
    const { PrefectProvider } = require(path.join(GEN, 'provider'));
    const { WorkPool } = require(path.join(GEN, 'work-pool'));
    const { Flow } = require(path.join(GEN, 'flow'));
    const { Deployment } = require(path.join(GEN, 'deployment'));
    const { DeploymentSchedule } = require(path.join(GEN, 'deployment-schedule'));
    // (scope, L2 construct ID, flat ID) -> the scope and ID of the resource
    const place = tree
      ? (scope, id) => [new Construct(scope, id), 'Resource']
      : (scope, _id, flat) => [scope, flat];
    return () => {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, STACK);
      new PrefectProvider(stack, 'prefect', {});
      const [poolScope, poolId] = place(stack, 'Pool', 'pool');
      const pool = new WorkPool(poolScope, poolId, { name: 'etl-process', type: 'process' });
      replacementTrigger(tree ? poolScope : stack, tree ? 'ReplaceOnClear' : 'pool-trigger', pool, 'template:none');
      const poolName = tree ? pool.name : undefined; // the L2 reads the pool's name once
      for (let i = 0; i < n; i++) {
        const s = spec(i);
        const top = tree ? new Construct(stack, `Etl${i}`) : stack;
        const flow = new Flow(...place(top, 'Flow', `flow-${i}`), { name: s.flowName });
        const [deploymentScope, deploymentId] = place(top, 'Deployment', `deployment-${i}`);
        const deployment = new Deployment(deploymentScope, deploymentId, {
          flowId: flow.id,
          name: s.deploymentName,
          entrypoint: s.entrypoint,
          description: '',
          version: '',
          tags: s.tags,
          workPoolName: poolName ?? pool.name,
          parameters: JSON.stringify(s.parameters),
          parameterOpenapiSchema: JSON.stringify(s.parameterOpenApiSchema),
          jobVariables: JSON.stringify(s.jobVariables),
          pullSteps: [
            { type: 'git_clone', repository: s.repository, branch: s.branch },
            { type: 'pip_install_requirements', requirementsFile: s.requirementsFile },
          ],
        });
        replacementTrigger(tree ? deploymentScope : stack, tree ? 'ReplaceOnClear' : `deployment-trigger-${i}`, deployment, DEPLOYMENT_IDENTITY);
        const scheduleScope = tree ? deploymentScope : stack;
        const id = tree ? deployment.id : undefined; // the L2 reads the deployment's ID once
        const cron = new DeploymentSchedule(...place(scheduleScope, 'Schedule-cron', `schedule-cron-${i}`), {
          deploymentId: id ?? deployment.id, active: true, cron: s.cron, timezone: s.cronTimezone, slug: 'cron',
        });
        replacementTrigger(scheduleScope, tree ? 'Schedule-cron-ReplaceOnClear' : `schedule-cron-trigger-${i}`, cron, 'set:');
        const interval = new DeploymentSchedule(...place(scheduleScope, 'Schedule-interval', `schedule-interval-${i}`), {
          dependsOn: [cron], deploymentId: id ?? deployment.id, active: true, interval: s.intervalSeconds, anchorDate: s.anchorDate, timezone: 'UTC', slug: 'interval',
        });
        replacementTrigger(scheduleScope, tree ? 'Schedule-interval-ReplaceOnClear' : `schedule-interval-trigger-${i}`, interval, 'set:');
      }
      app.synth();
    };
  };
}

const l1 = l1Variant(false);
const tree = l1Variant(true);

function floor(n, outdir) {
  return () => {
    const pools = { pool: { name: 'etl-process', type: 'process' } };
    const flows = {};
    const deployments = {};
    const schedules = {};
    const triggers = { 'pool-trigger': { input: 'template:none' } };
    pools.pool.lifecycle = { replace_triggered_by: ['terraform_data.pool-trigger'] };
    for (let i = 0; i < n; i++) {
      const s = spec(i);
      triggers[`deployment-trigger-${i}`] = { input: DEPLOYMENT_IDENTITY };
      flows[`flow-${i}`] = { name: s.flowName };
      deployments[`deployment-${i}`] = {
        description: '',
        entrypoint: s.entrypoint,
        flow_id: `\${prefect_flow.flow-${i}.id}`,
        job_variables: JSON.stringify(s.jobVariables),
        lifecycle: { replace_triggered_by: [`terraform_data.deployment-trigger-${i}`] },
        name: s.deploymentName,
        parameter_openapi_schema: JSON.stringify(s.parameterOpenApiSchema),
        parameters: JSON.stringify(s.parameters),
        pull_steps: [
          { branch: s.branch, repository: s.repository, type: 'git_clone' },
          { requirements_file: s.requirementsFile, type: 'pip_install_requirements' },
        ],
        tags: s.tags,
        version: '',
        work_pool_name: '${prefect_work_pool.pool.name}',
      };
      for (const kind of ['cron', 'interval']) triggers[`schedule-${kind}-trigger-${i}`] = { input: 'set:' };
      schedules[`schedule-cron-${i}`] = {
        lifecycle: { replace_triggered_by: [`terraform_data.schedule-cron-trigger-${i}`] },
        active: true, cron: s.cron, deployment_id: `\${prefect_deployment.deployment-${i}.id}`, slug: 'cron', timezone: s.cronTimezone,
      };
      schedules[`schedule-interval-${i}`] = {
        depends_on: [`prefect_deployment_schedule.schedule-cron-${i}`], active: true, anchor_date: s.anchorDate, deployment_id: `\${prefect_deployment.deployment-${i}.id}`,
        interval: s.intervalSeconds, slug: 'interval', timezone: 'UTC',
        lifecycle: { replace_triggered_by: [`terraform_data.schedule-interval-trigger-${i}`] },
      };
    }
    const tf = {
      provider: { prefect: [{}] },
      resource: {
        prefect_deployment: deployments,
        prefect_deployment_schedule: schedules,
        prefect_flow: flows,
        prefect_work_pool: pools,
        terraform_data: triggers,
      },
      terraform: { required_providers: { prefect: { source: 'prefecthq/prefect', version: '3.4.1' } } },
    };
    const dir = path.join(outdir, 'stacks', STACK);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(tf, null, 2));
  };
}

module.exports = {
  id: 'scheduled-deployments',
  stack: STACK,
  description: 'N × (flow + deployment with parameters, schema, 2 pull steps, job variables + its replacement trigger + 2 schedules, each with its trigger), 1 work pool and its trigger',
  /** Resources synthesized for n deployments (for the report). */
  resourceCount: (n) => 2 + 7 * n,
  /** Each variant: (n, outdir) => a function that builds the tree and synthesizes (timed). */
  variants: { l2, l1, tree, floor, tgt: l2WithRules((r) => r.ruleId === 'PF-TGT-001'), bare: l2WithRules(() => false) },
  addScheduledDeployment,
};
