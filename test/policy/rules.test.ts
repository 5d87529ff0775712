import { App, Aspects, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Deployment as DeploymentL1 } from '../../src/.gen/providers/prefect/deployment';
import { DeploymentSchedule as DeploymentScheduleL1 } from '../../src/.gen/providers/prefect/deployment-schedule';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { ServiceAccount } from '../../src/.gen/providers/prefect/service-account';
import { UserApiKey } from '../../src/.gen/providers/prefect/user-api-key';
import { Variable as VariableL1 } from '../../src/.gen/providers/prefect/variable';
import { WorkPool as WorkPoolL1 } from '../../src/.gen/providers/prefect/work-pool';
import { Action } from '../../src/automations';
import { Deployment, Flow } from '../../src/deployments';
import { PrefectRules, RulePack, Suppressions } from '../../src/policy';
import { cronHours, observesDst } from '../../src/policy/rules/dst-schedule';
import { unpinned } from '../../src/policy/rules/unpinned-image';
import { WorkPool, WorkPoolType } from '../../src/work-pools';
import { synthJson } from '../support/synth';
import { findingsOf } from './support';

const FLOW_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';

/**
 * A stack with the pack on it. (On the App, a pack runs for stacks that hold a cdktf-prefect
 * construct, whose hook installs the runner; these tests also use bare L1 resources.)
 */
function stackWith(pack: RulePack): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'Stack');
  new PrefectProvider(stack, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
  Aspects.of(stack).add(pack);
  return stack;
}

/** Synthesizes and returns the findings of one rule. */
function run(stack: TerraformStack, ruleId: string): string[] {
  synthJson(stack);
  return findingsOf(stack, ruleId);
}

describe('PF-SEC-001 plaintext secret', () => {
  test('fires on a secret-named variable with a literal value', () => {
    const stack = stackWith(PrefectRules.security());
    new VariableL1(stack, 'V', { name: 'db_password', value: 'hunter2' as any });
    expect(run(stack, 'PF-SEC-001')).toEqual([expect.stringMatching(/^error Stack\/V: variable "db_password" holds a literal value that looks like a secret; keep the secret in a Secret block/)]);
  });

  test('fires on secret keys in deployment parameters and job variables (nested too)', () => {
    const stack = stackWith(PrefectRules.security());
    new DeploymentL1(stack, 'D', { name: 'd', flowId: FLOW_ID, parameters: JSON.stringify({ api_key: 'abc', n: 1 }), jobVariables: JSON.stringify({ env: { DB_PASSWORD: 'x' } }) });
    expect(run(stack, 'PF-SEC-001').map((f) => f.split(': ').slice(1).join(': ').split(';')[0])).toEqual([
      'parameters key "api_key" holds a literal value that looks like a secret',
      'job_variables key "env.DB_PASSWORD" holds a literal value that looks like a secret',
    ]);
  });

  test('quiet on references, templates, variables and ordinary names', () => {
    const stack = stackWith(PrefectRules.security());
    const secret = new TerraformVariable(stack, 'pw', { type: 'string', sensitive: true });
    new VariableL1(stack, 'V', { name: 'db_password', value: secret.stringValue as any });
    new VariableL1(stack, 'W', { name: 'region', value: 'eu-west-1' as any });
    new DeploymentL1(stack, 'D', { name: 'd', flowId: FLOW_ID, parameters: JSON.stringify({ token: '{{ prefect.blocks.secret.tok }}', tokens_per_batch_size: 5 === 5 ? undefined : 1, name: 'x' }) });
    expect(run(stack, 'PF-SEC-001')).toEqual([]);
  });
});

describe('PF-SEC-002 unpinned image', () => {
  test.each([
    ['acme/etl', true], ['acme/etl:latest', true], ['registry:5000/acme/etl', true], ['registry:5000/acme/etl:latest', true],
    ['acme/etl:1.4.2', false], ['registry:5000/acme/etl:1.0', false], ['acme/etl@sha256:abcd', false], ['{{ image }}', false], ['', false],
  ])('unpinned(%j) is %s', (image, expected) => {
    expect(unpinned(image)).toBe(expected);
  });

  test('fires on an L2 deployment whose image is :latest, and on a pool default image with no tag', () => {
    const stack = stackWith(PrefectRules.security());
    const flow = Flow.fromFlowAttributes(stack, 'F', { flowName: 'etl', flowId: FLOW_ID });
    new Deployment(stack, 'Dep', { flow, deploymentName: 'dep', entrypoint: 'a.py:f', jobVariables: { image: 'acme/etl:latest' } });
    new WorkPoolL1(stack, 'P', { name: 'p', type: 'docker', baseJobTemplate: JSON.stringify({ job_configuration: {}, variables: { properties: { image: { type: 'string', default: 'acme/etl' } } } }) });
    expect(run(stack, 'PF-SEC-002')).toEqual([
      expect.stringMatching(/^warning Stack\/Dep\/Resource: job variable image "acme\/etl:latest" is not pinned; pin the image/),
      expect.stringMatching(/^warning Stack\/P: the base job template's default image "acme\/etl" is not pinned/),
    ]);
  });

  test('quiet on a pinned image, and suppressible', () => {
    const stack = stackWith(PrefectRules.security());
    const flow = Flow.fromFlowAttributes(stack, 'F', { flowName: 'etl', flowId: FLOW_ID });
    new Deployment(stack, 'Dep', { flow, deploymentName: 'dep', entrypoint: 'a.py:f', jobVariables: { image: 'acme/etl:1.2' } });
    const dev = new Deployment(stack, 'Dev', { flow, deploymentName: 'dev', entrypoint: 'a.py:f', jobVariables: { image: 'acme/etl:latest' } });
    Suppressions.of(dev).add('PF-SEC-002', 'dev follows the latest build on purpose');
    expect(run(stack, 'PF-SEC-002')).toEqual([]);
  });
});

describe('PF-SEC-003 API key in state', () => {
  test('fires on service accounts and user API keys', () => {
    const stack = stackWith(PrefectRules.security());
    new ServiceAccount(stack, 'SA', { name: 'ci' });
    new UserApiKey(stack, 'K', { name: 'k', userId: FLOW_ID });
    expect(run(stack, 'PF-SEC-003')).toEqual([
      expect.stringMatching(/^warning Stack\/SA: prefect_service_account.api_key is stored in plain text in the Terraform state/),
      expect.stringMatching(/^warning Stack\/K: prefect_user_api_key.key is stored in plain text/),
    ]);
  });

  test('quiet on other resources', () => {
    const stack = stackWith(PrefectRules.security());
    new VariableL1(stack, 'V', { name: 'region', value: 'x' as any });
    expect(run(stack, 'PF-SEC-003')).toEqual([]);
  });
});

describe('PF-OPS-001 deployment without concurrency limit', () => {
  test('fires on a deployment with no limit, quiet with one', () => {
    const stack = stackWith(PrefectRules.operations());
    const flow = Flow.fromFlowAttributes(stack, 'F', { flowName: 'etl', flowId: FLOW_ID });
    new Deployment(stack, 'Unlimited', { flow, deploymentName: 'unlimited', entrypoint: 'a.py:f' });
    new Deployment(stack, 'Limited', { flow, deploymentName: 'limited', entrypoint: 'a.py:f', concurrencyLimit: 2 });
    new DeploymentL1(stack, 'Global', { name: 'g', flowId: FLOW_ID, globalConcurrencyLimitId: FLOW_ID });
    expect(run(stack, 'PF-OPS-001')).toEqual([expect.stringMatching(/^warning Stack\/Unlimited\/Resource: deployment "unlimited" has no concurrency limit, nor has its work queue or pool; set concurrencyLimit/)]);
  });

  test('quiet when its work queue or its pool has a limit; fires when they have none', () => {
    const stack = stackWith(PrefectRules.operations());
    const flow = Flow.fromFlowAttributes(stack, 'F', { flowName: 'etl', flowId: FLOW_ID });
    const limitedPool = new WorkPool(stack, 'LimitedPool', { workPoolName: 'limited-pool', workPoolType: WorkPoolType.PROCESS, concurrencyLimit: 4 });
    const pool = new WorkPool(stack, 'Pool', { workPoolName: 'pool', workPoolType: WorkPoolType.PROCESS });
    const limitedQueue = pool.addQueue('LimitedQueue', { workQueueName: 'limited', concurrencyLimit: 2 });
    const openQueue = pool.addQueue('OpenQueue', { workQueueName: 'open' });
    new Deployment(stack, 'InLimitedPool', { flow, entrypoint: 'a.py:f', deploymentName: 'a', workPool: limitedPool });
    new Deployment(stack, 'InLimitedQueue', { flow, entrypoint: 'a.py:f', deploymentName: 'b', workPool: pool, workQueue: limitedQueue });
    new Deployment(stack, 'InOpenQueue', { flow, entrypoint: 'a.py:f', deploymentName: 'c', workPool: pool, workQueue: openQueue });
    new DeploymentL1(stack, 'ByName', { name: 'd', flowId: FLOW_ID, workPoolName: 'pool', workQueueName: 'limited' });
    expect(run(stack, 'PF-OPS-001')).toEqual([expect.stringMatching(/^warning Stack\/InOpenQueue\/Resource: deployment "c" has no concurrency limit, nor has its work queue or pool/)]);
  });
});

describe('PF-OPS-002 schedule in a DST gap', () => {
  test('cronHours and observesDst', () => {
    expect(cronHours('30 2 * * *')).toEqual([2]);
    expect(cronHours('0 */6 * * *')).toEqual([0, 6, 12, 18]);
    expect(cronHours('0 1-3,22 * * *')).toEqual([1, 2, 3, 22]);
    expect(cronHours('@daily')).toEqual([]);
    expect(observesDst('Europe/Berlin')).toBe(true);
    expect(observesDst('America/New_York')).toBe(true);
    expect(observesDst('UTC')).toBe(false);
    expect(observesDst('Asia/Tokyo')).toBe(false);
    expect(observesDst('Not/AZone')).toBe(false);
  });

  test('fires on 02:30 Berlin, quiet on 02:30 UTC, 06:00 Berlin and 02:30 Tokyo', () => {
    const stack = stackWith(PrefectRules.operations());
    const sched = (id: string, cron: string, timezone?: string) => new DeploymentScheduleL1(stack, id, { deploymentId: FLOW_ID, cron, timezone });
    sched('Berlin', '30 2 * * *', 'Europe/Berlin');
    sched('Utc', '30 2 * * *', 'UTC');
    sched('NoZone', '30 2 * * *');
    sched('Morning', '0 6 * * *', 'Europe/Berlin');
    sched('Tokyo', '30 2 * * *', 'Asia/Tokyo');
    expect(run(stack, 'PF-OPS-002')).toEqual([expect.stringMatching(/^warning Stack\/Berlin: cron "30 2 \* \* \*" in time zone "Europe\/Berlin" fires at hour\(s\) 2, which a daylight saving change skips or repeats/)]);
  });
});

describe('PF-OPS-003 pool without failure automation (opt in)', () => {
  test('off by default', () => {
    const stack = stackWith(PrefectRules.operations());
    new WorkPool(stack, 'Pool', { workPoolName: 'p', workPoolType: WorkPoolType.PROCESS });
    expect(run(stack, 'PF-OPS-003')).toEqual([]);
  });

  test('fires on a pool nothing watches, quiet on a pool with onWorkerOffline', () => {
    const stack = stackWith(PrefectRules.operations({ requireFailureAutomation: true }));
    new WorkPool(stack, 'Lonely', { workPoolName: 'lonely', workPoolType: WorkPoolType.PROCESS });
    const watched = new WorkPool(stack, 'Watched', { workPoolName: 'watched', workPoolType: WorkPoolType.PROCESS });
    watched.onWorkerOffline('Offline', { action: Action.doNothing() });
    expect(run(stack, 'PF-OPS-003')).toEqual([expect.stringMatching(/^warning Stack\/Lonely\/Resource: work pool "lonely" has no automation on failure/)]);
  });
});
