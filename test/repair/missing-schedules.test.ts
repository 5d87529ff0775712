import { missingSchedules } from '../../src/cli/repair/schedules';

// Which schedules of a configuration `cdktf-prefect repair-schedules` looks for on the server:
// those the state lacks, on a deployment the state has, with a slug. The deletion itself runs
// against a real server in test/e2e/repair-schedules.e2e.test.ts.
const config = {
  resource: {
    prefect_deployment: { Main: {}, Later: {} },
    prefect_deployment_schedule: {
      InState: { deployment_id: '${prefect_deployment.Main.id}', slug: 'hourly' },
      Dropped: { deployment_id: '${prefect_deployment.Main.id}', slug: 'daily' },
      NoSlug: { deployment_id: '${prefect_deployment.Main.id}' },
      Elsewhere: { deployment_id: 'b6e1c6d4-0000-4000-8000-000000000000', slug: 'weekly' },
      NewDeployment: { deployment_id: '${prefect_deployment.Later.id}', slug: 'nightly' },
    },
  },
};
const state = {
  values: {
    root_module: {
      resources: [
        { address: 'prefect_deployment.Main', type: 'prefect_deployment', values: { id: 'd-1' } },
        { address: 'prefect_deployment_schedule.InState', type: 'prefect_deployment_schedule', values: { id: 's-1' } },
      ],
    },
  },
};

test('only a schedule with a slug, missing from the state, on a deployment in the state, is looked for', () => {
  const { missing, skipped } = missingSchedules(config, state);
  expect(missing).toEqual([{ address: 'prefect_deployment_schedule.Dropped', deploymentAddress: 'prefect_deployment.Main', deploymentId: 'd-1', slug: 'daily' }]);
  expect(skipped).toEqual([
    'prefect_deployment_schedule.NoSlug: no slug, so the server cannot refuse it and there is nothing to repair',
    'prefect_deployment_schedule.Elsewhere: its deployment_id "b6e1c6d4-0000-4000-8000-000000000000" is not a prefect_deployment of this stack',
  ]);
});

test('an empty state (nothing applied yet) looks for nothing', () => {
  expect(missingSchedules(config, {}).missing).toEqual([]);
});
