import { Testing } from 'cdktf';
import { Flow } from '../../src/deployments';
import { newStack, onlyResource, synthJson } from '../support/synth';
import { rendered } from './fakes';

describe('Flow', () => {
  test('creates a prefect_flow with name and tags', () => {
    const stack = newStack();
    const flow = new Flow(stack, 'Etl', { flowName: 'etl', tags: ['team:data', 'nightly'] });
    const json = synthJson(stack);
    const res = onlyResource(json, 'prefect_flow');
    expect(res.name).toBe('etl');
    expect(res.tags).toEqual(['team:data', 'nightly']);
    expect(rendered(stack, flow.flowId)).toBe(`\${prefect_flow.${flow.resource.friendlyUniqueId}.id}`);
    expect(rendered(stack, flow.flowName)).toBe(`\${prefect_flow.${flow.resource.friendlyUniqueId}.name}`);
    expect(flow.resource.node.id).toBe('Resource');
  });

  test('omits tags when none are given', () => {
    const stack = newStack();
    new Flow(stack, 'Etl', { flowName: 'etl' });
    expect(onlyResource(synthJson(stack), 'prefect_flow').tags).toBeUndefined();
  });

  test('addDeployment creates a deployment of the flow', () => {
    const stack = newStack();
    const flow = new Flow(stack, 'Etl', { flowName: 'etl' });
    const dep = flow.addDeployment('Nightly', { deploymentName: 'nightly', entrypoint: 'etl.py:etl' });
    expect(dep.flow).toBe(flow);
    const res = onlyResource(synthJson(stack), 'prefect_deployment');
    expect(res.flow_id).toBe(`\${prefect_flow.${flow.resource.friendlyUniqueId}.id}`);
    expect(res.name).toBe('nightly');
  });

  test('fromFlowAttributes gives name and id without resources', () => {
    const stack = newStack();
    const flow = Flow.fromFlowAttributes(stack, 'Imported', { flowName: 'etl', flowId: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f' });
    expect(flow.flowName).toBe('etl');
    expect(flow.flowId).toBe('0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f');
    expect(synthJson(stack).resource?.prefect_flow).toBeUndefined();
  });

  test('fromFlowName has a name, and reading its id explains how to import with an id', () => {
    const stack = newStack();
    const flow = Flow.fromFlowName(stack, 'ByName', 'etl');
    expect(flow.flowName).toBe('etl');
    expect(() => flow.flowId).toThrow(/Stack\/ByName: flow "etl" was imported by name.*Flow\.fromFlowAttributes/);
  });

  test('snapshot', () => {
    const stack = newStack();
    new Flow(stack, 'Etl', { flowName: 'etl', tags: ['a'] });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});
