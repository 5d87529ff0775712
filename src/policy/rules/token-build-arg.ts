import { IConstruct } from 'constructs';
import { show } from '../../core';
import { TOKEN_BUILD_ARG } from '../markers';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-COR-015: a DeploymentImage whose default tag cannot see a build argument. */
export const TOKEN_BUILD_ARG_RULE = new Rule({
  ruleId: 'PF-COR-015',
  title: 'image tag blind to a build argument',
  severity: RuleSeverity.WARNING,
  rationale: 'DeploymentImage tags an image with a hash of its context, Dockerfile and literal build arguments. A build argument that is a token is only known at apply, so the hash cannot include it: when only its value changes, the image is rebuilt and pushed under the same tag, and runs pulling that tag get either image.',
  fix: 'set tag to something that changes with the argument (e.g. a version variable), or make the argument a literal',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return TOKEN_BUILD_ARG.of(construct).map((f) => ({
        message: `build argument(s) ${f.argNames.map(show).join(', ')} are tokens, which the default tag cannot include: when only their value changes, the image is rebuilt and pushed under the same tag`,
      }));
    },
  },
});
