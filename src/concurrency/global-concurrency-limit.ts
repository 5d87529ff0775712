import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { IGlobalConcurrencyLimit } from './global-concurrency-limit-ref';
import { DataPrefectGlobalConcurrencyLimit } from '../.gen/providers/prefect/data-prefect-global-concurrency-limit';
import { GlobalConcurrencyLimit as GlobalConcurrencyLimitResource } from '../.gen/providers/prefect/global-concurrency-limit';
import { fail, refuseCredentials, show, validateInteger, validateName } from '../core';
import { usePolicy } from '../policy/hook';

/**
 * Properties of a `GlobalConcurrencyLimit`.
 */
export interface GlobalConcurrencyLimitProps {
  /**
   * The limit's name; flows take slots with `concurrency("<globalConcurrencyLimitName>")` or
   * `rate_limit("<globalConcurrencyLimitName>")`. Prefect rejects `/`, `%`, `&`, `>` and `<`.
   */
  readonly globalConcurrencyLimitName: string;

  /**
   * The number of slots, a whole number of at least 0. A limit of 0 blocks every run that
   * asks for a slot.
   */
  readonly limit: number;

  /**
   * Whether the limit is enforced. An inactive limit lets every request through.
   * @default true
   */
  readonly active?: boolean;

  /**
   * The number of slots taken when the limit is created. Prefect changes this at run time as
   * slots are taken and released; leave it unset unless you need to seed it.
   * @default 0 (the provider's default)
   */
  readonly activeSlots?: number;

  /**
   * Slots released per second, for rate limiting (`rate_limit`). 0 means slots are held until
   * they are released explicitly; a positive value decays them, e.g. 0.5 frees one slot every
   * two seconds.
   * @default 0 (the provider's default)
   */
  readonly slotDecayPerSecond?: number;
}

/**
 * A Prefect global concurrency limit (`prefect_global_concurrency_limit`): a named pool of
 * slots that flows and tasks take to limit concurrency or rate across deployments. A
 * deployment can use one through its global concurrency limit setting.
 *
 * @example
 * new GlobalConcurrencyLimit(this, 'Database', { globalConcurrencyLimitName: 'database', limit: 10 });
 */
export class GlobalConcurrencyLimit extends Construct implements IGlobalConcurrencyLimit {
  /**
   * Refers to a global concurrency limit that already exists on the Prefect server, by name
   * (uses the `prefect_global_concurrency_limit` data source).
   */
  public static fromGlobalConcurrencyLimitName(scope: Construct, id: string, globalConcurrencyLimitName: string): IGlobalConcurrencyLimit {
    return new ImportedGlobalConcurrencyLimit(scope, id, globalConcurrencyLimitName);
  }

  /** The generated `prefect_global_concurrency_limit` resource (escape hatch). */
  public readonly resource: GlobalConcurrencyLimitResource;

  /** The limit's name. */
  public readonly globalConcurrencyLimitName: string;

  /** The limit's ID (a UUID). */
  public readonly globalConcurrencyLimitId: string;

  constructor(scope: Construct, id: string, props: GlobalConcurrencyLimitProps) {
    super(scope, id);
    validateName(this, 'global concurrency limit', props.globalConcurrencyLimitName);
    validateInteger(this, 'limit', props.limit, 0);
    validateInteger(this, 'activeSlots', props.activeSlots, 0);
    const decay = props.slotDecayPerSecond;
    if (decay !== undefined && !Token.isUnresolved(decay) && !(Number.isFinite(decay) && decay >= 0)) {
      fail(this, `invalid slotDecayPerSecond ${show(decay)}: it must be a number of at least 0 (slots released per second; 0 turns decay off)`);
    }
    // a limit of 0 (PF-COR-004) and activeSlots above the limit (PF-COR-005) are rule findings

    usePolicy(this);
    this.resource = new GlobalConcurrencyLimitResource(this, 'Resource', {
      name: props.globalConcurrencyLimitName,
      limit: props.limit,
      active: props.active,
      activeSlots: props.activeSlots,
      slotDecayPerSecond: props.slotDecayPerSecond,
    });
    refuseCredentials(this, this.resource, { props: { name: 'globalConcurrencyLimitName' } });
    this.globalConcurrencyLimitName = props.globalConcurrencyLimitName;
    this.globalConcurrencyLimitId = this.resource.id;
  }
}


/** A global concurrency limit this stack does not create, read through its data source. */
class ImportedGlobalConcurrencyLimit extends Construct implements IGlobalConcurrencyLimit {
  public readonly globalConcurrencyLimitName: string;
  public readonly globalConcurrencyLimitId: string;

  constructor(scope: Construct, id: string, globalConcurrencyLimitName: string) {
    super(scope, id);
    validateName(this, 'global concurrency limit', globalConcurrencyLimitName);
    this.globalConcurrencyLimitName = globalConcurrencyLimitName;
    this.globalConcurrencyLimitId = new DataPrefectGlobalConcurrencyLimit(this, 'Resource', { name: globalConcurrencyLimitName }).id;
  }
}
