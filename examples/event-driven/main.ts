// Event-driven orchestration with automations, using only what a self-hosted Prefect server
// runs (event, compound and proactive triggers):
//   - a file landing in the raw bucket starts the ingest deployment, with the event's resource
//     labels (bucket, key) passed as flow parameters;
//   - the daily report runs once BOTH the orders and the payments loads have completed;
//   - failed or crashed ingest runs notify Slack; three failures in an hour pause the deployment;
//   - the on-call channel hears about a work pool whose workers stay offline for 5 minutes.
//
// The "object created" events come from the storage notifier, which posts them to the server's
// `POST /api/events` (or calls `prefect.events.emit_event`). On Prefect Cloud a `Webhook`
// could receive them instead; webhooks, metric triggers (`Trigger.metric`), `ResourceSla` and
// the declare-incident action are Prefect Cloud only, so this example leaves them out.
//
//   cdktf deploy            (PREFECT_API_URL; TF_VAR_slack_webhook_url holds the Slack URL)
//
// This app uses the library by path (the compiled ../../lib); a real app would
// `import { ... } from 'cdktf-prefect'`.
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  Action,
  Automation,
  BaseJobTemplate,
  Block,
  BlockSecretValue,
  BlockType,
  CompoundRequire,
  Duration,
  Flow,
  FlowRunState,
  PullStep,
  Schedule,
  Trigger,
  WorkPool,
} from '../../lib';
import { PrefectProvider } from '../../lib/.gen/providers/prefect/provider';

export class EventDrivenStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // The stack owns the provider; endpoint and key come from PREFECT_API_URL / PREFECT_API_KEY.
    new PrefectProvider(this, 'prefect', {});

    // The Slack incoming-webhook URL is a credential: it comes from a sensitive variable and is
    // written to the block's write-only data, never to cdk.tf.json or the state.
    const slackUrl = new TerraformVariable(this, 'slack_webhook_url', {
      type: 'string',
      sensitive: true,
      description: 'incoming webhook URL of the #data-alerts channel',
    });
    const slack = new Block(this, 'DataAlerts', {
      blockName: 'data-alerts',
      blockType: BlockType.SLACK_WEBHOOK,
      secretData: { url: BlockSecretValue.fromVariable(slackUrl) },
    });

    const pool = new WorkPool(this, 'Pool', {
      workPoolName: 'ingest-docker',
      baseJobTemplate: BaseJobTemplate.docker({ image: 'ghcr.io/acme/ingest:1.8.0', autoRemove: true }),
    });
    const code = [PullStep.gitClone({ repository: 'https://github.com/acme/ingest.git', branch: 'main' })];

    // --- deployments ------------------------------------------------------------------------------
    const ingestFlow = new Flow(this, 'IngestFlow', { flowName: 'ingest-file' });
    const ingest = ingestFlow.addDeployment('OnUpload', {
      deploymentName: 'on-upload',
      description: 'loads one uploaded file; started by an automation, not a schedule',
      entrypoint: 'flows/ingest.py:ingest_file',
      workPool: pool,
      pullSteps: code,
      parameterOpenApiSchema: {
        type: 'object',
        properties: {
          bucket: { type: 'string' },
          key: { type: 'string' },
          mode: { type: 'string', enum: ['append', 'replace'] },
        },
        required: ['bucket', 'key'],
      },
    });

    const loads = new Flow(this, 'LoadFlow', { flowName: 'daily-load' });
    const orders = loads.addDeployment('Orders', {
      deploymentName: 'orders',
      entrypoint: 'flows/load.py:daily_load',
      workPool: pool,
      pullSteps: code,
      parameters: { table: 'orders' },
    });
    orders.addSchedule('Nightly', Schedule.cron('0 2 * * *', { timezone: 'Europe/Berlin' }));
    const payments = loads.addDeployment('Payments', {
      deploymentName: 'payments',
      entrypoint: 'flows/load.py:daily_load',
      workPool: pool,
      pullSteps: code,
      parameters: { table: 'payments' },
    });
    payments.addSchedule('Nightly', Schedule.cron('15 2 * * *', { timezone: 'Europe/Berlin' }));

    const report = new Flow(this, 'ReportFlow', { flowName: 'daily-report' })
      .addDeployment('Report', {
        deploymentName: 'daily',
        description: 'started when both daily loads have completed',
        entrypoint: 'flows/report.py:daily_report',
        workPool: pool,
        pullSteps: code,
      });

    // --- 1. an external event runs a deployment, labels become parameters -------------------------
    // event: { "event": "acme.storage.object-created",
    //          "resource": { "prefect.resource.id": "acme.storage.raw-landing.<key>",
    //                        "acme.storage.bucket": "raw-landing", "acme.storage.key": "<key>" } }
    Automation.runDeploymentOnEvent(this, 'IngestOnUpload', {
      automationName: 'ingest uploaded files',
      deployment: ingest,
      expect: ['acme.storage.object-created'],
      match: { 'prefect.resource.id': 'acme.storage.raw-landing.*' },
      parametersFromLabels: { bucket: 'acme.storage.bucket', key: 'acme.storage.key' },
      parameters: { mode: 'append' },
    });

    // --- 2. flow-run state helpers on a deployment --------------------------------------------------
    ingest.onFlowRunState('NotifyOnFailure', {
      states: [FlowRunState.FAILED, FlowRunState.CRASHED],
      action: Action.sendNotification(slack, {
        subject: 'ingest failed',
        body: 'Flow run {{ flow_run.name }} of {{ deployment.name }} is {{ flow_run.state.name }}: {{ flow_run|ui_url }}',
      }),
    });

    // three failures within an hour: stop taking new files until someone looks (and say so)
    const circuitBreaker = new Automation(this, 'IngestCircuitBreaker', {
      automationName: 'pause ingest after 3 failures in 1h',
      trigger: Trigger.event({
        expect: [FlowRunState.FAILED.eventName, FlowRunState.CRASHED.eventName],
        match: { 'prefect.resource.id': 'prefect.flow-run.*' },
        matchRelated: { 'prefect.resource.role': 'deployment', 'prefect.resource.id': `prefect.deployment.${ingest.deploymentId}` },
        threshold: 3,
        within: Duration.hours(1),
      }),
      actions: [Action.pauseDeployment(ingest)],
    });
    circuitBreaker.addAction(Action.sendNotification(slack, { body: 'ingest paused after 3 failures within an hour' }));

    // --- 3. workers offline -------------------------------------------------------------------------
    pool.onWorkerOffline('NotifyWorkersOffline', {
      action: Action.sendNotification(slack, { body: 'work pool {{ event.resource.name }} has had no worker for 5 minutes' }),
      automationName: 'ingest-docker workers offline',
      gracePeriod: Duration.minutes(5),
    });

    // any crashed flow run of the pool, whatever its deployment (the pool is a related resource of
    // every flow-run event)
    pool.onFlowRunState('NotifyOnCrash', {
      states: [FlowRunState.CRASHED],
      action: Action.sendNotification(slack, { body: 'flow run {{ flow_run.name }} crashed on work pool ingest-docker' }),
      automationName: 'ingest-docker flow run crashed',
    });

    // --- 4. a compound trigger: run the report once both loads have completed within 6 hours -------
    const completed = (deploymentId: string) => Trigger.event({
      expect: [FlowRunState.COMPLETED.eventName],
      match: { 'prefect.resource.id': 'prefect.flow-run.*' },
      matchRelated: { 'prefect.resource.role': 'deployment', 'prefect.resource.id': `prefect.deployment.${deploymentId}` },
    });
    new Automation(this, 'ReportWhenLoaded', {
      automationName: 'daily report after orders and payments loads',
      trigger: Trigger.compound({
        require: CompoundRequire.ALL,
        triggers: [completed(orders.deploymentId), completed(payments.deploymentId)],
        within: Duration.hours(6),
      }),
      actions: [Action.runDeployment({ deployment: report, parameters: { day: 'yesterday' } })],
    });
  }
}

const app = new App();
new EventDrivenStack(app, 'event-driven');
app.synth();
