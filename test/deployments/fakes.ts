import { TerraformLocal, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { IBlock } from '../../src/blocks/block-ref';
import { IGlobalConcurrencyLimit } from '../../src/concurrency/global-concurrency-limit-ref';
import { IWorkPool, IWorkQueue } from '../../src/work-pools/work-pool-ref';

/** Minimal stand-ins for the references other modules implement. */
export function fakePool(scope: Construct, id: string, workPoolName: string): IWorkPool {
  return Object.assign(new Construct(scope, id), { workPoolName, workPoolId: `${workPoolName}-id` });
}

export function fakeQueue(scope: Construct, id: string, workPoolName: string, workQueueName: string): IWorkQueue {
  return Object.assign(new Construct(scope, id), { workPoolName, workQueueName, workQueueId: `${workQueueName}-id` });
}

export function fakeLimit(scope: Construct, id: string, globalConcurrencyLimitId: string): IGlobalConcurrencyLimit {
  return Object.assign(new Construct(scope, id), { globalConcurrencyLimitName: 'gcl', globalConcurrencyLimitId });
}

export function fakeBlock(scope: Construct, id: string, blockTypeSlug: string, blockName: string): IBlock {
  return Object.assign(new Construct(scope, id), {
    blockName,
    blockTypeSlug,
    blockId: '11111111-2222-4333-8444-555555555555',
    templateReference: `{{ prefect.blocks.${blockTypeSlug}.${blockName} }}`,
  });
}

/** How a value renders in the synthesized JSON (through a local). */
export function rendered(stack: Construct, value: unknown): unknown {
  const id = `probe${probes++}`;
  new TerraformLocal(stack, id, value);
  return JSON.parse(Testing.synth(stack as any)).locals[id];
}
let probes = 0;
