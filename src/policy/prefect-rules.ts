import { Rule } from './rule';
import { RulePack } from './rule-pack';
import { API_KEY_IN_STATE_RULE } from './rules/api-key-in-state';
import { CLOUD_ONLY_RULE } from './rules/cloud-only';
import { DEPLOYMENT_CONCURRENCY_RULE } from './rules/deployment-concurrency';
import { DST_SCHEDULE_RULE } from './rules/dst-schedule';
import { PLAINTEXT_SECRET_RULE } from './rules/plaintext-secret';
import { POOL_FAILURE_AUTOMATION_RULE } from './rules/pool-failure-automation';
import { UNPINNED_IMAGE_RULE } from './rules/unpinned-image';
import { CORRECTNESS_RULES, DEFAULT_RULES, DEFAULT_SECURITY_RULES } from './private/defaults';

/** Options of the operations pack. */
export interface OperationsRulesOptions {
  /**
   * Also require an automation on failure for every work pool (PF-OPS-003).
   * @default false
   */
  readonly requireFailureAutomation?: boolean;
}

/** The rule packs of cdktf-prefect. */
export class PrefectRules {
  /**
   * The rules that run for every stack holding a cdktf-prefect construct with no pack added:
   * PF-TGT-001, the correctness pack, and the block secret checks PF-SEC-004 to 006. Adding this
   * pack (or any pack holding these rules) changes nothing: each rule runs once per construct.
   */
  public static defaults(): RulePack {
    return new RulePack({ packName: 'prefect-defaults', rules: DEFAULT_RULES });
  }

  /**
   * Correctness (runs by default): input Prefect accepts that does not do what it seems to, such
   * as a deployment without entrypoint, a limit of 0, or a trigger matching every event.
   */
  public static correctness(): RulePack {
    return new RulePack({ packName: 'prefect-correctness', rules: CORRECTNESS_RULES });
  }

  /**
   * Security: plaintext secrets, unpinned images, API keys in state, and the block secret checks
   * (PF-SEC-004 to 006, which also run by default).
   */
  public static security(): RulePack {
    return new RulePack({ packName: 'prefect-security', rules: [PLAINTEXT_SECRET_RULE, UNPINNED_IMAGE_RULE, API_KEY_IN_STATE_RULE, ...DEFAULT_SECURITY_RULES] });
  }

  /** Operations: deployment concurrency, DST schedules, and (opt in) failure automations. */
  public static operations(options: OperationsRulesOptions = {}): RulePack {
    const rules = [DEPLOYMENT_CONCURRENCY_RULE, DST_SCHEDULE_RULE];
    if (options.requireFailureAutomation) rules.push(POOL_FAILURE_AUTOMATION_RULE);
    return new RulePack({ packName: 'prefect-operations', rules });
  }

  /** Every rule of the core, the default ones included (docs/rules.md lists them). */
  public static all(): Rule[] {
    return [CLOUD_ONLY_RULE, ...CORRECTNESS_RULES, PLAINTEXT_SECRET_RULE, UNPINNED_IMAGE_RULE, API_KEY_IN_STATE_RULE,
      ...DEFAULT_SECURITY_RULES, DEPLOYMENT_CONCURRENCY_RULE, DST_SCHEDULE_RULE, POOL_FAILURE_AUTOMATION_RULE];
  }

  private constructor() {}
}
