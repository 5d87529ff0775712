// dev and prod from one codebase: the same stack class, created once per environment.
//
//   cdktf deploy dev          (PREFECT_API_URL points at dev's server; PREFECT_API_KEY for Cloud)
//   cdktf deploy prod
//   cdktf deploy dev prod     (both, one after the other; each plans against its own state)
//
// Each environment keeps its own state: terraform.dev.tfstate and terraform.prod.tfstate here,
// or, with PREFECT_STATE_BUCKET set, dev/terraform.tfstate and prod/terraform.tfstate in that
// S3 bucket (credentials from the AWS environment).
//
// This app uses the library by path (the compiled ../../lib); a real app would
// `import { ... } from 'cdktf-prefect'`.
import { App } from 'cdktf';
import { Construct } from 'constructs';
import {
  BaseJobTemplate,
  Duration,
  EnvironmentNaming,
  PrefectEnvironmentProps,
  PrefectEnvironmentStack,
  PullStep,
  Schedule,
  ScheduledDeployment,
  StateBackend,
  WorkPool,
} from '../../lib';
import { PrefectProvider } from '../../lib/.gen/providers/prefect/provider';

/** The orders estate: what every environment has. What differs comes from `this.environment`. */
export class OrdersEstate extends PrefectEnvironmentStack {
  constructor(scope: Construct, id: string, props: PrefectEnvironmentProps) {
    super(scope, id, props);
    const env = this.environment;

    // The stack owns the provider; it reads PREFECT_API_URL (and PREFECT_API_KEY) from the
    // environment, so each environment's deploy points at its own server or workspace.
    new PrefectProvider(this, 'prefect', {});

    const pool = new WorkPool(this, 'Pool', {
      workPoolName: env.workPoolName('orders'),
      description: `process workers for the orders flows (${env.environmentName})`,
      concurrencyLimit: 4,
      baseJobTemplate: BaseJobTemplate.process({ workingDir: '/opt/flows', streamOutput: true }),
    });

    const nightly = new ScheduledDeployment(this, 'Nightly', {
      // "dev-orders" in dev, "orders" in prod: two environments on one server never share a flow
      flowName: env.physicalName('orders'),
      deploymentName: 'nightly',
      description: 'loads yesterday\'s orders into the warehouse',
      entrypoint: 'flows/orders.py:load_orders',
      workPool: pool,
      pullSteps: [PullStep.gitClone({ repository: 'https://github.com/acme/data-flows.git', branch: 'main' })],
      parameters: env.parametersFor('nightly', { source: 's3://acme-raw/orders', batch_size: 500, dry_run: false }),
      jobVariables: { env: { FLOW_IMAGE: env.image('registry.acme.io/orders-flows') } },
      schedules: [Schedule.cron('0 2 * * *', { timezone: 'Europe/Berlin', slug: 'nightly' })],
    });

    new ScheduledDeployment(this, 'CatchUp', {
      flow: nightly.flow,
      deploymentName: 'catch-up',
      description: 'picks up late files every six hours',
      entrypoint: 'flows/orders.py:load_orders',
      workPool: pool,
      pullSteps: [PullStep.gitClone({ repository: 'https://github.com/acme/data-flows.git', branch: 'main' })],
      parameters: env.parametersFor('catch-up', { source: 's3://acme-raw/orders/late', batch_size: 100, dry_run: false }),
      schedules: [Schedule.interval(Duration.hours(6), { anchorDate: '2026-01-01T00:30:00Z', timezone: 'UTC', slug: 'catch-up' })],
    });
  }
}

/** A state per environment: in S3 when PREFECT_STATE_BUCKET names a bucket, else a local file. */
function stateBackend(): StateBackend {
  const bucket = process.env.PREFECT_STATE_BUCKET;
  return bucket ? StateBackend.s3({ bucket }) : StateBackend.local();
}

const app = new App();
new OrdersEstate(app, 'dev', {
  stateBackend: stateBackend(),
  // dev's runs are started by hand; its schedules exist, paused
  schedulesActive: false,
  workPoolNames: { orders: 'orders-dev' },
  deploymentParameters: { nightly: { batch_size: 10, dry_run: true } },
  imageTag: 'main',
});
new OrdersEstate(app, 'prod', {
  naming: EnvironmentNaming.unchanged(),
  stateBackend: stateBackend(),
  imageTag: '1.4.0',
});
app.synth();
