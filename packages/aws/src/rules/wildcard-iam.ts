import { TerraformDataSource, TerraformResource, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Rule, RuleFinding, RuleSeverity } from 'cdktf-prefect';

/** Services whose wildcard actions hand out control of identities, secrets or keys. */
const SENSITIVE = ['iam', 'sts', 'kms', 'secretsmanager', 'ssm', 'organizations'];

/** PF-AWS-001: an IAM statement that allows `*` or `<sensitive service>:*` on every resource. */
export const WILDCARD_IAM_RULE = new Rule({
  ruleId: 'PF-AWS-001',
  title: 'wildcard IAM on sensitive actions',
  severity: RuleSeverity.ERROR,
  rationale: 'An Allow statement with the action "*" or a wildcard on iam, sts, kms, secretsmanager, ssm or organizations on resource "*" lets a worker (or anything that can run a flow on it) create users, assume roles, read every secret or decrypt with every key in the account.',
  fix: 'list the actions the flow needs and scope resources to ARNs (workerPolicyDocument shows the worker\'s own), or suppress with the reason',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      return statementsOf(construct).filter(isWildcard).map((s) =>
        ({ message: `an Allow statement grants ${JSON.stringify(wildcards(s))} on resource "*"` }));
    },
  },
});

interface Statement { readonly actions: string[]; readonly resources: string[]; readonly effect: string }

function statementsOf(construct: IConstruct): Statement[] {
  if (construct instanceof TerraformDataSource && construct.terraformResourceType === 'aws_iam_policy_document') {
    const body: any = firstBody(construct.toTerraform().data);
    return list(body?.statement).map((s: any) => ({ actions: list(s.actions), resources: list(s.resources), effect: s.effect ?? 'Allow' }));
  }
  if (construct instanceof TerraformResource && ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'].includes(construct.terraformResourceType)) {
    const policy = firstBody(construct.toTerraform().resource)?.policy;
    if (typeof policy !== 'string' || Token.isUnresolved(policy) || policy.includes('${')) return [];
    try {
      return list(JSON.parse(policy).Statement).map((s: any) => ({ actions: list(s.Action), resources: list(s.Resource), effect: s.Effect ?? 'Allow' }));
    } catch {
      return [];
    }
  }
  return [];
}

function wildcards(s: Statement): string[] {
  return s.actions.filter((a) => a === '*' || SENSITIVE.some((svc) => a.toLowerCase() === `${svc}:*`));
}

function isWildcard(s: Statement): boolean {
  return s.effect === 'Allow' && s.resources.includes('*') && wildcards(s).length > 0;
}

function list(v: unknown): any[] {
  if (v === undefined || v === null || Token.isUnresolved(v)) return [];
  return Array.isArray(v) ? v : [v];
}

function firstBody(byType: any): any {
  const bodies: any = byType ? Object.values(byType)[0] : undefined;
  return bodies ? Object.values(bodies)[0] : undefined;
}
