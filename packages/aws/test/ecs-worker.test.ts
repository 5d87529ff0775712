import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { PrefectApi } from 'cdktf-prefect';
import { EcsWorker, EcsWorkerProps, PrefectAuth } from '../src';
import { onlyResource, resourcesOf, synthError, synthJson } from '../../../test/support/synth';
import { awsStack, cloud, ref, resourceCounts, SECRET_ARN, selfHosted } from './fixtures';

/** The same reference as written inside a jsonencode() expression. */
const hcl = (type: string, construct: { friendlyUniqueId: string }, attr: string) => `${type}.${construct.friendlyUniqueId}.${attr}`;

function policyDocs(json: any): Record<string, any> {
  return json.data?.aws_iam_policy_document ?? {};
}

function statementsOf(json: any, doc: { friendlyUniqueId: string }): any[] {
  return policyDocs(json)[doc.friendlyUniqueId].statement;
}

function synthWorker(props = cloud()) {
  const stack = awsStack();
  const worker = new EcsWorker(stack, 'Worker', props);
  return { worker, json: synthJson(stack) };
}

describe('EcsWorker', () => {
  test('creates every resource of the module, plus the work pool and a flow-run role, all exposed', () => {
    const { worker, json } = synthWorker(cloud({ tags: { team: 'data' } }));
    expect(resourceCounts(json)).toEqual({
      aws_cloudwatch_log_group: 1,
      aws_ecs_cluster: 1,
      aws_ecs_cluster_capacity_providers: 1,
      aws_ecs_service: 1,
      aws_ecs_task_definition: 1,
      aws_iam_role: 3,
      aws_iam_role_policy: 2,
      aws_security_group: 1,
      prefect_work_pool: 1,
      terraform_data: 1, // the pool's replacement trigger (docs/upgrade-safety.md)
    });
    expect(Object.keys(json.data).sort()).toEqual(['aws_caller_identity', 'aws_iam_policy_document', 'aws_partition', 'aws_region']);
    expect(Object.keys(policyDocs(json))).toHaveLength(5);
    expect(json.provider.aws).toHaveLength(1); // the stack's own: constructs never create providers

    expect(onlyResource(json, 'aws_ecs_cluster')).toEqual({
      name: 'prefect-worker-test',
      setting: [{ name: 'containerInsights', value: 'enabled' }],
      tags: { team: 'data' },
    });
    expect(onlyResource(json, 'aws_ecs_cluster_capacity_providers')).toEqual({
      cluster_name: ref('aws_ecs_cluster', worker.cluster, 'name'),
      capacity_providers: ['FARGATE', 'FARGATE_SPOT'],
      default_capacity_provider_strategy: [{ capacity_provider: 'FARGATE', weight: 1, base: 0 }],
    });
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).toEqual({
      name: 'prefect-worker-log-group-test', retention_in_days: 30, tags: { team: 'data' },
    });
    expect(onlyResource(json, 'aws_security_group')).toEqual({
      name: 'prefect-worker-sg-test',
      description: 'Prefect worker test and its flow runs: no ingress, all egress',
      vpc_id: 'vpc-123',
      egress: [{
        description: 'all outbound traffic', protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'],
        ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false,
      }],
      tags: { team: 'data' },
    });
    const roles = resourcesOf(json, 'aws_iam_role');
    expect(Object.values(roles).map((r: any) => [r.name, r.tags])).toEqual([
      ['prefect-worker-exec-test', { team: 'data' }],
      ['prefect-flow-run-task-test', { team: 'data' }],
      ['prefect-worker-task-test', { team: 'data' }],
    ]);
    const policies = Object.values(resourcesOf(json, 'aws_iam_role_policy')) as any[];
    expect(policies).toEqual([
      { name: 'prefect-execution', role: ref('aws_iam_role', worker.executionRole, 'name'), policy: ref('data.aws_iam_policy_document', worker.executionPolicyDocument, 'json') },
      { name: 'prefect-worker', role: ref('aws_iam_role', worker.taskRole!, 'name'), policy: ref('data.aws_iam_policy_document', worker.workerPolicyDocument, 'json') },
    ]);

    const td = onlyResource(json, 'aws_ecs_task_definition');
    expect({ ...td, container_definitions: undefined }).toEqual({
      family: 'prefect-worker-test',
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      cpu: '1024',
      memory: '2048',
      execution_role_arn: ref('aws_iam_role', worker.executionRole, 'arn'),
      task_role_arn: ref('aws_iam_role', worker.taskRole!, 'arn'),
      container_definitions: undefined,
      tags: { team: 'data' },
    });
    const svc = onlyResource(json, 'aws_ecs_service');
    expect(svc).toEqual({
      name: 'prefect-worker-test',
      cluster: ref('aws_ecs_cluster', worker.cluster, 'arn'),
      task_definition: ref('aws_ecs_task_definition', worker.taskDefinition, 'arn'),
      desired_count: 1,
      capacity_provider_strategy: [{ capacity_provider: 'FARGATE', weight: 1, base: 0 }],
      network_configuration: {
        subnets: ['subnet-a'], security_groups: [ref('aws_security_group', worker.securityGroup, 'id')], assign_public_ip: false,
      },
      deployment_circuit_breaker: { enable: true, rollback: true },
      propagate_tags: 'SERVICE',
      enable_ecs_managed_tags: true,
      tags: { team: 'data' },
      depends_on: [`aws_ecs_cluster_capacity_providers.${worker.clusterCapacityProviders.friendlyUniqueId}`],
    });
    expect(worker.apiKeySecret).toBeUndefined();
    expect(worker.authSecretArn).toBe(SECRET_ARN);
    expect(worker.workPool.workPoolType.name).toBe('ecs');
  });

  test('the worker container: Cloud URL, key from the secret, health check, logs, pool from the created work pool', () => {
    const { worker, json } = synthWorker();
    const defs: string = onlyResource(json, 'aws_ecs_task_definition').container_definitions;
    expect(defs.startsWith('${jsonencode([{')).toBe(true);
    for (const part of [
      '"name" = "prefect-worker"',
      '"image" = "prefecthq/prefect:3-python3.11"',
      `"command" = ["prefect", "worker", "start", "--pool", ${hcl('prefect_work_pool', worker.workPool.resource, 'name')}, "--type", "ecs", "--with-healthcheck"]`,
      '{"name" = "PREFECT_API_URL", "value" = "https://api.prefect.cloud/api/accounts/acc/workspaces/ws"}',
      '{"name" = "EXTRA_PIP_PACKAGES", "value" = "prefect-aws s3fs"}',
      '{"name" = "PREFECT_WORKER_WEBSERVER_PORT", "value" = "8080"}',
      `"secrets" = [{"name" = "PREFECT_API_KEY", "valueFrom" = "${SECRET_ARN}"}]`,
      `"awslogs-group" = ${hcl('aws_cloudwatch_log_group', worker.logGroup, 'name')}`,
      '"awslogs-stream-prefix" = "worker"',
      '"healthCheck" = {"command" = ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:8080/health\', timeout=5)"], "interval" = 30, "timeout" = 10, "retries" = 3, "startPeriod" = 240}',
    ]) {
      expect(defs).toContain(part);
    }
  });

  test('the work pool template is filled from what the worker created', () => {
    const { worker, json } = synthWorker();
    const pool = onlyResource(json, 'prefect_work_pool');
    expect(pool.name).toBe('ecs-pool');
    expect(pool.type).toBe('ecs');
    const t: string = pool.base_job_template;
    const dflt = (v: string) => `"default" = ${v}`;
    for (const part of [
      dflt(hcl('aws_ecs_cluster', worker.cluster, 'arn')),
      dflt(hcl('aws_iam_role', worker.executionRole, 'arn')),
      dflt(hcl('aws_iam_role', worker.flowRunTaskRole, 'arn')),
      dflt('"vpc-123"'),
      `"default" = {"subnets" = ["subnet-a"], "securityGroups" = [${hcl('aws_security_group', worker.securityGroup, 'id')}], "assignPublicIp" = "DISABLED"}`,
      `"default" = {"awslogs-group" = ${hcl('aws_cloudwatch_log_group', worker.logGroup, 'name')}, "awslogs-region" = data.aws_region.${(worker.node.findChild('Region') as any).friendlyUniqueId}.name, "awslogs-stream-prefix" = "flow-run"}`,
      '"default" = [{"capacityProvider" = "FARGATE", "weight" = 1, "base" = 0}]',
      '"prefect_api_key_secret_arn" = "{{ prefect_api_key_secret_arn }}"',
      `"prefect_api_key_secret_arn" = {"type" = "string", "title" = "Prefect API Key Secret ARN", "description" = "Secrets Manager secret the flow runs read PREFECT_API_KEY from.", "default" = "${SECRET_ARN}"}`,
    ]) {
      expect(t).toContain(part);
    }
    // the flow runs' task role is not the worker's
    expect(t).not.toContain(hcl('aws_iam_role', worker.taskRole!, 'arn'));
    expect(t).toMatch(/"configure_cloudwatch_logs" = \{[^}]*"default" = true/);
  });

  test('IAM: exact statements of the execution role, the worker and the trust policies', () => {
    const { worker, json } = synthWorker();
    const region = `\${data.aws_region.${(worker.node.findChild('Region') as any).friendlyUniqueId}.name}`;
    const partition = `\${data.aws_partition.${(worker.node.findChild('Partition') as any).friendlyUniqueId}.partition}`;
    const account = `\${data.aws_caller_identity.${(worker.node.findChild('Account') as any).friendlyUniqueId}.account_id}`;
    const logs = `${ref('aws_cloudwatch_log_group', worker.logGroup, 'arn')}:*`;
    const tasks = `arn:${partition}:ecs:${region}:${account}:task/${ref('aws_ecs_cluster', worker.cluster, 'name')}/*`;
    const taskDefs = `arn:${partition}:ecs:${region}:${account}:task-definition/*`;
    expect(statementsOf(json, worker.executionPolicyDocument)).toEqual([
      {
        sid: 'PullImages',
        actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        resources: ['*'],
      },
      { sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logs] },
      { sid: 'ReadPrefectSecret', actions: ['secretsmanager:GetSecretValue'], resources: [SECRET_ARN] },
    ]);
    expect(statementsOf(json, worker.workerPolicyDocument)).toEqual([
      {
        sid: 'ManageTaskDefinitions',
        actions: ['ecs:RegisterTaskDefinition', 'ecs:DeregisterTaskDefinition', 'ecs:DescribeTaskDefinition'],
        resources: ['*'],
      },
      {
        sid: 'RunTasksOnItsCluster',
        actions: ['ecs:RunTask'],
        resources: [taskDefs],
        condition: [{ test: 'ArnEquals', variable: 'ecs:cluster', values: [ref('aws_ecs_cluster', worker.cluster, 'arn')] }],
      },
      { sid: 'WatchAndStopItsTasks', actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: [tasks] },
      {
        sid: 'TagWhatItCreates',
        actions: ['ecs:TagResource'],
        resources: [tasks, taskDefs],
        condition: [{ test: 'StringEquals', variable: 'ecs:CreateAction', values: ['RunTask', 'RegisterTaskDefinition'] }],
      },
      {
        sid: 'PassFlowRunRoles',
        actions: ['iam:PassRole'],
        resources: [ref('aws_iam_role', worker.executionRole, 'arn'), ref('aws_iam_role', worker.flowRunTaskRole, 'arn')],
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }],
      },
      { sid: 'CheckNetwork', actions: ['ec2:DescribeSubnets', 'ec2:DescribeVpcs'], resources: ['*'] },
      { sid: 'StreamFlowRunLogs', actions: ['logs:GetLogEvents'], resources: [logs] },
    ]);
    const trust = {
      sid: 'EcsTasksOfThisAccount',
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }],
      condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
    };
    const roles = resourcesOf(json, 'aws_iam_role');
    for (const role of Object.values(roles) as any[]) {
      const docId = role.assume_role_policy.match(/aws_iam_policy_document\.(\w+)\.json/)[1];
      expect(policyDocs(json)[docId].statement).toEqual([trust]);
    }
  });

  test.each<[string, (stack: TerraformStack) => EcsWorkerProps]>([
    ['Cloud, key by ARN', () => cloud()],
    ['Cloud, key by value', (stack) => cloud({ auth: PrefectAuth.apiKey(new TerraformVariable(stack, 'key', { sensitive: true }).stringValue) })],
    ['self-hosted, basic auth', () => selfHosted({ auth: PrefectAuth.basicAuthFromSecretArn(SECRET_ARN) })],
    ['self-hosted, no auth', () => selfHosted()],
    ['own task role', () => cloud({ taskRoleArn: 'arn:aws:iam::123456789012:role/mine' })],
  ])('no statement grants iam:PassRole, ecs:RunTask or ecs:StopTask on "*" (%s)', (_name, props) => {
    const stack = awsStack();
    new EcsWorker(stack, 'Worker', props(stack));
    const json = synthJson(stack);
    const risky = ['iam:PassRole', 'ecs:RunTask', 'ecs:StopTask', 'events:InvokeApiDestination', 'iam:*', 'ecs:*', '*'];
    let checked = 0;
    for (const doc of Object.values(policyDocs(json)) as any[]) {
      for (const s of doc.statement) {
        if (s.actions.some((a: string) => risky.includes(a))) {
          checked++;
          expect({ sid: s.sid, resources: s.resources }).toEqual({ sid: s.sid, resources: expect.not.arrayContaining(['*']) });
        }
        expect(s.actions).not.toContain('*');
      }
    }
    expect(checked).toBe(3); // RunTask, StopTask, PassRole
  });

  test('PrefectAuth.apiKey(): a new secret (recovery window, tags) holds the sensitive value; nothing literal', () => {
    const stack = awsStack();
    const key = new TerraformVariable(stack, 'prefect_api_key', { type: 'string', sensitive: true });
    const worker = new EcsWorker(stack, 'Worker', cloud({ auth: PrefectAuth.apiKey(key.stringValue), secretRecoveryWindowDays: 7, tags: { a: 'b' } }));
    const json = synthJson(stack);
    expect(onlyResource(json, 'aws_secretsmanager_secret')).toEqual({
      name: 'prefect-api-key-test', description: 'Prefect API key of the worker test', recovery_window_in_days: 7, tags: { a: 'b' },
    });
    expect(onlyResource(json, 'aws_secretsmanager_secret_version')).toEqual({
      secret_id: ref('aws_secretsmanager_secret', worker.apiKeySecret!, 'id'),
      secret_string: '${var.prefect_api_key}',
    });
    const secretArn = ref('aws_secretsmanager_secret', worker.apiKeySecret!, 'arn');
    expect(statementsOf(json, worker.executionPolicyDocument)[2]).toEqual({
      sid: 'ReadPrefectSecret', actions: ['secretsmanager:GetSecretValue'], resources: [secretArn],
    });
    const defs: string = onlyResource(json, 'aws_ecs_task_definition').container_definitions;
    expect(defs).toContain(`"valueFrom" = ${hcl('aws_secretsmanager_secret', worker.apiKeySecret!, 'arn')}`);
    expect(onlyResource(json, 'prefect_work_pool').base_job_template).toContain(`"default" = ${hcl('aws_secretsmanager_secret', worker.apiKeySecret!, 'arn')}`);
  });

  test('self-hosted with basic auth: PREFECT_API_AUTH_STRING for the worker and the flow runs', () => {
    const { worker, json } = synthWorker(selfHosted({ auth: PrefectAuth.basicAuthFromSecretArn(SECRET_ARN) }));
    const defs: string = onlyResource(json, 'aws_ecs_task_definition').container_definitions;
    expect(defs).toContain('{"name" = "PREFECT_API_URL", "value" = "https://prefect.example.com/api"}');
    expect(defs).toContain(`"secrets" = [{"name" = "PREFECT_API_AUTH_STRING", "valueFrom" = "${SECRET_ARN}"}]`);
    const t: string = onlyResource(json, 'prefect_work_pool').base_job_template;
    expect(t).toContain('"prefect_api_auth_string_secret_arn" = "{{ prefect_api_auth_string_secret_arn }}"');
    expect(t).not.toContain('prefect_api_key_secret_arn');
    expect(statementsOf(json, worker.executionPolicyDocument).map((s) => s.sid)).toEqual(['PullImages', 'WriteLogs', 'ReadPrefectSecret']);
  });

  test('self-hosted without auth: no secret at all', () => {
    const { worker, json } = synthWorker(selfHosted());
    const defs: string = onlyResource(json, 'aws_ecs_task_definition').container_definitions;
    expect(defs).toContain('"secrets" = []');
    expect(onlyResource(json, 'prefect_work_pool').base_job_template).not.toContain('_secret_arn');
    expect(statementsOf(json, worker.executionPolicyDocument).map((s) => s.sid)).toEqual(['PullImages', 'WriteLogs']);
    expect(worker.authSecretArn).toBeUndefined();
  });

  test('an own worker task role: nothing created or attached for it, an info annotation', () => {
    const own = 'arn:aws:iam::123456789012:role/mine';
    const { worker, json } = synthWorker(cloud({ taskRoleArn: own }));
    expect(worker.taskRole).toBeUndefined();
    expect(worker.taskRolePolicy).toBeUndefined();
    expect(worker.taskRoleArn).toBe(own);
    expect(Object.keys(resourcesOf(json, 'aws_iam_role'))).toHaveLength(2);
    expect(Object.keys(resourcesOf(json, 'aws_iam_role_policy'))).toHaveLength(1);
    expect(onlyResource(json, 'aws_ecs_task_definition').task_role_arn).toBe(own);
    expect(policyDocs(json)[worker.workerPolicyDocument.friendlyUniqueId]).toBeDefined();
    expect(worker.node.metadata.map((m) => m.data)).toEqual([expect.stringContaining('workerPolicyDocument')]);
  });

  test('every module input and the operations options', () => {
    const { json } = synthWorker(cloud({
      name: 'prod',
      cpu: 512,
      memory: 1024,
      desiredCount: 2,
      image: 'acme/worker:1.0',
      extraPipPackages: '',
      logRetentionDays: 90,
      workerType: 'ecs',
      workQueues: ['high', 'low'],
      workerLimit: 5,
      healthCheck: false,
      assignPublicIp: true,
      containerInsights: false,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 3 }, { capacityProvider: 'FARGATE', base: 1 }],
      flowRunCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }],
      flowRunImage: 'acme/flows:1.0',
      flowRunCpu: 2048,
      flowRunMemory: 4096,
    }));
    const spot = [{ capacity_provider: 'FARGATE_SPOT', weight: 3, base: 0 }, { capacity_provider: 'FARGATE', weight: 1, base: 1 }];
    expect(onlyResource(json, 'aws_ecs_cluster').setting).toEqual([{ name: 'containerInsights', value: 'disabled' }]);
    expect(onlyResource(json, 'aws_ecs_cluster_capacity_providers').default_capacity_provider_strategy).toEqual(spot);
    const svc = onlyResource(json, 'aws_ecs_service');
    expect(svc.capacity_provider_strategy).toEqual(spot);
    expect(svc.desired_count).toBe(2);
    expect(svc.network_configuration.assign_public_ip).toBe(true);
    expect(onlyResource(json, 'aws_cloudwatch_log_group').retention_in_days).toBe(90);
    const td = onlyResource(json, 'aws_ecs_task_definition');
    expect([td.family, td.cpu, td.memory]).toEqual(['prefect-worker-prod', '512', '1024']);
    const defs: string = td.container_definitions;
    expect(defs).toContain('"image" = "acme/worker:1.0"');
    expect(defs).toContain('"--type", "ecs", "--work-queue", "high", "--work-queue", "low", "--limit", "5"]');
    expect(defs).not.toContain('--with-healthcheck');
    expect(defs).not.toContain('healthCheck');
    expect(defs).not.toContain('EXTRA_PIP_PACKAGES');
    const t: string = onlyResource(json, 'prefect_work_pool').base_job_template;
    expect(t).toContain('"default" = [{"capacityProvider" = "FARGATE_SPOT", "weight" = 1, "base" = 0}]');
    expect(t).toContain('"assignPublicIp" = "ENABLED"');
    expect(t).toContain('"default" = "acme/flows:1.0"');
    expect(t).toMatch(/"cpu" = \{[^}]*"default" = 2048/);
    expect(t).toMatch(/"memory" = \{[^}]*"default" = 4096/);
  });

  test('attributes point at the created resources (the module outputs and more)', () => {
    const stack = awsStack();
    const worker = new EcsWorker(stack, 'Worker', cloud());
    const attributes = {
      serviceId: worker.serviceId, clusterName: worker.clusterName, clusterArn: worker.clusterArn,
      executionRoleArn: worker.executionRoleArn, taskRoleArn: worker.taskRoleArn, flowRunTaskRoleArn: worker.flowRunTaskRoleArn,
      securityGroupId: worker.securityGroupId,
    };
    for (const [name, value] of Object.entries(attributes)) new TerraformOutput(stack, name, { value });
    const json = synthJson(stack);
    expect(Object.fromEntries(Object.entries(json.output).map(([k, v]: [string, any]) => [k, v.value]))).toEqual({
      serviceId: ref('aws_ecs_service', worker.service, 'id'),
      clusterName: ref('aws_ecs_cluster', worker.cluster, 'name'),
      clusterArn: ref('aws_ecs_cluster', worker.cluster, 'arn'),
      executionRoleArn: ref('aws_iam_role', worker.executionRole, 'arn'),
      taskRoleArn: ref('aws_iam_role', worker.taskRole!, 'arn'),
      flowRunTaskRoleArn: ref('aws_iam_role', worker.flowRunTaskRole, 'arn'),
      securityGroupId: ref('aws_security_group', worker.securityGroup, 'id'),
    });
  });

  test('a tokenized worker limit and CPU stay references', () => {
    const stack = awsStack();
    const cpu = new TerraformVariable(stack, 'cpu', { type: 'number' });
    new EcsWorker(stack, 'Worker', cloud({ cpu: cpu.numberValue, workerLimit: cpu.numberValue }));
    const json = synthJson(stack);
    const td = onlyResource(json, 'aws_ecs_task_definition');
    expect(td.cpu).toBe('${var.cpu}');
    expect(td.container_definitions).toContain('"--limit", var.cpu');
  });
});

describe('EcsWorker bad input', () => {
  const key = 'pnu_literal';
  test.each<[string, (s: any) => any, RegExp]>([
    ['no API', (s) => new EcsWorker(s, 'W', { ...selfHosted(), api: undefined as any }), /the Prefect API is not given: pass api: PrefectApi.selfHosted\(apiUrl\)/],
    ['cloud without workspace ID', (s) => new EcsWorker(s, 'W', cloud({ api: PrefectApi.cloud('acc', '') })), /invalid Prefect Cloud workspace ID "" in PrefectApi.cloud\(accountId, workspaceId\): give the ID from the workspace's URL/],
    ['bad account ID', (s) => new EcsWorker(s, 'W', cloud({ api: PrefectApi.cloud('acc/x', 'ws') })), /invalid Prefect Cloud account ID "acc\/x"/],
    ['cloud without key', (s) => new EcsWorker(s, 'W', cloud({ auth: undefined })), /Prefect Cloud \(".*"\) needs an API key: pass auth: PrefectAuth.apiKeyFromSecretArn/],
    ['cloud with basic auth', (s) => new EcsWorker(s, 'W', cloud({ auth: PrefectAuth.basicAuthFromSecretArn(SECRET_ARN) })), /needs an API key/],
    ['cloud URL as self-hosted', (s) => new EcsWorker(s, 'W', selfHosted({ api: PrefectApi.selfHosted('https://api.prefect.cloud/api/accounts/a/workspaces/w'), auth: PrefectAuth.apiKeyFromSecretArn(SECRET_ARN) })), /PrefectApi.selfHosted\("https:\/\/api.prefect.cloud\/api\/accounts\/a\/workspaces\/w"\) is a Prefect Cloud URL: use PrefectApi.cloud\(accountId, workspaceId\)/],
    ['bad URL', (s) => new EcsWorker(s, 'W', selfHosted({ api: PrefectApi.selfHosted('prefect.local') })), /invalid PrefectApi.selfHosted URL "prefect.local": use the server's API address/],
    ['literal key', (s) => new EcsWorker(s, 'W', cloud({ auth: PrefectAuth.apiKey(key) })), /the API key is a literal, so it would be written to cdk.tf.json/],
    ['bad secret ARN', (s) => new EcsWorker(s, 'W', cloud({ auth: PrefectAuth.apiKeyFromSecretArn('prefect-api-key') })), /invalid secret ARN "prefect-api-key": use a Secrets Manager secret ARN/],
    ['recovery window without created secret', (s) => new EcsWorker(s, 'W', cloud({ secretRecoveryWindowDays: 7 })), /secretRecoveryWindowDays 7 only applies to the secret PrefectAuth.apiKey\(\) creates/],
    ['recovery window out of range', (s) => new EcsWorker(s, 'W', cloud({ secretRecoveryWindowDays: 3, auth: PrefectAuth.apiKey(new TerraformVariable(s, 'k', { sensitive: true }).stringValue) })), /invalid secretRecoveryWindowDays 3: use 0 \(delete at once\) or a whole number from 7 to 30/],
    ['bad name', (s) => new EcsWorker(s, 'W', cloud({ name: 'my worker' })), /invalid name "my worker": use 1 to 32 letters/],
    ['long name', (s) => new EcsWorker(s, 'W', cloud({ name: 'x'.repeat(33) })), /invalid name "x{33}"/],
    ['no subnets', (s) => new EcsWorker(s, 'W', cloud({ subnetIds: [] })), /subnetIds is empty/],
    ['bad retention', (s) => new EcsWorker(s, 'W', cloud({ logRetentionDays: 10 })), /invalid logRetentionDays 10: CloudWatch accepts 0, 1, 3/],
    ['bad desired count', (s) => new EcsWorker(s, 'W', cloud({ desiredCount: -1 })), /invalid desiredCount -1: it must be a whole number of at least 0/],
    ['bad limit', (s) => new EcsWorker(s, 'W', cloud({ workerLimit: 0 })), /invalid workerLimit 0: it must be a whole number of at least 1/],
    ['bad worker type', (s) => new EcsWorker(s, 'W', cloud({ workerType: 'ecs; rm' })), /invalid workerType "ecs; rm"/],
    ['EC2 capacity provider', (s) => new EcsWorker(s, 'W', cloud({ capacityProviderStrategy: [{ capacityProvider: 'EC2' }] })), /invalid capacity provider "EC2": the worker's cluster has FARGATE and FARGATE_SPOT/],
    ['flow-run capacity provider', (s) => new EcsWorker(s, 'W', cloud({ flowRunCapacityProviderStrategy: [{ capacityProvider: 'my-asg' }] })), /invalid capacity provider "my-asg"/],
    ['bad weight', (s) => new EcsWorker(s, 'W', cloud({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: -1 }] })), /invalid weight of capacity provider "FARGATE" -1/],
    ['aws: tag', (s) => new EcsWorker(s, 'W', cloud({ tags: { 'aws:owner': 'x' } })), /invalid tag key "aws:owner": the "aws:" prefix is reserved/],
    ['bad fargate cpu', (s) => new EcsWorker(s, 'W', cloud({ cpu: 1000 })), /invalid fargate cpu 1000: Fargate accepts 256, 512/],
    ['bad fargate memory', (s) => new EcsWorker(s, 'W', cloud({ cpu: 256, memory: 4096 })), /invalid fargate memory 4096 for cpu 256: use 512, 1024, 2048 MiB/],
    ['reserved pool name', (s) => new EcsWorker(s, 'W', cloud({ workPoolName: 'prefect-ecs' })), /W\/WorkPool: invalid work pool name "prefect-ecs"/],
  ])('%s', (_name, build, message) => {
    const error = synthError((scope) => build(scope));
    expect(error).toMatch(message);
    expect(error).toMatch(/^Stack\/W/);
  });
});
