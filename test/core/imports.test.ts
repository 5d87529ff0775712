import { TerraformDataSource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import {
  Automation, Block, BlockType, Deployment, DeploymentBase, Flow, FlowBase, GlobalConcurrencyLimit, Variable, WorkPool, WorkPoolBase, WorkQueue,
} from '../../src';
import { newStack, synthJson } from '../support/synth';

// One import pattern: `Xxx.fromYyy(scope, id, ...)` makes a construct whose data source, when it
// needs one, is its child "Resource" (so the data source's logical ID is the import's own).
const imports: Array<[string, (s: Construct) => IConstruct, string]> = [
  ['Deployment.fromDeploymentName', (s) => Deployment.fromDeploymentName(s, 'Imported', 'etl', 'nightly'), 'prefect_deployment'],
  ['WorkPool.fromWorkPoolName', (s) => WorkPool.fromWorkPoolName(s, 'Imported', 'shared'), 'prefect_work_pool'],
  ['WorkQueue.fromWorkQueueName', (s) => WorkQueue.fromWorkQueueName(s, 'Imported', 'shared', 'fast'), 'prefect_work_queue'],
  ['Automation.fromAutomationId', (s) => Automation.fromAutomationId(s, 'Imported', '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f'), 'prefect_automation'],
  ['Block.fromBlockName', (s) => Block.fromBlockName(s, 'Imported', BlockType.SECRET, 'db-password'), 'prefect_block'],
  ['Variable.fromVariableName', (s) => Variable.fromVariableName(s, 'Imported', 'regions'), 'prefect_variable'],
  ['GlobalConcurrencyLimit.fromGlobalConcurrencyLimitName', (s) => GlobalConcurrencyLimit.fromGlobalConcurrencyLimitName(s, 'Imported', 'db'), 'prefect_global_concurrency_limit'],
];

describe('imports', () => {
  test.each(imports)('%s: the data source is the child "Resource"', (_what, make, type) => {
    const stack = newStack();
    const imported = make(stack);
    expect(imported.node.path).toBe('Stack/Imported');
    const data = imported.node.tryFindChild('Resource');
    expect(data).toBeInstanceOf(TerraformDataSource);
    expect(imported.node.children).toHaveLength(1);
    expect(Object.keys(synthJson(stack).data[type])).toEqual([(data as TerraformDataSource).friendlyUniqueId]);
    expect((data as TerraformDataSource).friendlyUniqueId).toMatch(/^Imported_[0-9A-F]{8}$/);
  });

  test('imports of flows, deployments and pools share the created construct\'s base class', () => {
    const stack = newStack();
    expect(Flow.fromFlowAttributes(stack, 'F', { flowName: 'etl', flowId: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f' })).toBeInstanceOf(FlowBase);
    expect(new Flow(stack, 'G', { flowName: 'other' })).toBeInstanceOf(FlowBase);
    expect(Deployment.fromDeploymentAttributes(stack, 'D', { deploymentId: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f', deploymentName: 'd', flowName: 'etl' }))
      .toBeInstanceOf(DeploymentBase);
    expect(WorkPool.fromWorkPoolName(stack, 'P', 'shared')).toBeInstanceOf(WorkPoolBase);
    expect(new WorkPool(stack, 'Q', { workPoolName: 'main' })).toBeInstanceOf(WorkPoolBase);
  });

  test('an imported flow with an ID takes deployments (addDeployment)', () => {
    const stack = newStack();
    const flow = Flow.fromFlowAttributes(stack, 'Legacy', { flowName: 'etl', flowId: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f' });
    const deployment = flow.addDeployment('Nightly', { deploymentName: 'nightly', entrypoint: 'etl.py:etl' });
    expect(deployment.node.path).toBe('Stack/Legacy/Nightly');
    const json = synthJson(stack);
    expect(Object.values<any>(json.resource.prefect_deployment)[0].flow_id).toBe('0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f');
  });
});
