import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import * as l1 from '../../src/l1';

// The generated bindings: every resource and data source of provider 3.4.1 is reachable,
// and a stack written on them synthesizes to the Terraform JSON the provider expects.

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../schema/prefect-3.4.1.schema.json'), 'utf8'))
  .provider_schemas['registry.terraform.io/prefecthq/prefect'];

function tfTypes(kind: 'resource' | 'data'): string[] {
  const types: string[] = [];
  for (const ns of Object.values(l1) as any[]) {
    for (const cls of Object.values(ns) as any[]) {
      if (typeof cls !== 'function' || typeof cls.tfResourceType !== 'string') continue;
      if (cls.tfResourceType === 'prefect') continue; // the provider itself
      const isData = Object.keys(ns).some((k) => k.startsWith('DataPrefect'));
      if ((kind === 'data') === isData) types.push(cls.tfResourceType);
    }
  }
  return types.sort();
}

describe('L1 bindings', () => {
  test('all 27 resources of prefecthq/prefect 3.4.1 are exported', () => {
    expect(tfTypes('resource')).toEqual(Object.keys(schema.resource_schemas).sort());
    expect(tfTypes('resource')).toHaveLength(27);
  });

  test('all 20 data sources are exported', () => {
    expect(tfTypes('data')).toEqual(Object.keys(schema.data_source_schemas).sort());
    expect(tfTypes('data')).toHaveLength(20);
  });

  test('each binding has its own deep import path', () => {
    for (const dir of fs.readdirSync(path.join(__dirname, '../../src/.gen/providers/prefect'))) {
      if (dir.endsWith('.ts')) continue;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(`../../src/.gen/providers/prefect/${dir}`);
      expect(Object.values(mod).some((c: any) => typeof c?.tfResourceType === 'string')).toBe(true);
    }
  });

  test('a stack on the bindings synthesizes nested attributes, JSON strings and references', () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new l1.provider.PrefectProvider(scope, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
        const flow = new l1.flow.Flow(scope, 'flow', { name: 'etl', tags: ['team-a'] });
        const pool = new l1.workPool.WorkPool(scope, 'pool', { name: 'pool', type: 'process' });
        const dep = new l1.deployment.Deployment(scope, 'dep', {
          name: 'nightly',
          flowId: flow.id,
          workPoolName: pool.name,
          parameters: JSON.stringify({ a: 1 }),
          pullSteps: [{ type: 'git_clone', repository: 'https://example.com/r.git', branch: 'main' }],
          concurrencyOptions: { collisionStrategy: 'ENQUEUE' },
        });
        new l1.deploymentSchedule.DeploymentSchedule(scope, 'schedule', {
          deploymentId: dep.id,
          cron: '0 * * * *',
          timezone: 'UTC',
        });
        new l1.dataPrefectWorkPool.DataPrefectWorkPool(scope, 'existing', { name: 'shared' });
      }),
    );
    expect(json.provider.prefect).toEqual([{ endpoint: 'http://127.0.0.1:4200/api' }]);
    expect(json.resource.prefect_deployment.dep).toEqual({
      name: 'nightly',
      flow_id: '${prefect_flow.flow.id}',
      work_pool_name: '${prefect_work_pool.pool.name}',
      parameters: '{"a":1}',
      pull_steps: [{ type: 'git_clone', repository: 'https://example.com/r.git', branch: 'main' }],
      concurrency_options: { collision_strategy: 'ENQUEUE' },
    });
    expect(json.resource.prefect_deployment_schedule.schedule).toEqual({
      deployment_id: '${prefect_deployment.dep.id}',
      cron: '0 * * * *',
      timezone: 'UTC',
    });
    expect(json.data.prefect_work_pool.existing).toEqual({ name: 'shared' });
  });
});
