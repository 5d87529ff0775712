import { execFileSync } from 'child_process';
import * as path from 'path';
import { AwsProvider } from '../../src/.gen/providers/aws/provider';
import { IamRole } from '../../src/.gen/providers/aws/iam-role';
import { Subnet } from '../../src/.gen/providers/aws/subnet';
import { Vpc } from '../../src/.gen/providers/aws/vpc';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { Deployment, Flow, PrefectApi } from 'cdktf-prefect';
import { EcrImageRepository, EcsWorker, IamGrantee, PrefectAuth, S3BucketSensor } from '../../src';
import { missingProvider, runScript, TOOLCHAIN } from '../../../../test/e2e/support/env';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { PrefectApi as PrefectClient, PrefectEventsApi, waitFor } from '../../../../test/e2e/support/prefect-api';
import { describeUnless } from '../../../../test/support/skip';

// EcsWorker against moto server (the AWS APIs) and the local Prefect server: apply -> the work
// pool read back from Prefect carries what moto reports -> empty re-plan -> destroy -> nothing
// left in either.
const missing = missingProvider(true);
const withProvider = describeUnless(missing);

const REGION = 'us-east-1';
/** moto accepts any credentials; these only keep the provider from looking for real ones. */
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: REGION };
// Terraform's default parallelism here (the harness applies one change at a time for SQLite's
// sake): the AWS provider's waiters (SQS attributes 25 s, ECS cluster 10 s) overlap this way,
// and these stacks write only a few objects to Prefect
const TF_ENV = { ...AWS_ENV, TF_CLI_ARGS_apply: '', TF_CLI_ARGS_destroy: '' };
const MOTO_NAME = `e2e-aws-${process.pid}`;
/** The AWS services the stacks call. */
const SERVICES = ['ec2', 'ecs', 'ecr', 'iam', 'logs', 'secretsmanager', 'sts', 's3', 'events', 'sqs'];

/** Asks moto (through boto3 from its own virtualenv) for what it holds. */
function moto(url: string, script: string): any {
  const python = path.join(TOOLCHAIN, 'moto-venv', 'bin', 'python');
  const out = execFileSync(python, ['-c', `
import boto3, json, sys
def client(name): return boto3.client(name, endpoint_url=${JSON.stringify(url)}, region_name=${JSON.stringify(REGION)})
${script}
`], { encoding: 'utf8', env: { ...process.env, ...AWS_ENV } });
  return JSON.parse(out);
}

function motoState(url: string): any {
  return moto(url, `
ecs = client('ecs'); iam = client('iam'); ec2 = client('ec2'); logs = client('logs'); sm = client('secretsmanager')
clusters = ecs.describe_clusters(clusters=ecs.list_clusters()['clusterArns'])['clusters'] if ecs.list_clusters()['clusterArns'] else []
print(json.dumps({
  'clusters': [{'arn': c['clusterArn'], 'name': c['clusterName'], 'status': c['status'], 'settings': c.get('settings', [])} for c in clusters if c['status'] == 'ACTIVE'],
  'services': {c['clusterArn']: ecs.list_services(cluster=c['clusterArn'])['serviceArns'] for c in clusters if c['status'] == 'ACTIVE'},
  'roles': {r['RoleName']: r['Arn'] for r in iam.list_roles()['Roles'] if r['RoleName'].startswith('prefect-')},
  'securityGroups': {g['GroupName']: g['GroupId'] for g in ec2.describe_security_groups()['SecurityGroups'] if g['GroupName'].startswith('prefect-')},
  'subnets': [s['SubnetId'] for s in sorted(ec2.describe_subnets(Filters=[{'Name': 'tag:e2e', 'Values': ['ecs-worker']}])['Subnets'], key=lambda s: s['CidrBlock'])],
  'vpcs': [v['VpcId'] for v in ec2.describe_vpcs(Filters=[{'Name': 'tag:e2e', 'Values': ['ecs-worker']}])['Vpcs']],
  'logGroups': [g['logGroupName'] for g in logs.describe_log_groups(logGroupNamePrefix='prefect-')['logGroups']],
  'secrets': [s['Name'] for s in sm.list_secrets()['SecretList'] if s['Name'].startswith('prefect-')],
  'taskDefinitions': ecs.list_task_definitions(familyPrefix='prefect-worker-', status='ACTIVE')['taskDefinitionArns'],
}))`);
}

let motoUrl = '';
if (!missing) {
  // one moto server for the file, started before and stopped after every describe's own hooks
  beforeAll(() => {
    motoUrl = runScript('moto-server.sh', ['start', '--name', MOTO_NAME, '--owner-pid', String(process.pid)]);
  });
  afterAll(() => {
    runScript('moto-server.sh', ['stop', '--name', MOTO_NAME]);
  });
}

/** The stack's AWS provider, every service the patterns call pointed at moto. */
function motoProvider(stack: TerraformStack): AwsProvider {
  return new AwsProvider(stack, 'aws', {
    region: REGION,
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: 'true',
    endpoints: [Object.fromEntries(SERVICES.map((s) => [s, motoUrl]))],
  });
}

withProvider('EcsWorker on moto (AWS) and the local Prefect server', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectClient(apiUrl);

  const tf = applyLifecycle(() => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'ecs-worker');
    motoProvider(stack);
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    const tags = { e2e: 'ecs-worker' };
    const vpc = new Vpc(stack, 'Vpc', { cidrBlock: '10.42.0.0/16', tags });
    const subnets = ['10.42.1.0/24', '10.42.2.0/24'].map((cidr, i) =>
      new Subnet(stack, `Subnet${i}`, { vpcId: vpc.id, cidrBlock: cidr, availabilityZone: `${REGION}${'ab'[i]}`, tags }));
    const worker = new EcsWorker(stack, 'Worker', {
      name: 'e2e',
      workPoolName: 'e2e-ecs-pool',
      api: PrefectApi.selfHosted('http://prefect.internal:4200/api'),
      auth: PrefectAuth.basicAuthFromSecretArn('arn:aws:secretsmanager:us-east-1:123456789012:secret:prefect-auth-AbCdEf'),
      vpcId: vpc.id,
      subnetIds: subnets.map((s) => s.id),
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      tags,
    });
    // moto 5.2.1 gaps, not ours: CreateService drops capacityProviderStrategy, enableECSManagedTags
    // and availabilityZoneRebalancing (moto/ecs/models.py create_service has no such parameters;
    // launchType defaults to "EC2"), so DescribeServices returns none of them and Terraform
    // would plan a replacement of the service (capacity_provider_strategy forces one)
    worker.service.addOverride('lifecycle.ignore_changes', ['capacity_provider_strategy', 'enable_ecs_managed_tags', 'availability_zone_rebalancing']);
    new TerraformOutput(stack, 'cluster_arn', { value: worker.clusterArn });
    return Testing.synth(stack, true);
  }, TF_ENV);

  test('the work pool read back from Prefect carries the cluster, roles, subnets and security group moto reports', async () => {
    const aws = motoState(motoUrl);
    expect(aws.clusters).toHaveLength(1);
    const cluster = aws.clusters[0];
    expect(cluster.name).toBe('prefect-worker-e2e');
    expect(Object.keys(aws.roles).sort()).toEqual(['prefect-flow-run-task-e2e', 'prefect-worker-exec-e2e', 'prefect-worker-task-e2e']);
    expect(aws.services[cluster.arn]).toHaveLength(1);
    expect(aws.logGroups).toEqual(['prefect-worker-log-group-e2e']);

    const pool = await api.get(`/work_pools/${'e2e-ecs-pool'}`);
    expect(pool.type).toBe('ecs');
    const vars = pool.base_job_template.variables.properties;
    expect({
      cluster: vars.cluster.default,
      execution_role_arn: vars.execution_role_arn.default,
      task_role_arn: vars.task_role_arn.default,
      vpc_id: vars.vpc_id.default,
      network_configuration: vars.network_configuration.default,
      capacity_provider_strategy: vars.capacity_provider_strategy.default,
      cloudwatch_logs_options: vars.cloudwatch_logs_options.default,
      prefect_api_auth_string_secret_arn: vars.prefect_api_auth_string_secret_arn.default,
    }).toEqual({
      cluster: cluster.arn,
      execution_role_arn: aws.roles['prefect-worker-exec-e2e'],
      task_role_arn: aws.roles['prefect-flow-run-task-e2e'],
      vpc_id: aws.vpcs[0],
      network_configuration: {
        subnets: aws.subnets,
        securityGroups: [aws.securityGroups['prefect-worker-sg-e2e']],
        assignPublicIp: 'DISABLED',
      },
      capacity_provider_strategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }],
      cloudwatch_logs_options: { 'awslogs-group': 'prefect-worker-log-group-e2e', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'flow-run' },
      prefect_api_auth_string_secret_arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prefect-auth-AbCdEf',
    });
    expect(pool.base_job_template.job_configuration.prefect_api_auth_string_secret_arn).toBe('{{ prefect_api_auth_string_secret_arn }}');
    expect(tf().ok('output', '-raw', 'cluster_arn')).toBe(cluster.arn);
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('destroy leaves nothing in either', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    const aws = motoState(motoUrl);
    expect({
      clusters: aws.clusters, roles: aws.roles, securityGroups: aws.securityGroups, logGroups: aws.logGroups,
      vpcs: aws.vpcs, subnets: aws.subnets, taskDefinitions: aws.taskDefinitions,
    }).toEqual({ clusters: [], roles: {}, securityGroups: {}, logGroups: [], vpcs: [], subnets: [], taskDefinitions: [] });
    expect(await api.find('/work_pools/e2e-ecs-pool')).toBeUndefined();
  });
});

function sensorState(url: string): any {
  return moto(url, `
ev = client('events'); iam = client('iam'); s3 = client('s3'); sqs = client('sqs')
rules = ev.list_rules(NamePrefix='e2e-sensor')['Rules']
print(json.dumps({
  'buckets': [b['Name'] for b in s3.list_buckets()['Buckets'] if b['Name'].startswith('e2e-sensor')],
  'rules': [r['Name'] for r in rules],
  'pattern': json.loads(rules[0]['EventPattern']) if rules else None,
  'targets': ev.list_targets_by_rule(Rule=rules[0]['Name'])['Targets'] if rules else [],
  'connections': [c['Name'] for c in ev.list_connections(NamePrefix='e2e-sensor')['Connections']],
  # DescribeApiDestination: moto's ListApiDestinations leaves out InvocationRateLimitPerSecond
  'destinations': [{k: d.get(k) for k in ('Name', 'ApiDestinationArn', 'InvocationEndpoint', 'HttpMethod', 'InvocationRateLimitPerSecond')} for d in (ev.describe_api_destination(Name=x['Name']) for x in ev.list_api_destinations(NamePrefix='e2e-sensor')['ApiDestinations'])],
  'roles': {r['RoleName']: r['Arn'] for r in iam.list_roles()['Roles'] if r['RoleName'].startswith('e2e-sensor')},
  'queues': sqs.list_queues(QueueNamePrefix='e2e-sensor').get('QueueUrls', []),
}, default=str))`);
}

withProvider('S3BucketSensor (self-hosted mode) on moto and the local Prefect server', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectEventsApi(apiUrl);
  const bucket = `e2e-sensor-${process.pid}`;
  const tf = applyLifecycle(() => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 's3-bucket-sensor');
    motoProvider(stack);
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    const flow = new Flow(stack, 'Flow', { flowName: 'e2e-s3-ingest' });
    const deployment = new Deployment(stack, 'Ingest', { flow, deploymentName: 'on-object', entrypoint: 'flows/ingest.py:ingest' });
    const sensor = new S3BucketSensor(stack, 'Sensor', {
      bucketName: bucket,
      namePrefix: 'e2e-sensor',
      eventTypes: ['Object Created'],
      keyPrefix: 'incoming/',
      // the local server, as a self-hosted deployment would give its public URL
      api: PrefectApi.selfHosted(apiUrl),
      rateLimitPerSecond: 5,
      maxRetryAttempts: 3,
      maxEventAgeSeconds: 600,
      deployment,
      automationName: 'e2e-s3-ingest',
      tags: { e2e: 's3-bucket-sensor' },
    });
    // moto 5.2.1 gap, not ours: PutBucketNotificationConfiguration stores EventBridgeConfiguration,
    // but GetBucketNotificationConfiguration leaves it out (moto/s3/responses.py get_bucket_notification),
    // so Terraform reads eventbridge = false after every apply and plans to set it again
    sensor.bucketNotification!.addOverride('lifecycle.ignore_changes', ['eventbridge']);
    return Testing.synth(stack, true);
  }, TF_ENV);

  test('the AWS side as moto reports it', () => {
    const aws = sensorState(motoUrl);
    expect(aws.buckets).toEqual([bucket]);
    expect(aws.rules).toEqual(['e2e-sensor-rule']);
    expect(aws.pattern).toEqual({ 'source': ['aws.s3'], 'detail-type': ['Object Created'], 'detail': { bucket: { name: [bucket] }, object: { key: [{ prefix: 'incoming/' }] } } });
    expect(aws.connections).toEqual(['e2e-sensor-connection']);
    expect(aws.destinations).toEqual([expect.objectContaining({
      Name: 'e2e-sensor-destination', InvocationEndpoint: `${apiUrl}/events`, HttpMethod: 'POST', InvocationRateLimitPerSecond: 5,
    })]);
    expect(Object.keys(aws.roles)).toEqual(['e2e-sensor-invoke']);
    expect(aws.queues).toHaveLength(1);
    expect(aws.targets).toEqual([expect.objectContaining({
      Arn: aws.destinations[0].ApiDestinationArn,
      RoleArn: aws.roles['e2e-sensor-invoke'],
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
      DeadLetterConfig: { Arn: expect.stringContaining(':e2e-sensor-dlq') },
      InputTransformer: expect.objectContaining({ InputPathsMap: expect.objectContaining({ key: '$.detail.object.key' }) }),
    })]);
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('the event the template makes for an uploaded object starts a flow run with its bucket and key', async () => {
    const dep = await api.get('/deployments/name/e2e-s3-ingest/on-object');
    const key = `incoming/orders-${process.pid}.csv`;
    const run = await waitFor('a flow run created by the automation',
      async () => (await api.flowRunsOf(dep.id)).find((r: any) => r.parameters?.key === key),
      () => api.emitEvents([{ event: 'S3 PutObject', resource: { 'prefect.resource.id': `s3.bucket.${bucket}`, 'object-key': key } }]));
    expect(run.parameters).toEqual({ bucket, key });
  });

  test('destroy leaves nothing in either', async () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    const aws = sensorState(motoUrl);
    const { buckets, rules, connections, destinations, roles, queues } = aws;
    expect({ buckets, rules, connections, destinations, roles, queues })
      .toEqual({ buckets: [], rules: [], connections: [], destinations: [], roles: {}, queues: [] });
    expect(await api.automations(['e2e-s3-ingest'])).toEqual([]);
    expect(await api.find('/deployments/name/e2e-s3-ingest/on-object')).toBeUndefined();
  });
});

withProvider('EcrImageRepository grants on moto: the push and pull policies attached to a role and a user', () => {
  const USER = 'e2e-ecr-puller';
  /** What moto holds: the repository's ARN, and each principal's attached policies with their statements. */
  const ecrState = () => moto(motoUrl, `
ecr = client('ecr'); iam = client('iam')
repos = [r for r in ecr.describe_repositories()['repositories'] if r['repositoryName'] == 'e2e/flows']
def attached(policies):
  out = {}
  for p in policies:
    version = iam.get_policy(PolicyArn=p['PolicyArn'])['Policy']['DefaultVersionId']
    out[p['PolicyName']] = iam.get_policy_version(PolicyArn=p['PolicyArn'], VersionId=version)['PolicyVersion']['Document']['Statement']
  return out
roles = [r['RoleName'] for r in iam.list_roles()['Roles'] if r['RoleName'] == 'e2e-ecr-deployer']
print(json.dumps({
  'repository': repos[0]['repositoryArn'] if repos else None,
  'role': attached(iam.list_attached_role_policies(RoleName='e2e-ecr-deployer')['AttachedPolicies']) if roles else None,
  'user': attached(iam.list_attached_user_policies(UserName='${USER}')['AttachedPolicies']),
}))`);

  // the user exists before the stack (the trimmed AWS schema has no aws_iam_user): a grant to an existing user by name
  beforeAll(() => moto(motoUrl, `client('iam').create_user(UserName='${USER}'); print('{}')`));

  const tf = applyLifecycle(() => {
    const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'ecr-grants');
    motoProvider(stack);
    const role = new IamRole(stack, 'Deployer', {
      name: 'e2e-ecr-deployer',
      assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    });
    const repo = new EcrImageRepository(stack, 'Flows', { repositoryName: 'e2e/flows', forceDelete: true });
    repo.grantPush('PushDeployer', IamGrantee.role(role.arn));
    repo.grantPull('PullUser', IamGrantee.user(`arn:aws:iam::123456789012:user/${USER}`));
    return Testing.synth(stack, true);
  }, TF_ENV);

  test('each principal has exactly its policy: the ECR actions on the repository ARN, GetAuthorizationToken on *', () => {
    const { repository, role, user } = ecrState();
    expect(repository).toMatch(/^arn:aws:ecr:us-east-1:\d{12}:repository\/e2e\/flows$/);
    const only = (attached: Record<string, any[]>, suffix: string) => {
      expect(Object.keys(attached)).toHaveLength(1);
      const [name, statements] = Object.entries(attached)[0];
      expect(name).toMatch(new RegExp(`^flows-[0-9a-f]{8}-${suffix}$`));
      return statements.map((st: any) => ({ ...st, Action: [st.Action].flat().sort(), Resource: [st.Resource].flat() }));
    };
    expect(only(role, 'push')).toEqual([
      { Sid: 'Login', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
      { Sid: 'Push', Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'], Resource: [repository] },
    ]);
    expect(only(user, 'pull')).toEqual([
      { Sid: 'Login', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
      { Sid: 'Pull', Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: [repository] },
    ]);
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('destroy detaches both policies and removes the repository', () => {
    tf().destroy();
    expect(tf().stateList()).toEqual([]);
    expect(ecrState()).toEqual({ repository: null, role: null, user: {} });
  });
});
