import * as path from 'path';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { Construct } from 'constructs';
import {
  EnvironmentNaming, PrefectEnvironment, PrefectEnvironmentStack, Schedule, ScheduledDeployment, StateBackend, WorkPool,
} from '../../src';
import { missingProviders } from '../e2e/support/env';
import { TerraformWorkdir } from '../e2e/support/terraform';
import { testUnless } from '../support/skip';
import { Estate } from './estate';

/** The estate as dev (schedules paused, own pool name, bigger batches) and prod (plain names). */
function devAndProd(app: App = Testing.app()): { dev: Estate; prod: Estate } {
  const dev = new Estate(app, 'dev', {
    schedulesActive: false,
    workPoolNames: { etl: 'etl-dev-process' },
    deploymentParameters: { nightly: { batch_size: 5, dry_run: true } },
    imageTag: 'main',
  });
  const prod = new Estate(app, 'prod', {
    naming: EnvironmentNaming.unchanged(),
    stateBackend: StateBackend.s3({ bucket: 'acme-terraform-state', region: 'eu-central-1' }),
    parameters: { dry_run: false },
    imageTags: { 'registry.acme.io/flows': '1.4.0' },
  });
  return { dev, prod };
}

const json = (stack: TerraformStack) => JSON.parse(Testing.synth(stack, true));
const all = (tf: any, type: string): any[] => Object.values(tf.resource?.[type] ?? {});

describe('PrefectEnvironmentStack: one stack per environment from the same code', () => {
  const { dev, prod } = devAndProd();
  const d = json(dev);
  const p = json(prod);

  test('names follow each environment\'s naming rule and pool names', () => {
    expect(all(d, 'prefect_work_pool').map((x) => x.name)).toEqual(['etl-dev-process']);
    expect(all(p, 'prefect_work_pool').map((x) => x.name)).toEqual(['etl']);
    expect(all(d, 'prefect_flow').map((x) => x.name)).toEqual(['dev-etl']);
    expect(all(p, 'prefect_flow').map((x) => x.name)).toEqual(['etl']);
  });

  test('schedules follow schedulesActive; an explicit active wins', () => {
    const active = (tf: any) => Object.fromEntries(all(tf, 'prefect_deployment_schedule').map((s) => [s.slug ?? s.cron, s.active]));
    expect(active(d)).toEqual({ 'nightly': false, 'catch-up': false, '15 * * * *': false });
    expect(active(p)).toEqual({ 'nightly': true, 'catch-up': false, '15 * * * *': true });
  });

  test('parameters: the code\'s defaults, then parameters, then deploymentParameters[key]', () => {
    const params = (tf: any) => Object.fromEntries(all(tf, 'prefect_deployment').map((x) => [x.name, JSON.parse(x.parameters)]));
    expect(params(d)).toEqual({
      nightly: { source: 's3://acme-raw/orders', batch_size: 5, dry_run: true },
      hourly: { source: 's3://acme-raw/clicks', batch_size: 50 },
    });
    expect(params(p)).toEqual({
      nightly: { source: 's3://acme-raw/orders', batch_size: 500, dry_run: false },
      hourly: { source: 's3://acme-raw/clicks', batch_size: 50, dry_run: false },
    });
  });

  test('image tags: imageTags[key], else imageTag', () => {
    const image = (tf: any) => JSON.parse(all(tf, 'prefect_deployment').find((x) => x.name === 'nightly').job_variables).env.FLOW_IMAGE;
    expect(image(d)).toBe('registry.acme.io/flows:main');
    expect(image(p)).toBe('registry.acme.io/flows:1.4.0');
  });

  test('each environment has its own state: local terraform.dev.tfstate, prod in S3 with a lock file', () => {
    expect(d.terraform.backend).toEqual({ local: { path: path.join(process.cwd(), 'terraform.dev.tfstate') } });
    expect(p.terraform.backend).toEqual({
      s3: { bucket: 'acme-terraform-state', key: 'prod/terraform.tfstate', region: 'eu-central-1', encrypt: true, use_lockfile: true },
    });
  });

  test('PrefectEnvironment.of finds the environment from any construct below; undefined outside', () => {
    expect(PrefectEnvironment.of(dev.nightly.deployment)).toBe(dev.environment);
    expect(PrefectEnvironment.of(prod.pool)?.environmentName).toBe('prod');
    const plain = new TerraformStack(Testing.app(), 'plain');
    expect(PrefectEnvironment.of(plain)).toBeUndefined();
    expect(PrefectEnvironment.physicalNameOf(plain, 'etl')).toBe('etl');
    expect(PrefectEnvironment.physicalNameOf(dev.pool, 'etl')).toBe('dev-etl');
  });

  test('a PrefectEnvironment in a plain TerraformStack works the same', () => {
    const stack = new TerraformStack(Testing.app(), 'staging');
    new PrefectProvider(stack, 'prefect', {});
    const env = new PrefectEnvironment(stack, 'Environment', { schedulesActive: false, naming: EnvironmentNaming.suffix() });
    const pool = new WorkPool(stack, 'Pool', { workPoolName: env.workPoolName('etl') });
    new ScheduledDeployment(stack, 'D', { flowName: env.physicalName('etl'), deploymentName: 'd', entrypoint: 'a.py:f', workPool: pool, schedules: [Schedule.cron('0 0 * * *')] });
    const tf = json(stack);
    expect(all(tf, 'prefect_work_pool')[0].name).toBe('etl-staging');
    expect(all(tf, 'prefect_deployment_schedule')[0].active).toBe(false);
  });

  test('naming rules', () => {
    const name = (naming: EnvironmentNaming) => new PrefectEnvironmentStack(Testing.app(), 'qa', { naming }).environment.physicalName('etl');
    expect(name(EnvironmentNaming.prefix())).toBe('qa-etl');
    expect(name(EnvironmentNaming.prefix('acme-qa-'))).toBe('acme-qa-etl');
    expect(name(EnvironmentNaming.suffix())).toBe('etl-qa');
    expect(name(EnvironmentNaming.affix('acme-', '.qa'))).toBe('acme-etl.qa');
    expect(name(EnvironmentNaming.unchanged())).toBe('etl');
  });
});

describe('StateBackend: one state per environment, in each backend', () => {
  const backend = (b: StateBackend, id = 'dev') => json(new PrefectEnvironmentStack(Testing.app(), id, { stateBackend: b })).terraform;

  test('local: the default path is per environment, or the one given', () => {
    expect(backend(StateBackend.local()).backend).toEqual({ local: { path: path.join(process.cwd(), 'terraform.dev.tfstate') } });
    expect(backend(StateBackend.local({ path: 'state/dev.tfstate' })).backend).toEqual({ local: { path: 'state/dev.tfstate' } });
  });

  test('s3: key from the environment; DynamoDB locking instead of the lock file when a table is given', () => {
    expect(backend(StateBackend.s3({ bucket: 'acme-tfstate', dynamodbTable: 'tf-locks', roleArn: 'arn:aws:iam::123456789012:role/tf' }), 'staging').backend).toEqual({
      s3: { bucket: 'acme-tfstate', key: 'staging/terraform.tfstate', encrypt: true, dynamodb_table: 'tf-locks', assume_role: { role_arn: 'arn:aws:iam::123456789012:role/tf' } },
    });
  });

  test('gcs: prefix from the environment', () => {
    expect(backend(StateBackend.gcs({ bucket: 'acme-tfstate' })).backend).toEqual({ gcs: { bucket: 'acme-tfstate', prefix: 'dev' } });
    expect(backend(StateBackend.gcs({ bucket: 'acme-tfstate', prefix: 'prefect/dev' })).backend).toEqual({ gcs: { bucket: 'acme-tfstate', prefix: 'prefect/dev' } });
  });

  test('azurerm: blob from the environment, Entra ID authentication by default', () => {
    expect(backend(StateBackend.azurerm({ storageAccountName: 'acmetfstate', containerName: 'tfstate', resourceGroupName: 'rg-tf' }), 'prod').backend).toEqual({
      azurerm: { storage_account_name: 'acmetfstate', container_name: 'tfstate', key: 'prod.terraform.tfstate', resource_group_name: 'rg-tf', use_azuread_auth: true },
    });
  });

  test('hcp terraform: a workspace per environment', () => {
    expect(backend(StateBackend.hcpTerraform({ organization: 'acme', project: 'prefect' }), 'prod')).toMatchObject({
      cloud: { organization: 'acme', workspaces: { name: 'prod', project: 'prefect' } },
    });
    expect(backend(StateBackend.hcpTerraform({ organization: 'acme', workspaceName: 'prefect-dev', hostname: 'tfe.acme.io' }))).toMatchObject({
      cloud: { organization: 'acme', hostname: 'tfe.acme.io', workspaces: { name: 'prefect-dev' } },
    });
  });

  test('one backend value shared by environments gives each its own state by default', () => {
    const app = Testing.app();
    const shared = StateBackend.s3({ bucket: 'acme-tfstate' });
    const keys = ['dev', 'prod'].map((id) => json(new PrefectEnvironmentStack(app, id, { stateBackend: shared })).terraform.backend.s3.key);
    expect(keys).toEqual(['dev/terraform.tfstate', 'prod/terraform.tfstate']);
  });
});

// terraform validate per stack with the real provider; remote backends are not contacted
// (init -backend=false), so this runs without any cloud account
describe('terraform validate, per environment stack', () => {
  const reason = missingProviders('prefect');
  const app = Testing.app();
  const { dev, prod } = devAndProd(app);
  const gcs = new Estate(app, 'gcs', { stateBackend: StateBackend.gcs({ bucket: 'acme-tfstate' }), imageTag: 'x' });
  const az = new Estate(app, 'az', { stateBackend: StateBackend.azurerm({ storageAccountName: 'acmetfstate', containerName: 'tfstate' }), imageTag: 'x' });
  const hcp = new Estate(app, 'hcp', { stateBackend: StateBackend.hcpTerraform({ organization: 'acme' }), imageTag: 'x' });
  for (const stack of [dev, prod, gcs, az, hcp]) {
    testUnless(reason)(`${stack.node.id} (${stack.environment.stateBackend.kind} backend)`, () => {
      const tf = TerraformWorkdir.fromStackJson(Testing.synth(stack, true));
      try {
        tf.ok('init', '-no-color', '-input=false', '-backend=false');
        const out = JSON.parse(tf.run('validate', '-json', '-no-color').stdout);
        expect({ valid: out.valid, diagnostics: out.diagnostics }).toEqual({ valid: true, diagnostics: [] });
      } finally {
        tf.remove();
      }
    });
  }
});

// [what, build (on a fresh app), construct path, bad value, fix]
const rows: Array<[string, (app: App) => unknown, string, string, string]> = [
  ['name with a space', (a) => new PrefectEnvironmentStack(a, 'dev env'), 'dev env', '"dev env"', 'e.g. "dev" or "prod-eu"'],
  ['name with a glob character', (a) => new PrefectEnvironmentStack(a, 'prod*'), 'prod*', '"prod*"', 'letters, digits, "-" and "_"'],
  ['name with a dot', (a) => new PrefectEnvironmentStack(a, 'prod.eu'), 'prod.eu', '"prod.eu"', 'starting with a letter'],
  ['plain stack whose id is no environment name', (a) => new PrefectEnvironment(new TerraformStack(a, '1st'), 'Environment'), '1st/Environment', '"1st"', 'starting with a letter'],
  ['two environments in one stack', (a) => {
    const s = new PrefectEnvironmentStack(a, 'dev');
    new PrefectEnvironment(s, 'Second');
  }, 'dev/Second', 'dev/Environment', 'create one stack per environment'],
  ['environment outside a stack', (a) => new PrefectEnvironment(a, 'Loose'), 'Loose', 'an environment belongs in a TerraformStack', 'subclass PrefectEnvironmentStack'],
  ['two environments, one local state file', (a) => {
    new PrefectEnvironmentStack(a, 'dev', { stateBackend: StateBackend.local({ path: 'terraform.tfstate' }) });
    new PrefectEnvironmentStack(a, 'prod', { stateBackend: StateBackend.local({ path: 'terraform.tfstate' }) });
  }, 'prod', '"dev"', 'give each environment its own key, prefix, path or workspace'],
  ['two environments, one s3 key', (a) => {
    const b = StateBackend.s3({ bucket: 'acme-tfstate', key: 'prefect.tfstate' });
    new PrefectEnvironmentStack(a, 'dev', { stateBackend: b });
    new PrefectEnvironmentStack(a, 'prod', { stateBackend: b });
  }, 'prod', 's3://acme-tfstate/prefect.tfstate', 'leave it out for the per-environment default'],
  ['two environments, one gcs prefix', (a) => {
    new PrefectEnvironmentStack(a, 'dev', { stateBackend: StateBackend.gcs({ bucket: 'b-tf', prefix: 'prefect' }) });
    new PrefectEnvironmentStack(a, 'prod', { stateBackend: StateBackend.gcs({ bucket: 'b-tf', prefix: 'prefect' }) });
  }, 'prod', 'gs://b-tf/prefect/default.tfstate', 'its own key, prefix'],
  ['two environments, one azurerm blob', (a) => {
    const b = StateBackend.azurerm({ storageAccountName: 'acmetf', containerName: 'tfstate', key: 'prefect.tfstate' });
    new PrefectEnvironmentStack(a, 'dev', { stateBackend: b });
    new PrefectEnvironmentStack(a, 'prod', { stateBackend: b });
  }, 'prod', 'azurerm://acmetf/tfstate/prefect.tfstate', 'its own key'],
  ['two environments, one hcp terraform workspace', (a) => {
    const b = StateBackend.hcpTerraform({ organization: 'acme', workspaceName: 'prefect' });
    new PrefectEnvironmentStack(a, 'dev', { stateBackend: b });
    new PrefectEnvironmentStack(a, 'prod', { stateBackend: b });
  }, 'prod', 'cloud://app.terraform.io/acme/prefect', 'workspace'],
  ['s3 bucket with capitals', (a) => new PrefectEnvironmentStack(a, 'dev', { stateBackend: StateBackend.s3({ bucket: 'Acme_State' }) }), 'dev', '"Acme_State"', 'e.g. "acme-terraform-state"'],
  ['s3 key with a leading slash', (a) => new PrefectEnvironmentStack(a, 'dev', { stateBackend: StateBackend.s3({ bucket: 'acme-tf', key: '/dev.tfstate' }) }), 'dev', '"/dev.tfstate"', 'e.g. "dev/terraform.tfstate"'],
  ['backend setting from a variable', (a) => {
    const s = new TerraformStack(a, 'prod');
    new PrefectEnvironment(s, 'Environment', { stateBackend: StateBackend.s3({ bucket: 'acme-tf', key: new TerraformVariable(s, 'key', {}).stringValue }) });
  }, 'prod', 'key is a reference or variable', 'pass the value, e.g. from process.env at synth'],
  ['gcs prefix with a trailing slash', (a) => new PrefectEnvironmentStack(a, 'dev', { stateBackend: StateBackend.gcs({ bucket: 'acme-tf', prefix: 'prefect/' }) }), 'dev', '"prefect/"', 'e.g. "dev"'],
  ['azurerm account with a hyphen', (a) => new PrefectEnvironmentStack(a, 'dev', { stateBackend: StateBackend.azurerm({ storageAccountName: 'acme-tf', containerName: 'tfstate' }) }), 'dev', '"acme-tf"', 'e.g. "acmetfstate"'],
  ['azurerm container with capitals', (a) => new PrefectEnvironmentStack(a, 'dev', { stateBackend: StateBackend.azurerm({ storageAccountName: 'acmetf', containerName: 'TFState' }) }), 'dev', '"TFState"', 'e.g. "tfstate"'],
  ['hcp terraform workspace with a space', (a) => new PrefectEnvironmentStack(a, 'dev', { stateBackend: StateBackend.hcpTerraform({ organization: 'acme', workspaceName: 'prefect dev' }) }), 'dev', '"prefect dev"', 'e.g. "prefect-dev"'],
  ['hcp terraform without organization', (a) => new PrefectEnvironmentStack(a, 'dev', { stateBackend: StateBackend.hcpTerraform({ organization: '' }) }), 'dev', '""', 'e.g. "acme"'],
  ['naming prefix with "/"', (a) => new PrefectEnvironmentStack(a, 'dev', { naming: EnvironmentNaming.prefix('team/dev-') }), 'dev/Environment', '"team/dev-"', 'use letters, digits'],
  ['physical name of nothing', (a) => new PrefectEnvironmentStack(a, 'dev').environment.physicalName(''), 'dev/Environment', 'got ""', 'e.g. "etl"'],
  ['work pool name with "%"', (a) => new PrefectEnvironmentStack(a, 'dev', { workPoolNames: { etl: 'etl%dev' } }), 'dev/Environment', '"etl%dev"', 'use letters, digits'],
  ['work pool key nobody asks for', (a) => new Estate(a, 'dev', { workPoolNames: { elt: 'elt-dev' }, imageTag: 'x' }), 'dev/Environment', '"elt"', 'the code asks for "etl": fix the key or remove it'],
  ['deployment parameters key nobody asks for', (a) => new Estate(a, 'dev', { deploymentParameters: { nigthly: { x: 1 } }, imageTag: 'x' }), 'dev/Environment', '"nigthly"', 'the code asks for "nightly", "hourly"'],
  ['deployment parameters as a list', (a) => new PrefectEnvironmentStack(a, 'dev', { deploymentParameters: { nightly: [1] as any } }), 'dev/Environment', '[1]', 'a JSON object'],
  ['image tag with a colon', (a) => new PrefectEnvironmentStack(a, 'dev', { imageTag: 'v1:2' }), 'dev/Environment', '"v1:2"', 'e.g. "1.4.0"'],
  ['image with no tag in the environment', (a) => new Estate(a, 'dev'), 'dev/Environment', '"registry.acme.io/flows"', 'set imageTags["registry.acme.io/flows"] or imageTag'],
  ['image repository that has a tag', (a) => new PrefectEnvironmentStack(a, 'dev', { imageTag: '1' }).environment.image('acme/flows:latest'), 'dev/Environment', '"acme/flows:latest"', 'give it without a tag'],
];

describe('bad inputs fail at synth with the path, the value and the fix', () => {
  test('at least 10 rows', () => expect(rows.length).toBeGreaterThanOrEqual(10));

  test.each(rows)('%s', (_what, build, where, value, fix) => {
    const app = Testing.app();
    let message: string | undefined;
    try {
      build(app);
      for (const stack of app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c))) Testing.synth(stack, true);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBeDefined();
    expect(message!.startsWith(`${where}: `)).toBe(true);
    expect(message).toContain(value);
    expect(message).toContain(fix);
    expect(message).toMatch(/^[^:]*: [a-zS]/); // lowercase after the path (StateBackend.x names the factory)
  });

  test('good input synthesizes: Construct ids below are unaffected', () => {
    const app = Testing.app();
    const { dev } = devAndProd(app);
    expect(() => Testing.synth(dev, true)).not.toThrow();
    expect(Construct.isConstruct(dev.environment)).toBe(true);
  });
});
