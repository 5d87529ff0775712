import { IBlock } from '../../blocks/block-ref';
import { JobTemplateOptions } from './common-options';

/**
 * How ECS places the flow run tasks.
 */
export enum EcsLaunchType {
  /** AWS Fargate. */
  FARGATE = 'FARGATE',
  /** AWS Fargate Spot capacity. */
  FARGATE_SPOT = 'FARGATE_SPOT',
  /** EC2 instances registered to the cluster. */
  EC2 = 'EC2',
  /** External instances (ECS Anywhere). */
  EXTERNAL = 'EXTERNAL',
}

/**
 * One entry of an ECS capacity provider strategy.
 */
export interface EcsCapacityProviderStrategy {
  /** Name of the capacity provider, e.g. `FARGATE_SPOT`. */
  readonly capacityProvider: string;

  /**
   * Relative share of tasks placed on this provider.
   * @default 1
   */
  readonly weight?: number;

  /**
   * Tasks placed on this provider before weights apply.
   * @default 0
   */
  readonly base?: number;
}

/**
 * Variable defaults for an `ecs` work pool.
 */
export interface EcsJobTemplateOptions extends JobTemplateOptions {
  /**
   * An existing task definition to run instead of the one the worker registers.
   * @default - the worker registers a task definition from the template
   */
  readonly taskDefinitionArn?: string;

  /**
   * An `aws-credentials` block the worker uses to call AWS.
   * @default - the worker's own AWS credentials (e.g. its task role)
   */
  readonly awsCredentials?: IBlock;

  /**
   * Name or ARN of the ECS cluster.
   * @default - the account's default cluster
   */
  readonly cluster?: string;

  /**
   * Family of the task definitions the worker registers.
   * @default - derived from the flow and deployment names
   */
  readonly family?: string;

  /**
   * Launch type of the tasks.
   * @default EcsLaunchType.FARGATE
   */
  readonly launchType?: EcsLaunchType;

  /**
   * Capacity provider strategy; when set, the worker drops the launch type.
   * @default - use `launchType`
   */
  readonly capacityProviderStrategy?: EcsCapacityProviderStrategy[];

  /**
   * Container image of the flow runs.
   * @default - the Prefect image that matches the worker's version
   */
  readonly image?: string;

  /**
   * CPU units of each task (1024 = 1 vCPU). On Fargate it must pair with `memory` as AWS allows.
   * @default - 1024, the worker's default
   */
  readonly cpu?: number;

  /**
   * Memory of each task in MiB.
   * @default - 2048, the worker's default
   */
  readonly memory?: number;

  /**
   * Name of the container that runs the flow.
   * @default "prefect"
   */
  readonly containerName?: string;

  /**
   * IAM role the flow run's code runs as.
   * @default - no task role
   */
  readonly taskRoleArn?: string;

  /**
   * IAM role ECS uses to pull the image and write logs; needed for CloudWatch logs.
   * @default - no execution role
   */
  readonly executionRoleArn?: string;

  /**
   * VPC the tasks run in; needed with `subnets`/`networkConfiguration`.
   * @default - the account's default VPC
   */
  readonly vpcId?: string;

  /**
   * Subnets for the tasks' network interfaces (they must belong to `vpcId`).
   * @default - every subnet of the VPC
   */
  readonly subnets?: string[];

  /**
   * Security groups for the tasks' network interfaces.
   * @default - the VPC's default security group
   */
  readonly securityGroups?: string[];

  /**
   * Whether tasks get a public IP address (needed in public subnets without a NAT gateway).
   * @default - ENABLED when the worker infers the network, else ECS's default
   */
  readonly assignPublicIp?: boolean;

  /**
   * The whole `awsvpcConfiguration` object (`subnets`, `securityGroups`, `assignPublicIp`) for
   * cases the fields above do not cover. Cannot be combined with them.
   * @default - built from `subnets`, `securityGroups` and `assignPublicIp`
   */
  readonly networkConfiguration?: { [key: string]: any };

  /**
   * Whether the worker configures CloudWatch logging on the task definition.
   * @default - the value of `streamOutput`
   */
  readonly configureCloudwatchLogs?: boolean;

  /**
   * `awslogs` driver options, e.g. `{ 'awslogs-group': 'prefect' }`.
   * @default - the worker's defaults
   */
  readonly cloudwatchLogsOptions?: { [key: string]: string };

  /**
   * Prefix of the CloudWatch log streams.
   * @default - the worker's default
   */
  readonly cloudwatchLogsPrefix?: string;

  /**
   * Whether the worker copies the tasks' CloudWatch logs to its own standard output.
   * @default false
   */
  readonly streamOutput?: boolean;

  /**
   * Seconds the worker waits for a task to start.
   * @default 300
   */
  readonly taskStartTimeoutSeconds?: number;

  /**
   * Seconds between two polls of a running task.
   * @default 5
   */
  readonly taskWatchPollInterval?: number;

  /**
   * Whether the worker deregisters the task definitions it registered once the run ends.
   * @default false
   */
  readonly autoDeregisterTaskDefinition?: boolean;

  /**
   * Whether the worker reuses the latest revision of the family instead of comparing definitions.
   * @default false
   */
  readonly matchLatestRevisionInFamily?: boolean;
}
