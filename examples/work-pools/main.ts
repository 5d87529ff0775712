// Work pools for three kinds of infrastructure (Docker, Kubernetes, Amazon ECS), each with a
// typed base job template whose variable defaults are set here instead of in a pasted JSON
// document; queues with priorities and limits; a global concurrency limit shared by
// deployments on different pools; and one deployment per pool.
//
//   cdktf deploy -var 'ecs_subnet_ids=["subnet-0a1b2c3d"]' ...   (PREFECT_API_URL, and PREFECT_API_KEY for Cloud)
//
// The AWS network and IAM identifiers are Terraform variables: they usually come from another
// stack, and none of them is a secret. This app uses the library by path (the compiled ../../lib);
// a real app would `import { ... } from 'cdktf-prefect'`.
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  BaseJobTemplate,
  CollisionStrategy,
  Duration,
  EcsLaunchType,
  Flow,
  GlobalConcurrencyLimit,
  ImagePullPolicy,
  PullStep,
  Schedule,
  WorkPool,
} from '../../lib';
import { PrefectProvider } from '../../lib/.gen/providers/prefect/provider';

const IMAGE = 'ghcr.io/acme/data-flows:2026.01.3';

export class WorkPoolsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // The stack owns the provider; endpoint and key come from PREFECT_API_URL / PREFECT_API_KEY.
    new PrefectProvider(this, 'prefect', {});

    // --- Docker: a single VM running a docker worker -----------------------------------------
    const docker = new WorkPool(this, 'DockerPool', {
      workPoolName: 'docker-vm',
      description: 'docker worker on the analytics VM; small, ad-hoc jobs',
      concurrencyLimit: 8,
      baseJobTemplate: BaseJobTemplate.docker({
        image: IMAGE,
        imagePullPolicy: ImagePullPolicy.ALWAYS,
        networks: ['flows'],
        autoRemove: true,
        memLimit: '4g',
        volumes: ['/srv/shared:/data:ro'],
        env: { PREFECT_LOGGING_LEVEL: 'INFO' },
        labels: { team: 'data-platform' },
      }),
    });

    // --- Kubernetes: the main production pool -------------------------------------------------
    const k8s = new WorkPool(this, 'KubernetesPool', {
      workPoolName: 'k8s-prod',
      description: 'kubernetes jobs in the flows namespace of the prod cluster',
      baseJobTemplate: BaseJobTemplate.kubernetes({
        image: IMAGE,
        namespace: 'prefect-flows',
        serviceAccountName: 'prefect-flow-runner',
        finishedJobTtl: 3600,
        podWatchTimeoutSeconds: 300,
        cpuRequest: '500m',
        cpuLimit: '2',
        memoryRequest: '1Gi',
        memoryLimit: '4Gi',
        env: { PREFECT_LOGGING_LEVEL: 'INFO' },
      })
        // a variable of our own, used in the job manifest: pin flow pods to a node pool
        .withVariable('node_pool', { type: 'string', title: 'Node pool', default: 'flows' })
        .withJobConfiguration({
          job_manifest: {
            spec: {
              template: {
                spec: {
                  nodeSelector: { 'acme.io/node-pool': '{{ node_pool }}' },
                  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'flows', effect: 'NoSchedule' }],
                },
              },
            },
          },
        }),
    });
    // workers poll priority 1 first: critical runs never wait behind backfills
    const critical = k8s.addQueue('Critical', {
      workQueueName: 'critical',
      priority: 1,
      concurrencyLimit: 10,
      description: 'SLA-bound loads',
    });
    const backfill = k8s.addQueue('Backfill', {
      workQueueName: 'backfill',
      priority: 2,
      concurrencyLimit: 2,
      description: 'historical reloads; at most two at a time',
    });

    // --- Amazon ECS on Fargate ----------------------------------------------------------------
    const vpcId = new TerraformVariable(this, 'ecs_vpc_id', { type: 'string', description: 'VPC of the flow run tasks' });
    const subnetIds = new TerraformVariable(this, 'ecs_subnet_ids', { type: 'list(string)', description: 'private subnets of the tasks' });
    const securityGroupId = new TerraformVariable(this, 'ecs_security_group_id', { type: 'string', description: 'security group of the tasks' });
    const executionRoleArn = new TerraformVariable(this, 'ecs_execution_role_arn', { type: 'string', description: 'role ECS uses to pull the image and write logs' });
    const taskRoleArn = new TerraformVariable(this, 'ecs_task_role_arn', { type: 'string', description: 'role the flow code runs as' });

    const ecs = new WorkPool(this, 'EcsPool', {
      workPoolName: 'ecs-fargate',
      description: 'ECS tasks on Fargate in the data VPC',
      concurrencyLimit: 20,
      baseJobTemplate: BaseJobTemplate.ecs({
        cluster: 'prefect-flows',
        launchType: EcsLaunchType.FARGATE,
        image: IMAGE,
        cpu: 1024,
        memory: 4096,
        vpcId: vpcId.stringValue,
        subnets: subnetIds.listValue,
        securityGroups: [securityGroupId.stringValue],
        assignPublicIp: false,
        executionRoleArn: executionRoleArn.stringValue,
        taskRoleArn: taskRoleArn.stringValue,
        configureCloudwatchLogs: true,
        cloudwatchLogsOptions: { 'awslogs-group': '/prefect/flows', 'awslogs-region': 'eu-central-1' },
        autoDeregisterTaskDefinition: true,
      }),
    });

    // --- A limit shared across pools: the warehouse takes at most 6 loads at once -------------
    const warehouse = new GlobalConcurrencyLimit(this, 'WarehouseLoads', {
      globalConcurrencyLimitName: 'warehouse-loads',
      limit: 6,
    });

    // --- Deployments ---------------------------------------------------------------------------
    const etl = new Flow(this, 'EtlFlow', { flowName: 'warehouse-etl', tags: ['etl'] });
    const code = [
      PullStep.gitClone({ repository: 'https://github.com/acme/data-flows.git', branch: 'main' }),
      PullStep.workingDirectory('data-flows'),
    ];

    const hourly = etl.addDeployment('Hourly', {
      deploymentName: 'hourly',
      entrypoint: 'flows/etl.py:warehouse_etl',
      workPool: k8s,
      workQueue: critical,
      globalConcurrencyLimit: warehouse,
      collisionStrategy: CollisionStrategy.ENQUEUE,
      pullSteps: code,
      parameters: { mode: 'incremental' },
      jobVariables: { cpu_request: '1', memory_limit: '8Gi' },
    });
    hourly.addSchedule('Hourly', Schedule.cron('5 * * * *', { timezone: 'Europe/Berlin' }));

    etl.addDeployment('Backfill', {
      deploymentName: 'backfill',
      description: 'run by hand with a date range',
      entrypoint: 'flows/etl.py:warehouse_etl',
      workPool: k8s,
      workQueue: backfill,
      globalConcurrencyLimit: warehouse,
      collisionStrategy: CollisionStrategy.CANCEL_NEW,
      pullSteps: code,
      parameters: { mode: 'full' },
      jobVariables: { node_pool: 'batch' },
    });

    const exportFlow = new Flow(this, 'ExportFlow', { flowName: 'partner-export' });
    const daily = exportFlow.addDeployment('Daily', {
      deploymentName: 'daily',
      entrypoint: 'flows/export.py:partner_export',
      workPool: ecs,
      workQueue: ecs.defaultQueue(),
      globalConcurrencyLimit: warehouse,
      pullSteps: code,
      jobVariables: { memory: 8192 },
    });
    daily.addSchedule('Daily', Schedule.cron('30 4 * * *', { timezone: 'Europe/Berlin' }));

    const adhoc = new Flow(this, 'ProfilingFlow', { flowName: 'data-profiling' });
    const profiling = adhoc.addDeployment('Profiling', {
      deploymentName: 'profiling',
      entrypoint: 'flows/profiling.py:profile_tables',
      workPool: docker,
      workQueue: docker.defaultQueue(),
      concurrencyLimit: 1,
      pullSteps: code,
      parameters: { tables: ['orders', 'customers'] },
    });
    profiling.addSchedule('Weekly', Schedule.interval(Duration.days(7), {
      anchorDate: '2026-01-05T06:00:00+01:00',
      timezone: 'Europe/Berlin',
    }));
  }
}

const app = new App();
new WorkPoolsStack(app, 'work-pools');
app.synth();
