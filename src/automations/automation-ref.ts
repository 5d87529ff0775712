import { IConstruct } from 'constructs';
import { checkReference } from '../core';

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

/**
 * Fails unless a prop typed `IAutomation` holds an automation.
 * @internal
 */
export function checkAutomationSlot(scope: IConstruct, what: string, value: unknown): void {
  checkReference(scope, what, value, {
    name: 'an automation (IAutomation)',
    attributes: ['automationId', 'automationName'],
    example: 'an Automation, or Automation.fromAutomationId(this, "Other", id)',
  });
}
