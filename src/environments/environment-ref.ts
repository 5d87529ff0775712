import { IConstruct } from 'constructs';

/**
 * One environment (dev, staging, prod, ...) of an estate: a stack, with the settings that
 * differ from one environment to the next. Constructs below it read it through
 * `PrefectEnvironment.of(scope)`.
 */
export interface IPrefectEnvironment extends IConstruct {
  /** The environment's name, which is also its stack's ID (`cdktf deploy <name>`). */
  readonly environmentName: string;

  /** Whether schedules created in this environment are active unless they say otherwise. */
  readonly schedulesActive: boolean;

  /**
   * A physical name for this environment: `base` with the environment's naming rule applied
   * (by default `<environment>-<base>`).
   * @param base the name the object has in every environment, e.g. `etl`
   */
  physicalName(base: string): string;
}

/**
 * The property under which a stack holds its environment; a registered symbol, so that two
 * copies of the library in one process agree.
 * @internal
 */
export const ENVIRONMENT_OF_STACK = Symbol.for('cdktf-prefect.PrefectEnvironment');

/**
 * The environment of the stack `scope` is in, or undefined when it has none.
 * @internal
 */
export function environmentOf(scope: IConstruct): IPrefectEnvironment | undefined {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const env = (scopes[i] as any)[ENVIRONMENT_OF_STACK];
    if (env !== undefined) return env as IPrefectEnvironment;
  }
  return undefined;
}
