import { TerraformStack } from 'cdktf';
import { Block, BlockType, Deployment, Flow, IDeployment, WorkPool } from '../../src';
import { newStack } from '../support/synth';

/** A stack with a flow, two deployments, a pool with a queue and a notification block. */
export function fixture() {
  const stack: TerraformStack = newStack();
  const flow = new Flow(stack, 'Flow', { flowName: 'etl' });
  const deployment: IDeployment = new Deployment(stack, 'Nightly', { flow, deploymentName: 'nightly', entrypoint: 'etl.py:etl' });
  const cleanup = new Deployment(stack, 'Cleanup', { flow, deploymentName: 'cleanup', entrypoint: 'etl.py:cleanup' });
  const pool = new WorkPool(stack, 'Pool', { workPoolName: 'main' });
  const queue = pool.addQueue('Fast', { workQueueName: 'fast' });
  const slack = new Block(stack, 'Slack', { blockName: 'ops-slack', blockType: BlockType.custom('slack-webhook') });
  const hook = new Block(stack, 'Hook', { blockName: 'ops-hook', blockType: BlockType.custom('webhook') });
  return { stack, flow, deployment, cleanup: cleanup as Deployment, pool, queue, slack, hook };
}
