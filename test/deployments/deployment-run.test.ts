import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Deployment, DeploymentOptions, DeploymentRun, DeploymentRunOptions, Flow, RunStart, Schedule } from '../../src/deployments';
import { Duration } from '../../src/core/duration';
import { newStack, resourcesOf, synthError, synthJson } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA = { type: 'object', properties: { limit: { type: 'integer', minimum: 1 }, mode: { enum: ['full', 'delta'] } } };

/** A flow `Stack/Flow` with a deployment `Stack/Flow/Dep`. */
function deployment(scope: Construct, options: Partial<DeploymentOptions> = {}): Deployment {
  const flow = new Flow(scope, 'Flow', { flowName: 'etl' });
  return flow.addDeployment('Dep', { deploymentName: 'nightly', entrypoint: 'flows/etl.py:etl', parameters: { limit: 10 }, ...options });
}

/** The synthesized JSON of a deployment with one run `Smoke`. */
type Extra = (scope: Construct, dep: Deployment) => void;

function synthRun(run: DeploymentRunOptions = {}, options: Partial<DeploymentOptions> = {}, extra?: Extra): any {
  const stack = newStack();
  const dep = deployment(stack, options);
  dep.runOnDeploy('Smoke', run);
  extra?.(stack, dep);
  return synthJson(stack);
}

function runResource(json: any): any {
  const runs = Object.entries(resourcesOf(json, 'terraform_data')).filter(([id]) => id.includes('_Smoke_'));
  if (runs.length !== 1) throw new Error(`expected one run, found ${runs.length}`);
  return runs[0][1];
}

/** The run's idempotency key as synthesized (the expression Terraform evaluates). */
function keyOf(run: DeploymentRunOptions = {}, options: Partial<DeploymentOptions> = {}, extra?: Extra): string {
  return runResource(synthRun(run, options, extra)).triggers_replace;
}

function environment(json: any): Record<string, string> {
  return runResource(json).provisioner[0]['local-exec'].environment;
}

describe('DeploymentRun', () => {
  test('synthesizes a terraform_data with the key, the script and the options (snapshot)', () => {
    const json = synthRun({
      parameters: { limit: 1, mode: 'full' },
      jobVariables: { env: { LOG_LEVEL: 'DEBUG' } },
      start: RunStart.at('2026-07-01T08:00:00+02:00'),
      flowRunName: 'smoke',
      tags: ['smoke'],
      workQueueName: 'default',
      wait: true,
      timeout: Duration.minutes(10),
      pollInterval: Duration.seconds(2),
      apiUrl: 'http://127.0.0.1:4200/api',
    }, { parameterOpenApiSchema: SCHEMA }, (_stack, dep) => dep.addSchedule('Nightly', Schedule.cron('0 2 * * *')));
    // the script's content hash masked: the snapshot is about the configuration
    const masked = JSON.stringify(resourcesOf(json, 'terraform_data')).replace(/(CdktfPrefectRunDeploymentScript\/)[0-9A-F]+\//, '$1<hash>/');
    expect(JSON.parse(masked)).toMatchSnapshot();
    const run = runResource(json);
    // after the deployment and its schedule, with Terraform's bare addresses
    expect(run.depends_on).toEqual(expect.arrayContaining([
      expect.stringMatching(/^prefect_deployment\.Flow_Dep_\w+$/),
      expect.stringMatching(/^prefect_deployment_schedule\.Flow_Dep_Nightly_\w+$/),
    ]));
    const exec = run.provisioner[0]['local-exec'];
    expect(exec.interpreter).toEqual(['node']);
    expect(exec.command).toMatch(/^assets\/CdktfPrefectRunDeploymentScript\/[0-9A-F]+\/run-deployment\.js$/);
    expect(JSON.parse(exec.environment.CDKTF_PREFECT_RUN)).toEqual({
      api_url: 'http://127.0.0.1:4200/api',
      flow_run_name: 'smoke',
      job_variables: { env: { LOG_LEVEL: 'DEBUG' } },
      parameters: { limit: 1, mode: 'full' },
      poll_seconds: 2,
      scheduled_time: '2026-07-01T06:00:00Z',
      tags: ['smoke'],
      timeout_seconds: 600,
      wait: true,
      work_queue_name: 'default',
    });
    expect(exec.environment.CDKTF_PREFECT_RUN_REFS).toMatch(/^\$\{jsonencode\(\{"deployment_id" = prefect_deployment\.Flow_Dep_\w+\.id, "idempotency_key" = self\.triggers_replace\}\)\}$/);
  });

  test('runOnDeploy and new DeploymentRun synthesize the same; the stack has one copy of the script', () => {
    const stack = newStack();
    const dep = deployment(stack);
    dep.runOnDeploy('Smoke', { wait: true });
    new DeploymentRun(dep, 'Smoke2', { deployment: dep, wait: true });
    const json = synthJson(stack);
    const data = resourcesOf(json, 'terraform_data');
    const [a, b] = Object.entries(data).filter(([id]) => id.includes('_Smoke')).map(([, r]) => r as any);
    expect(b.provisioner).toEqual(a.provisioner);
    expect(b.triggers_replace).toEqual(a.triggers_replace);
    // a run never waits for another run (no cycle between two runs of one deployment)
    expect(a.depends_on.some((d: string) => d.includes('Smoke'))).toBe(false);
    expect(b.depends_on.some((d: string) => d.includes('Smoke'))).toBe(false);
    expect(stack.node.findAll().filter((c) => c.node.id === 'CdktfPrefectRunDeploymentScript')).toHaveLength(1);
  });

  test('the script it points at is shipped in the npm package (assets/, beside lib/)', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = (JSON.parse(out)[0].files as Array<{ path: string }>).map((f) => f.path);
    expect(files).toContain('assets/run-deployment.js');
    // the construct finds it at ../../assets from lib/deployments/ (and from src/deployments/)
    expect(files).toContain('lib/deployments/deployment.js');
  });

  test('literals with quotes and Terraform template markers are escaped', () => {
    const stack = newStack();
    const dep = deployment(stack);
    const v = new TerraformVariable(stack, 'region', { type: 'string' });
    dep.runOnDeploy('Smoke', { parameters: { text: 'say "hi" ${x} %{y}', region: v.stringValue } });
    const env = environment(synthJson(stack));
    expect(env.CDKTF_PREFECT_RUN).toBe('{"wait":false}');
    expect(env.CDKTF_PREFECT_RUN_REFS).toContain('"text" = "say \\"hi\\" $${x} %%{y}"');
    expect(env.CDKTF_PREFECT_RUN_REFS).toContain('"region" = var.region');
    const literal = environment(synthRun({ parameters: { text: 'a ${x} %{y}' } }));
    expect(literal.CDKTF_PREFECT_RUN).toBe('{"parameters":{"text":"a $${x} %%{y}"},"wait":false}');
  });

  test('no credential of the synth environment is written', () => {
    const saved = { ...process.env };
    const secret = 'pnu_' + 'S3cr3tValue'.repeat(4);
    Object.assign(process.env, {
      PREFECT_API_KEY: secret,
      PREFECT_API_URL: 'https://api.prefect.cloud/api/accounts/a1/workspaces/w1',
      PREFECT_BASIC_AUTH_KEY: 'admin:hunter2-basic',
    });
    try {
      const text = JSON.stringify(synthRun({ wait: true }));
      expect(text).not.toContain(secret);
      expect(text).not.toContain('hunter2-basic');
      expect(text).not.toContain('accounts/a1');
    } finally {
      process.env = saved;
    }
  });

  describe('the idempotency key', () => {
    const base = keyOf();

    test('is a SHA-256 in Terraform of a synth-time digest and the deployment ID (new on replacement)', () => {
      expect(base).toMatch(/^\$\{sha256\(jsonencode\(\["[0-9a-f]{64}", prefect_deployment\.Flow_Dep_\w+\.id, prefect_flow\.Flow_\w+\.id\]\)\)\}$/);
      expect(keyOf()).toBe(base);
    });

    test.each<[string, DeploymentRunOptions, Partial<DeploymentOptions>]>([
      ['deployment parameters', {}, { parameters: { limit: 11 } }],
      ['deployment entrypoint', {}, { entrypoint: 'flows/etl.py:etl2' }],
      ['deployment job variables', {}, { jobVariables: { image: 'acme/etl:2' } }],
      ['deployment tags', {}, { tags: ['x'] }],
      ['run parameters', { parameters: { limit: 2 } }, {}],
      ['run job variables', { jobVariables: { image: 'acme/etl:2' } }, {}],
      ['start', { start: RunStart.after(Duration.minutes(5)) }, {}],
      ['flow run name', { flowRunName: 'smoke' }, {}],
      ['tags', { tags: ['smoke'] }, {}],
      ['work queue', { workQueueName: 'high' }, {}],
    ])('changes with the %s', (_, run, options) => {
      expect(keyOf(run, options)).not.toBe(base);
    });

    test.each<[string, DeploymentRunOptions, ((scope: Construct, dep: Deployment) => void) | undefined]>([
      ['wait, timeout, poll interval', { wait: true, timeout: Duration.minutes(3), pollInterval: Duration.seconds(1) }, undefined],
      ['the API URL', { apiUrl: 'http://10.0.0.1:4200/api' }, undefined],
      ['a schedule of the deployment', {}, (_s, dep) => dep.addSchedule('Nightly', Schedule.cron('0 2 * * *'))],
      ['another deployment', {}, (s) => new Flow(s, 'Other', { flowName: 'other' }).addDeployment('D', { deploymentName: 'd', entrypoint: 'a.py:f' })],
      ['RunStart.now() written out', { start: RunStart.now() }, undefined],
    ])('stays the same with %s', (_, run, extra) => {
      expect(keyOf(run, {}, extra)).toBe(base);
    });

    test('takes the value of a reference the deployment holds, not only its text', () => {
      const key = keyOf({}, {}, undefined);
      const stack = newStack();
      const v = new TerraformVariable(stack, 'image', { type: 'string' });
      deployment(stack, { jobVariables: { image: v.stringValue } }).runOnDeploy('Smoke', {});
      expect(runResource(synthJson(stack)).triggers_replace).toMatch(/var\.image/);
      expect(key).not.toMatch(/var\.image/);
    });

    test('is the given idempotencyKey when there is one, sent to Prefect as is', () => {
      const json = synthRun({ idempotencyKey: 'release-42' });
      expect(runResource(json).triggers_replace).toBe('release-42');
      expect(JSON.parse(environment(json).CDKTF_PREFECT_RUN).idempotency_key).toBe('release-42');
    });

    test('of an imported deployment is made from its ID and the run options', () => {
      const stack = newStack();
      const dep = Deployment.fromDeploymentAttributes(stack, 'Imp', { deploymentId: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f', deploymentName: 'd', flowName: 'f' });
      dep.runOnDeploy('Smoke', { tags: ['a'] });
      const key = resourcesOf(synthJson(stack), 'terraform_data');
      expect(Object.values(key).map((r: any) => r.triggers_replace)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    });
  });

  describe('bad input', () => {
    // [case, build, construct path, bad value in the message, fix in the message]
    const cases: Array<[string, (scope: Construct) => unknown, string, string, string]> = [
      ['timeout without wait', (s) => deployment(s).runOnDeploy('Run', { timeout: Duration.minutes(5) }), 'Stack/Flow/Dep/Run', 'timeout 5 minutes', 'set wait: true'],
      ['poll interval without wait', (s) => deployment(s).runOnDeploy('Run', { pollInterval: Duration.seconds(5) }), 'Stack/Flow/Dep/Run', 'pollInterval 5 seconds', 'set wait: true'],
      ['zero timeout', (s) => deployment(s).runOnDeploy('Run', { wait: true, timeout: Duration.seconds(0) }), 'Stack/Flow/Dep/Run', 'timeout 0 seconds', 'longer than 0 seconds'],
      ['negative timeout', (s) => deployment(s).runOnDeploy('Run', { wait: true, timeout: Duration.minutes(-1) }), 'Stack/Flow/Dep/Run', 'timeout -1 minutes', 'longer than 0 seconds'],
      ['zero poll interval', (s) => deployment(s).runOnDeploy('Run', { wait: true, pollInterval: Duration.seconds(0) }), 'Stack/Flow/Dep/Run', 'poll interval 0 seconds', 'longer than 0 seconds'],
      ['poll interval longer than the timeout', (s) => deployment(s).runOnDeploy('Run', { wait: true, timeout: Duration.seconds(30), pollInterval: Duration.minutes(1) }), 'Stack/Flow/Dep/Run', 'poll interval 1 minutes is longer than the timeout 30 seconds', 'shorten pollInterval'],
      ['poll interval longer than the default timeout', (s) => deployment(s).runOnDeploy('Run', { wait: true, pollInterval: Duration.hours(2) }), 'Stack/Flow/Dep/Run', 'timeout 1 hours (the default)', 'lengthen timeout'],
      ['a tag that is not a string', (s) => deployment(s).runOnDeploy('Run', { tags: ['ok', 7 as any] }), 'Stack/Flow/Dep/Run', 'tag 7 at index 1', 'non-empty strings'],
      ['an empty tag', (s) => deployment(s).runOnDeploy('Run', { tags: [' '] }), 'Stack/Flow/Dep/Run', 'tag " " at index 0', 'non-empty strings'],
      ['tags not a list', (s) => deployment(s).runOnDeploy('Run', { tags: 'smoke' as any }), 'Stack/Flow/Dep/Run', 'tags "smoke"', 'a list of strings'],
      ['empty flow run name', (s) => deployment(s).runOnDeploy('Run', { flowRunName: '' }), 'Stack/Flow/Dep/Run', 'flow run name ""', 'non-empty string'],
      ['empty idempotency key', (s) => deployment(s).runOnDeploy('Run', { idempotencyKey: '  ' }), 'Stack/Flow/Dep/Run', 'idempotency key "  "', 'leave it out'],
      ['bad work queue name', (s) => deployment(s).runOnDeploy('Run', { workQueueName: 'a/b' }), 'Stack/Flow/Dep/Run', '"a/b"', '"/"'],
      ['parameters not an object', (s) => deployment(s).runOnDeploy('Run', { parameters: [1] as any }), 'Stack/Flow/Dep/Run', 'run parameters [1]', 'JSON object'],
      ['parameters against the schema', (s) => deployment(s, { parameterOpenApiSchema: SCHEMA }).runOnDeploy('Run', { parameters: { mode: 'all' } }), 'Stack/Flow/Dep/Run', '{"limit":10,"mode":"all"}', 'enforceParameterSchema: false'],
      ['a merged parameter against the schema', (s) => deployment(s, { parameterOpenApiSchema: SCHEMA }).runOnDeploy('Run', { parameters: { limit: 0 } }), 'Stack/Flow/Dep/Run', '"limit" must be >= 1', 'fix the values'],
      ['scheduled time without offset', (s) => deployment(s).runOnDeploy('Run', { start: RunStart.at('2026-07-01T08:00:00') }), 'Stack/Flow/Dep/Run', '"2026-07-01T08:00:00"', 'add one'],
      ['scheduled time not a date', (s) => deployment(s).runOnDeploy('Run', { start: RunStart.at('tomorrow') }), 'Stack/Flow/Dep/Run', '"tomorrow"', 'ISO 8601'],
      ['zero delay', (s) => deployment(s).runOnDeploy('Run', { start: RunStart.after(Duration.seconds(0)) }), 'Stack/Flow/Dep/Run', 'start delay 0 seconds', 'RunStart.now()'],
      ['bad API URL', (s) => deployment(s).runOnDeploy('Run', { apiUrl: '127.0.0.1:4200' }), 'Stack/Flow/Dep/Run', '"127.0.0.1:4200"', 'PREFECT_API_URL'],
      ['no deployment', (s) => new DeploymentRun(s, 'Run', { deployment: undefined as any }), 'Stack/Run', 'a deployment is required', 'runOnDeploy'],
      ['a deployment name instead of a deployment', (s) => new DeploymentRun(s, 'Run', { deployment: 'etl/nightly' as any }), 'Stack/Run', 'invalid deployment "etl/nightly" (a string)', 'Deployment.fromDeploymentName'],
      ['a credential in the run parameters', (s) => deployment(s).runOnDeploy('Run', { parameters: { token: 'ghp_' + 'a'.repeat(36) } }), 'Stack/Flow/Dep/Run', 'parameters.token holds what looks like a GitHub token, ghp_****', 'block reference'],
      ['a credential as the idempotency key', (s) => deployment(s).runOnDeploy('Run', { idempotencyKey: 'pnu_' + 'a'.repeat(36) }), 'Stack/Flow/Dep/Run', 'idempotencyKey (Terraform triggers_replace) holds what looks like a Prefect API key', 'keep secrets out'],
    ];

    test.each(cases)('%s', (_, build, where, value, fix) => {
      const message = synthError(build);
      expect(message.startsWith(`${where}: `)).toBe(true);
      expect(message).toContain(value);
      expect(message).toContain(fix);
    });
  });
});

describe('run-deployment.js', () => {
  const script = path.join(ROOT, 'assets', 'run-deployment.js');
  const run = (env: Record<string, string>) => spawnSync(process.execPath, [script], { env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8', timeout: 30_000 });

  test('refuses Prefect Cloud\'s account-level URL, naming the workspace-scoped one', () => {
    const r = run({ CDKTF_PREFECT_RUN: '{"wait":false}', CDKTF_PREFECT_RUN_REFS: '{"deployment_id":"d","idempotency_key":"k"}', PREFECT_API_URL: 'https://api.prefect.cloud/api/' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('https://api.prefect.cloud/api is Prefect Cloud\'s account-level API');
    expect(r.stderr).toContain('PREFECT_CLOUD_WORKSPACE_ID');
  });

  test('says what it needs when run by hand', () => {
    const r = run({});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CDKTF_PREFECT_RUN is not set');
  });
});
