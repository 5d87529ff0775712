import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { PrefectApi, WorkerBase, WorkerBaseProps, WorkerCredential } from '../../src/patterns';
import { BaseJobTemplate, WorkPool } from '../../src/work-pools';
import { newStack, onlyResource, synthError, synthJson } from '../support/synth';

/** A minimal worker on no particular platform: what a cloud package's worker does with the helpers. */
class TestWorker extends WorkerBase {
  public readonly workPool: WorkPool;
  public readonly spec: any;
  constructor(scope: Construct, id: string, props: WorkerBaseProps, credential: WorkerCredential = WorkerCredential.NONE) {
    super(scope, id, props, { workerType: 'process', extraPipPackages: 'prefect-test', credential, apiKeyHint: 'pass an API key' });
    this.workPool = this.createWorkPool(BaseJobTemplate.process(), 'test pool');
    this.spec = {
      command: this.workerCommand(this.workPool), env: this.workerEnvironment(),
      health: this.workerHealthCheck(), secretEnv: this.credential.envName,
    };
  }
}

/** A value as it synthesizes (through an output). */
function synthesized(stack: TerraformStack, value: any): any {
  new TerraformOutput(stack, 'probe', { value });
  return synthJson(stack).output.probe.value;
}

const selfHosted = PrefectApi.selfHosted('https://prefect.example.com/api');

describe('WorkerBase', () => {
  test('defaults: the command with the health check, the environment, the probe, the pool as its child WorkPool', () => {
    const stack = newStack();
    const w = new TestWorker(stack, 'W', { api: selfHosted, workPoolName: 'pool' });
    const json = synthJson(stack);
    const pool = onlyResource(json, 'prefect_work_pool');
    expect([pool.name, pool.type, pool.description]).toEqual(['pool', 'process', 'test pool']);
    expect(Object.keys(json.resource.prefect_work_pool)).toEqual([w.workPool.resource.friendlyUniqueId]);
    expect(w.workPool.node.path).toBe('Stack/W/WorkPool');
    expect(synthesized(stack, w.spec.command)).toEqual(['prefect', 'worker', 'start', '--pool', `${'$'}{prefect_work_pool.${w.workPool.resource.friendlyUniqueId}.name}`, '--type', 'process', '--with-healthcheck']);
    expect(w.spec.env).toEqual([
      { name: 'PREFECT_API_URL', value: 'https://prefect.example.com/api' },
      { name: 'EXTRA_PIP_PACKAGES', value: 'prefect-test' },
      { name: 'PREFECT_WORKER_WEBSERVER_PORT', value: '8080' },
    ]);
    expect(w.spec.health).toEqual({
      port: 8080,
      command: ['python', '-c', "import urllib.request; urllib.request.urlopen('http://localhost:8080/health', timeout=5)"],
      intervalSeconds: 30, timeoutSeconds: 10, retries: 3, startPeriodSeconds: 240,
    });
    expect(w.spec.secretEnv).toBeUndefined();
    expect([w.api, w.healthCheckEnabled]).toEqual([selfHosted, true]);
  });

  test('queues, limit, type, no health check, no packages; the credential names its variable', () => {
    const stack = newStack();
    const limit = new TerraformVariable(stack, 'limit', { type: 'number' }).numberValue;
    const w = new TestWorker(stack, 'W', {
      api: PrefectApi.cloud('acc', 'ws'), workPoolName: 'pool', workQueues: ['a', 'b'], workerLimit: limit,
      workerType: 'custom', healthCheck: false, extraPipPackages: '',
    }, WorkerCredential.API_KEY);
    expect(synthesized(stack, w.spec.command).slice(5)).toEqual(['--type', 'custom', '--work-queue', 'a', '--work-queue', 'b', '--limit', '${var.limit}']);
    expect(w.spec.env).toEqual([{ name: 'PREFECT_API_URL', value: 'https://api.prefect.cloud/api/accounts/acc/workspaces/ws' }]);
    expect(w.spec.health).toBeUndefined();
    expect(w.spec.secretEnv).toBe('PREFECT_API_KEY');
    expect([WorkerCredential.AUTH_STRING.envName, WorkerCredential.AUTH_STRING.isApiKey, WorkerCredential.API_KEY.isApiKey]).toEqual(['PREFECT_API_AUTH_STRING', false, true]);
  });

  test('a customer-managed Cloud adds PREFECT_CLOUD_API_URL (and the UI URL when given): Prefect takes the API for Cloud only under it', () => {
    const api = PrefectApi.customerManagedCloud('https://prefect.example.com/api', 'acc', 'ws', { uiUrl: 'https://app.prefect.example.com' });
    const w = new TestWorker(newStack(), 'W', { api, workPoolName: 'pool', healthCheck: false, extraPipPackages: '' }, WorkerCredential.API_KEY);
    expect(w.spec.env).toEqual([
      { name: 'PREFECT_API_URL', value: 'https://prefect.example.com/api/accounts/acc/workspaces/ws' },
      { name: 'PREFECT_CLOUD_API_URL', value: 'https://prefect.example.com/api' },
      { name: 'PREFECT_CLOUD_UI_URL', value: 'https://app.prefect.example.com' },
    ]);
    const noUi = new TestWorker(newStack(), 'W', { api: PrefectApi.customerManagedCloud('https://prefect.example.com/api', 'acc', 'ws'), workPoolName: 'pool', healthCheck: false, extraPipPackages: '' }, WorkerCredential.API_KEY);
    expect(noUi.spec.env.map((e: any) => e.name)).toEqual(['PREFECT_API_URL', 'PREFECT_CLOUD_API_URL']);
  });

  test('without extra packages the probe starts counting after 60 s', () => {
    const w = new TestWorker(newStack(), 'W', { api: selfHosted, workPoolName: 'pool', extraPipPackages: '' });
    expect(w.spec.health.startPeriodSeconds).toBe(60);
  });

  test.each<[string, (s: Construct) => void, RegExp]>([
    ['no API', (s) => new TestWorker(s, 'W', { api: undefined as any, workPoolName: 'pool' }), /^Stack\/W: the Prefect API is not given: pass api: PrefectApi.selfHosted\(apiUrl\)/],
    ['Cloud without an API key', (s) => new TestWorker(s, 'W', { api: PrefectApi.cloud('acc', 'ws'), workPoolName: 'pool' }, WorkerCredential.AUTH_STRING), /^Stack\/W: Prefect Cloud \("https:\/\/api.prefect.cloud\/api\/accounts\/acc\/workspaces\/ws"\) needs an API key: pass an API key$/],
    ['a bad API URL', (s) => new TestWorker(s, 'W', { api: PrefectApi.selfHosted('localhost:4200'), workPoolName: 'pool' }), /^Stack\/W: invalid PrefectApi.selfHosted URL "localhost:4200"/],
    ['a bad limit', (s) => new TestWorker(s, 'W', { api: selfHosted, workPoolName: 'pool', workerLimit: 1.5 }), /^Stack\/W: invalid workerLimit 1.5: it must be a whole number of at least 1$/],
    ['a bad type', (s) => new TestWorker(s, 'W', { api: selfHosted, workPoolName: 'pool', workerType: 'a b' }), /^Stack\/W: invalid workerType "a b": use a worker type such as "process"$/],
  ])('%s fails at synth', (_name, build, message) => {
    expect(synthError(build)).toMatch(message);
  });
});
