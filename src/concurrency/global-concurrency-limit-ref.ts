import { IConstruct } from 'constructs';

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
