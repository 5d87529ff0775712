import { AnnotationMetadataEntryType, Testing } from 'cdktf';
import { synthValue } from './ref';
import { newStack, onlyResource, resourcesOf, synthJson, withoutTrigger } from '../support/synth';
import { WorkPool, WorkQueue } from '../../src/work-pools';

describe('WorkQueue', () => {
  it('synthesizes every prop and depends on its pool by reference', () => {
    const stack = newStack();
    const pool = new WorkPool(stack, 'Pool', { workPoolName: 'p' });
    const queue = pool.addQueue('Critical', {
      workQueueName: 'critical',
      description: 'urgent runs',
      priority: 1,
      concurrencyLimit: 3,
      paused: true,
    });
    expect(withoutTrigger(onlyResource(synthJson(stack), 'prefect_work_queue'))).toEqual({
      name: 'critical',
      work_pool_name: '${prefect_work_pool.Pool_D3F588B8.name}',
      description: 'urgent runs',
      priority: 1,
      concurrency_limit: 3,
      is_paused: true,
    });
    expect(queue.node.path).toBe('Stack/Pool/Critical');
    expect(queue.resource.node.id).toBe('Resource');
    expect(synthValue(stack, queue.workQueueId)).toBe('${prefect_work_queue.Pool_Critical_A0806569.id}');
    expect(synthValue(stack, queue.workQueueName)).toBe('${prefect_work_queue.Pool_Critical_A0806569.name}');
    expect(synthValue(stack, queue.workPoolName)).toBe('${prefect_work_queue.Pool_Critical_A0806569.work_pool_name}');
  });

  it('allows the same queue name in two pools', () => {
    const stack = newStack();
    new WorkPool(stack, 'A', { workPoolName: 'a' }).addQueue('Q', { workQueueName: 'etl' });
    new WorkPool(stack, 'B', { workPoolName: 'b' }).addQueue('Q', { workQueueName: 'etl' });
    expect(Object.keys(resourcesOf(synthJson(stack), 'prefect_work_queue'))).toHaveLength(2);
  });

  it('warns when two queues of a pool share a priority', () => {
    const stack = newStack();
    const pool = new WorkPool(stack, 'Pool', { workPoolName: 'p' });
    pool.addQueue('A', { workQueueName: 'a', priority: 2 });
    const b = pool.addQueue('B', { workQueueName: 'b', priority: 2 });
    synthJson(stack); // rule PF-COR-008 reports at synth
    const warnings = b.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data);
    expect(warnings).toEqual([expect.stringMatching(/"a" and "b" both have priority 2: .*; give each queue of a pool its own priority \[PF-COR-008\]$/)]);
  });

  it('imports a queue through the data source', () => {
    const stack = newStack();
    const queue = WorkQueue.fromWorkQueueName(stack, 'Existing', 'shared-pool', 'etl');
    expect(queue.workQueueName).toBe('etl');
    expect(queue.workPoolName).toBe('shared-pool');
    expect(synthValue(stack, queue.workQueueId)).toMatch(/^\$\{data\.prefect_work_queue\..+\.id\}$/);
    expect(Object.values(synthJson(stack).data.prefect_work_queue)).toEqual([{ name: 'etl', work_pool_name: 'shared-pool' }]);
  });

  it('matches the snapshot', () => {
    const stack = newStack();
    const pool = WorkPool.fromWorkPoolName(stack, 'Pool', 'shared');
    new WorkQueue(stack, 'Queue', { workPool: pool, workQueueName: 'reports', priority: 3 });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});
