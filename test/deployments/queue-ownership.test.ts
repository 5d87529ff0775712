import { Construct } from 'constructs';
import { Deployment, DeploymentOptions, Flow } from '../../src/deployments';
import { ScheduledDeployment } from '../../src/patterns';
import { WorkPool, WorkQueue } from '../../src/work-pools';
import { newStack, synthError, synthJson } from '../support/synth';

// A queue of one pool on a deployment of another: Prefect quietly creates an unlimited queue of
// that name in the deployment's pool. A WorkPool's name is always a token, so the check compares
// the pool constructs, and names only where both are known.

const FIX = 'use a queue of that pool (pool.addQueue(...) or pool.defaultQueue()), or set workPool to the queue\'s pool';

function pools(s: Construct) {
  const a = new WorkPool(s, 'PoolA', { workPoolName: 'pool-a' });
  const b = new WorkPool(s, 'PoolB', { workPoolName: 'pool-b' });
  return { a, b, queueOfA: a.addQueue('High', { workQueueName: 'high' }) };
}

const options = (extra: Partial<DeploymentOptions>): DeploymentOptions => ({ deploymentName: 'nightly', entrypoint: 'a.py:f', ...extra });

// [case, build, construct path, bad value, what the message says]
const bad: Array<[string, (s: Construct) => unknown, string, string, string]> = [
  ['new Deployment, both pools created here', (s) => {
    const { b, queueOfA } = pools(s);
    new Deployment(s, 'Dep', { flow: new Flow(s, 'Fl', { flowName: 'etl' }), ...options({ workPool: b, workQueue: queueOfA }) });
  }, 'Stack/Dep', 'work queue "high" belongs to work pool "pool-a" (Stack/PoolA)', 'not to the deployment\'s work pool "pool-b" (Stack/PoolB)'],
  ['flow.addDeployment', (s) => {
    const { b, queueOfA } = pools(s);
    new Flow(s, 'Fl', { flowName: 'etl' }).addDeployment('Dep', options({ workPool: b, workQueue: queueOfA }));
  }, 'Stack/Fl/Dep', '"high"', '"pool-b" (Stack/PoolB)'],
  ['ScheduledDeployment', (s) => {
    const { b, queueOfA } = pools(s);
    new ScheduledDeployment(s, 'Nightly', { flowName: 'etl', ...options({ workPool: b, workQueue: queueOfA }) });
  }, 'Stack/Nightly/Deployment', '"high"', '"pool-a" (Stack/PoolA)'],
  ['the default queue of another pool', (s) => {
    const { a, b } = pools(s);
    new Flow(s, 'Fl', { flowName: 'etl' }).addDeployment('Dep', options({ workPool: b, workQueue: a.defaultQueue() }));
  }, 'Stack/Fl/Dep', '"default"', '"pool-a" (Stack/PoolA)'],
  ['a queue declared with new WorkQueue', (s) => {
    const { a, b } = pools(s);
    const q = new WorkQueue(s, 'Q', { workPool: a, workQueueName: 'bulk' });
    new Flow(s, 'Fl', { flowName: 'etl' }).addDeployment('Dep', options({ workPool: b, workQueue: q }));
  }, 'Stack/Fl/Dep', '"bulk"', '"pool-b" (Stack/PoolB)'],
  ['an imported pool of another name', (s) => {
    const { queueOfA } = pools(s);
    const other = WorkPool.fromWorkPoolName(s, 'Other', 'legacy');
    new Flow(s, 'Fl', { flowName: 'etl' }).addDeployment('Dep', options({ workPool: other, workQueue: queueOfA }));
  }, 'Stack/Fl/Dep', '"high"', '"legacy" (Stack/Other)'],
  ['a pool given by name', (s) => {
    const { queueOfA } = pools(s);
    new Flow(s, 'Fl', { flowName: 'etl' }).addDeployment('Dep', options({ workPoolName: 'pool-b', workQueue: queueOfA }));
  }, 'Stack/Fl/Dep', '"high"', 'not to the deployment\'s work pool "pool-b"'],
  ['an imported queue of another pool', (s) => {
    const { b } = pools(s);
    const q = WorkQueue.fromWorkQueueName(s, 'Imp', 'pool-a', 'high');
    new Flow(s, 'Fl', { flowName: 'etl' }).addDeployment('Dep', options({ workPool: b, workQueue: q }));
  }, 'Stack/Fl/Dep', 'belongs to work pool "pool-a"', '"pool-b" (Stack/PoolB)'],
];

describe('a queue of another pool fails at synth, with pools compared as constructs', () => {
  it.each(bad)('%s', (_name, build, path, value, detail) => {
    const message = synthError(build);
    expect(message).toContain(`${path}: `);
    expect(message).toContain(value);
    expect(message).toContain(detail);
    expect(message).toContain(FIX);
  });
});

// [case, build]: the same shapes with the right pool must pass
const good: Array<[string, (s: Construct) => unknown]> = [
  ['the queue of the deployment\'s pool', (s) => {
    const { a, queueOfA } = pools(s);
    new Flow(s, 'Fl', { flowName: 'etl' }).addDeployment('Dep', options({ workPool: a, workQueue: queueOfA }));
  }],
  ['the queue alone (its pool is taken)', (s) => {
    const { queueOfA } = pools(s);
    new ScheduledDeployment(s, 'Nightly', { flowName: 'etl', ...options({ workQueue: queueOfA }) });
  }],
  ['the pool\'s default queue', (s) => {
    const { a } = pools(s);
    new Flow(s, 'Fl', { flowName: 'etl' }).addDeployment('Dep', options({ workPool: a, workQueue: a.defaultQueue() }));
  }],
  ['an import of the same pool by name', (s) => {
    const { queueOfA } = pools(s);
    const same = WorkPool.fromWorkPoolName(s, 'Same', 'pool-a');
    new Flow(s, 'Fl', { flowName: 'etl' }).addDeployment('Dep', options({ workPool: same, workQueue: queueOfA }));
  }],
  ['the pool by its name', (s) => {
    const { queueOfA } = pools(s);
    new Flow(s, 'Fl', { flowName: 'etl' }).addDeployment('Dep', options({ workPoolName: 'pool-a', workQueue: queueOfA }));
  }],
];

describe('a queue of the deployment\'s own pool passes', () => {
  it.each(good)('%s', (_name, build) => {
    const stack = newStack();
    build(stack);
    expect(Object.keys(synthJson(stack).resource.prefect_deployment)).toHaveLength(1);
  });
});

describe('a queue moved to another pool is replaced, not updated in place', () => {
  test('the queue has a terraform_data trigger holding its pool', () => {
    const stack = newStack();
    const a = new WorkPool(stack, 'PoolA', { workPoolName: 'pool-a' });
    a.addQueue('High', { workQueueName: 'high' });
    const json = synthJson(stack);
    const [queue] = Object.values<any>(json.resource.prefect_work_queue);
    const [triggerId, trigger] = Object.entries<any>(json.resource.terraform_data).find(([id]) => id.startsWith('PoolA_High_ReplaceOnPoolChange_'))!;
    expect(queue.lifecycle.replace_triggered_by).toContain(`terraform_data.${triggerId}`);
    expect(trigger.input).toBe(`pool:\${prefect_work_pool.${a.resource.friendlyUniqueId}.name}`);
  });

  test.each([
    [undefined, 'priority:unset'],
    [3, 'priority:set'],
  ])('a queue with priority %s is replaced when that changes (removing a priority makes the provider send 0, a 422)', (priority, input) => {
    const stack = newStack();
    new WorkPool(stack, 'PoolA', { workPoolName: 'pool-a' }).addQueue('High', { workQueueName: 'high', priority });
    const json = synthJson(stack);
    const [queue] = Object.values<any>(json.resource.prefect_work_queue);
    const [triggerId, trigger] = Object.entries<any>(json.resource.terraform_data).find(([id]) => id.startsWith('PoolA_High_ReplaceOnClear_'))!;
    expect(queue.lifecycle.replace_triggered_by).toEqual([
      expect.stringMatching(/^terraform_data\.PoolA_High_ReplaceOnPoolChange_/),
      `terraform_data.${triggerId}`,
    ]);
    expect(trigger.input).toBe(input);
  });
});
