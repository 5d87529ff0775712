import { IConstruct } from 'constructs';
import { Rule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { CLOUD_ONLY } from '../private/state';

/** PF-TGT-001: a Cloud-only feature, silent on Cloud, an error on a self-hosted target. */
export const CLOUD_ONLY_RULE = new Rule({
  ruleId: 'PF-TGT-001',
  title: 'Cloud-only feature',
  severity: RuleSeverity.WARNING,
  rationale: 'Webhooks, SLAs, metric triggers and some automation actions exist on Prefect Cloud only: a self-hosted Prefect server rejects them at apply, after the rest of the plan has been applied. This rule always runs (no pack needed): a warning when no target is declared, an error on PrefectTarget.selfHosted(), nothing on PrefectTarget.cloud().',
  fix: 'declare the target with Aspects.of(app).add(PrefectTarget.cloud()) or PrefectTarget.selfHosted(), and drop the feature from self-hosted stacks',
  check: {
    check(construct: IConstruct, context) {
      if (context.targetName === 'cloud') return [];
      const severity = context.targetName === 'self-hosted' ? RuleSeverity.ERROR : undefined;
      return (CLOUD_ONLY.get(construct) ?? []).map((what) => ({
        message: `${what} is available on Prefect Cloud only: a self-hosted Prefect server rejects it at apply`
          + (severity ? ', and this scope targets a self-hosted server' : ''),
        severity,
      }));
    },
  },
});
