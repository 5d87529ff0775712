import { AnnotationMetadataEntryType, Fn, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { synthValue } from './ref';
import { newStack, onlyResource, resourcesOf, synthJson, withoutTrigger } from '../support/synth';
import { BaseJobTemplate, WorkPool, WorkPoolType, WorkQueue } from '../../src/work-pools';

/** The warnings at or below a construct, after a synth (the policy rules report then). */
function warningsOf(scope: IConstruct): string[] {
  Testing.synth(TerraformStack.of(scope));
  return scope.node.findAll().flatMap((c) => c.node.metadata)
    .filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
}

describe('WorkPool', () => {
  it('synthesizes every prop', () => {
    const stack = newStack();
    new WorkPool(stack, 'Pool', {
      workPoolName: 'k8s-prod',
      workPoolType: WorkPoolType.KUBERNETES,
      description: 'production jobs',
      paused: true,
      concurrencyLimit: 20,
      baseJobTemplate: BaseJobTemplate.kubernetes({ namespace: 'flows', image: 'repo/flows:1.2.3' }),
    });
    const pool = onlyResource(synthJson(stack), 'prefect_work_pool');
    expect(pool).toMatchObject({
      name: 'k8s-prod',
      type: 'kubernetes',
      description: 'production jobs',
      paused: true,
      concurrency_limit: 20,
    });
    const template = JSON.parse(pool.base_job_template);
    expect(template.variables.properties.namespace.default).toBe('flows');
    expect(template.variables.properties.image.default).toBe('repo/flows:1.2.3');
    expect(template.job_configuration.job_manifest.kind).toBe('Job');
  });

  it('writes the template with sorted keys, so key order never shows as a diff', () => {
    const stack = newStack();
    new WorkPool(stack, 'Pool', { workPoolName: 'p', baseJobTemplate: BaseJobTemplate.process() });
    const text: string = onlyResource(synthJson(stack), 'prefect_work_pool').base_job_template;
    expect(text.indexOf('"job_configuration"')).toBeLessThan(text.indexOf('"variables"'));
    expect(text).not.toContain('\n');
  });

  it('leaves optional attributes out and defaults the type to process', () => {
    const stack = newStack();
    new WorkPool(stack, 'Pool', { workPoolName: 'local' });
    const pool = onlyResource(synthJson(stack), 'prefect_work_pool');
    expect(withoutTrigger(pool)).toEqual({ name: 'local', type: 'process' });
  });

  it('takes the type from the template when none is given', () => {
    const stack = newStack();
    new WorkPool(stack, 'Pool', { workPoolName: 'ecs', baseJobTemplate: BaseJobTemplate.ecs() });
    expect(onlyResource(synthJson(stack), 'prefect_work_pool').type).toBe('ecs');
  });

  it('matches the snapshot', () => {
    const stack = newStack();
    const pool = new WorkPool(stack, 'Pool', {
      workPoolName: 'docker-pool',
      baseJobTemplate: BaseJobTemplate.docker({ image: 'img:1', networks: ['flows'], autoRemove: true, memLimit: '1g' }),
    });
    pool.addQueue('High', { workQueueName: 'high', priority: 1, concurrencyLimit: 5 });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it('exposes attributes as references', () => {
    const stack = newStack();
    const pool = new WorkPool(stack, 'Pool', { workPoolName: 'p' });
    expect(synthValue(stack, pool.workPoolName)).toBe('${prefect_work_pool.Pool_D3F588B8.name}');
    expect(synthValue(stack, pool.workPoolId)).toBe('${prefect_work_pool.Pool_D3F588B8.id}');
    expect(synthValue(stack, pool.defaultQueueId)).toBe('${prefect_work_pool.Pool_D3F588B8.default_queue_id}');
    expect(pool.workPoolType).toBe(WorkPoolType.PROCESS);
    expect(pool.resource.node.id).toBe('Resource');
  });

  it('keeps tokens inside the template through jsonencode', () => {
    const stack = newStack();
    const cluster = new TerraformVariable(stack, 'cluster', { type: 'string' });
    new WorkPool(stack, 'Pool', {
      workPoolName: 'ecs',
      baseJobTemplate: BaseJobTemplate.ecs({ cluster: cluster.stringValue, cpu: 1024, memory: 4096 }),
    });
    const text: string = onlyResource(synthJson(stack), 'prefect_work_pool').base_job_template;
    expect(text.startsWith('${jsonencode(')).toBe(true);
    expect(text).toContain('var.cluster');
    expect(text).toContain('{{ cluster }}');
  });

  it('accepts a whole template given as a token', () => {
    const stack = newStack();
    const file = new TerraformVariable(stack, 'template', { type: 'string' });
    new WorkPool(stack, 'Pool', {
      workPoolName: 'custom',
      workPoolType: WorkPoolType.custom('my-worker'),
      baseJobTemplate: BaseJobTemplate.fromObject(Fn.jsondecode(file.stringValue)),
    });
    const pool = onlyResource(synthJson(stack), 'prefect_work_pool');
    expect(pool.type).toBe('my-worker');
    expect(pool.base_job_template).toBe('${jsonencode(jsondecode(var.template))}');
  });

  it('imports a pool through the data source', () => {
    const stack = newStack();
    const pool = WorkPool.fromWorkPoolName(stack, 'Existing', 'shared-pool');
    new WorkQueue(stack, 'Queue', { workPool: pool, workQueueName: 'etl' });
    const json = synthJson(stack);
    expect(Object.values(json.data.prefect_work_pool)).toEqual([{ name: 'shared-pool' }]);
    expect(pool.workPoolName).toBe('shared-pool');
    expect(synthValue(stack, pool.workPoolId)).toMatch(/^\$\{data\.prefect_work_pool\..+\.id\}$/);
    expect(withoutTrigger(onlyResource(json, 'prefect_work_queue'))).toEqual({ name: 'etl', work_pool_name: 'shared-pool' });
    expect(resourcesOf(json, 'prefect_work_pool')).toEqual({});
  });

  it('references the default queue without creating or reading anything', () => {
    const stack = newStack();
    const pool = new WorkPool(stack, 'Pool', { workPoolName: 'p' });
    const queue = pool.defaultQueue();
    expect(pool.defaultQueue()).toBe(queue);
    expect(queue.workQueueName).toBe('default');
    expect(synthValue(stack, queue.workQueueId)).toBe('${prefect_work_pool.Pool_D3F588B8.default_queue_id}');
    expect(synthValue(stack, queue.workPoolName)).toBe('${prefect_work_pool.Pool_D3F588B8.name}');
    const json = synthJson(stack);
    expect(json.data).toBeUndefined();
    expect(resourcesOf(json, 'prefect_work_queue')).toEqual({});
  });

  describe('warnings', () => {
    it('warns when the template type differs from the pool type', () => {
      const stack = newStack();
      const pool = new WorkPool(stack, 'Pool', {
        workPoolName: 'p', workPoolType: WorkPoolType.ECS_PUSH, baseJobTemplate: BaseJobTemplate.ecs(),
      });
      expect(warningsOf(pool)).toEqual([expect.stringMatching(/written for "ecs" workers but the work pool's type is "ecs:push".*; use the BaseJobTemplate factory .*\[PF-COR-007\]$/)]);
    });

    it('warns about a concurrency limit of 0', () => {
      const stack = newStack();
      const pool = new WorkPool(stack, 'Pool', { workPoolName: 'p', concurrencyLimit: 0 });
      expect(warningsOf(pool)).toEqual([expect.stringMatching(/concurrency limit of 0, so none of its flow runs will start; .*paused: true.*\[PF-COR-004\]$/)]);
      expect(onlyResource(synthJson(stack), 'prefect_work_pool').concurrency_limit).toBe(0);
    });

    it('warns about names the UI cannot handle', () => {
      const stack = newStack();
      const pool = new WorkPool(stack, 'Pool', { workPoolName: 'my pool' });
      expect(warningsOf(pool)).toEqual([expect.stringMatching(/"my pool" has characters other than .*\[PF-COR-006\]$/)]);
    });

    it('says nothing for ordinary input', () => {
      const stack = newStack();
      const pool = new WorkPool(stack, 'Pool', { workPoolName: 'ok', baseJobTemplate: BaseJobTemplate.process() });
      pool.addQueue('Q', { workQueueName: 'q', priority: 2 });
      expect(warningsOf(pool)).toEqual([]);
    });
  });
});

describe('WorkPoolType', () => {
  it('knows push and managed types', () => {
    expect(WorkPoolType.ECS_PUSH.isPush).toBe(true);
    expect(WorkPoolType.ECS.isPush).toBe(false);
    expect(WorkPoolType.PREFECT_MANAGED.isManaged).toBe(true);
    expect(WorkPoolType.MODAL_PUSH.isCloudOnly).toBe(true);
    expect(WorkPoolType.KUBERNETES.isCloudOnly).toBe(false);
    expect(WorkPoolType.custom('x:push').isPush).toBe(true);
    expect(WorkPoolType.CLOUD_RUN_V2_PUSH.name).toBe('cloud-run-v2:push');
    expect(`${WorkPoolType.AZURE_CONTAINER_INSTANCE}`).toBe('azure-container-instance');
  });
});
