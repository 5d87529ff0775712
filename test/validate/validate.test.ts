import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import {
  BaseJobTemplate,
  Block,
  BlockSecretValue,
  BlockType,
  Duration,
  GlobalConcurrencyLimit,
  PullStep,
  Schedule,
  ScheduledDeployment,
  TaskRunConcurrencyLimit,
  Variable,
  VariableValue,
  WorkPool,
  WorkPoolType,
} from '../../src';
import { missingProviders } from '../e2e/support/env';
import { validateStack, ValidateResult } from '../e2e/support/terraform';
import { describeUnless } from '../support/skip';

// `terraform validate` with the real provider schema, through the project's filesystem
// mirror: the synthesized JSON must be what the provider accepts, not only what our own
// bindings produce. Needs the provider binary (terraform init), so it is skipped without it.
const withProvider = describeUnless(missingProviders('prefect'));

function validate(build: (stack: TerraformStack) => void): ValidateResult {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, 'validate');
  new PrefectProvider(stack, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
  build(stack);
  return validateStack(Testing.synth(stack, true));
}

withProvider('terraform validate (real provider schema)', () => {
  test('every core construct with every optional prop', () => {
    const result = validate((stack) => {
      const pool = new WorkPool(stack, 'Pool', {
        workPoolName: 'k8s',
        workPoolType: WorkPoolType.KUBERNETES,
        concurrencyLimit: 3,
        paused: true,
        description: 'd',
        baseJobTemplate: BaseJobTemplate.kubernetes({ image: 'acme/flows:1', namespace: 'flows' }),
      });
      const queue = pool.addQueue('Q', { workQueueName: 'q', priority: 1, concurrencyLimit: 1, paused: false, description: 'q' });
      const limit = new GlobalConcurrencyLimit(stack, 'L', { globalConcurrencyLimitName: 'l', limit: 2, active: true, activeSlots: 0, slotDecayPerSecond: 1 });
      new TaskRunConcurrencyLimit(stack, 'T', { tag: 'db', concurrencyLimit: 4 });
      new Variable(stack, 'V', { variableName: 'v', value: VariableValue.fromList([1, 'a', true]), tags: ['x'] });
      const secret = new TerraformVariable(stack, 'token', { type: 'string', sensitive: true });
      const creds = new Block(stack, 'Creds', {
        blockName: 'gh',
        blockType: BlockType.GITHUB_CREDENTIALS,
        secretData: { token: BlockSecretValue.fromVariable(secret) },
      });
      new Block(stack, 'Fs', { blockName: 'fs', blockType: BlockType.LOCAL_FILE_SYSTEM, data: { basepath: '/data' } });
      new ScheduledDeployment(stack, 'Sd', {
        flowName: 'f',
        flowTags: ['t'],
        deploymentName: 'd',
        description: 'd',
        version: '1',
        path: '/opt',
        entrypoint: 'a.py:f',
        tags: ['t'],
        paused: false,
        workPool: pool,
        workQueue: queue,
        globalConcurrencyLimit: limit,
        parameters: { n: 1 },
        parameterOpenApiSchema: { type: 'object', properties: { n: { type: 'integer' } } },
        enforceParameterSchema: true,
        jobVariables: { image: 'x' },
        pullSteps: [
          PullStep.gitClone({ repository: 'https://example.com/r.git', branch: 'main', includeSubmodules: true, credentials: creds }),
          PullStep.workingDirectory('/opt/r'),
          PullStep.pullFromS3({ bucket: 'b', folder: 'f' }),
          PullStep.pullFromGcs({ bucket: 'b', folder: 'f' }),
          PullStep.pullFromAzureBlobStorage({ container: 'c', folder: 'f' }),
          PullStep.pipInstallRequirements({ requirementsFile: 'r.txt', directory: '/opt/r', streamOutput: true }),
          PullStep.runShellScript({ script: 'make', env: { A: '1' }, expandEnvVars: true, streamOutput: false }),
        ],
        schedules: [
          Schedule.cron('0 * * * *', { timezone: 'UTC', dayOr: true, slug: 'c', maxScheduledRuns: 3, parameters: { n: 2 } }),
          Schedule.interval(Duration.minutes(15), { anchorDate: '2026-01-01T00:00:00Z', slug: 'i', active: false }),
          Schedule.rrule('FREQ=DAILY;BYHOUR=6', { timezone: 'Europe/Berlin', slug: 'r' }),
        ],
      });
    });
    expect(result).toEqual({ valid: true, diagnostics: [] });
  });

  test('a mistake the provider schema rejects is reported (the check can fail)', () => {
    const result = validate((stack) => {
      const pool = new WorkPool(stack, 'Pool', { workPoolName: 'p' });
      pool.resource.addOverride('no_such_attribute', true);
    });
    expect(result.valid).toBe(false);
    expect(result.diagnostics.join('\n')).toMatch(/no_such_attribute/);
  });
});
