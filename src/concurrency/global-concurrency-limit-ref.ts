import { IConstruct } from 'constructs';
import { checkReference } from '../core';

/**
 * A Prefect global concurrency limit, created here (`GlobalConcurrencyLimit`) or imported.
 */
export interface IGlobalConcurrencyLimit extends IConstruct {
  /**
   * The limit's name.
   * @attribute
   */
  readonly globalConcurrencyLimitName: string;

  /**
   * The limit's ID (a UUID), e.g. for a deployment's `global_concurrency_limit_id`.
   * @attribute
   */
  readonly globalConcurrencyLimitId: string;
}

/**
 * Fails unless a prop typed `IGlobalConcurrencyLimit` holds a global concurrency limit.
 * @internal
 */
export function checkGlobalConcurrencyLimitSlot(scope: IConstruct, what: string, value: unknown): void {
  checkReference(scope, what, value, {
    name: 'a global concurrency limit (IGlobalConcurrencyLimit)',
    attributes: ['globalConcurrencyLimitId', 'globalConcurrencyLimitName'],
    example: (given) => `a GlobalConcurrencyLimit, or GlobalConcurrencyLimit.fromGlobalConcurrencyLimitName(this, "Limit", ${JSON.stringify(given ?? 'database')})`,
  });
}
