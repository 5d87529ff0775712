import { Rule, RulePack } from 'cdktf-prefect';
import { PUBLIC_WORKER_IP_RULE } from './rules/public-worker-ip';

/**
 * The rule pack of cdktf-prefect-azure. AciWorker runs it on itself, so its findings show with
 * no pack added; `Aspects.of(app).add(AzureRules.correctness())` runs it on everything else.
 */
export class AzureRules {
  /** Correctness: a worker with a public IP (PF-AZ-001). */
  public static correctness(): RulePack {
    return new RulePack({ packName: 'prefect-azure-correctness', rules: [PUBLIC_WORKER_IP_RULE] });
  }

  /** Every rule of this package (docs/rules.md lists them). */
  public static all(): Rule[] {
    return [PUBLIC_WORKER_IP_RULE];
  }

  private constructor() {}
}
