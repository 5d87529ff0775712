import { Annotations, Fn, TerraformVariable, Testing } from 'cdktf';
import { CollisionStrategy, Deployment, Flow, PullStep } from '../../src/deployments';
import { newStack, onlyResource, synthJson } from '../support/synth';
import { fakeBlock, fakeLimit, fakePool, fakeQueue, rendered } from './fakes';

const FLOW_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';

function importedFlow(stack: any) {
  return Flow.fromFlowAttributes(stack, 'EtlFlow', { flowName: 'etl', flowId: FLOW_ID });
}

/** A deployment `Stack/Dep` of the imported flow, with the given extra props. */
function make(stack: any, extra: any) {
  return new Deployment(stack, 'Dep', { flow: importedFlow(stack), entrypoint: 'a.py:f', ...extra });
}

function warnings(stack: any): string[] {
  return (stack.node.findAll() as any[])
    .flatMap((c) => c.node.metadata)
    .filter((m: any) => m.type === 'warning' || m.type === 'cdktf/warning' || /warn/i.test(m.type))
    .map((m: any) => String(m.data));
}

describe('Deployment', () => {
  test('synthesizes every property', () => {
    const stack = newStack();
    const flow = importedFlow(stack);
    const pool = fakePool(stack, 'Pool', 'k8s-pool');
    const queue = fakeQueue(stack, 'Queue', 'k8s-pool', 'high');
    const dep = new Deployment(stack, 'Dep', {
      flow,
      deploymentName: 'nightly',
      entrypoint: 'flows/etl.py:etl',
      path: '/opt/flows',
      description: 'Nightly ETL',
      version: 'abc123',
      tags: ['etl', 'prod'],
      paused: true,
      parameters: { foo: 'bar', retries: 2 },
      parameterOpenApiSchema: { type: 'object', properties: { foo: { type: 'string' }, retries: { type: 'integer' } }, required: ['foo'] },
      enforceParameterSchema: true,
      jobVariables: { image: 'acme/etl:1.2', env: { LOG_LEVEL: 'INFO' } },
      workPool: pool,
      workQueue: queue,
      concurrencyLimit: 3,
      collisionStrategy: CollisionStrategy.CANCEL_NEW,
      storageDocumentId: '11111111-2222-4333-8444-555555555555',
      pullSteps: [PullStep.gitClone({ repository: 'https://github.com/acme/flows.git', branch: 'main' })],
    });
    const res = onlyResource(synthJson(stack), 'prefect_deployment');
    expect(res.flow_id).toBe(FLOW_ID);
    expect(res.name).toBe('nightly');
    expect(res.entrypoint).toBe('flows/etl.py:etl');
    expect(res.path).toBe('/opt/flows');
    expect(res.description).toBe('Nightly ETL');
    expect(res.version).toBe('abc123');
    expect(res.tags).toEqual(['etl', 'prod']);
    expect(res.paused).toBe(true);
    expect(res.parameters).toBe('{"foo":"bar","retries":2}');
    expect(res.parameter_openapi_schema).toBe('{"properties":{"foo":{"type":"string"},"retries":{"type":"integer"}},"required":["foo"],"type":"object"}');
    expect(res.enforce_parameter_schema).toBe(true);
    expect(res.job_variables).toBe('{"env":{"LOG_LEVEL":"INFO"},"image":"acme/etl:1.2"}');
    expect(res.work_pool_name).toBe('k8s-pool');
    expect(res.work_queue_name).toBe('high');
    expect(res.concurrency_limit).toBe(3);
    expect(res.concurrency_options).toEqual({ collision_strategy: 'CANCEL_NEW' });
    expect(res.global_concurrency_limit_id).toBeUndefined();
    expect(res.storage_document_id).toBe('11111111-2222-4333-8444-555555555555');
    expect(res.pull_steps).toEqual([{ type: 'git_clone', repository: 'https://github.com/acme/flows.git', branch: 'main' }]);
    expect(dep.resource.node.id).toBe('Resource');
    expect(dep.flowName).toBe('etl');
    expect(rendered(stack, dep.deploymentId)).toBe(`\${prefect_deployment.${dep.resource.friendlyUniqueId}.id}`);
    expect(rendered(stack, dep.deploymentName)).toBe(`\${prefect_deployment.${dep.resource.friendlyUniqueId}.name}`);
  });

  test('a minimal deployment sets flow, name and entrypoint, clears description and version, and replaces itself on a clear', () => {
    const stack = newStack();
    new Deployment(stack, 'Dep', { flow: importedFlow(stack), deploymentName: 'adhoc', entrypoint: 'a.py:f' });
    const json = synthJson(stack);
    const [triggerId] = Object.keys(json.resource.terraform_data);
    expect(triggerId).toMatch(/^Dep_ReplaceOnClear_/);
    expect(onlyResource(json, 'prefect_deployment')).toEqual({
      flow_id: FLOW_ID, name: 'adhoc', entrypoint: 'a.py:f', description: '', version: '',
      lifecycle: { replace_triggered_by: [`terraform_data.${triggerId}`] },
    });
    expect(onlyResource(json, 'terraform_data')).toEqual({ input: 'set:entrypoint' });
  });

  test('the replacement identity lists exactly the unclearable attributes that are set, pull steps added later included', () => {
    const stack = newStack();
    const dep = make(stack, {
      deploymentName: 'ident', parameters: {}, tags: [], jobVariables: { image: 'x' }, path: '/opt/flows',
      workPoolName: 'pool', workQueueName: 'q',
    });
    expect(onlyResource(synthJson(stack), 'terraform_data').input)
      .toBe('set:entrypoint,job_variables,path,work_pool_name,work_queue_name');
    dep.addPullStep(PullStep.workingDirectory('/opt/flows'));
    expect(onlyResource(synthJson(stack), 'terraform_data').input)
      .toBe('set:entrypoint,job_variables,path,pull_steps,work_pool_name,work_queue_name');
  });

  test('accepts module-path entrypoints', () => {
    const stack = newStack();
    new Deployment(stack, 'Dep', { flow: importedFlow(stack), deploymentName: 'x', entrypoint: 'acme.flows.etl' });
    expect(onlyResource(synthJson(stack), 'prefect_deployment').entrypoint).toBe('acme.flows.etl');
  });

  test('parameters holding a token go through jsonencode', () => {
    const stack = newStack();
    const other = new Flow(stack, 'Other', { flowName: 'other' });
    make(stack, {
      deploymentName: 'tokens',
      parameters: { upstream: other.flowId, n: 1 },
      jobVariables: { image: Fn.join(':', ['acme/etl', 'latest']) },
    });
    const res = onlyResource(synthJson(stack), 'prefect_deployment');
    expect(res.parameters).toBe(`\${jsonencode({"upstream" = prefect_flow.${other.resource.friendlyUniqueId}.id, "n" = 1})}`);
    expect(res.job_variables).toMatch(/^\$\{jsonencode\(\{"image" = join\(":", \["acme\/etl", "latest"\]\)\}\)\}$/);
  });

  test('token parameters are not validated against the schema', () => {
    const stack = newStack();
    const v = new TerraformVariable(stack, 'retries', { type: 'string' });
    make(stack, {
      deploymentName: 'tok',
      parameters: { retries: v.stringValue },
      parameterOpenApiSchema: { type: 'object', properties: { retries: { type: 'integer' } } },
    });
    expect(onlyResource(synthJson(stack), 'prefect_deployment').parameters).toMatch(/jsonencode/);
  });

  test('parameters matching the schema pass, with required ignored', () => {
    const stack = newStack();
    make(stack, {
      deploymentName: 'ok',
      parameters: { retries: 3 },
      parameterOpenApiSchema: {
        title: 'Parameters',
        type: 'object',
        properties: { retries: { type: 'integer', position: 0 }, day: { type: 'string', format: 'date', position: 1 } },
        required: ['day'],
        definitions: {},
      },
    });
    expect(onlyResource(synthJson(stack), 'prefect_deployment').parameters).toBe('{"retries":3}');
  });

  test('enforceParameterSchema false skips the parameter check', () => {
    const stack = newStack();
    make(stack, {
      deploymentName: 'lax',
      parameters: { retries: 'many' },
      parameterOpenApiSchema: { type: 'object', properties: { retries: { type: 'integer' } } },
      enforceParameterSchema: false,
    });
    expect(onlyResource(synthJson(stack), 'prefect_deployment').enforce_parameter_schema).toBe(false);
  });

  test('a global concurrency limit is referenced by id', () => {
    const stack = newStack();
    make(stack, {
      deploymentName: 'gcl',
      globalConcurrencyLimit: fakeLimit(stack, 'Limit', '99999999-2222-4333-8444-555555555555'),
      collisionStrategy: CollisionStrategy.ENQUEUE,
    });
    const res = onlyResource(synthJson(stack), 'prefect_deployment');
    expect(res.global_concurrency_limit_id).toBe('99999999-2222-4333-8444-555555555555');
    expect(res.concurrency_limit).toBeUndefined();
    expect(res.concurrency_options).toEqual({ collision_strategy: 'ENQUEUE' });
  });

  test('the queue gives the pool when no pool is set', () => {
    const stack = newStack();
    make(stack, {
      deploymentName: 'q',
      workQueue: fakeQueue(stack, 'Queue', 'ecs-pool', 'low'),
    });
    const res = onlyResource(synthJson(stack), 'prefect_deployment');
    expect(res.work_pool_name).toBe('ecs-pool');
    expect(res.work_queue_name).toBe('low');
  });

  test('work pool and queue by name, with a warning for the named queue', () => {
    const stack = newStack();
    const dep = make(stack, {
      deploymentName: 'n',
      workPoolName: 'docker-pool',
      workQueueName: 'default',
    });
    const res = onlyResource(synthJson(stack), 'prefect_deployment');
    expect(res.work_pool_name).toBe('docker-pool');
    expect(res.work_queue_name).toBe('default');
    expect(warnings(dep).join('\n')).toMatch(/work queue "default" is named, not declared: .*; pass workQueue .* \[PF-COR-002\]/);
  });

  test('pull steps keep their order, addPullStep appends', () => {
    const stack = newStack();
    const dep = make(stack, {
      deploymentName: 'steps',
      pullSteps: [PullStep.gitClone({ repository: 'https://github.com/acme/flows.git', accessToken: fakeBlock(stack, 'Tok', 'secret', 'gh-token') })],
    });
    dep.addPullStep(PullStep.workingDirectory('flows'));
    dep.addPullStep(PullStep.pipInstallRequirements({ requirementsFile: 'requirements.txt' }));
    const res = onlyResource(synthJson(stack), 'prefect_deployment');
    expect(res.pull_steps).toEqual([
      { type: 'git_clone', repository: 'https://github.com/acme/flows.git', access_token: '{{ prefect.blocks.secret.gh-token }}' },
      { type: 'set_working_directory', directory: 'flows' },
      { type: 'pip_install_requirements', requirements_file: 'requirements.txt' },
    ]);
  });

  test('warns when there is no entrypoint, and when a collision strategy has no limit', () => {
    const stack = newStack();
    const dep = new Deployment(stack, 'Dep', { flow: importedFlow(stack), deploymentName: 'w', collisionStrategy: CollisionStrategy.ENQUEUE });
    expect(warnings(dep)).toEqual([]); // the rules report at synth, not the constructor
    synthJson(stack);
    const all = warnings(dep).join('\n');
    expect(all).toMatch(/no entrypoint, so workers cannot load its flow; set entrypoint, e\.g\. "flows\/etl\.py:etl" \[PF-COR-001\]/);
    expect(all).toMatch(/collision strategy "ENQUEUE" has no effect without concurrencyLimit or globalConcurrencyLimit; .* \[PF-COR-003\]/);
    void Annotations;
  });

  test('the same name is fine for different flows', () => {
    const stack = newStack();
    const a = new Flow(stack, 'A', { flowName: 'a' });
    const b = new Flow(stack, 'B', { flowName: 'b' });
    a.addDeployment('Prod', { deploymentName: 'prod', entrypoint: 'a.py:a' });
    b.addDeployment('Prod', { deploymentName: 'prod', entrypoint: 'b.py:b' });
    expect(Object.keys(synthJson(stack).resource.prefect_deployment)).toHaveLength(2);
  });

  test('fromDeploymentName looks the deployment up with the data source', () => {
    const stack = newStack();
    const dep = Deployment.fromDeploymentName(stack, 'Existing', 'etl', 'nightly');
    const json = synthJson(stack);
    const data = Object.values(json.data.prefect_deployment) as any[];
    expect(data).toEqual([{ flow_name: 'etl', name: 'nightly' }]);
    expect(dep.deploymentName).toBe('nightly');
    expect(dep.flowName).toBe('etl');
    expect(rendered(stack, dep.deploymentId)).toMatch(/^\$\{data\.prefect_deployment\.Existing_.*\.id\}$/);
  });

  test('fromDeploymentAttributes takes the given id', () => {
    const stack = newStack();
    const dep = Deployment.fromDeploymentAttributes(stack, 'Known', { deploymentId: FLOW_ID, deploymentName: 'n', flowName: 'f' });
    expect(dep.deploymentId).toBe(FLOW_ID);
  });

  test('CollisionStrategy.of passes a custom value through', () => {
    expect(CollisionStrategy.of('NEW_THING').value).toBe('NEW_THING');
  });

  test('snapshot', () => {
    const stack = newStack();
    const flow = new Flow(stack, 'Flow', { flowName: 'etl' });
    flow.addDeployment('Dep', {
      deploymentName: 'nightly',
      entrypoint: 'flows/etl.py:etl',
      parameters: { day: 'today' },
      jobVariables: { image: 'acme/etl:1' },
      workPool: fakePool(stack, 'Pool', 'docker'),
      pullSteps: [PullStep.pullFromS3({ bucket: 'acme-code', folder: 'etl' })],
    });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});
