import { TerraformVariable, Testing } from 'cdktf';
import { GlobalConcurrencyLimit, TaskRunConcurrencyLimit } from '../../src/concurrency';
import { resolveTokens } from '../../src/core/tokens';
import { warnings } from '../blocks/warnings';
import { newStack, onlyResource, synthJson } from '../support/synth';

describe('GlobalConcurrencyLimit', () => {
  test('every prop lands in prefect_global_concurrency_limit', () => {
    const stack = newStack();
    const limit = new GlobalConcurrencyLimit(stack, 'Db', {
      globalConcurrencyLimitName: 'database',
      limit: 10,
      active: false,
      activeSlots: 2,
      slotDecayPerSecond: 0.5,
    });
    expect(onlyResource(synthJson(stack), 'prefect_global_concurrency_limit')).toEqual({
      name: 'database',
      limit: 10,
      active: false,
      active_slots: 2,
      slot_decay_per_second: 0.5,
    });
    expect(limit.node.findChild('Resource')).toBe(limit.resource);
    expect(limit.globalConcurrencyLimitName).toBe('database');
    expect(resolveTokens(stack, limit.globalConcurrencyLimitId)).toMatch(/^\$\{prefect_global_concurrency_limit\.\w+\.id\}$/);
    expect(warnings(stack)).toEqual([]);
  });

  test('optional props are omitted', () => {
    const stack = newStack();
    new GlobalConcurrencyLimit(stack, 'L', { globalConcurrencyLimitName: 'api rate', limit: 0, active: false });
    expect(onlyResource(synthJson(stack), 'prefect_global_concurrency_limit')).toEqual({ name: 'api rate', limit: 0, active: false });
  });

  test('tokens are passed through unvalidated', () => {
    const stack = newStack();
    const n = new TerraformVariable(stack, 'n', { type: 'number' });
    new GlobalConcurrencyLimit(stack, 'L', { globalConcurrencyLimitName: 'l', limit: n.numberValue, slotDecayPerSecond: n.numberValue });
    const res = onlyResource(synthJson(stack), 'prefect_global_concurrency_limit');
    expect(res.limit).toBe('${var.n}');
    expect(res.slot_decay_per_second).toBe('${var.n}');
  });

  test('an active limit of 0 warns', () => {
    const stack = newStack();
    new GlobalConcurrencyLimit(stack, 'Zero', { globalConcurrencyLimitName: 'zero', limit: 0 });
    synthJson(stack); // rule PF-COR-004 reports at synth, on the resource
    expect(warnings(stack)).toEqual([expect.stringMatching(/^Stack\/Zero\/Resource: global concurrency limit "zero" has limit 0: .*; set a limit of at least 1 or active: false \[PF-COR-004\]$/)]);
  });

  test('activeSlots above the limit warns', () => {
    const stack = newStack();
    new GlobalConcurrencyLimit(stack, 'Full', { globalConcurrencyLimitName: 'full', limit: 1, activeSlots: 3 });
    synthJson(stack);
    expect(warnings(stack)).toEqual([expect.stringMatching(/activeSlots 3 is above limit 1: .* \[PF-COR-005\]$/)]);
  });

  test('snapshot', () => {
    const stack = newStack();
    new GlobalConcurrencyLimit(stack, 'Db', { globalConcurrencyLimitName: 'database', limit: 5 });
    new GlobalConcurrencyLimit(stack, 'Rate', { globalConcurrencyLimitName: 'api-rate', limit: 60, slotDecayPerSecond: 1 });
    new TaskRunConcurrencyLimit(stack, 'Warehouse', { tag: 'warehouse', concurrencyLimit: 3 });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  test('fromGlobalConcurrencyLimitName looks the limit up by name', () => {
    const stack = newStack();
    const limit = GlobalConcurrencyLimit.fromGlobalConcurrencyLimitName(stack, 'Imported', 'shared');
    const json = synthJson(stack);
    const lookups = Object.entries(json.data.prefect_global_concurrency_limit) as [string, any][];
    expect(lookups).toEqual([[expect.any(String), { name: 'shared' }]]);
    expect(resolveTokens(stack, limit.globalConcurrencyLimitId)).toBe(`\${data.prefect_global_concurrency_limit.${lookups[0][0]}.id}`);
    expect(limit.globalConcurrencyLimitName).toBe('shared');
    expect(json.resource?.prefect_global_concurrency_limit).toBeUndefined();
  });
});

describe('TaskRunConcurrencyLimit', () => {
  test('tag and limit land in prefect_task_run_concurrency_limit', () => {
    const stack = newStack();
    const limit = new TaskRunConcurrencyLimit(stack, 'Warehouse', { tag: 'warehouse', concurrencyLimit: 5 });
    expect(onlyResource(synthJson(stack), 'prefect_task_run_concurrency_limit')).toEqual({ tag: 'warehouse', concurrency_limit: 5 });
    expect(limit.node.findChild('Resource')).toBe(limit.resource);
    expect(limit.tag).toBe('warehouse');
    expect(resolveTokens(stack, limit.taskRunConcurrencyLimitId)).toMatch(/^\$\{prefect_task_run_concurrency_limit\.\w+\.id\}$/);
    expect(warnings(stack)).toEqual([]);
  });

  test('a limit of 0 is allowed with a warning', () => {
    const stack = newStack();
    new TaskRunConcurrencyLimit(stack, 'Off', { tag: 'paused', concurrencyLimit: 0 });
    expect(onlyResource(synthJson(stack), 'prefect_task_run_concurrency_limit').concurrency_limit).toBe(0);
    expect(warnings(stack)).toEqual([expect.stringMatching(/^Stack\/Off\/Resource: concurrencyLimit is 0: no task run tagged "paused" can run; set at least 1 to allow them \[PF-COR-004\]$/)]);
  });
});
