import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '../src/.gen/providers/aws/provider';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { NullProvider } from 'cdktf-prefect/lib/.gen/providers/null/provider';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { Deployment, Flow, RegistryAuth, WorkPool, WorkPoolType } from 'cdktf-prefect';
import { EcrImageRepository, IamGrantee } from '../src';
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

  test('grantPush attaches the push policy to a role and a user, by name or ARN; no pull policy is made', () => {
    const json = JSON.parse(stack((s) => {
      const repo = new EcrImageRepository(s, 'Flows', { repositoryName: 'acme/flows' });
      repo.grantPush('PushCi', IamGrantee.role('arn:aws:iam::123456789012:role/ci/deployer'));
      repo.grantPush('PushAlice', IamGrantee.user('alice'));
      expect(repo.pullPolicy).toBeUndefined();
    }));
    const push = '${aws_iam_policy.Flows_PushPolicy_' ;
    expect(only(json, 'aws_iam_role_policy_attachment')).toEqual({ role: 'deployer', policy_arn: expect.stringMatching(/^\$\{aws_iam_policy\.Flows_PushPolicy_[0-9A-F]{8}\.arn\}$/) });
    expect(only(json, 'aws_iam_user_policy_attachment')).toEqual({ user: 'alice', policy_arn: expect.stringContaining(push) });
    expect(only(json, 'aws_iam_policy').name).toMatch(/-push$/);
    expect(Object.keys(json.resource).sort()).toEqual(['aws_ecr_repository', 'aws_iam_policy', 'aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment']);
  });

  test('grantPull makes one pull policy (GetAuthorizationToken on *, the pull actions on the repository only) and attaches it', () => {
    const json = JSON.parse(stack((s) => {
      const repo = new EcrImageRepository(s, 'Flows', { repositoryName: 'acme/flows', tags: { team: 'data' } });
      const role = new TerraformVariable(s, 'execution_role_arn', { type: 'string' });
      repo.grantPull('PullExecution', IamGrantee.role(role.stringValue));
      repo.grantPull('PullBob', IamGrantee.user('arn:aws:iam::123456789012:user/bob'));
      expect(repo.pullPolicy).toBeDefined();
    }));
    const documents = Object.entries(json.data.aws_iam_policy_document) as Array<[string, any]>;
    const pull = documents.find(([id]) => id.startsWith('Flows_PullPolicyDocument_'))![1];
    expect(pull.statement).toEqual([
      { sid: 'Login', effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      { sid: 'Pull', effect: 'Allow', actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], resources: [expect.stringMatching(/^\$\{aws_ecr_repository\.Flows_[0-9A-F]{8}\.arn\}$/)] },
    ]);
    const policies = Object.values(json.resource.aws_iam_policy) as any[];
    expect(policies.map((p) => p.name.replace(/^flows-[0-9a-f]{8}/, 'flows-<hash>')).sort()).toEqual(['flows-<hash>-pull', 'flows-<hash>-push']);
    const pullPolicy = policies.find((p) => p.name.endsWith('-pull'));
    expect(pullPolicy).toMatchObject({ description: 'pull images from the ECR repository acme/flows', tags: { team: 'data' } });
    // a reference: its last path segment is the role's name (a name has no "/", an ARN ends with it)
    expect(only(json, 'aws_iam_role_policy_attachment')).toEqual({
      role: '${element(reverse(split("/", var.execution_role_arn)), 0)}',
      policy_arn: expect.stringMatching(/^\$\{aws_iam_policy\.Flows_PullPolicy_[0-9A-F]{8}\.arn\}$/),
    });
    expect(only(json, 'aws_iam_user_policy_attachment').user).toBe('bob');
  });

  test.each([
    ['a user ARN given as a role', () => IamGrantee.role('arn:aws:iam::123456789012:user/bob'), 'invalid role ARN "arn:aws:iam::123456789012:user/bob": it must be an IAM role ARN, e.g. "ci-deployer" or "arn:aws:iam::123456789012:role/ci-deployer" (for a user, use IamGrantee.user)'],
    ['an ARN of another service', () => IamGrantee.role('arn:aws:s3:::bucket'), 'invalid role ARN "arn:aws:s3:::bucket"'],
    ['a name with a space', () => IamGrantee.user('ci deployer'), 'invalid user name "ci deployer": IAM names are 1 to 64 letters'],
    ['an empty name', () => IamGrantee.role(''), 'invalid role "": give the role\'s name or ARN'],
  ])('a grant refuses %s', (_what, grantee, message) => {
    expect(() => stack((s) => new EcrImageRepository(s, 'Repo').grantPush('Push', grantee()))).toThrow(`ecr/Repo: ${message}`);
  });

  testUnless(missingProviders('prefect', 'aws', 'null'))('passes terraform validate (real AWS 5.100.0, null 3.2.4 and Prefect providers)', () => {
    const json = stack((s) => {
      const repo = new EcrImageRepository(s, 'Flows');
      repo.addImage('Image', { directory: context });
      repo.grantPush('PushCi', IamGrantee.role('arn:aws:iam::123456789012:role/ci/deployer'));
      repo.grantPull('PullBob', IamGrantee.user('bob'));
    });
    expect(Object.keys(JSON.parse(json).resource)).toEqual(expect.arrayContaining(['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment']));
    expect(validateStack(json)).toEqual({ valid: true, diagnostics: [] });
  });
});
