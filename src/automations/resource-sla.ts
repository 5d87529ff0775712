import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ResourceSla as ResourceSlaResource } from '../.gen/providers/prefect/resource-sla';
import { fail, refuseCredentials, show } from '../core';
import { checkDeploymentSlot, IDeployment } from '../deployments/deployment-ref';
import { warnCloudOnly } from './private/checks';
import { Sla } from './sla';
import { usePolicy } from '../policy/hook';

/** Properties of a `ResourceSla`. */
export interface ResourceSlaProps {
  /** The SLAs of the resource: the whole list (SLAs left out are removed). */
  readonly slas: Sla[];

  /**
   * The deployment the SLAs apply to. Give this or `resourceId`.
   * @default - the resource named by `resourceId`
   */
  readonly deployment?: IDeployment;

  /**
   * The Prefect resource ID the SLAs apply to, `prefect.<type>.<uuid>` (e.g.
   * `prefect.deployment.<id>`). Give this or `deployment`.
   * @default - the deployment's resource ID
   */
  readonly resourceId?: string;
}

/**
 * The SLAs of one Prefect resource (`prefect_resource_sla`), usually a deployment.
 * **Prefect Cloud only** (synth warns). The provider does not read SLAs back, so changes made
 * outside Terraform are not detected.
 */
export class ResourceSla extends Construct {
  /** The `prefect_resource_sla` resource (escape hatch). */
  public readonly resource: ResourceSlaResource;

  /** The resource ID the SLAs apply to. @attribute */
  public readonly resourceId: string;

  constructor(scope: Construct, id: string, props: ResourceSlaProps) {
    super(scope, id);
    warnCloudOnly(this, 'a resource SLA (prefect_resource_sla)');
    checkDeploymentSlot(this, 'deployment', props.deployment);
    if (props.deployment && props.resourceId !== undefined) {
      fail(this, `both deployment and resourceId ${show(props.resourceId)} are given; give one`);
    }
    const resourceId = props.deployment ? `prefect.deployment.${props.deployment.deploymentId}` : props.resourceId;
    if (resourceId === undefined) fail(this, 'a resource SLA needs deployment or resourceId (e.g. "prefect.deployment.<id>")');
    if (!Token.isUnresolved(resourceId) && !/^prefect\.[a-z-]+\.\S+$/.test(resourceId)) {
      fail(this, `invalid SLA resourceId ${show(resourceId)}: write "prefect.<resource type>.<id>", e.g. "prefect.deployment.0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f"`);
    }
    if (!props.slas || props.slas.length === 0) {
      fail(this, 'a resource SLA needs at least one SLA, e.g. Sla.timeToCompletion("under an hour", Duration.hours(1)); to remove all SLAs, delete the ResourceSla');
    }
    const seen = new Set<string>();
    for (const sla of props.slas) {
      if (!Token.isUnresolved(sla.name) && seen.has(sla.name)) {
        fail(this, `duplicate SLA name ${show(sla.name)}: each SLA of a resource needs its own name`);
      }
      seen.add(sla.name);
    }
    usePolicy(this);
    this.resource = new ResourceSlaResource(this, 'Resource', {
      resourceId,
      slas: props.slas.map((s) => s._bind(this)),
    });
    refuseCredentials(this, this.resource);
    this.resourceId = this.resource.resourceId;
  }
}
