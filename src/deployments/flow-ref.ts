import { IConstruct } from 'constructs';
import { checkReference } from '../core';

/**
 * A Prefect flow, created here (`Flow`) or imported (`Flow.fromFlowAttributes`, `Flow.fromFlowName`).
 */
export interface IFlow extends IConstruct {
  /**
   * The flow's name, its identifier in Prefect's API.
   * @attribute
   */
  readonly flowName: string;

  /**
   * The flow's ID (a UUID), which a deployment needs.
   * @attribute
   */
  readonly flowId: string;
}

/**
 * Fails unless a prop typed `IFlow` holds a flow (a plain string, e.g. the flow's name, is
 * refused with the prop's name).
 * From Python and the other jsii languages the jsii kernel refuses a wrong type before this code
 * runs (see `checkBlockSlot`).
 * @internal
 */
export function checkFlowSlot(scope: IConstruct, what: string, value: unknown, alternative?: string): void {
  checkReference(scope, what, value, {
    name: 'a flow (IFlow)',
    attributes: ['flowId', 'flowName'],
    example: (given) => `new Flow(this, "Flow", { flowName: ${JSON.stringify(given ?? 'etl')} }) or Flow.fromFlowAttributes(...)`,
  }, alternative);
}
