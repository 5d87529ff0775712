import { IConstruct } from 'constructs';

/**
 * A Prefect variable, created here (`Variable`) or imported (`Variable.fromVariableName`).
 */
export interface IVariable extends IConstruct {
  /**
   * The variable's name.
   * @attribute
   */
  readonly variableName: string;

  /**
   * The variable's ID (a UUID).
   * @attribute
   */
  readonly variableId: string;

  /**
   * The Jinja-style reference that deployment job variables and pull steps use to read
   * the variable at run time: `{{ prefect.variables.<name> }}`.
   */
  readonly templateReference: string;
}
