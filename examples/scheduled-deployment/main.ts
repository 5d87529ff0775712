// A nightly ETL flow, deployed to a process work pool with two schedules.
//
//   cdktf deploy            (PREFECT_API_URL points at your server; PREFECT_API_KEY for Cloud)
//
// This app uses the library by path (the compiled ../../lib); a real app would
// `import { ... } from 'cdktf-prefect'`.
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  BaseJobTemplate,
  Duration,
  PullStep,
  Schedule,
  ScheduledDeployment,
  WorkPool,
} from '../../lib';
import { PrefectProvider } from '../../lib/.gen/providers/prefect/provider';

export class ScheduledDeploymentStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // The stack owns the provider. With no endpoint here, it reads PREFECT_API_URL
    // (and PREFECT_API_KEY for Prefect Cloud) from the environment: no secrets in code.
    new PrefectProvider(this, 'prefect', {});

    const pool = new WorkPool(this, 'EtlPool', {
      workPoolName: 'etl-process',
      description: 'process workers for the ETL flows',
      concurrencyLimit: 4,
      baseJobTemplate: BaseJobTemplate.process({
        workingDir: '/opt/flows',
        streamOutput: true,
        env: { PREFECT_LOGGING_LEVEL: 'INFO' },
      }),
    });
    const critical = pool.addQueue('Critical', {
      workQueueName: 'critical',
      priority: 1,
      concurrencyLimit: 2,
      description: 'runs that must not wait behind backfills',
    });

    new ScheduledDeployment(this, 'NightlyEtl', {
      flowName: 'etl',
      deploymentName: 'nightly',
      description: 'loads yesterday\'s orders into the warehouse',
      version: '1.4.0',
      tags: ['etl', 'orders'],
      entrypoint: 'flows/etl.py:etl',
      workPool: pool,
      workQueue: critical,
      pullSteps: [
        PullStep.gitClone({ repository: 'https://github.com/acme/data-flows.git', branch: 'main' }),
        PullStep.pipInstallRequirements({ requirementsFile: 'requirements.txt' }),
      ],
      parameters: { source: 's3://acme-raw/orders', batch_size: 500, dry_run: false },
      parameterOpenApiSchema: {
        type: 'object',
        properties: {
          source: { type: 'string' },
          batch_size: { type: 'integer', minimum: 1 },
          dry_run: { type: 'boolean' },
        },
        required: ['source'],
      },
      jobVariables: { env: { WAREHOUSE: 'analytics' } },
      schedules: [
        Schedule.cron('0 2 * * *', { timezone: 'Europe/Berlin', slug: 'nightly' }),
        Schedule.interval(Duration.hours(6), {
          anchorDate: '2026-01-01T00:30:00Z',
          timezone: 'UTC',
          slug: 'catch-up',
          active: false,
          parameters: { dry_run: true },
        }),
      ],
    });
  }
}

const app = new App();
new ScheduledDeploymentStack(app, 'scheduled-deployment');
app.synth();
