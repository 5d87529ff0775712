/**
 * What Prefect does with a new run of a deployment whose concurrency limit is reached.
 */
export class CollisionStrategy {
  /** Queue the run until a slot frees up (Prefect's default). */
  public static readonly ENQUEUE = new CollisionStrategy('ENQUEUE');

  /** Cancel the new run. */
  public static readonly CANCEL_NEW = new CollisionStrategy('CANCEL_NEW');

  /**
   * A strategy by its API name, for values newer than this library.
   * The provider 3.4.1 accepts only `ENQUEUE` and `CANCEL_NEW`.
   */
  public static of(value: string): CollisionStrategy {
    return new CollisionStrategy(value);
  }

  /** @param value the API name, e.g. `CANCEL_NEW` */
  private constructor(public readonly value: string) {}
}
