import { Fn, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { DataPrefectWorkerMetadata } from '../../src/.gen/providers/prefect/data-prefect-worker-metadata';
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

describe('BaseJobTemplate.fromObject of something that is not an object', () => {
  const FIX = 'use BaseJobTemplate.fromWorkerMetadata(); for another JSON string pass Fn.jsondecode(<the string>) to fromObject()';
  const poolWith = (s: Construct, template: unknown) => new WorkPool(s, 'Pool', {
    workPoolName: 'k8s',
    workPoolType: WorkPoolType.KUBERNETES,
    baseJobTemplate: BaseJobTemplate.fromObject(template as any, WorkPoolType.KUBERNETES),
  });
  // [case, the template given to fromObject, the value as the message shows it]
  const rows: Array<[string, (s: Construct) => unknown, string]> = [
    ['the data source\'s string token', (s) => new DataPrefectWorkerMetadata(s, 'M', {}).baseJobConfigs.kubernetes, 'a string token'],
    ['a string variable', (s) => new TerraformVariable(s, 'tpl', { type: 'string' }).stringValue, 'a string token'],
    ['a literal JSON string', () => '{"job_configuration": {}, "variables": {}}', 'the string "{\\"job_configuration\\"'],
    ['a list', () => [{ job_configuration: {} }], '[{"job_configuration":{}}]'],
    ['a number', () => 42, '42'],
  ];
  test.each(rows)('%s is refused with the fix', (_name, template, bad) => {
    const message = synthError((s) => poolWith(s, template(s)));
    expect(message).toMatch(/^Stack\/Pool: BaseJobTemplate.fromObject\(\) takes an object, not /);
    expect(message).toContain(`not ${bad}`);
    expect(message).toContain(FIX);
  });

  test('an object token (Fn.jsondecode of the string) is still accepted', () => {
    const stack = newStack();
    const metadata = new DataPrefectWorkerMetadata(stack, 'M', {});
    poolWith(stack, Fn.jsondecode(metadata.baseJobConfigs.kubernetes));
    expect(onlyResource(synthJson(stack), 'prefect_work_pool').base_job_template)
      .toBe('${jsonencode(jsondecode(data.prefect_worker_metadata.M.base_job_configs.kubernetes))}');
  });
});
