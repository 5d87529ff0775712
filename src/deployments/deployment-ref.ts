import { IConstruct } from 'constructs';
import { checkReference } from '../core';

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

/**
 * Fails unless a prop typed `IDeployment` holds a deployment (a plain string, e.g. its name or
 * ID, is refused with the prop's name).
 * From Python and the other jsii languages the jsii kernel refuses a wrong type before this code
 * runs (see `checkBlockSlot`).
 * @internal
 */
export function checkDeploymentSlot(scope: IConstruct, what: string, value: unknown): void {
  checkReference(scope, what, value, {
    name: 'a deployment (IDeployment)',
    attributes: ['deploymentId', 'deploymentName', 'flowName'],
    example: () => 'a Deployment, or Deployment.fromDeploymentName(this, "Etl", "etl", "nightly")',
  });
}

/**
 * Fails unless a prop typed `IDeploymentSchedule` holds a deployment schedule.
 * @internal
 */
export function checkScheduleSlot(scope: IConstruct, what: string, value: unknown): void {
  checkReference(scope, what, value, {
    name: 'a deployment schedule (IDeploymentSchedule)',
    attributes: ['scheduleId', 'deployment'],
    example: 'the schedule deployment.addSchedule(...) returns',
  });
}
