import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { ResourceSlaSlas } from '../.gen/providers/prefect/resource-sla';
import { Duration, fail, show } from '../core';
import { checkResourceSpec, checkEventNames, specJson, windowSeconds } from './private/checks';

/** How serious a broken SLA is (Prefect Cloud). */
export enum SlaSeverity {
  /** minor */
  MINOR = 'minor',
  /** low */
  LOW = 'low',
  /** moderate */
  MODERATE = 'moderate',
  /** high (the server's default) */
  HIGH = 'high',
  /** critical */
  CRITICAL = 'critical',
}

/** Options every kind of SLA takes. */
export interface SlaOptions {
  /**
   * How serious a violation is.
   * @default SlaSeverity.HIGH (the server's default)
   */
  readonly severity?: SlaSeverity;

  /**
   * Whether the SLA is checked.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The resource that owns the SLA, e.g. `prefect.deployment.<id>`.
   * @default - the resource the SLA is set on
   */
  readonly ownerResource?: string;
}

/** Options of a freshness SLA. */
export interface FreshnessSlaOptions extends SlaOptions {
  /**
   * Labels the expected event's resource must have.
   * @default - any resource
   */
  readonly resourceMatch?: { [key: string]: any };
}

/**
 * A service-level agreement on a deployment's flow runs (Prefect Cloud only), set on a resource
 * with `ResourceSla`. A violation emits an event that automations can react to.
 */
export class Sla {
  /**
   * Flow runs must finish within `duration` (a TimeToCompletion SLA).
   * @param name the SLA's name
   * @param duration the longest run allowed (whole seconds)
   * @param options severity and more
   */
  public static timeToCompletion(name: string, duration: Duration, options: SlaOptions = {}): Sla {
    return new Sla(name, options, (scope) => {
      const seconds = windowSeconds(scope, `SLA ${show(name)} duration`, duration, 1)!;
      if (!Token.isUnresolved(seconds) && !Number.isInteger(seconds)) {
        fail(scope, `invalid SLA ${show(name)} duration ${duration.toString()}: the provider takes whole seconds`);
      }
      return { duration: seconds };
    });
  }

  /**
   * A flow run must complete at least every `staleAfter` (a Frequency SLA).
   * @param name the SLA's name
   * @param staleAfter how long without a completed run is a violation
   * @param options severity and more
   */
  public static frequency(name: string, staleAfter: Duration, options: SlaOptions = {}): Sla {
    return new Sla(name, options, (scope) => ({ staleAfter: windowSeconds(scope, `SLA ${show(name)} staleAfter`, staleAfter, 1) }));
  }

  /**
   * Scheduled flow runs must start within `within` of their start time (a Lateness SLA).
   * @param name the SLA's name
   * @param within how late a run may start
   * @param options severity and more
   */
  public static lateness(name: string, within: Duration, options: SlaOptions = {}): Sla {
    return new Sla(name, options, (scope) => ({ within: windowSeconds(scope, `SLA ${show(name)} within`, within, 1) }));
  }

  /**
   * An event must arrive at least every `within` (a Freshness SLA), e.g. a data asset updated.
   * @param name the SLA's name
   * @param within how long without the event is a violation
   * @param expectedEvent the event, e.g. `prefect.asset.materialization.succeeded`
   * @param options which resource the event is about, severity and more
   */
  public static freshness(name: string, within: Duration, expectedEvent: string, options: FreshnessSlaOptions = {}): Sla {
    return new Sla(name, options, (scope) => {
      checkEventNames(scope, `SLA ${show(name)} expected`, [expectedEvent]);
      checkResourceSpec(scope, `SLA ${show(name)} resourceMatch`, options.resourceMatch);
      return {
        within: windowSeconds(scope, `SLA ${show(name)} within`, within, 1),
        expectedEvent,
        resourceMatch: specJson(options.resourceMatch),
      };
    });
  }

  private constructor(
    /** The SLA's name. */
    public readonly name: string,
    private readonly options: SlaOptions,
    private readonly render: (scope: IConstruct) => Omit<ResourceSlaSlas, 'name'>,
  ) {}

  /**
   * Checks the SLA for the `ResourceSla` `scope` and renders one entry of `slas`.
   * @internal
   */
  public _bind(scope: IConstruct): ResourceSlaSlas {
    if (!Token.isUnresolved(this.name) && this.name.trim() === '') {
      fail(scope, `SLA name must not be empty, got ${show(this.name)}; name it, e.g. "runs under an hour"`);
    }
    const severities: string[] = Object.values(SlaSeverity);
    const severity = this.options.severity;
    if (severity !== undefined && !severities.includes(severity)) {
      fail(scope, `invalid SLA ${show(this.name)} severity ${show(severity)}: it must be one of ${severities.join(', ')} (SlaSeverity)`);
    }
    return {
      name: this.name,
      severity,
      enabled: this.options.enabled,
      ownerResource: this.options.ownerResource,
      ...this.render(scope),
    };
  }
}
