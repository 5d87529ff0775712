import { IConstruct } from 'constructs';
import { show } from '../../core';
import { EVENT_NAME_DOUBT } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-011: a Prefect event name that Prefect itself does not emit as written. */
export const EVENT_NAME_RULE = new Rule({
  ruleId: 'PF-COR-011',
  title: 'Prefect event name Prefect does not emit',
  severity: RuleSeverity.WARNING,
  rationale: 'Event names under "prefect." are Prefect\'s own (its event catalogue). A name that is close to one but not in the catalogue, such as a run state Prefect never names, matches only if your own code emits it, and an automation on it otherwise never fires.',
  fix: 'use the name Prefect emits (see the states listed in the finding), or suppress the rule on the automation if your flows set that custom state',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return EVENT_NAME_DOUBT.of(construct).map((f) => ({ message: `${f.what} event name ${show(f.eventName)}: ${f.problem}` }));
    },
  },
});
