import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '../src/.gen/providers/aws/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { NullProvider } from 'cdktf-prefect/lib/.gen/providers/null/provider';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { Deployment, Flow, RegistryAuth, WorkPool, WorkPoolType } from 'cdktf-prefect';
import { EcrImageRepository } from '../src';
import { missingProviders } from '../../../test/e2e/support/env';
import { validateStack } from '../../../test/e2e/support/terraform';
import { testUnless } from '../../../test/support/skip';

// EcrImageRepository: an ECR repository for DeploymentImage, with a push policy that allows
// exactly what a push needs: GetAuthorizationToken (no resource-level permissions) on *, the
// push actions on this repository's ARN only.

const context = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-ecr-'));
fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY . /opt/prefect\n');
afterAll(() => fs.rmSync(context, { recursive: true, force: true }));

function stack(build: (s: TerraformStack) => void): any {
  const s = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'ecr');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  new PrefectProvider(s, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
  new NullProvider(s, 'null');
  build(s);
  return Testing.synth(s, true);
}

const only = (json: any, type: string) => {
  const all = Object.values(json.resource?.[type] ?? json.data?.[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0] as any;
};

describe('EcrImageRepository', () => {
  test('a repository, a least-privilege push policy, and an image built into it for a deployment', () => {
    const json = JSON.parse(stack((s) => {
      const repo = new EcrImageRepository(s, 'Flows', { repositoryName: 'acme/flows', immutableTags: true, tags: { team: 'data' } });
      const image = repo.addImage('Image', { directory: context, registryAuth: RegistryAuth.builderLogin() });
      const pool = new WorkPool(s, 'Pool', { workPoolName: 'ecs-pool', workPoolType: WorkPoolType.ECS });
      new Deployment(s, 'D', { flow: new Flow(s, 'F', { flowName: 'etl' }), deploymentName: 'main', entrypoint: 'etl.py:etl', workPool: pool, image });
    }));
    expect(only(json, 'aws_ecr_repository')).toEqual({
      name: 'acme/flows', image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: { scan_on_push: true }, tags: { team: 'data' },
    });
    const document = only(json, 'aws_iam_policy_document');
    expect(document.statement).toEqual([
      { sid: 'Login', effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      {
        sid: 'Push', effect: 'Allow',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
        resources: [expect.stringMatching(/^\$\{aws_ecr_repository\.Flows_[0-9A-F]{8}\.arn\}$/)],
      },
    ]);
    // nothing but GetAuthorizationToken on *
    for (const statement of document.statement) {
      if (statement.resources.includes('*')) expect(statement.actions).toEqual(['ecr:GetAuthorizationToken']);
      expect(statement.actions.every((a: string) => a.startsWith('ecr:'))).toBe(true);
      expect(statement.actions.some((a: string) => a.includes('*'))).toBe(false);
    }
    const policy = only(json, 'aws_iam_policy');
    expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.Flows_PushPolicyDocument_[0-9A-F]{8}\.json\}$/);
    expect(policy.name).toMatch(/^flows-[0-9a-f]{8}-push$/);
    const image = only(json, 'null_resource');
    expect(image.triggers.image).toMatch(/^\$\{aws_ecr_repository\.Flows_[0-9A-F]{8}\.repository_url\}:[0-9a-f]{16}$/);
    expect(only(json, 'prefect_deployment').job_variables).toBe(`\${jsonencode({"image" = "${image.triggers.image}"})}`);
  });

  test('defaults: a unique name, mutable tags, scan on push', () => {
    const json = JSON.parse(stack((s) => new EcrImageRepository(s, 'Repo')));
    expect(only(json, 'aws_ecr_repository')).toMatchObject({ name: expect.stringMatching(/^repo-[0-9a-f]{8}$/), image_tag_mutability: 'MUTABLE', image_scanning_configuration: { scan_on_push: true } });
  });

  test.each([
    ['an uppercase name', { repositoryName: 'Acme/Flows' }, 'invalid repositoryName "Acme/Flows"'],
    ['a name ending in a slash', { repositoryName: 'acme/' }, 'e.g. "acme/flows"'],
    ['an aws: tag', { tags: { 'aws:x': '1' } }, 'the "aws:" prefix is reserved'],
  ])('refuses %s', (_what, props, message) => {
    expect(() => stack((s) => new EcrImageRepository(s, 'Repo', props))).toThrow(/^ecr\/Repo: /);
    expect(() => stack((s) => new EcrImageRepository(s, 'Repo', props))).toThrow(message);
  });

  testUnless(missingProviders('prefect', 'aws', 'null'))('passes terraform validate (real AWS 5.100.0, null 3.2.4 and Prefect providers)', () => {
    const json = stack((s) => {
      const repo = new EcrImageRepository(s, 'Flows');
      repo.addImage('Image', { directory: context });
    });
    expect(validateStack(json)).toEqual({ valid: true, diagnostics: [] });
  });
});
