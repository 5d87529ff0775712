import { IConstruct } from 'constructs';
import { isLiteral, jsonObject, l1Attributes } from '../private/attributes';
import { Rule } from '../rule';
import { RuleFinding } from '../rule-finding';
import { RuleSeverity } from '../rule-severity';

/** PF-SEC-002: an image without a tag, or tagged `latest`. */
export const UNPINNED_IMAGE_RULE = new Rule({
  ruleId: 'PF-SEC-002',
  title: 'unpinned image',
  severity: RuleSeverity.WARNING,
  rationale: 'An image with no tag or the tag "latest" changes under the deployment without a plan: two flow runs of the same deployment may run different code, and a compromised push reaches production unreviewed.',
  fix: 'pin the image with a version tag or a digest, e.g. "ghcr.io/acme/etl:1.4.2" or "...@sha256:<digest>" (DeploymentImage tags images by content)',
  check: {
    check(construct: IConstruct): RuleFinding[] {
      const deployment = l1Attributes(construct, 'prefect_deployment', 'prefect_deployment_schedule');
      if (deployment) {
        const image = jsonObject(deployment.job_variables)?.image;
        return unpinned(image) ? [{ message: `job variable image ${JSON.stringify(image)} is not pinned` }] : [];
      }
      const pool = l1Attributes(construct, 'prefect_work_pool');
      const image = jsonObject(pool?.base_job_template)?.variables?.properties?.image?.default;
      return unpinned(image) ? [{ message: `the base job template's default image ${JSON.stringify(image)} is not pinned` }] : [];
    },
  },
});

/** True for a literal image reference with no tag or digest, or with the tag `latest`. */
export function unpinned(image: unknown): boolean {
  if (!isLiteral(image) || image.trim() === '' || image.includes('{{')) return false;
  if (image.includes('@sha256:')) return false;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon < 0 || lastSegment.slice(colon + 1) === 'latest';
}
