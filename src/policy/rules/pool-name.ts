import { IConstruct } from 'constructs';
import { isLiteral, l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** The names the Prefect UI can create and edit. */
const UI_NAME = /^[a-zA-Z0-9_-]+$/;

/** PF-COR-006: a work pool name the Prefect UI cannot handle. */
export const POOL_NAME_RULE = new Rule({
  ruleId: 'PF-COR-006',
  title: 'work pool name outside the UI\'s characters',
  severity: RuleSeverity.WARNING,
  rationale: 'The API accepts any work pool name, but the Prefect UI only creates and edits pools named with letters, digits, "-" and "_", and other characters (spaces, dots, slashes) need quoting in every CLI command and worker start line.',
  fix: 'name the pool with letters, digits, "-" and "_" only, e.g. "etl-pool"',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const pool = l1Attributes(construct, 'prefect_work_pool');
      if (!pool || !isLiteral(pool.name) || UI_NAME.test(pool.name)) return [];
      return [{ message: `work pool name ${JSON.stringify(pool.name)} has characters other than letters, digits, "-" and "_": the API accepts it, but the Prefect UI cannot create or edit such a pool and CLI commands need quoting` }];
    },
  },
});
