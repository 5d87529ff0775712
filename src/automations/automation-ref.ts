import { IConstruct } from 'constructs';

/**
 * A Prefect automation, created here (`Automation`) or imported (`Automation.fromAutomationId`).
 */
export interface IAutomation extends IConstruct {
  /**
   * The automation's ID (a UUID).
   * @attribute
   */
  readonly automationId: string;

  /**
   * The automation's name.
   * @attribute
   */
  readonly automationName: string;
}
