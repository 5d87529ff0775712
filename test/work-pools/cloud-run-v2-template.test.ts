import { TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { IBlock } from '../../src/blocks/block-ref';
import { runTable } from '../support/bad-input-table';
import { newStack, onlyResource, synthJson } from '../support/synth';
import { BaseJobTemplate, CloudRunLaunchStage, WorkPool, WorkPoolType } from '../../src/work-pools';

const SA = 'flow-runs@my-project.iam.gserviceaccount.com';
const CONNECTOR = 'projects/my-project/locations/europe-west1/connectors/flows';
const block = (slug: string): IBlock => ({
  blockName: 'b', blockTypeSlug: slug, blockId: '0b4c0a5e-0000-4000-8000-000000000003',
  templateReference: `{{ prefect.blocks.${slug}.b }}`, node: undefined as any,
});
const render = (t: BaseJobTemplate) => t.render(newStack());
const defaultsOf = (t: BaseJobTemplate) => Object.fromEntries(Object.entries<any>(render(t).variables.properties)
  .filter(([, v]) => 'default' in v).map(([k, v]) => [k, v.default]));

describe('BaseJobTemplate.cloudRunV2', () => {
  it('is written for the cloud-run-v2 type', () => {
    expect(BaseJobTemplate.cloudRunV2().workPoolType).toBe(WorkPoolType.CLOUD_RUN_V2);
  });

  it('puts every option into the variable defaults', () => {
    expect(defaultsOf(BaseJobTemplate.cloudRunV2({
      name: 'n', env: { A: '1' }, labels: { team: 'data' }, command: 'python -m x',
      region: 'europe-west1', image: 'europe-docker.pkg.dev/p/flows/app:1', args: ['--v'], credentials: block('gcp-credentials'),
      keepJob: true, launchStage: CloudRunLaunchStage.GA, maxRetries: 2, cpu: '2', memory: '2Gi', timeoutSeconds: 3600,
      vpcConnectorName: CONNECTOR, serviceAccountName: SA,
    }))).toEqual({
      name: 'n', env: { A: '1' }, labels: { team: 'data' }, command: 'python -m x',
      region: 'europe-west1', image: 'europe-docker.pkg.dev/p/flows/app:1', args: ['--v'],
      credentials: { $ref: { block_document_id: '0b4c0a5e-0000-4000-8000-000000000003' } },
      keep_job: true, launch_stage: 'GA', max_retries: 2, cpu: '2', memory: '2Gi', timeout: 3600,
      vpc_connector_name: CONNECTOR, service_account_name: SA,
    });
  });

  it('keeps the worker defaults when no option is given', () => {
    expect(defaultsOf(BaseJobTemplate.cloudRunV2())).toEqual({
      region: 'us-central1', image: 'prefecthq/prefect:3-latest', keep_job: false, launch_stage: 'BETA',
      max_retries: 0, cpu: '1000m', memory: '512Mi', timeout: 600,
    });
  });

  it('writes the Cloud Run v2 job body the worker patches: one container, the flow-run service account, limits', () => {
    const body = render(BaseJobTemplate.cloudRunV2()).job_configuration.job_body;
    expect(body.launchStage).toBe('{{ launch_stage }}');
    expect(body.template.template.serviceAccount).toBe('{{ service_account_name }}');
    expect(body.template.template.containers).toEqual([{
      env: [], image: '{{ image }}', command: '{{ command }}', args: '{{ args }}',
      resources: { limits: { cpu: '{{ cpu }}', memory: '{{ memory }}' } },
    }]);
  });

  it('takes tokens for the service account and the region, and then cannot check them at synth', () => {
    const scope = newStack();
    const v = new TerraformVariable(scope, 'sa', { type: 'string' }).stringValue;
    new WorkPool(scope, 'Pool', {
      workPoolName: 'cr', workPoolType: WorkPoolType.CLOUD_RUN_V2,
      baseJobTemplate: BaseJobTemplate.cloudRunV2({ serviceAccountName: v, region: v }),
    });
    const json = synthJson(scope);
    expect(onlyResource(json, 'prefect_work_pool').base_job_template).toContain('jsonencode(');
  });

  it('matches its snapshot', () => {
    expect(render(BaseJobTemplate.cloudRunV2({ region: 'europe-west1', serviceAccountName: SA }))).toMatchSnapshot();
  });

  it('synthesizes a work pool whose template is the literal JSON document', () => {
    const scope = newStack();
    new WorkPool(scope, 'Pool', { workPoolName: 'cr', workPoolType: WorkPoolType.CLOUD_RUN_V2, baseJobTemplate: BaseJobTemplate.cloudRunV2({ region: 'europe-west1' }) });
    const doc = JSON.parse(onlyResource(synthJson(scope), 'prefect_work_pool').base_job_template);
    expect(doc.variables.properties.region.default).toBe('europe-west1');
    expect(Testing.synth(scope)).not.toContain('${');
  });
});

const pool = (t: BaseJobTemplate) => (s: Construct) => new WorkPool(s, 'Pool', { workPoolName: 'cr', workPoolType: WorkPoolType.CLOUD_RUN_V2, baseJobTemplate: t });
const cr = (o: Parameters<typeof BaseJobTemplate.cloudRunV2>[0]) => pool(BaseJobTemplate.cloudRunV2(o));
runTable('cloud-run-v2 template bad inputs', [
  { what: 'a zone as the region', build: cr({ region: 'europe-west1-b' }), path: 'Stack/Pool', value: '"europe-west1-b"', fix: 'gcloud run regions list' },
  { what: 'a multi-region as the region', build: cr({ region: 'EU' }), path: 'Stack/Pool', value: '"EU"', fix: '"europe-west1"' },
  { what: 'memory without a unit', build: cr({ memory: '512' }), path: 'Stack/Pool', value: '"512"', fix: 'G, Gi, M or Mi' },
  { what: 'memory in a unit the worker refuses', build: cr({ memory: '1GB' }), path: 'Stack/Pool', value: '"1GB"', fix: '"2Gi"' },
  { what: 'zero cpu', build: cr({ cpu: '0' }), path: 'Stack/Pool', value: '"0"', fix: 'above 0 and at most 8' },
  { what: 'too many cpus', build: cr({ cpu: '16' }), path: 'Stack/Pool', value: '"16"', fix: 'at most 8' },
  { what: 'a cpu that is no number', build: cr({ cpu: 'two' }), path: 'Stack/Pool', value: '"two"', fix: '"1000m"' },
  { what: 'negative retries', build: cr({ maxRetries: -1 }), path: 'Stack/Pool', value: 'maxRetries -1', fix: 'from 0 to 10' },
  { what: 'too many retries', build: cr({ maxRetries: 11 }), path: 'Stack/Pool', value: '11', fix: 'from 0 to 10' },
  { what: 'a zero timeout', build: cr({ timeoutSeconds: 0 }), path: 'Stack/Pool', value: 'timeoutSeconds 0', fix: 'from 1 to 604800' },
  { what: 'a timeout above 7 days', build: cr({ timeoutSeconds: 604801 }), path: 'Stack/Pool', value: '604801', fix: 'from 1 to 604800' },
  { what: 'a launch stage Cloud Run does not have', build: cr({ launchStage: CloudRunLaunchStage.of('STABLE') }), path: 'Stack/Pool', value: '"STABLE"', fix: 'CloudRunLaunchStage.GA' },
  { what: 'a service account given by its name', build: cr({ serviceAccountName: 'flow-runs' }), path: 'Stack/Pool', value: '"flow-runs"', fix: 'iam.gserviceaccount.com' },
  { what: 'a VPC connector given by its short name', build: cr({ vpcConnectorName: 'flows' }), path: 'Stack/Pool', value: '"flows"', fix: 'projects/<project>/locations/<region>/connectors/<name>' },
  { what: 'a string in the credentials block slot', build: cr({ credentials: 'key' as any }), path: 'Stack/Pool', value: 'credentials', fix: 'IBlock' },
  { what: 'a timeout default of the wrong type', build: pool(BaseJobTemplate.cloudRunV2().withVariableDefaults({ timeout: '600' })), path: 'Stack/Pool', value: '"600"', fix: 'type integer' },
], [
  { what: 'the default template', build: cr({}) },
  { what: 'a full template', build: cr({ region: 'us-east4', cpu: '500m', memory: '1G', serviceAccountName: '123-compute@developer.gserviceaccount.com', vpcConnectorName: CONNECTOR, launchStage: CloudRunLaunchStage.ALPHA }) },
]);
