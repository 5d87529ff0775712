import { Construct } from 'constructs';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { Duration, PrefectEnvironmentProps, PrefectEnvironmentStack, Schedule, ScheduledDeployment, WorkPool } from '../../src';

/** What the estate's stacks take: an environment, and the Prefect endpoint. */
export interface EstateProps extends PrefectEnvironmentProps {
  readonly endpoint?: string;
}

/**
 * A small estate, the same code for every environment: a process pool and two scheduled
 * deployments of one flow; names, the pool, parameters, the image tag and whether schedules are
 * active come from the environment. `Nightly/catch-up` is paused everywhere on purpose (an
 * explicit `active` wins over the environment).
 */
export class Estate extends PrefectEnvironmentStack {
  public readonly pool: WorkPool;
  public readonly nightly: ScheduledDeployment;
  public readonly hourly: ScheduledDeployment;

  constructor(scope: Construct, id: string, props: EstateProps = {}) {
    super(scope, id, props);
    new PrefectProvider(this, 'prefect', { endpoint: props.endpoint });
    const env = this.environment;
    this.pool = new WorkPool(this, 'Pool', { workPoolName: env.workPoolName('etl') });
    const flowName = env.physicalName('etl');
    this.nightly = new ScheduledDeployment(this, 'Nightly', {
      flowName,
      deploymentName: 'nightly',
      entrypoint: 'flows/etl.py:etl',
      workPool: this.pool,
      parameters: env.parametersFor('nightly', { source: 's3://acme-raw/orders', batch_size: 500 }),
      // the image the flow runs in, as a process pool's env (any pool type has `env`)
      jobVariables: { env: { FLOW_IMAGE: env.image('registry.acme.io/flows') } },
      schedules: [
        Schedule.cron('0 2 * * *', { timezone: 'UTC', slug: 'nightly' }),
        Schedule.interval(Duration.hours(6), { anchorDate: '2026-01-01T00:30:00Z', slug: 'catch-up', active: false }),
      ],
    });
    this.hourly = new ScheduledDeployment(this, 'Hourly', {
      flow: this.nightly.flow,
      deploymentName: 'hourly',
      entrypoint: 'flows/etl.py:etl',
      workPool: this.pool,
      parameters: env.parametersFor('hourly', { source: 's3://acme-raw/clicks', batch_size: 50 }),
      schedules: [Schedule.cron('15 * * * *', { timezone: 'UTC' })],
    });
  }
}
