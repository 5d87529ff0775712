import { TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import { EXPECTS_SCHEDULES } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-014: a ScheduledDeployment whose deployment has no schedule at synth. */
export const NO_SCHEDULES_RULE = new Rule({
  ruleId: 'PF-COR-014',
  title: 'scheduled deployment without schedules',
  severity: RuleSeverity.WARNING,
  rationale: 'A ScheduledDeployment is meant to run on schedules. With none at synth (none passed, none added with deployment.addSchedule), the deployment only runs when someone starts it.',
  fix: 'pass schedules, or add them with deployment.addSchedule(id, schedule); for a deployment run on demand use Deployment',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return EXPECTS_SCHEDULES.of(construct)
        .filter((f) => !f.deployment.node.findAll().some((c) => c instanceof TerraformResource && c.terraformResourceType === 'prefect_deployment_schedule'))
        .map(() => ({ message: 'scheduled deployment has no schedules' }));
    },
  },
});
