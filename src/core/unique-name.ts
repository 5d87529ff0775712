import { createHash } from 'crypto';
import { IConstruct } from 'constructs';

/** Options of `UniqueName.of`. */
export interface UniqueNameOptions {
  /**
   * The longest name the target service takes.
   * @default 63
   */
  readonly maxLength?: number;

  /**
   * Text that starts the name, e.g. `prefect-`.
   * @default - none
   */
  readonly prefix?: string;
}

/**
 * Physical names made from a construct's path, for defaults that must not collide: two stacks,
 * two constructs or two users of the same account never get the same name, and a construct
 * keeps its name for as long as it keeps its path (as aws-cdk's generated names do).
 *
 * The name is the path below the stack in lowercase letters, digits and `-`, cut to fit, and
 * then 8 hexadecimal characters of a hash of the whole path (stack included), e.g.
 * `prefect-orders-sensor-2f1c9a7e`.
 */
export class UniqueName {
  /**
   * The unique name of `scope`.
   * @param scope the construct the name is for
   * @param options length and prefix
   */
  public static of(scope: IConstruct, options: UniqueNameOptions = {}): string {
    const maxLength = options.maxLength ?? 63;
    const prefix = options.prefix ?? '';
    const hash = createHash('sha256').update(scope.node.path).digest('hex').slice(0, 8);
    // the path below the stack (the stack's name is in the hash): the first scope is the app,
    // the second the stack
    const below = scope.node.scopes.slice(2).map((s) => s.node.id).join('-');
    const readable = `${prefix}${below}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
    const room = maxLength - hash.length - 1;
    if (room < 1) throw new Error(`UniqueName.of: maxLength ${maxLength} leaves no room for the name before its hash`);
    const head = readable.slice(0, room).replace(/-$/, '');
    return head ? `${head}-${hash}` : hash;
  }

  private constructor() {}
}
