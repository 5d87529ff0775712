import { IConstruct } from 'constructs';

/**
 * A Prefect block document, created here (`Block`) or imported.
 */
export interface IBlock extends IConstruct {
  /**
   * The block document's name.
   * @attribute
   */
  readonly blockName: string;

  /**
   * The slug of the block's type, e.g. `secret` or `github-credentials`.
   * @attribute
   */
  readonly blockTypeSlug: string;

  /**
   * The block document's ID (a UUID).
   * @attribute
   */
  readonly blockId: string;

  /**
   * The Jinja-style reference that pull steps and job variables use to load the block
   * at run time: `{{ prefect.blocks.<type slug>.<name> }}`.
   */
  readonly templateReference: string;
}
