import { IConstruct } from 'constructs';

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
