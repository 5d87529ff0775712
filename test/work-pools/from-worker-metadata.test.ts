import { BaseJobTemplate, WorkPool, WorkPoolType } from '../../src/work-pools';
import { newStack, onlyResource, synthError, synthJson } from '../support/synth';

describe('BaseJobTemplate.fromWorkerMetadata', () => {
  test('passes the data source\'s JSON string as it is, not encoded again', () => {
    const stack = newStack();
    new WorkPool(stack, 'Pool', {
      workPoolName: 'k8s',
      workPoolType: WorkPoolType.KUBERNETES,
      baseJobTemplate: BaseJobTemplate.fromWorkerMetadata(stack, 'Metadata', WorkPoolType.KUBERNETES),
    });
    const json = synthJson(stack);
    expect(Object.keys(json.data.prefect_worker_metadata)).toEqual(['Metadata']);
    expect(onlyResource(json, 'prefect_work_pool').base_job_template).toBe('${data.prefect_worker_metadata.Metadata.base_job_configs.kubernetes}');
  });

  test.each([
    [WorkPoolType.ECS_PUSH, 'ecs_push'],
    [WorkPoolType.AZURE_CONTAINER_INSTANCE, 'azure_container_instances'],
    [WorkPoolType.CLOUD_RUN_V2, 'cloud_run_v2'],
    [WorkPoolType.PREFECT_MANAGED, 'prefect_managed'],
  ])('%s reads base_job_configs.%s', (type, attribute) => {
    const stack = newStack();
    new WorkPool(stack, 'Pool', { workPoolName: 'p', workPoolType: type, baseJobTemplate: BaseJobTemplate.fromWorkerMetadata(stack, 'M', type) });
    expect(onlyResource(synthJson(stack), 'prefect_work_pool').base_job_template).toBe(`\${data.prefect_worker_metadata.M.base_job_configs.${attribute}}`);
  });

  test('a type the data source lacks fails with the fix', () => {
    expect(synthError((s) => BaseJobTemplate.fromWorkerMetadata(s, 'M', WorkPoolType.COILED_PUSH)))
      .toMatch(/^Stack: the prefect_worker_metadata data source has no default template for work pool type "coiled:push"; it has "process", .*: use BaseJobTemplate.fromObject\(\) with the template of that worker$/);
  });

  test('it cannot take variable defaults', () => {
    expect(synthError((s) => new WorkPool(s, 'Pool', {
      workPoolName: 'p',
      baseJobTemplate: BaseJobTemplate.fromWorkerMetadata(s, 'M', WorkPoolType.PROCESS).withVariableDefaults({ working_dir: '/tmp' }),
    }))).toContain('Stack/Pool: a base job template given as a token (fromObject with a token, or fromWorkerMetadata) cannot take variable defaults');
  });
});
