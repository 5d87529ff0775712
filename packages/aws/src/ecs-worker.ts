import { CloudwatchLogGroup } from './.gen/providers/aws/cloudwatch-log-group';
import { DataAwsCallerIdentity } from './.gen/providers/aws/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from './.gen/providers/aws/data-aws-iam-policy-document';
import { DataAwsPartition } from './.gen/providers/aws/data-aws-partition';
import { DataAwsRegion } from './.gen/providers/aws/data-aws-region';
import { EcsCluster } from './.gen/providers/aws/ecs-cluster';
import { EcsClusterCapacityProviders } from './.gen/providers/aws/ecs-cluster-capacity-providers';
import { EcsService } from './.gen/providers/aws/ecs-service';
import { EcsTaskDefinition } from './.gen/providers/aws/ecs-task-definition';
import { IamRole } from './.gen/providers/aws/iam-role';
import { IamRolePolicy } from './.gen/providers/aws/iam-role-policy';
import { SecretsmanagerSecret } from './.gen/providers/aws/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from './.gen/providers/aws/secretsmanager-secret-version';
import { SecurityGroup } from './.gen/providers/aws/security-group';
import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import { BaseJobTemplate, Checks, EcsCapacityProviderStrategy, JsonString, WorkerBase, WorkerBaseProps, WorkerCredential, WorkPool } from 'cdktf-prefect';
import { PrefectAuth } from './prefect-auth';
import { checkSensitive, checkTags } from './private/checks';

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];
const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const NAME = /^[a-zA-Z0-9_-]{1,32}$/;
const CONTAINER_NAME = 'prefect-worker';
const ECS_TASKS = 'ecs-tasks.amazonaws.com';
const SECRET_FIX = 'keep secrets out of the configuration: put them in AWS Secrets Manager (for the Prefect API key: auth: PrefectAuth.apiKeyFromSecretArn(arn)), or feed them from a sensitive TerraformVariable';

/** Properties of an `EcsWorker`. */
export interface EcsWorkerProps extends WorkerBaseProps {
  /**
   * A short name (letters, digits, `-`, `_`; at most 32 characters) that every AWS resource
   * name ends with, e.g. the cluster `prefect-worker-<name>`.
   */
  readonly name: string;

  /**
   * How the worker and its flow runs authenticate: `PrefectAuth.apiKeyFromSecretArn(arn)`
   * (preferred), `PrefectAuth.apiKey(sensitiveRef)`, or for a self-hosted server
   * `PrefectAuth.basicAuthFromSecretArn(arn)` / `PrefectAuth.none()`.
   * @default PrefectAuth.none() (self-hosted server without auth; Prefect Cloud needs an API key)
   */
  readonly auth?: PrefectAuth;

  /** The VPC of the worker and its flow runs. */
  readonly vpcId: string;

  /** Subnets of the worker service and its flow runs (in `vpcId`). */
  readonly subnetIds: string[];

  /**
   * Whether the worker and flow-run tasks get a public IP (public subnets without a NAT gateway).
   * @default false
   */
  readonly assignPublicIp?: boolean;

  /**
   * CPU units of the worker task (1024 = 1 vCPU), a Fargate size.
   * @default 1024
   */
  readonly cpu?: number;

  /**
   * Memory of the worker task in MiB, a Fargate size for `cpu`.
   * @default 2048
   */
  readonly memory?: number;

  /**
   * How many workers the ECS service keeps running.
   * @default 1
   */
  readonly desiredCount?: number;

  /**
   * The worker's container image.
   * @default "prefecthq/prefect:3-python3.11"
   */
  readonly image?: string;

  /**
   * Days CloudWatch keeps the worker's and flow runs' logs (0 = forever).
   * @default 30
   */
  readonly logRetentionDays?: number;

  /**
   * An existing IAM role for the worker task. None is created then, and nothing is attached
   * to it: give it the statements of `workerPolicyDocument`.
   * @default - a role with least-privilege permissions is created
   */
  readonly taskRoleArn?: string;

  /**
   * Days Secrets Manager keeps a deleted API-key secret (0, or 7 to 30). Only used with
   * `PrefectAuth.apiKey()`, which creates the secret.
   * @default 30
   */
  readonly secretRecoveryWindowDays?: number;

  /**
   * Capacity providers of the worker service: `FARGATE` and/or `FARGATE_SPOT`.
   * @default - [{ capacityProvider: 'FARGATE', weight: 1 }]
   */
  readonly capacityProviderStrategy?: EcsCapacityProviderStrategy[];

  /**
   * Capacity providers of the flow runs (the work pool's `capacity_provider_strategy`).
   * @default - the worker's `capacityProviderStrategy`
   */
  readonly flowRunCapacityProviderStrategy?: EcsCapacityProviderStrategy[];

  /**
   * The flow runs' default image (the work pool's `image`).
   * @default - the Prefect image that matches the worker's version
   */
  readonly flowRunImage?: string;

  /**
   * The flow runs' default CPU units (the work pool's `cpu`).
   * @default - the ECS worker's default (1024)
   */
  readonly flowRunCpu?: number;

  /**
   * The flow runs' default memory in MiB (the work pool's `memory`).
   * @default - the ECS worker's default (2048)
   */
  readonly flowRunMemory?: number;

  /**
   * Whether the cluster collects CloudWatch Container Insights metrics.
   * @default true
   */
  readonly containerInsights?: boolean;

  /**
   * Tags of every AWS resource the worker creates.
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

/**
 * A Prefect worker on AWS ECS Fargate, and the `ecs` work pool it serves, configured from
 * what it creates: cluster, roles, network, logs and API-key secret.
 *
 * Replaces Prefect's `terraform-prefect-ecs-worker` module (every input has a prop) and does
 * what it leaves to the UI or gets wrong: it creates the work pool, keeps the API key out of
 * state (`PrefectAuth.apiKeyFromSecretArn`), works with self-hosted servers, grants least
 * privilege (`iam:PassRole` only on the flow-run roles, for ECS tasks; `ecs:RunTask`/`StopTask`
 * only on its cluster), runs flows under their own task role, and adds a health check, tags,
 * capacity-provider strategies and Container Insights.
 *
 * The stack must configure the AWS and Prefect providers. Every inner construct is a public
 * property for customization. What is not ECS-specific (the command, the environment, the
 * health probe, the work pool, the API checks) comes from `WorkerBase` in the core.
 */
export class EcsWorker extends WorkerBase {
  /** The ECS cluster of the worker and its flow runs. */
  public readonly cluster: EcsCluster;
  /** The cluster's capacity providers (FARGATE, FARGATE_SPOT) and default strategy. */
  public readonly clusterCapacityProviders: EcsClusterCapacityProviders;
  /** The log group of the worker (stream prefix `worker`) and the flow runs (`flow-run`). */
  public readonly logGroup: CloudwatchLogGroup;
  /** The security group of the worker and flow-run tasks: no ingress, all egress. */
  public readonly securityGroup: SecurityGroup;
  /** The secret created for `PrefectAuth.apiKey()`, else undefined. */
  public readonly apiKeySecret?: SecretsmanagerSecret;
  /** The execution role of the worker and flow-run tasks (image pull, logs, the Prefect secret). */
  public readonly executionRole: IamRole;
  /** Its inline policy. */
  public readonly executionRolePolicy: IamRolePolicy;
  /** The statements of the execution role's policy. */
  public readonly executionPolicyDocument: DataAwsIamPolicyDocument;
  /** The worker task role, undefined with `taskRoleArn`. */
  public readonly taskRole?: IamRole;
  /** The worker task role's inline policy, undefined with `taskRoleArn`. */
  public readonly taskRolePolicy?: IamRolePolicy;
  /** The least-privilege statements the worker needs (attach them yourself with `taskRoleArn`). */
  public readonly workerPolicyDocument: DataAwsIamPolicyDocument;
  /** The role flow-run code runs as; add your flows' permissions to it. */
  public readonly flowRunTaskRole: IamRole;
  /** The worker's task definition. */
  public readonly taskDefinition: EcsTaskDefinition;
  /** The ECS service that keeps the workers running. */
  public readonly service: EcsService;
  /** The `ecs` work pool, its base job template filled from the resources above. */
  public readonly workPool: WorkPool;

  /** The service's ID. @attribute */
  public readonly serviceId: string;
  /** The cluster's name. @attribute */
  public readonly clusterName: string;
  /** The cluster's ARN. @attribute */
  public readonly clusterArn: string;
  /** The execution role's ARN. @attribute */
  public readonly executionRoleArn: string;
  /** The worker task role's ARN (created or given). @attribute */
  public readonly taskRoleArn: string;
  /** The flow-run task role's ARN. @attribute */
  public readonly flowRunTaskRoleArn: string;
  /** The security group's ID. @attribute */
  public readonly securityGroupId: string;
  /** The ARN of the secret with the Prefect credentials, or undefined with `PrefectAuth.none()`. @attribute */
  public readonly authSecretArn?: string;

  constructor(scope: Construct, id: string, props: EcsWorkerProps) {
    super(scope, id, props, {
      workerType: 'ecs',
      extraPipPackages: 'prefect-aws s3fs',
      credential: credentialOf(props.auth ?? PrefectAuth.none()),
      apiKeyHint: 'pass auth: PrefectAuth.apiKeyFromSecretArn(arn) (or PrefectAuth.apiKey(sensitiveRef))',
    });
    const auth = props.auth ?? PrefectAuth.none();
    const name = props.name;
    this.validate(props, auth);
    const tags = props.tags;
    const workerStrategy = strategy(props.capacityProviderStrategy);

    const region = new DataAwsRegion(this, 'Region');
    const partition = new DataAwsPartition(this, 'Partition');
    const account = new DataAwsCallerIdentity(this, 'Account');
    const arnPrefix = (service: string) => `arn:${partition.partition}:${service}:${region.name}:${account.accountId}`;

    this.cluster = new EcsCluster(this, 'Cluster', {
      name: `prefect-worker-${name}`,
      setting: [{ name: 'containerInsights', value: (props.containerInsights ?? true) ? 'enabled' : 'disabled' }],
      tags,
    });
    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;
    this.clusterCapacityProviders = new EcsClusterCapacityProviders(this, 'CapacityProviders', {
      clusterName: this.cluster.name,
      capacityProviders: FARGATE_PROVIDERS,
      defaultCapacityProviderStrategy: workerStrategy,
    });

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `prefect-worker-log-group-${name}`,
      retentionInDays: props.logRetentionDays ?? 30,
      tags,
    });
    const logStreams = `${this.logGroup.arn}:*`;

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: `prefect-worker-sg-${name}`,
      description: `Prefect worker ${name} and its flow runs: no ingress, all egress`,
      vpcId: props.vpcId,
      egress: [{
        description: 'all outbound traffic',
        protocol: '-1',
        fromPort: 0,
        toPort: 0,
        cidrBlocks: ['0.0.0.0/0'],
        ipv6CidrBlocks: [],
        prefixListIds: [],
        securityGroups: [],
        selfAttribute: false,
      }],
      tags,
    });
    this.securityGroupId = this.securityGroup.id;

    if (auth._kind === 'api-key-value') {
      this.apiKeySecret = new SecretsmanagerSecret(this, 'ApiKeySecret', {
        name: `prefect-api-key-${name}`,
        description: `Prefect API key of the worker ${name}`,
        recoveryWindowInDays: props.secretRecoveryWindowDays ?? 30,
        tags,
      });
      new SecretsmanagerSecretVersion(this, 'ApiKeySecretVersion', {
        secretId: this.apiKeySecret.id,
        secretString: auth._value,
      });
    }
    this.authSecretArn = this.apiKeySecret?.arn ?? (auth._kind === 'none' ? undefined : auth._value);
    const secretEnv = this.credential.envName ?? 'PREFECT_API_AUTH_STRING';

    // the execution role: shared by the worker and the flow-run tasks
    this.executionPolicyDocument = new DataAwsIamPolicyDocument(this, 'ExecutionPolicyDocument', {
      statement: [
        {
          sid: 'PullImages',
          actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
          resources: ['*'],
        },
        { sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logStreams] },
        ...(this.authSecretArn === undefined ? [] : [{
          sid: 'ReadPrefectSecret',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [this.authSecretArn],
        }]),
      ],
    });
    this.executionRole = this.ecsTaskRole('ExecutionRole', `prefect-worker-exec-${name}`, 'execution role of the Prefect worker and its flow runs', account, tags);
    this.executionRolePolicy = new IamRolePolicy(this, 'ExecutionRolePolicy', {
      name: 'prefect-execution',
      role: this.executionRole.name,
      policy: this.executionPolicyDocument.json,
    });
    this.executionRoleArn = this.executionRole.arn;

    this.flowRunTaskRole = this.ecsTaskRole('FlowRunTaskRole', `prefect-flow-run-task-${name}`, 'task role of the flow runs of the Prefect worker', account, tags);
    this.flowRunTaskRoleArn = this.flowRunTaskRole.arn;

    // the worker's permissions: only what the ECS worker calls, scoped to this cluster and roles
    const tasks = `${arnPrefix('ecs')}:task/${this.cluster.name}/*`;
    const taskDefinitions = `${arnPrefix('ecs')}:task-definition/*`;
    this.workerPolicyDocument = new DataAwsIamPolicyDocument(this, 'WorkerPolicyDocument', {
      statement: [
        {
          sid: 'ManageTaskDefinitions',
          actions: ['ecs:RegisterTaskDefinition', 'ecs:DeregisterTaskDefinition', 'ecs:DescribeTaskDefinition'],
          resources: ['*'],
        },
        {
          sid: 'RunTasksOnItsCluster',
          actions: ['ecs:RunTask'],
          resources: [taskDefinitions],
          condition: [{ test: 'ArnEquals', variable: 'ecs:cluster', values: [this.cluster.arn] }],
        },
        { sid: 'WatchAndStopItsTasks', actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: [tasks] },
        {
          sid: 'TagWhatItCreates',
          actions: ['ecs:TagResource'],
          resources: [tasks, taskDefinitions],
          condition: [{ test: 'StringEquals', variable: 'ecs:CreateAction', values: ['RunTask', 'RegisterTaskDefinition'] }],
        },
        {
          sid: 'PassFlowRunRoles',
          actions: ['iam:PassRole'],
          resources: [this.executionRole.arn, this.flowRunTaskRole.arn],
          condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: [ECS_TASKS] }],
        },
        { sid: 'CheckNetwork', actions: ['ec2:DescribeSubnets', 'ec2:DescribeVpcs'], resources: ['*'] },
        { sid: 'StreamFlowRunLogs', actions: ['logs:GetLogEvents'], resources: [logStreams] },
      ],
    });
    if (props.taskRoleArn === undefined) {
      this.taskRole = this.ecsTaskRole('TaskRole', `prefect-worker-task-${name}`, 'task role of the Prefect worker', account, tags);
      this.taskRolePolicy = new IamRolePolicy(this, 'TaskRolePolicy', {
        name: 'prefect-worker',
        role: this.taskRole.name,
        policy: this.workerPolicyDocument.json,
      });
      this.taskRoleArn = this.taskRole.arn;
    } else {
      Annotations.of(this).addInfo(`the worker runs as the given task role ${Checks.show(props.taskRoleArn)}, to which nothing is attached: grant it the statements of workerPolicyDocument`);
      this.taskRoleArn = props.taskRoleArn;
    }

    // the work pool, filled from everything above; created before the worker that polls it
    const flowRunSecret = this.authSecretArn === undefined ? undefined
      : auth.isApiKey ? 'prefect_api_key_secret_arn' : 'prefect_api_auth_string_secret_arn';
    let template = BaseJobTemplate.ecs({
      cluster: this.cluster.arn,
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.flowRunTaskRole.arn,
      vpcId: props.vpcId,
      subnets: props.subnetIds,
      securityGroups: [this.securityGroup.id],
      assignPublicIp: props.assignPublicIp ?? false,
      capacityProviderStrategy: strategy(props.flowRunCapacityProviderStrategy ?? props.capacityProviderStrategy),
      configureCloudwatchLogs: true,
      cloudwatchLogsOptions: {
        'awslogs-group': this.logGroup.name,
        'awslogs-region': region.name,
        'awslogs-stream-prefix': 'flow-run',
      },
      image: props.flowRunImage,
      cpu: props.flowRunCpu,
      memory: props.flowRunMemory,
    });
    if (flowRunSecret !== undefined) {
      template = template
        .withVariable(flowRunSecret, {
          type: 'string',
          title: auth.isApiKey ? 'Prefect API Key Secret ARN' : 'Prefect API Auth String Secret ARN',
          description: `Secrets Manager secret the flow runs read ${secretEnv} from.`,
          default: this.authSecretArn,
        })
        .withJobConfiguration({ [flowRunSecret]: `{{ ${flowRunSecret} }}` });
    }
    this.workPool = this.createWorkPool(template, `ECS work pool served by the Prefect worker ${name}`);

    const health = this.workerHealthCheck();
    const container = {
      name: CONTAINER_NAME,
      image: props.image ?? 'prefecthq/prefect:3-python3.11',
      essential: true,
      command: this.workerCommand(this.workPool),
      environment: this.workerEnvironment().map((v) => ({ name: v.name, value: v.value })),
      secrets: this.authSecretArn === undefined ? [] : [{ name: secretEnv, valueFrom: this.authSecretArn }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': this.logGroup.name, 'awslogs-region': region.name, 'awslogs-stream-prefix': 'worker' },
      },
      ...(health ? {
        healthCheck: {
          command: ['CMD', ...health.command],
          interval: health.intervalSeconds,
          timeout: health.timeoutSeconds,
          retries: health.retries,
          startPeriod: health.startPeriodSeconds,
        },
      } : {}),
    };
    this.taskDefinition = new EcsTaskDefinition(this, 'TaskDefinition', {
      family: `prefect-worker-${name}`,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: numberText(props.cpu ?? 1024),
      memory: numberText(props.memory ?? 2048),
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRoleArn,
      containerDefinitions: JsonString.of([container]),
      tags,
    });

    this.service = new EcsService(this, 'Service', {
      name: `prefect-worker-${name}`,
      cluster: this.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: props.desiredCount ?? 1,
      capacityProviderStrategy: workerStrategy,
      networkConfiguration: {
        subnets: props.subnetIds,
        securityGroups: [this.securityGroup.id],
        assignPublicIp: props.assignPublicIp ?? false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      tags,
      dependsOn: [this.clusterCapacityProviders],
    });
    this.serviceId = this.service.id;
  }

  private ecsTaskRole(id: string, roleName: string, description: string, account: DataAwsCallerIdentity, tags?: { [key: string]: string }): IamRole {
    const trust = new DataAwsIamPolicyDocument(this, `${id}Trust`, {
      statement: [{
        sid: 'EcsTasksOfThisAccount',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: [ECS_TASKS] }],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] }],
      }],
    });
    return new IamRole(this, id, { name: roleName, description, assumeRolePolicy: trust.json, tags });
  }

  private validate(props: EcsWorkerProps, auth: PrefectAuth): void {
    if (Token.isUnresolved(props.name) || !NAME.test(props.name)) {
      Checks.fail(this, `invalid name ${Checks.show(props.name)}: use 1 to 32 letters, digits, "-" or "_" (it ends every AWS resource name), e.g. "prod"`);
    }
    if (auth._kind === 'api-key-value') {
      checkSensitive(this, 'the API key', auth._value, ' to PrefectAuth.apiKey(), or better PrefectAuth.apiKeyFromSecretArn(arn)');
    }
    if ((auth._kind === 'api-key-secret' || auth._kind === 'basic-auth-secret') && !Token.isUnresolved(auth._value)
      && !/^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:.+/.test(auth._value)) {
      Checks.fail(this, `invalid secret ARN ${Checks.show(auth._value)}: use a Secrets Manager secret ARN, e.g. "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prefect-api-key-AbCdEf"`);
    }
    if (props.secretRecoveryWindowDays !== undefined && auth._kind !== 'api-key-value') {
      Checks.fail(this, `secretRecoveryWindowDays ${Checks.show(props.secretRecoveryWindowDays)} only applies to the secret PrefectAuth.apiKey() creates: remove it`);
    }
    const window = props.secretRecoveryWindowDays;
    if (window !== undefined && !Token.isUnresolved(window) && window !== 0 && !(Number.isInteger(window) && window >= 7 && window <= 30)) {
      Checks.fail(this, `invalid secretRecoveryWindowDays ${Checks.show(window)}: use 0 (delete at once) or a whole number from 7 to 30`);
    }
    if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length === 0) {
      Checks.fail(this, 'subnetIds is empty: give at least one subnet of the VPC for the worker and its flow runs');
    }
    const retention = props.logRetentionDays;
    if (retention !== undefined && !Token.isUnresolved(retention) && !LOG_RETENTION_DAYS.includes(retention)) {
      Checks.fail(this, `invalid logRetentionDays ${Checks.show(retention)}: CloudWatch accepts ${LOG_RETENTION_DAYS.join(', ')}`);
    }
    Checks.integer(this, { name: 'desiredCount', value: props.desiredCount, min: 0 });
    for (const s of [...props.capacityProviderStrategy ?? [], ...props.flowRunCapacityProviderStrategy ?? []]) {
      if (!FARGATE_PROVIDERS.includes(s.capacityProvider)) {
        Checks.fail(this, `invalid capacity provider ${Checks.show(s.capacityProvider)}: the worker's cluster has ${FARGATE_PROVIDERS.join(' and ')}`);
      }
    }
    checkTags(this, props.tags);
    // every free-text prop ends up in the configuration: names, tags, images, the worker's command
    // (pool, queues, type) and environment (API URL, pip packages); auth is refused above
    Checks.refuseCredentials(this, { ...props, auth: undefined }, SECRET_FIX);
    // the worker task's size follows the same Fargate rules as a flow run's
    BaseJobTemplate.ecs({ cpu: props.cpu ?? 1024, memory: props.memory ?? 2048 }).render(this);
  }
}

/** The environment variable the worker reads its credential from. */
function credentialOf(auth: PrefectAuth): WorkerCredential {
  if (auth.isApiKey) return WorkerCredential.API_KEY;
  return auth._kind === 'none' ? WorkerCredential.NONE : WorkerCredential.AUTH_STRING;
}

function strategy(given?: EcsCapacityProviderStrategy[]): { capacityProvider: string; weight: number; base: number }[] {
  return (given ?? [{ capacityProvider: 'FARGATE' }]).map((s) => ({ capacityProvider: s.capacityProvider, weight: s.weight ?? 1, base: s.base ?? 0 }));
}

/** A number for a string attribute: a literal as its decimal text, a token as a string token. */
function numberText(n: number): string {
  return Token.isUnresolved(n) ? Token.asString(n) : String(n);
}
