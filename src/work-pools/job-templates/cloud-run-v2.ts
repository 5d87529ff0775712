// The `cloud-run-v2` worker's template (prefect-gcp), written from the shape the worker reads.
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail, isLiteral, show, validateInteger } from '../../core';
import { checkBlockSlot } from '../../blocks/block-ref';
import { WorkPoolType } from '../work-pool-type';
import { CloudRunV2JobTemplateOptions } from './cloud-run-v2-options';
import {
  Json, TemplateDefinition, blockReference, blockVariable, commonVariables, placeholder, placeholders, stringList,
  templateDefinition, templateDocument, variable,
} from './schema';

const LAUNCH_STAGES = ['ALPHA', 'BETA', 'GA', 'DEPRECATED', 'EARLY_ACCESS', 'PRELAUNCH', 'UNIMPLEMENTED', 'LAUNCH_TAG_UNSPECIFIED'];
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const MEMORY = /^\d+(?:G|Gi|M|Mi)$/;
const CPU = /^(\d+(\.\d+)?|\d+m)$/;
const SERVICE_ACCOUNT = /^[a-z0-9][a-z0-9-]{0,62}@[a-z0-9][a-z0-9.-]*\.gserviceaccount\.com$/;
const CONNECTOR = /^projects\/[^/]+\/locations\/[a-z]+-[a-z]+[0-9]+\/connectors\/[a-z][-a-z0-9]{0,23}[a-z0-9]$/;

/** The Cloud Run v2 `Job` body the worker creates for each flow run. */
function jobBody(): Json {
  return {
    client: 'prefect',
    launchStage: placeholder('launch_stage'),
    template: {
      template: {
        serviceAccount: placeholder('service_account_name'),
        maxRetries: placeholder('max_retries'),
        timeout: placeholder('timeout'),
        vpcAccess: { connector: placeholder('vpc_connector_name') },
        containers: [{
          env: [],
          image: placeholder('image'),
          command: placeholder('command'),
          args: placeholder('args'),
          resources: { limits: { cpu: placeholder('cpu'), memory: placeholder('memory') } },
        }],
      },
    },
  };
}

function definitions(): Json {
  return {
    GcpCredentials: {
      title: 'GcpCredentials',
      description: 'A gcp-credentials block: a service account key file or its contents, or Application Default Credentials when empty.',
      type: 'object',
      properties: {
        service_account_file: { title: 'Service Account File', description: 'Path of a service account key file.', type: 'string', format: 'path' },
        service_account_info: { title: 'Service Account Info', description: 'The contents of a key file.', type: 'object' },
        project: { title: 'Project', description: 'The project the worker calls Cloud Run in.', type: 'string' },
      },
      block_type_slug: 'gcp-credentials',
      secret_fields: ['service_account_info.*'],
      block_schema_references: {},
    },
  };
}

function variables(): Json {
  const str = (title: string, description: string, extra: Json = {}) => variable('string', title, description, extra);
  return {
    ...commonVariables('Cloud Run job'),
    credentials: blockVariable('GCP Credentials', 'Block with the credentials the worker calls Cloud Run with; the worker\'s own (Application Default Credentials) when unset.', 'GcpCredentials'),
    region: str('Region', 'Region the flow-run Cloud Run jobs are created in.', { default: 'us-central1' }),
    image: str('Image Name', 'Container image of the flow runs.', { default: 'prefecthq/prefect:3-latest' }),
    args: stringList('Args', 'Arguments passed to the image\'s entrypoint command.'),
    keep_job: variable('boolean', 'Keep Job After Completion', 'Keep each Cloud Run job after its flow run ends.', { default: false }),
    launch_stage: str('Launch Stage', 'Launch stage of the Cloud Run jobs (which Cloud Run features they may use).', { default: 'BETA', enum: LAUNCH_STAGES }),
    max_retries: variable('integer', 'Max Retries', 'How often Cloud Run retries a failed task of a flow-run job.', { default: 0 }),
    cpu: str('CPU', 'CPU of each flow-run container, e.g. "1000m" or "2".', { default: '1000m' }),
    memory: str('Memory', 'Memory of each flow-run container with its unit: G, Gi, M or Mi.', { default: '512Mi', example: '512Mi', pattern: MEMORY.source }),
    timeout: variable('integer', 'Job Timeout', 'Seconds a flow-run job may run before Cloud Run fails it (at most 604800, 7 days).', { default: 600, exclusiveMinimum: 0, maximum: 604800 }),
    vpc_connector_name: str('VPC Connector Name', 'Serverless VPC Access connector of the flow-run jobs.'),
    service_account_name: str('Service Account Name', 'Email of the service account the flow-run jobs run as; the Compute Engine default service account when unset.', { example: 'flow-runs@my-project.iam.gserviceaccount.com' }),
  };
}

/** @internal */
export function cloudRunV2Template(options: CloudRunV2JobTemplateOptions): TemplateDefinition {
  const document = templateDocument({
    ...placeholders('command', 'env', 'labels', 'name', 'credentials'),
    job_body: jobBody(),
    ...placeholders('keep_job', 'region', 'timeout'),
  }, variables(), definitions());
  document.variables.description = 'Variables of a Cloud Run (v2 API) flow run.';
  return templateDefinition(WorkPoolType.CLOUD_RUN_V2, document, options, {
    credentials: blockReference(options.credentials),
    region: options.region,
    image: options.image,
    args: options.args,
    keep_job: options.keepJob,
    launch_stage: options.launchStage?.name,
    max_retries: options.maxRetries,
    cpu: options.cpu,
    memory: options.memory,
    timeout: options.timeoutSeconds,
    vpc_connector_name: options.vpcConnectorName,
    service_account_name: options.serviceAccountName,
  }, (scope) => checkCloudRunV2(scope, options));
}

function literal(value: string | undefined): value is string {
  return value !== undefined && value !== null && !Token.isUnresolved(value);
}

/** @internal */
export function checkCloudRunV2(scope: IConstruct, o: CloudRunV2JobTemplateOptions): void {
  checkBlockSlot(scope, 'BaseJobTemplate.cloudRunV2 credentials', o.credentials);
  if (literal(o.region) && !REGION.test(o.region)) {
    fail(scope, `invalid cloud run region ${show(o.region)}: use a Google Cloud region's ID such as "europe-west1" (gcloud run regions list), not a zone or a multi-region`);
  }
  if (literal(o.memory) && !MEMORY.test(o.memory)) {
    fail(scope, `invalid cloud run memory ${show(o.memory)}: give a whole number with its unit G, Gi, M or Mi, e.g. "512Mi" or "2Gi" (the worker's pattern ^\\d+(?:G|Gi|M|Mi)$)`);
  }
  if (literal(o.cpu)) {
    const cores = CPU.test(o.cpu) ? (o.cpu.endsWith('m') ? Number(o.cpu.slice(0, -1)) / 1000 : Number(o.cpu)) : NaN;
    if (!(cores > 0 && cores <= 8)) {
      fail(scope, `invalid cloud run cpu ${show(o.cpu)}: give vCPUs above 0 and at most 8, as a number or in millicores, e.g. "1", "2" or "1000m"`);
    }
  }
  validateInteger(scope, 'cloud run maxRetries', o.maxRetries, 0, 10);
  validateInteger(scope, 'cloud run timeoutSeconds', o.timeoutSeconds, 1, 604800);
  const stage = o.launchStage?.name;
  if (literal(stage) && !LAUNCH_STAGES.includes(stage)) {
    fail(scope, `invalid cloud run launch stage ${show(stage)}: use one of ${LAUNCH_STAGES.map((s) => show(s)).join(', ')} (CloudRunLaunchStage.GA, .BETA, .ALPHA)`);
  }
  if (literal(o.serviceAccountName) && !SERVICE_ACCOUNT.test(o.serviceAccountName)) {
    fail(scope, `invalid cloud run serviceAccountName ${show(o.serviceAccountName)}: give the service account's email, e.g. "flow-runs@my-project.iam.gserviceaccount.com"`);
  }
  if (literal(o.vpcConnectorName) && !CONNECTOR.test(o.vpcConnectorName)) {
    fail(scope, `invalid cloud run vpcConnectorName ${show(o.vpcConnectorName)}: give the connector's full name, "projects/<project>/locations/<region>/connectors/<name>"`);
  }
  if (isLiteral(o.args) && o.args !== undefined && !Array.isArray(o.args)) {
    fail(scope, `invalid cloud run args ${show(o.args)}: give a list of strings, e.g. ["--verbose"]`);
  }
}
