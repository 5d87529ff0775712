import { IConstruct } from 'constructs';
import { Checks, Rule, RuleFinding, RuleSeverity } from 'cdktf-prefect';
import { PLAIN_HTTP_API } from '../private/markers';

/** PF-AWS-003: an EventBridge API destination pointed at a plain-http Prefect API. */
export const PLAIN_HTTP_API_RULE = new Rule({
  ruleId: 'PF-AWS-003',
  title: 'EventBridge target over plain http',
  severity: RuleSeverity.WARNING,
  rationale: 'EventBridge API destinations only call https endpoints. With a self-hosted API URL over http the stack applies, but no bucket event ever reaches Prefect.',
  fix: 'serve the server\'s API over https (with a certificate AWS trusts) and give that URL',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return PLAIN_HTTP_API.of(construct).map((f) => ({
        message: `the self-hosted API URL ${Checks.show(f.url)} is plain http, but EventBridge API destinations only call https endpoints`,
      }));
    },
  },
});
