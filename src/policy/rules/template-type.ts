import { IConstruct } from 'constructs';
import { show } from '../../core';
import { TEMPLATE_TYPE_MISMATCH } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-007: a base job template written for another type of pool. */
export const TEMPLATE_TYPE_RULE = new Rule({
  ruleId: 'PF-COR-007',
  title: 'base job template of another pool type',
  severity: RuleSeverity.WARNING,
  rationale: 'A base job template\'s variables and job configuration are those of one worker type (process, docker, kubernetes, ecs, ...). On a pool of another type, its workers ignore the variables they do not know or reject the job configuration, and flow runs start with settings nobody chose.',
  fix: 'use the BaseJobTemplate factory that matches the pool\'s type, or give the pool the template\'s type',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return TEMPLATE_TYPE_MISMATCH.of(construct).map((f) => ({
        message: `the base job template is written for ${show(f.templateType)} workers but the work pool's type is ${show(f.poolType)}: workers of that type may ignore or reject its variables`,
      }));
    },
  },
});
