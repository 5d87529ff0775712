import { IConstruct } from 'constructs';

/**
 * A Prefect deployment, created here (`Deployment`) or imported (`Deployment.fromDeploymentName`,
 * `Deployment.fromDeploymentAttributes`).
 */
export interface IDeployment extends IConstruct {
  /**
   * The deployment's ID (a UUID).
   * @attribute
   */
  readonly deploymentId: string;

  /**
   * The deployment's name, unique within its flow.
   * @attribute
   */
  readonly deploymentName: string;

  /**
   * The name of the deployment's flow.
   * @attribute
   */
  readonly flowName: string;
}

/**
 * One schedule of a deployment (`DeploymentSchedule`, made by `deployment.addSchedule`).
 */
export interface IDeploymentSchedule extends IConstruct {
  /**
   * The schedule's ID (a UUID).
   * @attribute
   */
  readonly scheduleId: string;

  /** The deployment the schedule belongs to. */
  readonly deployment: IDeployment;
}
