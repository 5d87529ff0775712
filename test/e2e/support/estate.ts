import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from '../../../src/.gen/providers/prefect/provider';
import {
  Action,
  Automation,
  Duration,
  Flow,
  GlobalConcurrencyLimit,
  Schedule,
  Trigger,
  Variable,
  VariableValue,
  WorkPool,
  WorkQueue,
} from '../../../src';

/**
 * An estate of the size a platform team runs, through the library's constructs: 3 work pools
 * with a queue each, 6 flows of 5 deployments (30), 40 schedules (every deployment one, every
 * third a second), an automation per flow, a global concurrency limit shared by half of the
 * deployments, and 8 variables. For the crash, scale and benchmark runs against a real server.
 */
export interface EstateOptions {
  /** Prefixes every name on the server, so that estates never meet. */
  readonly prefix: string;
  readonly apiUrl: string;
}

/** What the estate puts on the server, to count it back through the REST API. */
export interface EstateManifest {
  readonly pools: string[];
  readonly flows: string[];
  /** `<flow>/<deployment>` → number of schedules */
  readonly schedules: Record<string, number>;
  readonly automations: string[];
  readonly variables: string[];
  readonly concurrencyLimit: string;
  /** resources on the server: every Terraform resource but the `terraform_data` identities */
  readonly serverResources: number;
}

/**
 * The environment for the estate's TerraformWorkdir: Terraform's default parallelism (10), the
 * condition under which SQLite answers 503, whatever `-parallelism` TF_CLI_ARGS_* would add.
 */
export const DEFAULT_PARALLELISM: Record<string, string> = { TF_CLI_ARGS_apply: '', TF_CLI_ARGS_destroy: '', TF_CLI_ARGS_plan: '' };

const FLOWS = 6;
const DEPLOYMENTS_PER_FLOW = 5;
const VARIABLES = 8;

export function estateManifest(prefix: string): EstateManifest {
  const pools = [0, 1, 2].map((i) => `${prefix}-pool-${i}`);
  const flows: string[] = [];
  const schedules: Record<string, number> = {};
  for (let f = 0; f < FLOWS; f++) {
    flows.push(`${prefix}-flow-${f}`);
    for (let d = 0; d < DEPLOYMENTS_PER_FLOW; d++) {
      const i = f * DEPLOYMENTS_PER_FLOW + d;
      schedules[`${prefix}-flow-${f}/dep-${d}`] = i % 3 === 0 ? 2 : 1;
    }
  }
  const automations = flows.map((f) => `${f} failed`);
  const variables = Array.from({ length: VARIABLES }, (_, i) => `${prefix.replace(/-/g, '_')}_var_${i}`);
  const scheduleCount = Object.values(schedules).reduce((a, b) => a + b, 0);
  return {
    pools,
    flows,
    schedules,
    automations,
    variables,
    concurrencyLimit: `${prefix}-shared`,
    // pools + one queue each, flows, deployments, schedules, automations, the limit, variables
    serverResources: pools.length * 2 + flows.length + Object.keys(schedules).length + scheduleCount + automations.length + 1 + variables.length,
  };
}

/** Synthesizes the estate's stack (cdk.tf.json). */
export function estateStack(opts: EstateOptions): string {
  const m = estateManifest(opts.prefix);
  const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'estate');
  new PrefectProvider(stack, 'prefect', { endpoint: opts.apiUrl });

  const pools = m.pools.map((name, i) => new WorkPool(stack, `Pool${i}`, { workPoolName: name, concurrencyLimit: 10 + i }));
  const queues = pools.map((pool, i) => new WorkQueue(stack, `Queue${i}`, { workPool: pool, workQueueName: 'critical', priority: 1 + i }));
  const limit = new GlobalConcurrencyLimit(stack, 'Shared', { globalConcurrencyLimitName: m.concurrencyLimit, limit: 5 });

  for (let f = 0; f < FLOWS; f++) {
    const flow = new Flow(stack, `Flow${f}`, { flowName: m.flows[f], tags: ['estate'] });
    let first: ReturnType<Flow['addDeployment']> | undefined;
    for (let d = 0; d < DEPLOYMENTS_PER_FLOW; d++) {
      const i = f * DEPLOYMENTS_PER_FLOW + d;
      const dep = flow.addDeployment(`Dep${d}`, {
        deploymentName: `dep-${d}`,
        entrypoint: `flows/flow_${f}.py:run`,
        ...(d === 0 ? { workQueue: queues[i % 3] } : { workPool: pools[i % 3] }),
        parameters: { region: ['eu', 'us', 'ap'][i % 3], batch: i },
        tags: ['estate', `team-${f % 2}`],
        description: `deployment ${d} of flow ${f}`,
        ...(i % 2 === 0 ? { globalConcurrencyLimit: limit } : {}),
      });
      dep.addSchedule('Main', i % 2 === 0 ? Schedule.cron(`${i} * * * *`) : Schedule.interval(Duration.minutes(30 + i)), { slug: 'main' });
      if (i % 3 === 0) dep.addSchedule('Nightly', Schedule.cron(`${i} 2 * * *`, { timezone: 'Europe/Berlin' }), { slug: 'nightly' });
      first ??= dep;
    }
    new Automation(stack, `Failed${f}`, {
      automationName: m.automations[f],
      trigger: Trigger.event({
        expect: ['prefect.flow-run.Failed'],
        match: { 'prefect.resource.id': 'prefect.flow-run.*' },
        matchRelated: { 'prefect.resource.id': `prefect.deployment.${first!.deploymentId}` },
      }),
      actions: [Action.pauseDeployment(first!)],
    });
  }
  m.variables.forEach((name, i) => new Variable(stack, `Var${i}`, {
    variableName: name,
    value: i % 2 === 0 ? VariableValue.fromObject({ index: i, regions: ['eu', 'us'] }) : VariableValue.fromString(`value-${i}`),
  }));
  return Testing.synth(stack);
}

/** The number of resources of a synthesized stack, and how many of them are `terraform_data`. */
export function resourceCounts(stackJson: string): { total: number; terraformData: number } {
  const resources: Record<string, Record<string, unknown>> = JSON.parse(stackJson).resource ?? {};
  let total = 0;
  for (const byName of Object.values(resources)) total += Object.keys(byName).length;
  return { total, terraformData: Object.keys(resources.terraform_data ?? {}).length };
}
