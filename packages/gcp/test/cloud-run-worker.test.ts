import { TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { PrefectApi } from 'cdktf-prefect';
import { CloudRunWorker, CloudRunWorkerProps, GcpPrefectAuth } from '../src';
import { onlyResource, resourcesOf, synthJson } from '../../../test/support/synth';
import { runTable } from '../../../test/support/bad-input-table';
import { gcpStack, resourceCounts } from './fixtures';

const CLOUD = PrefectApi.cloud('9b5d2b4e-1c2f-4d3a-8e9f-0a1b2c3d4e5f', '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f');
const SELF_HOSTED = PrefectApi.selfHosted('https://prefect.example.com/api');
const base: CloudRunWorkerProps = {
  api: CLOUD, workPoolName: 'cloud-run', name: 'prod', region: 'europe-west1', project: 'acme-data',
  auth: GcpPrefectAuth.apiKeyFromSecretManager('prefect-api-key'),
};

function synthWorker(props: Partial<CloudRunWorkerProps> = {}) {
  const stack = gcpStack();
  const worker = new CloudRunWorker(stack, 'Worker', { ...base, ...props });
  return { worker, json: synthJson(stack), text: Testing.synth(stack) };
}

/** Every IAM member the stack grants, as [resource type, role, member, on what]. */
function members(json: any): string[][] {
  const out: string[][] = [];
  const on: Record<string, string> = {
    google_project_iam_member: 'project', google_service_account_iam_member: 'service_account_id',
    google_secret_manager_secret_iam_member: 'secret_id', google_artifact_registry_repository_iam_member: 'repository',
  };
  for (const [type, attr] of Object.entries(on)) {
    for (const r of Object.values<any>(json.resource[type] ?? {})) out.push([type, r.role, r.member, r[attr]]);
  }
  return out;
}

const WORKER_SA = '${google_service_account.Worker_ServiceAccount_';
const container = (json: any) => onlyResource(json, 'google_cloud_run_v2_service').template.containers[0];

describe('CloudRunWorker', () => {
  test('Prefect Cloud with the API key in Secret Manager: every resource, and nothing authoritative', () => {
    const { json } = synthWorker();
    expect(resourceCounts(json)).toEqual({
      google_service_account: 2,
      google_project_iam_custom_role: 2,
      google_project_iam_member: 1,
      google_service_account_iam_member: 1,
      google_secret_manager_secret_iam_member: 2,
      google_cloud_run_v2_service: 1,
      prefect_work_pool: 1,
      // the pool's replacement trigger (a change of type replaces the pool)
      terraform_data: 1,
    });
    expect(Object.keys(json.resource).filter((t) => /_iam_(binding|policy)$/.test(t))).toEqual([]);
    expect(Object.values<any>(resourcesOf(json, 'google_service_account')).map((a) => a.account_id).sort())
      .toEqual(['prefect-flows-prod', 'prefect-worker-prod']);
  });

  test('the worker role holds exactly the five Cloud Run calls of prefect-gcp; actAs only on the flow-run account', () => {
    const { json } = synthWorker();
    const roles = Object.values<any>(resourcesOf(json, 'google_project_iam_custom_role'));
    expect(roles.map((r) => [r.role_id, [...r.permissions].sort(), r.project, r.stage]).sort()).toEqual([
      ['prefectActAsFlowRuns_prod', ['iam.serviceAccounts.actAs'], 'acme-data', 'GA'],
      ['prefectCloudRunWorker_prod', ['run.executions.get', 'run.jobs.create', 'run.jobs.delete', 'run.jobs.get', 'run.jobs.run'], 'acme-data', 'GA'],
    ]);
    expect(CloudRunWorker.WORKER_PERMISSIONS.sort()).toEqual(['run.executions.get', 'run.jobs.create', 'run.jobs.delete', 'run.jobs.get', 'run.jobs.run']);
    const grants = members(json);
    expect(grants).toHaveLength(4);
    expect(grants).toEqual(expect.arrayContaining([
      ['google_project_iam_member', expect.stringMatching(/^\$\{google_project_iam_custom_role\.Worker_WorkerRole_\w+\.name\}$/), expect.stringContaining(WORKER_SA), 'acme-data'],
      ['google_service_account_iam_member', expect.stringMatching(/Worker_ActAsRole_\w+\.name\}$/), expect.stringContaining(WORKER_SA), expect.stringMatching(/^\$\{google_service_account\.Worker_FlowRunServiceAccount_\w+\.name\}$/)],
      ['google_secret_manager_secret_iam_member', 'roles/secretmanager.secretAccessor', expect.stringContaining(WORKER_SA), 'prefect-api-key'],
      ['google_secret_manager_secret_iam_member', 'roles/secretmanager.secretAccessor', expect.stringMatching(/^serviceAccount:\$\{google_service_account\.Worker_FlowRunServiceAccount_\w+\.email\}$/), 'prefect-api-key'],
    ]));
    // no predefined role anywhere but secretAccessor on the one secret
    expect(grants.filter(([, role]) => role.startsWith('roles/')).map(([, role]) => role)).toEqual(['roles/secretmanager.secretAccessor', 'roles/secretmanager.secretAccessor']);
  });

  test('the service: one always-on instance, internal ingress, probes on the health endpoint, the API key by reference', () => {
    const { json, text } = synthWorker();
    const service = onlyResource(json, 'google_cloud_run_v2_service');
    expect(service).toMatchObject({
      name: 'prefect-worker-prod', location: 'europe-west1', project: 'acme-data',
      ingress: 'INGRESS_TRAFFIC_INTERNAL_ONLY', deletion_protection: false,
    });
    expect(service.template.scaling).toEqual({ min_instance_count: 1, max_instance_count: 1 });
    expect(service.template.service_account).toMatch(/Worker_ServiceAccount_\w+\.email\}$/);
    const c = container(json);
    expect(c.image).toBe('prefecthq/prefect:3.8.8-python3.11');
    expect(c.resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, cpu_idle: false, startup_cpu_boost: true });
    expect(c.ports).toEqual({ container_port: 8080 });
    expect(c.startup_probe).toEqual({ http_get: { path: '/health', port: 8080 }, timeout_seconds: 10, initial_delay_seconds: 10, period_seconds: 10, failure_threshold: 24 });
    expect(c.liveness_probe).toEqual({ http_get: { path: '/health', port: 8080 }, timeout_seconds: 10, period_seconds: 30, failure_threshold: 3 });
    expect(c.args).toEqual(['prefect', 'worker', 'start', '--pool', expect.stringMatching(/prefect_work_pool\.Worker_WorkPool_\w+\.name/), '--type', 'cloud-run-v2', '--with-healthcheck']);
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.value_source]));
    expect(env).toEqual({
      PREFECT_API_URL: 'https://api.prefect.cloud/api/accounts/9b5d2b4e-1c2f-4d3a-8e9f-0a1b2c3d4e5f/workspaces/0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f',
      EXTRA_PIP_PACKAGES: 'prefect-gcp==0.6.22',
      PREFECT_WORKER_WEBSERVER_PORT: '8080',
      GOOGLE_CLOUD_PROJECT: 'acme-data',
      PREFECT_API_KEY: { secret_key_ref: { secret: 'prefect-api-key', version: 'latest' } },
    });
    // the service starts after every grant it needs
    expect(service.depends_on).toHaveLength(4);
    expect(text).not.toMatch(/pnu_/);
  });

  test('the work pool is filled from what the worker creates, with the key secret by reference for the flow runs', () => {
    // an existing flow-run account, so the whole template is a literal
    const email = 'etl-flows@acme-data.iam.gserviceaccount.com';
    const { json } = synthWorker({ flowRunServiceAccountEmail: email, flowRunCpu: '2', flowRunMemory: '4Gi', flowRunImage: 'europe-docker.pkg.dev/acme-data/flows/etl:1', flowRunTimeoutSeconds: 3600, labels: { team: 'data' } });
    const doc = JSON.parse(onlyResource(json, 'prefect_work_pool').base_job_template);
    const defaults = Object.fromEntries(Object.entries<any>(doc.variables.properties).filter(([, v]) => 'default' in v).map(([k, v]) => [k, v.default]));
    expect(defaults).toMatchObject({
      region: 'europe-west1', cpu: '2', memory: '4Gi', image: 'europe-docker.pkg.dev/acme-data/flows/etl:1', timeout: 3600, labels: { team: 'data' },
      service_account_name: email,
    });
    expect(doc.job_configuration.prefect_api_key_secret).toEqual({ secret: 'prefect-api-key', version: 'latest' });
    expect(doc.job_configuration.job_body.template.template.serviceAccount).toBe('{{ service_account_name }}');
    expect(onlyResource(json, 'prefect_work_pool')).toMatchObject({ name: 'cloud-run', type: 'cloud-run-v2' });
  });

  test('a self-hosted server without auth: no secret, no secret grant, no secret in the pool', () => {
    const { worker, json } = synthWorker({ api: SELF_HOSTED, auth: GcpPrefectAuth.none() });
    expect(resourcesOf(json, 'google_secret_manager_secret_iam_member')).toEqual({});
    expect(container(json).env.map((e: any) => e.name)).toEqual(['PREFECT_API_URL', 'EXTRA_PIP_PACKAGES', 'PREFECT_WORKER_WEBSERVER_PORT', 'GOOGLE_CLOUD_PROJECT']);
    expect(worker.secretAccessors).toEqual([]);
  });

  test('a basic-auth string from a secret of another project, at a pinned version', () => {
    const { json } = synthWorker({ api: SELF_HOSTED, auth: GcpPrefectAuth.authStringFromSecretManager('projects/acme-sec/secrets/prefect-auth', '3') });
    const accessors = Object.values<any>(resourcesOf(json, 'google_secret_manager_secret_iam_member'));
    expect(accessors.map((a) => [a.secret_id, a.project])).toEqual([['projects/acme-sec/secrets/prefect-auth', undefined], ['projects/acme-sec/secrets/prefect-auth', undefined]]);
    expect(container(json).env.find((e: any) => e.name === 'PREFECT_API_AUTH_STRING').value_source)
      .toEqual({ secret_key_ref: { secret: 'projects/acme-sec/secrets/prefect-auth', version: '3' } });
  });

  test('an existing flow-run account gets actAs on itself only; an image repository grants the Cloud Run agent read access', () => {
    const { worker, json } = synthWorker({
      flowRunServiceAccountEmail: 'etl-flows@acme-data.iam.gserviceaccount.com',
      imageRepository: 'projects/acme-images/locations/europe/repositories/prefect',
    });
    expect(worker.flowRunServiceAccount).toBeUndefined();
    expect(resourceCounts(json).google_service_account).toBe(1);
    expect(onlyResource(json, 'google_service_account_iam_member').service_account_id).toBe('projects/acme-data/serviceAccounts/etl-flows@acme-data.iam.gserviceaccount.com');
    expect(onlyResource(json, 'google_artifact_registry_repository_iam_member')).toEqual({
      project: 'acme-images', location: 'europe', repository: 'prefect', role: 'roles/artifactregistry.reader',
      member: expect.stringMatching(/^serviceAccount:service-\$\{data\.google_project\.Worker_ProjectNumber_\w+\.number\}@serverless-robot-prod\.iam\.gserviceaccount\.com$/),
    });
  });

  test('the project defaults to the provider\'s, read once', () => {
    const { json } = synthWorker({ project: undefined });
    expect(Object.keys(json.data.google_project)).toHaveLength(1);
    expect(onlyResource(json, 'google_project_iam_member').project).toMatch(/^\$\{data\.google_project\.Worker_Project_\w+\.project_id\}$/);
  });

  test('takes tokens for the region and the secret', () => {
    const stack = gcpStack();
    const region = new TerraformVariable(stack, 'region', { type: 'string' }).stringValue;
    const secret = new TerraformVariable(stack, 'secret', { type: 'string' }).stringValue;
    new CloudRunWorker(stack, 'Worker', { ...base, region, auth: GcpPrefectAuth.apiKeyFromSecretManager(secret) });
    expect(onlyResource(synthJson(stack), 'google_cloud_run_v2_service').location).toBe('${var.region}');
  });

  test('matches its snapshot', () => {
    expect(synthWorker().json).toMatchSnapshot();
  });
});

const P = 'Stack/Worker';
const worker = (props: Partial<CloudRunWorkerProps>) => (scope: Construct) => new CloudRunWorker(scope, 'Worker', { ...base, ...props } as CloudRunWorkerProps);
runTable('CloudRunWorker refuses bad input at synth', [
  { what: 'a name with capitals', build: worker({ name: 'Prod' }), path: P, value: '"Prod"', fix: 'lowercase letters' },
  { what: 'a name too long for the service account IDs', build: worker({ name: 'production-eu-west' }), path: P, value: '"production-eu-west"', fix: 'at most 30 characters' },
  { what: 'no region', build: worker({ region: undefined }), path: P, value: 'region is not given', fix: '"europe-west1"' },
  { what: 'a zone as the region', build: worker({ region: 'europe-west1-b' }), path: P, value: '"europe-west1-b"', fix: 'not a zone' },
  { what: 'a multi-region as the flow-run region', build: worker({ flowRunRegion: 'EU' }), path: P, value: 'flowRunRegion "EU"', fix: 'gcloud run regions list' },
  { what: 'a project number as the project', build: worker({ project: '123456789012' }), path: P, value: '"123456789012"', fix: 'project ID' },
  { what: 'a service name with an underscore', build: worker({ serviceName: 'prefect_worker' }), path: P, value: '"prefect_worker"', fix: '1 to 49' },
  { what: 'a flow-run account given by its ID', build: worker({ flowRunServiceAccountEmail: 'etl-flows' }), path: P, value: '"etl-flows"', fix: 'iam.gserviceaccount.com' },
  { what: 'an image repository given by its URL', build: worker({ imageRepository: 'europe-docker.pkg.dev/acme/prefect' }), path: P, value: '"europe-docker.pkg.dev/acme/prefect"', fix: 'projects/<project>/locations/<location>/repositories/<name>' },
  { what: 'the health check turned off', build: worker({ healthCheck: false }), path: P, value: 'healthCheck: false', fix: 'keep healthCheck on' },
  { what: 'Prefect Cloud without an API key', build: worker({ auth: GcpPrefectAuth.none() }), path: P, value: 'needs an API key', fix: 'GcpPrefectAuth.apiKeyFromSecretManager' },
  { what: 'the API key pasted as the secret name', build: worker({ auth: GcpPrefectAuth.apiKeyFromSecretManager('pnu_0123456789abcdef0123456789abcdef0123:x') }), path: P, value: 'pnu_****', fix: 'Secret Manager', hidden: 'pnu_0123456789abcdef' },
  { what: 'a secret version path as the secret', build: worker({ auth: GcpPrefectAuth.apiKeyFromSecretManager('projects/acme/secrets/key/versions/2') }), path: P, value: '"projects/acme/secrets/key/versions/2"', fix: 'not a version path' },
  { what: 'a secret version that is no number', build: worker({ auth: GcpPrefectAuth.apiKeyFromSecretManager('key', 'newest') }), path: P, value: '"newest"', fix: '"latest" or a version number' },
  { what: 'a label key with capitals', build: worker({ labels: { Team: 'data' } }), path: P, value: '"Team"', fix: 'label keys' },
  { what: 'a label value with a space', build: worker({ labels: { team: 'data eng' } }), path: P, value: '"data eng"', fix: 'values at most 63' },
  { what: 'worker memory without a unit', build: worker({ memory: '1024' }), path: P, value: '"1024"', fix: 'G, Gi, M or Mi' },
  { what: 'flow-run cpu above 8', build: worker({ flowRunCpu: '16' }), path: P, value: '"16"', fix: 'at most 8' },
  { what: 'a flow-run timeout above 7 days', build: worker({ flowRunTimeoutSeconds: 700000 }), path: P, value: '700000', fix: 'from 1 to 604800' },
  { what: 'a flow-run VPC connector by short name', build: worker({ flowRunVpcConnectorName: 'flows' }), path: P, value: '"flows"', fix: 'projects/<project>/locations/<region>/connectors/<name>' },
  { what: 'an API key in an extra pip package', build: worker({ extraPipPackages: 'prefect-gcp pnu_0123456789abcdef0123456789abcdef0123' }), path: P, value: 'extraPipPackages', fix: 'Secret Manager', hidden: 'pnu_0123456789abcdef0123456789abcdef0123' },
  { what: 'a self-hosted API URL without a scheme', build: worker({ api: PrefectApi.selfHosted('prefect.example.com/api'), auth: GcpPrefectAuth.none() }), path: P, value: '"prefect.example.com/api"', fix: 'http' },
], [
  { what: 'a self-hosted worker with every option', build: worker({ api: SELF_HOSTED, auth: GcpPrefectAuth.authStringFromSecretManager('prefect-auth', '2'), image: 'europe-docker.pkg.dev/acme-data/prefect/worker:1', cpu: '2', memory: '2Gi', serviceName: 'etl-worker', deletionProtection: true, flowRunRegion: 'us-east4', flowRunCpu: '500m', flowRunMemory: '1G', flowRunTimeoutSeconds: 7200, flowRunVpcConnectorName: 'projects/acme-data/locations/us-east4/connectors/flows', labels: { team: 'data' }, workQueues: ['etl'], workerLimit: 4 }) },
], gcpStack);
