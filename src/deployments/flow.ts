import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Flow as FlowResource } from '../.gen/providers/prefect/flow';
import { checkUuid, claimUnique, fail, refuseCredentials, show, validateName } from '../core';
import { Deployment, DeploymentOptions } from './deployment';
import { IFlow } from './flow-ref';
import { usePolicy } from '../policy/hook';

/** Properties of a `Flow`. */
export interface FlowProps {
  /** The flow's name, as in `@flow(name=...)` in the Python code. */
  readonly flowName: string;

  /**
   * Tags of the flow.
   * @default - no tags
   */
  readonly tags?: string[];
}

/** The attributes of an existing flow. */
export interface FlowAttributes {
  /** The flow's name. */
  readonly flowName: string;

  /** The flow's ID (a UUID). */
  readonly flowId: string;
}

/**
 * What created (`Flow`) and imported (`Flow.fromFlowAttributes`, `Flow.fromFlowName`) flows
 * share: their attributes and `addDeployment`.
 */
export abstract class FlowBase extends Construct implements IFlow {
  /**
   * The flow's name.
   * @attribute
   */
  public abstract readonly flowName: string;

  /**
   * The flow's ID (a UUID).
   * @attribute
   */
  public abstract readonly flowId: string;

  /**
   * Adds a deployment of this flow.
   * @param id the construct ID of the deployment
   * @param options the deployment's settings
   */
  public addDeployment(id: string, options: DeploymentOptions): Deployment {
    return new Deployment(this, id, { ...options, flow: this });
  }
}

/**
 * A Prefect flow (`prefect_flow`).
 *
 * Prefect adopts an existing flow of the same name instead of failing, so declaring a flow that
 * already exists takes it over (and destroying the stack deletes it).
 */
export class Flow extends FlowBase {
  /**
   * An existing flow, by name and ID.
   * @param scope the parent construct
   * @param id the construct ID
   * @param attrs the flow's name and ID
   */
  public static fromFlowAttributes(scope: Construct, id: string, attrs: FlowAttributes): FlowBase {
    const flow = new ImportedFlow(scope, id, attrs.flowName, attrs.flowId);
    checkUuid(flow, 'flow ID', attrs.flowId);
    return flow;
  }

  /**
   * An existing flow, by name only.
   *
   * Provider 3.4.1 has no flow data source, so such a flow has no ID: it serves references by
   * name (e.g. `Deployment.fromDeploymentName`), and reading its `flowId` (which a new
   * `Deployment` does) fails with a hint to use `fromFlowAttributes`.
   */
  public static fromFlowName(scope: Construct, id: string, flowName: string): FlowBase {
    return new ImportedFlow(scope, id, flowName, undefined);
  }

  /** The underlying `prefect_flow` resource (escape hatch). */
  public readonly resource: FlowResource;

  /**
   * The flow's name.
   * @attribute
   */
  public get flowName(): string {
    // created on first use: every attribute reference is a token that captures a stack trace
    return (this.nameRef ??= this.resource.name);
  }

  /**
   * The flow's ID.
   * @attribute
   */
  public readonly flowId: string;

  /** The flow's name as given, for checks at synth. @internal */
  public readonly _literalName: string;

  private nameRef?: string;

  constructor(scope: Construct, id: string, props: FlowProps) {
    super(scope, id);
    validateName(this, 'flow', props.flowName);
    if (!Token.isUnresolved(props.flowName)) {
      claimUnique(this, `flow:${props.flowName}`, (first) => `flow name ${show(props.flowName)} is already used by ${first}; Prefect would merge both into one flow, so declare it once and share the construct`);
    }
    usePolicy(this);
    this.resource = new FlowResource(this, 'Resource', {
      name: props.flowName,
      tags: props.tags,
    });
    refuseCredentials(this, this.resource, { props: { name: 'flowName' } });
    this._literalName = props.flowName;
    this.flowId = this.resource.id;
  }
}

/**
 * A flow this stack does not create. Provider 3.4.1 has no flow data source, so the import has
 * no `Resource` child: its ID is given, or missing.
 */
class ImportedFlow extends FlowBase {
  constructor(scope: Construct, id: string, public readonly flowName: string, private readonly knownId?: string) {
    super(scope, id);
    validateName(this, 'flow', flowName);
  }

  public get flowId(): string {
    if (this.knownId === undefined) {
      fail(this, `flow ${show(this.flowName)} was imported by name, and provider 3.4.1 has no flow data source to look up its ID; import it with Flow.fromFlowAttributes(scope, id, { flowName, flowId }) or declare it with new Flow(...)`);
    }
    return this.knownId;
  }
}
