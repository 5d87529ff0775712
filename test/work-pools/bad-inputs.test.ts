import { Fn, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { synthError } from '../support/synth';
import { BaseJobTemplate, EcsLaunchType, ImagePullPolicy, WorkPool, WorkPoolType, WorkQueue } from '../../src/work-pools';

const pool = (s: Construct, props: Partial<ConstructorParameters<typeof WorkPool>[2]> = {}) =>
  new WorkPool(s, 'Pool', { workPoolName: 'p', ...props });
const withTemplate = (t: BaseJobTemplate) => (s: Construct) => pool(s, { baseJobTemplate: t });

// [case, build, construct path, bad value as shown in the message]
const rows: Array<[string, (s: Construct) => void, string, string]> = [
  ['empty pool name', (s) => pool(s, { workPoolName: '  ' }), 'Stack/Pool', 'must not be empty'],
  ['banned character in pool name', (s) => pool(s, { workPoolName: 'a/b' }), 'Stack/Pool', '"a/b"'],
  ['reserved pool name', (s) => pool(s, { workPoolName: 'Prefect-prod' }), 'Stack/Pool', '"Prefect-prod"'],
  ['negative pool concurrency', (s) => pool(s, { concurrencyLimit: -1 }), 'Stack/Pool', '-1'],
  ['fractional pool concurrency', (s) => pool(s, { concurrencyLimit: 1.5 }), 'Stack/Pool', '1.5'],
  ['queue priority 0', (s) => pool(s).addQueue('Q', { workQueueName: 'q', priority: 0 }), 'Stack/Pool/Q', 'priority 0'],
  ['negative queue concurrency', (s) => pool(s).addQueue('Q', { workQueueName: 'q', concurrencyLimit: -2 }), 'Stack/Pool/Q', '-2'],
  ['banned character in queue name', (s) => pool(s).addQueue('Q', { workQueueName: 'a%b' }), 'Stack/Pool/Q', '"a%b"'],
  ['queue named default', (s) => pool(s).addQueue('Q', { workQueueName: 'default' }), 'Stack/Pool/Q', '"default"'],
  ['duplicate queue name', (s) => {
    const p = pool(s);
    p.addQueue('A', { workQueueName: 'etl' });
    new WorkQueue(s, 'B', { workPool: p, workQueueName: 'etl' });
  }, 'Stack/B', '"etl"'],
  ['unknown variable default', withTemplate(BaseJobTemplate.process().withVariableDefaults({ imagee: 'x' })), 'Stack/Pool', '"imagee"'],
  ['variable default of the wrong type', withTemplate(BaseJobTemplate.ecs().withVariableDefaults({ cpu: '1024' })), 'Stack/Pool', '"1024"'],
  ['variable default outside the enum', withTemplate(BaseJobTemplate.ecs().withVariableDefaults({ launch_type: 'LAMBDA' })), 'Stack/Pool', '"LAMBDA"'],
  ['undeclared placeholder', withTemplate(BaseJobTemplate.process().withJobConfiguration({ x: '{{ regoin }}' })), 'Stack/Pool', '"regoin"'],
  ['template without variables', withTemplate(BaseJobTemplate.fromObject({ job_configuration: { a: 1 } })), 'Stack/Pool', '["job_configuration"]'],
  ['overrides on a token template', (s) => {
    const v = new TerraformVariable(s, 'tpl', { type: 'string' });
    pool(s, {
      baseJobTemplate: BaseJobTemplate.fromObject(Fn.jsondecode(v.stringValue)).withVariableDefaults({ a: 1 }),
      workPoolType: WorkPoolType.ECS,
    });
  }, 'Stack/Pool', 'token'],
  ['fargate cpu not offered', withTemplate(BaseJobTemplate.ecs({ cpu: 300 })), 'Stack/Pool', 'cpu 300'],
  ['fargate memory not offered for the cpu', withTemplate(BaseJobTemplate.ecs({ cpu: 1024, memory: 1024 })), 'Stack/Pool', 'memory 1024'],
  ['fargate spot memory not offered', withTemplate(BaseJobTemplate.ecs({ launchType: EcsLaunchType.FARGATE_SPOT, cpu: 256, memory: 4096 })), 'Stack/Pool', 'memory 4096'],
  ['ecs subnets without vpc', withTemplate(BaseJobTemplate.ecs({ subnets: ['subnet-1'] })), 'Stack/Pool', 'subnet-1'],
  ['ecs network configuration and subnets', withTemplate(BaseJobTemplate.ecs({ vpcId: 'vpc-1', subnets: ['s'], networkConfiguration: { subnets: ['t'] } })), 'Stack/Pool', '{"subnets":["t"]}'],
  ['ecs logs without execution role', withTemplate(BaseJobTemplate.ecs({ configureCloudwatchLogs: true })), 'Stack/Pool', 'true'],
  ['ecs log options without logs', withTemplate(BaseJobTemplate.ecs({ cloudwatchLogsOptions: { 'awslogs-group': 'g' } })), 'Stack/Pool', 'awslogs-group'],
  ['kubernetes namespace not a DNS label', withTemplate(BaseJobTemplate.kubernetes({ namespace: 'Flows_Prod' })), 'Stack/Pool', '"Flows_Prod"'],
  ['kubernetes bad quantity', withTemplate(BaseJobTemplate.kubernetes({ memoryLimit: '1GB' })), 'Stack/Pool', '"1GB"'],
  ['kubernetes IfPossible pull policy', withTemplate(BaseJobTemplate.kubernetes({ imagePullPolicy: ImagePullPolicy.IF_POSSIBLE })), 'Stack/Pool', '"IfPossible"'],
  ['kubernetes negative job ttl', withTemplate(BaseJobTemplate.kubernetes({ finishedJobTtl: -5 })), 'Stack/Pool', '-5'],
  ['docker networks and network mode', withTemplate(BaseJobTemplate.docker({ networks: ['n'], networkMode: 'host' })), 'Stack/Pool', '"host"'],
  ['docker bad memory limit', withTemplate(BaseJobTemplate.docker({ memLimit: '1 GB' })), 'Stack/Pool', '"1 GB"'],
  ['docker zero wait timeout', withTemplate(BaseJobTemplate.docker({ containerWaitTimeout: 0 })), 'Stack/Pool', 'timeout 0'],
];

describe('bad input is refused at synth time', () => {
  it.each(rows)('%s', (_name, build, path, bad) => {
    const message = synthError(build);
    expect(message).toContain(`${path}: `);
    expect(message).toContain(bad);
  });
});

it('lists the valid variable names when a default names an unknown one', () => {
  const message = synthError(withTemplate(BaseJobTemplate.process().withVariableDefaults({ imagee: 'x' })));
  expect(message).toContain('command, env, labels, name, stream_output, working_dir');
});

it('lists the allowed Fargate memory for the cpu', () => {
  expect(synthError(withTemplate(BaseJobTemplate.ecs({ cpu: 1024, memory: 1024 })))).toContain('2048 to 8192 in steps of 1024');
  expect(synthError(withTemplate(BaseJobTemplate.ecs({ cpu: 256, memory: 4096 })))).toContain('512, 1024, 2048');
});
