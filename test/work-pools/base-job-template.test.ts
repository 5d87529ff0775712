import { IBlock } from '../../src/blocks/block-ref';
import { newStack } from '../support/synth';
import { BaseJobTemplate, EcsLaunchType, ImagePullPolicy, WorkPoolType } from '../../src/work-pools';

const block: IBlock = {
  blockName: 'creds', blockTypeSlug: 'aws-credentials', blockId: '0b4c0a5e-0000-4000-8000-000000000001',
  templateReference: '{{ prefect.blocks.aws-credentials.creds }}', node: undefined as any,
};
const defaultsOf = (t: BaseJobTemplate) => {
  const props = t.render(newStack()).variables.properties;
  return Object.fromEntries(Object.entries<any>(props).filter(([, v]) => 'default' in v).map(([k, v]) => [k, v.default]));
};

describe('BaseJobTemplate', () => {
  it('process: every option becomes a variable default', () => {
    expect(defaultsOf(BaseJobTemplate.process({
      name: 'n', command: 'c', env: { A: '1' }, labels: { team: 'data' }, streamOutput: false, workingDir: '/srv',
    }))).toEqual({ name: 'n', command: 'c', env: { A: '1' }, labels: { team: 'data' }, stream_output: false, working_dir: '/srv' });
  });

  it('docker: every option becomes a variable default', () => {
    expect(defaultsOf(BaseJobTemplate.docker({
      image: 'img', registryCredentials: block, imagePullPolicy: ImagePullPolicy.ALWAYS, networks: ['n1'],
      autoRemove: true, volumes: ['/a:/b'], streamOutput: false, containerWaitTimeout: 60, memLimit: '1g',
      memswapLimit: '-1', privileged: true,
    }))).toEqual({
      image: 'img', registry_credentials: { $ref: { block_document_id: block.blockId } }, image_pull_policy: 'Always',
      networks: ['n1'], auto_remove: true, volumes: ['/a:/b'], stream_output: false, container_wait_timeout: 60,
      mem_limit: '1g', memswap_limit: '-1', privileged: true,
    });
  });

  it('kubernetes: every option becomes a variable default', () => {
    expect(defaultsOf(BaseJobTemplate.kubernetes({
      image: 'img', namespace: 'flows', serviceAccountName: 'runner', imagePullPolicy: ImagePullPolicy.NEVER,
      finishedJobTtl: 600, jobWatchTimeoutSeconds: 3600, podWatchTimeoutSeconds: 120, streamOutput: false,
      clusterConfig: block, cpuRequest: '500m', cpuLimit: '2', memoryRequest: '512Mi', memoryLimit: '1Gi',
    }))).toEqual({
      image: 'img', namespace: 'flows', service_account_name: 'runner', image_pull_policy: 'Never', finished_job_ttl: 600,
      job_watch_timeout_seconds: 3600, pod_watch_timeout_seconds: 120, stream_output: false,
      cluster_config: { $ref: { block_document_id: block.blockId } }, cpu_request: '500m', cpu_limit: '2',
      memory_request: '512Mi', memory_limit: '1Gi',
    });
  });

  it('ecs: every option becomes a variable default', () => {
    expect(defaultsOf(BaseJobTemplate.ecs({
      taskDefinitionArn: 'arn:td', awsCredentials: block, cluster: 'arn:cluster', family: 'flows',
      launchType: EcsLaunchType.EC2, image: 'img', cpu: 300, memory: 700, containerName: 'main',
      taskRoleArn: 'arn:task', executionRoleArn: 'arn:exec', vpcId: 'vpc-1', subnets: ['subnet-1'],
      securityGroups: ['sg-1'], assignPublicIp: false, configureCloudwatchLogs: true,
      cloudwatchLogsOptions: { 'awslogs-group': 'g' }, cloudwatchLogsPrefix: 'p', streamOutput: true,
      taskStartTimeoutSeconds: 600, taskWatchPollInterval: 10, autoDeregisterTaskDefinition: true,
      matchLatestRevisionInFamily: true,
    }))).toEqual({
      task_definition_arn: 'arn:td', aws_credentials: { $ref: { block_document_id: block.blockId } },
      cluster: 'arn:cluster', family: 'flows', launch_type: 'EC2', image: 'img', cpu: 300, memory: 700,
      container_name: 'main', task_role_arn: 'arn:task', execution_role_arn: 'arn:exec', vpc_id: 'vpc-1',
      network_configuration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
      configure_cloudwatch_logs: true, cloudwatch_logs_options: { 'awslogs-group': 'g' }, cloudwatch_logs_prefix: 'p',
      stream_output: true, task_start_timeout_seconds: 600, task_watch_poll_interval: 10,
      auto_deregister_task_definition: true, match_latest_revision_in_family: true,
    });
  });

  it('ecs: capacity provider strategies get weight and base', () => {
    const d = defaultsOf(BaseJobTemplate.ecs({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }] }));
    expect(d.capacity_provider_strategy).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 }]);
  });

  it('ecs: accepts every Fargate size pairing, e.g. 256/512 and 16384/122880', () => {
    for (const [cpu, memory] of [[256, 512], [512, 4096], [4096, 30720], [8192, 20480], [16384, 122880]]) {
      expect(() => BaseJobTemplate.ecs({ cpu, memory }).render(newStack())).not.toThrow();
    }
  });

  it('keeps the worker defaults of variables it does not override', () => {
    const d = defaultsOf(BaseJobTemplate.kubernetes());
    expect(d).toEqual({ namespace: 'default', image_pull_policy: 'IfNotPresent', pod_watch_timeout_seconds: 60, stream_output: true });
  });

  it('withVariableDefaults, withVariable and withJobConfiguration return new templates', () => {
    const base = BaseJobTemplate.process();
    const custom = base
      .withVariable('region', { type: 'string', title: 'Region' })
      .withVariableDefaults({ region: 'eu-west-1', env: { X: '1' } })
      .withJobConfiguration({ region: '{{ region }}', labels: null });
    const doc = custom.render(newStack());
    expect(doc.variables.properties.region).toEqual({ type: 'string', title: 'Region', default: 'eu-west-1' });
    expect(doc.variables.properties.env.default).toEqual({ X: '1' });
    expect(doc.job_configuration.region).toBe('{{ region }}');
    expect(doc.job_configuration).not.toHaveProperty('labels');
    expect(base.render(newStack()).job_configuration).toHaveProperty('labels');
    expect(custom.variableNames).toContain('region');
    expect(base.variableNames).not.toContain('region');
  });

  it('withJobConfiguration merges objects key by key', () => {
    const doc = BaseJobTemplate.kubernetes()
      .withJobConfiguration({ job_manifest: { spec: { backoffLimit: 2 } } })
      .render(newStack());
    expect(doc.job_configuration.job_manifest.spec.backoffLimit).toBe(2);
    expect(doc.job_configuration.job_manifest.spec.ttlSecondsAfterFinished).toBe('{{ finished_job_ttl }}');
  });

  it('fromObject takes any template and an optional type', () => {
    const t = BaseJobTemplate.fromObject({
      job_configuration: { region: '{{ region }}' },
      variables: { type: 'object', properties: { region: { type: 'string' } } },
    }, WorkPoolType.custom('my-worker'));
    expect(t.workPoolType?.name).toBe('my-worker');
    expect(t.variableNames).toEqual(['region']);
    expect(t.withVariableDefaults({ region: 'x' }).render(newStack()).variables.properties.region.default).toBe('x');
    expect(BaseJobTemplate.fromObject({}).render(newStack())).toEqual({});
    expect(BaseJobTemplate.fromObject({}).workPoolType).toBeUndefined();
  });

  it('matches the snapshot of the four default templates', () => {
    const stack = newStack();
    const docs = ['process', 'docker', 'kubernetes', 'ecs'].map((t) => (BaseJobTemplate as any)[t]().render(stack));
    expect(docs).toMatchSnapshot();
  });
});
