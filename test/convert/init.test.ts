import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { missingProviders } from '../e2e/support/env';
import { validateStack } from '../e2e/support/terraform';
import { libNotBuilt, testUnless } from '../support/skip';

// `cdktf-prefect init --recipe`: each starter is written, synthesized with the compiled library
// (as a user's app imports it) and checked by `terraform validate` with the real provider.
const OUT = path.join(__dirname, '.out', 'init');
const canValidate = testUnless(missingProviders('prefect') ?? libNotBuilt());
const canValidateImages = testUnless(missingProviders('prefect', 'null') ?? libNotBuilt());
const AWS_LIB = path.join(__dirname, '..', '..', 'packages', 'aws', 'lib', 'index.js');
const canValidateAws = testUnless(missingProviders('prefect', 'aws') ?? libNotBuilt()
  ?? (fs.existsSync(AWS_LIB) ? undefined : 'packages/aws/lib is not built; run bash scripts/build.sh'));
const sink = () => ({ text: '', write(s: string) { this.text += s; return true; } }) as any;

function init(recipe: string, language = 'typescript'): string {
  const dir = path.join(OUT, `${recipe}-${language}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const out = sink();
  expect(main(['init', '--recipe', recipe, '--language', language, dir], out, sink())).toBe(0);
  expect(out.text).toContain(`wrote the ${recipe} recipe`);
  return dir;
}

function synth(dir: string): string {
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], { cwd: dir, env: { ...process.env, CDKTF_OUTDIR: path.join(dir, 'cdktf.out') }, stdio: 'inherit' });
  return fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'prefect', 'cdk.tf.json'), 'utf8');
}

afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

describe('init --recipe', () => {
  for (const recipe of ['local', 'kubernetes']) {
    canValidate(`${recipe}: synthesizes and passes terraform validate`, () => {
      const dir = init(recipe);
      expect(fs.readdirSync(dir).sort()).toEqual(['Dockerfile', 'cdktf.json', 'flows', 'main.ts', 'package.json', 'tsconfig.json'].filter((f) => recipe !== 'local' || f !== 'Dockerfile'));
      const json = synth(dir);
      const stack = JSON.parse(json);
      expect(Object.keys(stack.resource).sort()).toEqual(['prefect_deployment', 'prefect_deployment_schedule', 'prefect_flow', 'prefect_work_pool', 'terraform_data']);
      expect(validateStack(json)).toEqual({ valid: true, diagnostics: [] });
    });
  }

  canValidateAws('ecs: an EcsWorker of cdktf-prefect-aws, its ecs pool and a deployment of the public image synthesize and pass terraform validate', () => {
    const dir = init('ecs');
    expect(fs.readdirSync(dir).sort()).toEqual(['cdktf.json', 'flows', 'main.ts', 'package.json', 'tsconfig.json']);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(['cdktf', 'cdktf-prefect', 'cdktf-prefect-aws', 'constructs']);
    const app = fs.readFileSync(path.join(dir, 'main.ts'), 'utf8');
    expect(app).toContain("import { EcsWorker, PrefectAuth, l1 as aws } from 'cdktf-prefect-aws';");
    // the generated app type-checks as a user's project would compile it (strict)
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json', '--typeRoots', path.join(__dirname, '..', '..', 'node_modules', '@types')], { cwd: dir, stdio: 'inherit' });
    const json = synth(dir);
    const stack = JSON.parse(json);
    expect(Object.keys(stack.variable).sort()).toEqual(['flows_repository', 'prefect_account_id', 'prefect_api_key_secret_arn', 'subnet_ids', 'vpc_id', 'prefect_workspace_id'].sort());
    expect(Object.keys(stack.provider).sort()).toEqual(['aws', 'prefect']);
    expect(Object.keys(stack.resource)).toEqual(expect.arrayContaining(['aws_ecs_cluster', 'aws_ecs_service', 'aws_ecs_task_definition', 'prefect_work_pool', 'prefect_deployment', 'prefect_deployment_schedule', 'prefect_flow']));
    const pool: any = Object.values(stack.resource.prefect_work_pool)[0];
    expect(pool).toMatchObject({ name: 'ecs-pool', type: 'ecs' });
    const deployment: any = Object.values(stack.resource.prefect_deployment)[0];
    expect(deployment.work_pool_name).toMatch(/^\$\{prefect_work_pool\..*\.name\}$/);
    expect(JSON.parse(deployment.job_variables)).toEqual({ image: 'prefecthq/prefect:3-latest' });
    expect(deployment.pull_steps).toEqual([{ type: 'git_clone', repository: '${var.flows_repository}', branch: 'main' }]);
    // terraform validate needs no AWS credentials or Prefect server: nothing is planned or applied
    expect(validateStack(json)).toEqual({ valid: true, diagnostics: [] });
  });

  test('ecs: the Python app imports the AWS package and requires it', () => {
    const dir = init('ecs', 'python');
    expect(fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8')).toContain('cdktf-prefect-aws>=');
    const py = fs.readFileSync(path.join(dir, 'main.py'), 'utf8');
    expect(py).toContain('from cdktf_prefect_aws import EcsWorker, PrefectAuth, l1 as aws');
    expect(py).toContain('aws.provider.AwsProvider(self, "aws")');
    expect(py).toContain('work_pool=worker.work_pool,');
    expect(py).toContain('auth=PrefectAuth.api_key_from_secret_arn(prefect_api_key_secret_arn.string_value),');
  });

  test('--help lists every recipe with what it makes', () => {
    const out = sink();
    expect(main(['--help'], out, sink())).toBe(0);
    expect(out.text).toContain('init --recipe local|docker|kubernetes|ecs');
    expect(out.text).toMatch(/\n {8}ecs {9}a Prefect Cloud worker on ECS Fargate \(EcsWorker of cdktf-prefect-aws\)/);
  });

  test('docker: the image is built by DeploymentImage and is the deployment\'s image', () => {
    const app = fs.readFileSync(path.join(init('docker'), 'main.ts'), 'utf8');
    expect(app).toContain("const image = new DeploymentImage(this, 'Image', {");
    expect(app).toContain("new l1Null.provider.NullProvider(this, 'null', {});");
    expect(app).toContain('      image: image,\n');
  });

  canValidateImages('docker: synthesizes (the image job variable, the null_resource) and passes terraform validate', () => {
    const stack = JSON.parse(synth(init('docker')));
    expect(Object.keys(stack.resource).sort()).toEqual(['null_resource', 'prefect_deployment', 'prefect_deployment_schedule', 'prefect_flow', 'prefect_work_pool', 'terraform_data']);
    const [image] = Object.values(stack.resource.null_resource) as any[];
    const [deployment] = Object.values(stack.resource.prefect_deployment) as any[];
    expect(JSON.parse(deployment.job_variables).image).toBe(image.triggers.image);
    expect(image.triggers.image).toMatch(/^registry\.example\.com\/acme\/hello:[0-9a-f]{16}$/);
    expect(validateStack(JSON.stringify(stack))).toEqual({ valid: true, diagnostics: [] });
  });

  test('python: the same starter as a Python app', () => {
    const dir = init('local', 'python');
    expect(fs.readdirSync(dir).sort()).toEqual(['cdktf.json', 'flows', 'main.py', 'requirements.txt']);
    const py = fs.readFileSync(path.join(dir, 'main.py'), 'utf8');
    expect(py).toContain('work_pool_name="local-process",\n            base_job_template=BaseJobTemplate.process(),');
    expect(py).toContain('pull_steps=[PullStep.working_directory(APP_DIR)]');
  });

  test('an existing app is not overwritten without --force', () => {
    const dir = init('local');
    const err = sink();
    expect(main(['init', '--recipe', 'local', dir], sink(), err)).toBe(2);
    expect(err.text).toContain('already has main.ts, cdktf.json, package.json, tsconfig.json, flows/hello.py; choose another directory, or pass --force');
  });
});
