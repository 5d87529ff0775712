// Workload: the EcsWorker pattern. N workers in one stack, each as examples/ecs-worker has it
// (Prefect Cloud, the API key in Secrets Manager, FARGATE workers and FARGATE_SPOT flow runs,
// tags, an extra policy on the flow-run role, three outputs); N=1 is that example, construct IDs
// and all (the harness checks: same cdk.tf.json). Worker i > 0 gets its own names. Two variants
// that synthesize the same resources:
//   l3  cdktf-prefect-aws's EcsWorker (packages/aws/lib, the compiled package)
//   l1  the same resources written on the generated Prefect binding (deep import from
//       lib/.gen/providers/prefect/work-pool) and deep imports of the generated AWS classes (packages/aws/lib/.gen), the work
//       pool's base job template kept as a JSON file (data/ecs-base-job-template.json), as an L1
//       user keeps Prefect's default template, and filled in by hand
//
//   node bench/workloads/ecs-worker.js --write-template   rewrites that JSON file from lib/
'use strict';
const fs = require('fs');
const path = require('path');

const { GEN, AWS_LIB, awsClasses, providers } = require('./aws-helpers');
const { replacementTrigger } = require('./triggers');

const ROOT = path.resolve(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');
const STACK = 'ecs-worker';
const TEMPLATE = path.join(__dirname, 'data', 'ecs-base-job-template.json');
const TAGS = { 'team': 'data-platform', 'cost-center': 'analytics' };
const READ_RAW_DATA = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-raw', 'arn:aws:s3:::acme-raw/*'] }],
});

/** Names of worker i: the example's for i = 0. */
function names(i) {
  const s = i === 0 ? '' : String(i);
  return { id: `Worker${s}`, name: `prod${s}`, pool: i === 0 ? 'ecs-prod' : `ecs-prod-${i}`, policy: `FlowsReadRawData${s}`, output: i === 0 ? '' : `_${i}` };
}

/** The example's variables and providers (both variants). */
function base(cdktf, stack) {
  const { TerraformVariable } = cdktf;
  const input = (name, description) => new TerraformVariable(stack, name, { type: 'string', description }).stringValue;
  const accountId = input('prefect_account_id', 'Prefect Cloud account ID');
  const workspaceId = input('prefect_workspace_id', 'Prefect Cloud workspace ID');
  const subnets = new TerraformVariable(stack, 'subnet_ids', { type: 'list(string)', description: 'private subnets with a NAT gateway' });
  providers(stack, { accountId, workspaceId });
  const secretArn = input('prefect_api_key_secret_arn', 'Secrets Manager secret holding the Prefect API key');
  const vpcId = input('vpc_id', 'VPC of the worker and its flow runs');
  return { accountId, workspaceId, subnetIds: subnets.listValue, secretArn, vpcId };
}

function l3(n, outdir) {
  const cdktf = require('cdktf');
  const { IamRolePolicy } = awsClasses('iam-role-policy');
  const { EcsWorker, PrefectAuth } = require(AWS_LIB);
  const { PrefectApi } = require(LIB);
  return () => {
    const app = new cdktf.App({ outdir });
    const stack = new cdktf.TerraformStack(app, STACK);
    const { accountId, workspaceId, subnetIds, secretArn, vpcId } = base(cdktf, stack);
    for (let i = 0; i < n; i++) {
      const nm = names(i);
      const worker = new EcsWorker(stack, nm.id, {
        name: nm.name,
        workPoolName: nm.pool,
        api: PrefectApi.cloud(accountId, workspaceId),
        auth: PrefectAuth.apiKeyFromSecretArn(secretArn),
        vpcId,
        subnetIds,
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }],
        flowRunCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 3 }, { capacityProvider: 'FARGATE', base: 0 }],
        flowRunCpu: 1024,
        flowRunMemory: 4096,
        desiredCount: 2,
        workerLimit: 10,
        tags: TAGS,
      });
      new IamRolePolicy(stack, nm.policy, { role: worker.flowRunTaskRole.name, name: 'read-raw-data', policy: READ_RAW_DATA });
      new cdktf.TerraformOutput(stack, `work_pool_name${nm.output}`, { value: worker.workPool.workPoolName });
      new cdktf.TerraformOutput(stack, `cluster_name${nm.output}`, { value: worker.clusterName });
      new cdktf.TerraformOutput(stack, `service_id${nm.output}`, { value: worker.serviceId });
    }
    app.synth();
  };
}

function l1(n, outdir) {
  const cdktf = require('cdktf');
  const { Fn } = cdktf;
  const {
    CloudwatchLogGroup, DataAwsCallerIdentity, DataAwsIamPolicyDocument, DataAwsPartition, DataAwsRegion, EcsCluster,
    EcsClusterCapacityProviders, EcsService, EcsTaskDefinition, IamRole, IamRolePolicy, SecurityGroup,
  } = awsClasses(
    'cloudwatch-log-group', 'data-aws-caller-identity', 'data-aws-iam-policy-document', 'data-aws-partition', 'data-aws-region',
    'ecs-cluster', 'ecs-cluster-capacity-providers', 'ecs-service', 'ecs-task-definition', 'iam-role', 'iam-role-policy', 'security-group',
  );
  const { WorkPool } = require(path.join(GEN, 'work-pool'));
  return () => {
    const app = new cdktf.App({ outdir });
    const stack = new cdktf.TerraformStack(app, STACK);
    const { accountId, workspaceId, subnetIds, secretArn, vpcId } = base(cdktf, stack);
    const apiUrl = `https://api.prefect.cloud/api/accounts/${accountId}/workspaces/${workspaceId}`;
    const workers = [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }];
    for (let i = 0; i < n; i++) {
      const { name, pool, policy, output } = names(i);
      const id = (what) => `${name}-${what}`;
      const region = new DataAwsRegion(stack, id('region'));
      const partition = new DataAwsPartition(stack, id('partition'));
      const account = new DataAwsCallerIdentity(stack, id('account'));
      const arn = `arn:${partition.partition}:ecs:${region.name}:${account.accountId}`;
      const cluster = new EcsCluster(stack, id('cluster'), {
        name: `prefect-worker-${name}`, setting: [{ name: 'containerInsights', value: 'enabled' }], tags: TAGS,
      });
      const capacity = new EcsClusterCapacityProviders(stack, id('capacity'), {
        clusterName: cluster.name, capacityProviders: ['FARGATE', 'FARGATE_SPOT'], defaultCapacityProviderStrategy: workers,
      });
      const logs = new CloudwatchLogGroup(stack, id('logs'), { name: `prefect-worker-log-group-${name}`, retentionInDays: 30, tags: TAGS });
      const sg = new SecurityGroup(stack, id('sg'), {
        name: `prefect-worker-sg-${name}`,
        description: `Prefect worker ${name} and its flow runs: no ingress, all egress`,
        vpcId,
        egress: [{
          description: 'all outbound traffic', protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'],
          ipv6CidrBlocks: [], prefixListIds: [], securityGroups: [], selfAttribute: false,
        }],
        tags: TAGS,
      });
      const ecsTasksRole = (what, roleName, description) => {
        const trust = new DataAwsIamPolicyDocument(stack, id(`${what}-trust`), {
          statement: [{
            sid: 'EcsTasksOfThisAccount',
            actions: ['sts:AssumeRole'],
            principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }],
            condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] }],
          }],
        });
        return new IamRole(stack, id(what), { name: roleName, description, assumeRolePolicy: trust.json, tags: TAGS });
      };
      const execution = new DataAwsIamPolicyDocument(stack, id('execution-policy'), {
        statement: [
          { sid: 'PullImages', actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], resources: ['*'] },
          { sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logs.arn}:*`] },
          { sid: 'ReadPrefectSecret', actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] },
        ],
      });
      const executionRole = ecsTasksRole('execution-role', `prefect-worker-exec-${name}`, 'execution role of the Prefect worker and its flow runs');
      new IamRolePolicy(stack, id('execution-role-policy'), { name: 'prefect-execution', role: executionRole.name, policy: execution.json });
      const flowRunRole = ecsTasksRole('flow-run-role', `prefect-flow-run-task-${name}`, 'task role of the flow runs of the Prefect worker');
      const tasks = `${arn}:task/${cluster.name}/*`;
      const taskDefinitions = `${arn}:task-definition/*`;
      const workerPolicy = new DataAwsIamPolicyDocument(stack, id('worker-policy'), {
        statement: [
          { sid: 'ManageTaskDefinitions', actions: ['ecs:RegisterTaskDefinition', 'ecs:DeregisterTaskDefinition', 'ecs:DescribeTaskDefinition'], resources: ['*'] },
          { sid: 'RunTasksOnItsCluster', actions: ['ecs:RunTask'], resources: [taskDefinitions], condition: [{ test: 'ArnEquals', variable: 'ecs:cluster', values: [cluster.arn] }] },
          { sid: 'WatchAndStopItsTasks', actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: [tasks] },
          {
            sid: 'TagWhatItCreates', actions: ['ecs:TagResource'], resources: [tasks, taskDefinitions],
            condition: [{ test: 'StringEquals', variable: 'ecs:CreateAction', values: ['RunTask', 'RegisterTaskDefinition'] }],
          },
          {
            sid: 'PassFlowRunRoles', actions: ['iam:PassRole'], resources: [executionRole.arn, flowRunRole.arn],
            condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }],
          },
          { sid: 'CheckNetwork', actions: ['ec2:DescribeSubnets', 'ec2:DescribeVpcs'], resources: ['*'] },
          { sid: 'StreamFlowRunLogs', actions: ['logs:GetLogEvents'], resources: [`${logs.arn}:*`] },
        ],
      });
      const taskRole = ecsTasksRole('task-role', `prefect-worker-task-${name}`, 'task role of the Prefect worker');
      new IamRolePolicy(stack, id('task-role-policy'), { name: 'prefect-worker', role: taskRole.name, policy: workerPolicy.json });

      // the work pool: the ECS template, its defaults filled in from the resources above
      const template = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8'));
      const variables = template.variables.properties;
      const defaults = {
        cluster: cluster.arn,
        capacity_provider_strategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }, { capacityProvider: 'FARGATE', weight: 1, base: 0 }],
        cpu: 1024,
        memory: 4096,
        task_role_arn: flowRunRole.arn,
        execution_role_arn: executionRole.arn,
        vpc_id: vpcId,
        configure_cloudwatch_logs: true,
        cloudwatch_logs_options: { 'awslogs-group': logs.name, 'awslogs-region': region.name, 'awslogs-stream-prefix': 'flow-run' },
        network_configuration: { subnets: subnetIds, securityGroups: [sg.id], assignPublicIp: 'DISABLED' },
      };
      for (const [key, value] of Object.entries(defaults)) variables[key].default = value;
      variables.prefect_api_key_secret_arn = {
        type: 'string',
        title: 'Prefect API Key Secret ARN',
        description: 'Secrets Manager secret the flow runs read PREFECT_API_KEY from.',
        default: secretArn,
      };
      template.job_configuration.prefect_api_key_secret_arn = '{{ prefect_api_key_secret_arn }}';
      const workPool = new WorkPool(stack, id('pool'), {
        name: pool, type: 'ecs', description: `ECS work pool served by the Prefect worker ${name}`, baseJobTemplate: Fn.jsonencode(template),
      });
      replacementTrigger(stack, id('pool-trigger'), workPool, 'template:set');

      const taskDefinition = new EcsTaskDefinition(stack, id('task'), {
        family: `prefect-worker-${name}`,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '1024',
        memory: '2048',
        executionRoleArn: executionRole.arn,
        taskRoleArn: taskRole.arn,
        containerDefinitions: Fn.jsonencode([{
          name: 'prefect-worker',
          image: 'prefecthq/prefect:3-python3.11',
          essential: true,
          command: ['prefect', 'worker', 'start', '--pool', workPool.name, '--type', 'ecs', '--limit', '10', '--with-healthcheck'],
          environment: [
            { name: 'PREFECT_API_URL', value: apiUrl },
            { name: 'EXTRA_PIP_PACKAGES', value: 'prefect-aws s3fs' },
            { name: 'PREFECT_WORKER_WEBSERVER_PORT', value: '8080' },
          ],
          secrets: [{ name: 'PREFECT_API_KEY', valueFrom: secretArn }],
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': logs.name, 'awslogs-region': region.name, 'awslogs-stream-prefix': 'worker' },
          },
          healthCheck: {
            command: ['CMD', 'python', '-c', 'import urllib.request; urllib.request.urlopen(\'http://localhost:8080/health\', timeout=5)'],
            interval: 30,
            timeout: 10,
            retries: 3,
            startPeriod: 240,
          },
        }]),
        tags: TAGS,
      });
      const service = new EcsService(stack, id('service'), {
        name: `prefect-worker-${name}`,
        cluster: cluster.arn,
        taskDefinition: taskDefinition.arn,
        desiredCount: 2,
        capacityProviderStrategy: workers,
        networkConfiguration: { subnets: subnetIds, securityGroups: [sg.id], assignPublicIp: false },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        propagateTags: 'SERVICE',
        enableEcsManagedTags: true,
        tags: TAGS,
        dependsOn: [capacity],
      });

      new IamRolePolicy(stack, policy, { role: flowRunRole.name, name: 'read-raw-data', policy: READ_RAW_DATA });
      new cdktf.TerraformOutput(stack, `work_pool_name${output}`, { value: workPool.name });
      new cdktf.TerraformOutput(stack, `cluster_name${output}`, { value: cluster.name });
      new cdktf.TerraformOutput(stack, `service_id${output}`, { value: service.id });
    }
    app.synth();
  };
}

/** The template the L1 variant starts from: the ECS template without defaults, as JSON. */
function writeTemplate() {
  const { Testing } = require('cdktf');
  const { BaseJobTemplate } = require(LIB);
  const template = BaseJobTemplate.ecs().render(Testing.stubVersion(Testing.app()));
  fs.mkdirSync(path.dirname(TEMPLATE), { recursive: true });
  fs.writeFileSync(TEMPLATE, `${JSON.stringify(template, null, 2)}\n`);
  process.stderr.write(`wrote ${path.relative(ROOT, TEMPLATE)}\n`);
}

if (require.main === module && process.argv.includes('--write-template')) writeTemplate();

module.exports = {
  id: 'ecs-worker',
  stack: STACK,
  description: 'N × examples/ecs-worker (EcsWorker: cluster, service, task definition, 3 roles, policies, security group, logs, ecs work pool)',
  /** The example this workload's l3 variant reproduces at N=1. */
  example: 'ecs-worker',
  variants: { l3, l1 },
};
