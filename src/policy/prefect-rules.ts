import { Rule } from './rule';
import { RulePack } from './rule-pack';
import { API_KEY_IN_STATE_RULE } from './rules/api-key-in-state';
import { CLOUD_ONLY_RULE } from './rules/cloud-only';
import { DEPLOYMENT_CONCURRENCY_RULE } from './rules/deployment-concurrency';
import { DST_SCHEDULE_RULE } from './rules/dst-schedule';
import { PLAINTEXT_SECRET_RULE } from './rules/plaintext-secret';
import { POOL_FAILURE_AUTOMATION_RULE } from './rules/pool-failure-automation';
import { UNPINNED_IMAGE_RULE } from './rules/unpinned-image';

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
  /** Security: plaintext secrets, unpinned images, API keys in state. */
  public static security(): RulePack {
    return new RulePack({ packName: 'prefect-security', rules: [PLAINTEXT_SECRET_RULE, UNPINNED_IMAGE_RULE, API_KEY_IN_STATE_RULE] });
  }

  /** Operations: deployment concurrency, DST schedules, and (opt in) failure automations. */
  public static operations(options: OperationsRulesOptions = {}): RulePack {
    const rules = [DEPLOYMENT_CONCURRENCY_RULE, DST_SCHEDULE_RULE];
    if (options.requireFailureAutomation) rules.push(POOL_FAILURE_AUTOMATION_RULE);
    return new RulePack({ packName: 'prefect-operations', rules });
  }

  /** Every rule of the core, the always-on PF-TGT-001 included (docs/rules.md lists them). */
  public static all(): Rule[] {
    return [CLOUD_ONLY_RULE, PLAINTEXT_SECRET_RULE, UNPINNED_IMAGE_RULE, API_KEY_IN_STATE_RULE,
      DEPLOYMENT_CONCURRENCY_RULE, DST_SCHEDULE_RULE, POOL_FAILURE_AUTOMATION_RULE];
  }

  private constructor() {}
}
