// The `ecs` worker's template, written from the shape the worker reads.
import { IConstruct } from 'constructs';
import { fail, isLiteral, show, validateInteger } from '../../core';
import { checkBlockSlot } from '../../blocks/block-ref';
import { WorkPoolType } from '../work-pool-type';
import { EcsJobTemplateOptions, EcsLaunchType } from './ecs-options';
import {
  Json, TemplateDefinition, templateDefinition, blockReference, blockVariable, commonVariables, definedEntries, placeholder,
  placeholders, stringMap, templateDocument, variable,
} from './schema';

/** Fargate's task sizes: CPU units → [smallest memory, largest memory, step] in MiB. */
const FARGATE_SIZES: Record<number, [number, number, number]> = {
  256: [512, 2048, 0],
  512: [1024, 4096, 1024],
  1024: [2048, 8192, 1024],
  2048: [4096, 16384, 1024],
  4096: [8192, 30720, 1024],
  8192: [16384, 61440, 4096],
  16384: [32768, 122880, 8192],
};

function fargateMemories(cpu: number): number[] {
  if (cpu === 256) return [512, 1024, 2048];
  const [min, max, step] = FARGATE_SIZES[cpu];
  const out: number[] = [];
  for (let m = min; m <= max; m += step) out.push(m);
  return out;
}

function jobConfiguration(): Json {
  return {
    ...placeholders('command', 'env', 'labels', 'name', 'aws_credentials'),
    task_definition: {
      containerDefinitions: [{ image: placeholder('image'), name: placeholder('container_name') }],
      cpu: placeholder('cpu'),
      family: placeholder('family'),
      memory: placeholder('memory'),
      executionRoleArn: placeholder('execution_role_arn'),
    },
    task_run_request: {
      launchType: placeholder('launch_type'),
      cluster: placeholder('cluster'),
      overrides: {
        containerOverrides: [{
          name: placeholder('container_name'),
          command: placeholder('command'),
          environment: placeholder('env'),
          cpu: placeholder('cpu'),
          memory: placeholder('memory'),
        }],
        cpu: placeholder('cpu'),
        memory: placeholder('memory'),
        taskRoleArn: placeholder('task_role_arn'),
      },
      tags: placeholder('labels'),
      taskDefinition: placeholder('task_definition_arn'),
      capacityProviderStrategy: placeholder('capacity_provider_strategy'),
    },
    ...placeholders(
      'configure_cloudwatch_logs', 'cloudwatch_logs_options', 'cloudwatch_logs_prefix', 'network_configuration',
      'stream_output', 'task_start_timeout_seconds', 'task_watch_poll_interval', 'auto_deregister_task_definition',
      'vpc_id', 'container_name', 'cluster', 'match_latest_revision_in_family',
    ),
  };
}

function definitions(): Json {
  const str = (title: string) => ({ title, type: 'string' });
  return {
    AwsCredentials: {
      title: 'AwsCredentials',
      type: 'object',
      block_type_slug: 'aws-credentials',
      secret_fields: ['aws_secret_access_key'],
      properties: {
        aws_access_key_id: str('AWS Access Key ID'),
        aws_secret_access_key: { ...str('AWS Access Key Secret'), format: 'password', writeOnly: true },
        aws_session_token: str('AWS Session Token'),
        profile_name: str('Profile Name'),
        region_name: str('Region Name'),
        aws_client_parameters: { title: 'AWS Client Parameters', type: 'object' },
      },
    },
    CapacityProvider: {
      title: 'CapacityProvider',
      type: 'object',
      properties: {
        capacityProvider: str('Capacity Provider'),
        weight: { title: 'Weight', type: 'integer' },
        base: { title: 'Base', type: 'integer' },
      },
      required: ['capacityProvider', 'weight', 'base'],
    },
  };
}

function variables(): Json {
  const bool = (title: string, description: string, extra: Json = {}) => variable('boolean', title, description, extra);
  const str = (title: string, description: string) => variable('string', title, description);
  return {
    ...commonVariables('task'),
    task_definition_arn: str('Task Definition ARN', 'Existing task definition to run instead of registering one.'),
    aws_credentials: blockVariable('AWS Credentials', 'Block with the credentials the worker uses to call AWS.', 'AwsCredentials'),
    cluster: str('Cluster', 'Name or ARN of the ECS cluster; the default cluster when empty.'),
    family: str('Family', 'Family of the task definitions the worker registers.'),
    launch_type: variable('string', 'Launch Type', 'How ECS places the tasks.',
      { default: 'FARGATE', enum: ['FARGATE', 'EC2', 'EXTERNAL', 'FARGATE_SPOT'] }),
    capacity_provider_strategy: variable('array', 'Capacity Provider Strategy',
      'Capacity providers for the tasks; replaces the launch type.', { items: { $ref: '#/definitions/CapacityProvider' } }),
    image: str('Image', 'Container image of the flow runs; the Prefect image when empty.'),
    cpu: variable('integer', 'CPU', 'CPU units of each task (1024 is one vCPU).'),
    memory: variable('integer', 'Memory', 'Memory of each task in MiB.'),
    container_name: str('Container Name', 'Name of the container that runs the flow.'),
    task_role_arn: str('Task Role ARN', 'IAM role the flow run\'s code runs as.'),
    execution_role_arn: str('Execution Role ARN', 'IAM role ECS uses to pull images and write logs.'),
    vpc_id: str('VPC ID', 'VPC the tasks run in; the default VPC when empty.'),
    configure_cloudwatch_logs: bool('Configure Cloudwatch Logs', 'Add CloudWatch logging to the task definition.'),
    cloudwatch_logs_options: stringMap('Cloudwatch Logs Options', 'Options of the awslogs log driver.'),
    cloudwatch_logs_prefix: str('Cloudwatch Logs Prefix', 'Prefix of the CloudWatch log streams.'),
    network_configuration: variable('object', 'Network Configuration',
      'The awsvpcConfiguration of the tasks (subnets, securityGroups, assignPublicIp); needs vpc_id.'),
    stream_output: bool('Stream Output', 'Copy the tasks\' CloudWatch logs to the worker\'s standard output.'),
    task_start_timeout_seconds: variable('integer', 'Task Start Timeout Seconds',
      'Seconds the worker waits for a task to start.', { default: 300 }),
    task_watch_poll_interval: variable('number', 'Task Watch Poll Interval',
      'Seconds between two polls of a running task.', { default: 5.0 }),
    auto_deregister_task_definition: bool('Auto Deregister Task Definition',
      'Deregister the task definitions the worker registered once the run ends.', { default: false }),
    match_latest_revision_in_family: bool('Match Latest Revision In Family',
      'Reuse the latest revision of the family instead of comparing definitions.', { default: false }),
  };
}

function networkConfiguration(options: EcsJobTemplateOptions): Json | undefined {
  if (options.networkConfiguration !== undefined) return options.networkConfiguration;
  const built = definedEntries({
    subnets: options.subnets,
    securityGroups: options.securityGroups,
    assignPublicIp: options.assignPublicIp === undefined ? undefined : (options.assignPublicIp ? 'ENABLED' : 'DISABLED'),
  });
  return Object.keys(built).length === 0 ? undefined : built;
}

/** @internal */
export function ecsTemplate(options: EcsJobTemplateOptions): TemplateDefinition {
  return templateDefinition(WorkPoolType.ECS, templateDocument(jobConfiguration(), variables(), definitions()), options, {
    task_definition_arn: options.taskDefinitionArn,
    aws_credentials: blockReference(options.awsCredentials),
    cluster: options.cluster,
    family: options.family,
    launch_type: options.launchType,
    capacity_provider_strategy: options.capacityProviderStrategy?.map((s) => ({
      capacityProvider: s.capacityProvider, weight: s.weight ?? 1, base: s.base ?? 0,
    })),
    image: options.image,
    cpu: options.cpu,
    memory: options.memory,
    container_name: options.containerName,
    task_role_arn: options.taskRoleArn,
    execution_role_arn: options.executionRoleArn,
    vpc_id: options.vpcId,
    configure_cloudwatch_logs: options.configureCloudwatchLogs,
    cloudwatch_logs_options: options.cloudwatchLogsOptions,
    cloudwatch_logs_prefix: options.cloudwatchLogsPrefix,
    network_configuration: networkConfiguration(options),
    stream_output: options.streamOutput,
    task_start_timeout_seconds: options.taskStartTimeoutSeconds,
    task_watch_poll_interval: options.taskWatchPollInterval,
    auto_deregister_task_definition: options.autoDeregisterTaskDefinition,
    match_latest_revision_in_family: options.matchLatestRevisionInFamily,
  }, (scope) => checkEcs(scope, options));
}

function checkEcs(scope: IConstruct, o: EcsJobTemplateOptions): void {
  checkBlockSlot(scope, 'BaseJobTemplate.ecs awsCredentials', o.awsCredentials);
  const split = o.subnets !== undefined || o.securityGroups !== undefined || o.assignPublicIp !== undefined;
  if (o.networkConfiguration !== undefined && split) {
    fail(scope, `ecs networkConfiguration ${show(o.networkConfiguration)} cannot be combined with subnets, securityGroups or assignPublicIp: set one or the other`);
  }
  if ((o.networkConfiguration !== undefined || split) && o.vpcId === undefined) {
    fail(scope, `ecs network settings ${show(networkConfiguration(o))} need a vpcId: the worker checks the subnets against that VPC and ignores them without it`);
  }
  const logs = o.configureCloudwatchLogs ?? o.streamOutput;
  if (logs === true && o.executionRoleArn === undefined && o.taskDefinitionArn === undefined) {
    fail(scope, `ecs CloudWatch logs (configureCloudwatchLogs/streamOutput ${show(logs)}) need an executionRoleArn: set one, or turn the logs off`);
  }
  if (o.cloudwatchLogsOptions !== undefined && logs !== true) {
    fail(scope, `ecs cloudwatchLogsOptions ${show(o.cloudwatchLogsOptions)} need configureCloudwatchLogs: true (or streamOutput: true)`);
  }
  validateInteger(scope, 'ecs cpu', o.cpu, 1);
  validateInteger(scope, 'ecs memory', o.memory, 1);
  validateInteger(scope, 'ecs task start timeout', o.taskStartTimeoutSeconds, 1);
  if (isLiteral(o.taskWatchPollInterval) && !((o.taskWatchPollInterval as number) > 0)) {
    fail(scope, `invalid ecs task watch poll interval ${show(o.taskWatchPollInterval)}: it must be a number of seconds above 0`);
  }
  for (const s of o.capacityProviderStrategy ?? []) {
    validateInteger(scope, `weight of capacity provider ${show(s.capacityProvider)}`, s.weight, 0, 1000);
    validateInteger(scope, `base of capacity provider ${show(s.capacityProvider)}`, s.base, 0, 100000);
  }
  checkFargateSize(scope, o);
}

function checkFargateSize(scope: IConstruct, o: EcsJobTemplateOptions): void {
  const launch = o.launchType ?? EcsLaunchType.FARGATE;
  const onFargate = o.capacityProviderStrategy === undefined
    && (launch === EcsLaunchType.FARGATE || launch === EcsLaunchType.FARGATE_SPOT);
  if (!onFargate || !isLiteral(o.cpu) || o.cpu === undefined) return;
  if (!(o.cpu in FARGATE_SIZES)) {
    fail(scope, `invalid fargate cpu ${show(o.cpu)}: Fargate accepts ${Object.keys(FARGATE_SIZES).join(', ')} CPU units`);
  }
  if (!isLiteral(o.memory) || o.memory === undefined) return;
  const allowed = fargateMemories(o.cpu);
  if (!allowed.includes(o.memory)) {
    const [min, max] = [allowed[0], allowed[allowed.length - 1]];
    const step = allowed.length > 1 ? allowed[1] - allowed[0] : 0;
    fail(scope, `invalid fargate memory ${show(o.memory)} for cpu ${o.cpu}: use ${allowed.length <= 4 ? allowed.join(', ') : `${min} to ${max} in steps of ${step}`} MiB`);
  }
}
