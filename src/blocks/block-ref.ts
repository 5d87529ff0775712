import { IConstruct } from 'constructs';
import { checkReference } from '../core';

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

/**
 * Fails unless a prop typed `IBlock` holds a block (a plain string, e.g. a token, is refused with
 * the prop's name). This runs for TypeScript and JavaScript callers. From Python (and the other
 * jsii languages) the jsii kernel refuses the value before this code runs, with
 * `@jsii/kernel.SerializationError: Passed to parameter options of static method
 * cdktf-prefect.PullStep.gitClone: Unable to deserialize value as cdktf-prefect.GitCloneOptions`
 * and, in its failure reasons, `Key 'accessToken': Unable to deserialize value as
 * cdktf-prefect.IBlock | undefined` followed by the value itself (checked with Prefect's wheel
 * of this library, Python 3.11).
 * @internal
 */
export function checkBlockSlot(scope: IConstruct, what: string, value: unknown): void {
  checkReference(scope, what, value, {
    name: 'a block (IBlock)',
    holdsSecret: true,
    attributes: ['blockId', 'blockName', 'blockTypeSlug', 'templateReference'],
    example: 'Block.fromBlockName(this, "Token", BlockType.SECRET, "github-token") or a new Block(...)',
  });
}
