import { Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { fail, show, validateName } from '../core';
import { Flow as FlowResource } from '../.gen/providers/prefect/flow';
import { Deployment, DeploymentOptions } from './deployment';
import { checkUuid } from './private/ids';
import { claimUnique } from './private/unique';

/**
 * A Prefect flow, created here (`Flow`) or imported (`Flow.fromFlowAttributes`, `Flow.fromFlowName`).
 */
export interface IFlow extends IConstruct {
  /**
   * The flow's name, its identifier in Prefect's API.
   * @attribute
   */
  readonly flowName: string;

  /**
   * The flow's ID (a UUID), which a deployment needs.
   * @attribute
   */
  readonly flowId: string;
}

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
 * A Prefect flow (`prefect_flow`).
 *
 * Prefect adopts an existing flow of the same name instead of failing, so declaring a flow that
 * already exists takes it over (and destroying the stack deletes it).
 */
export class Flow extends Construct implements IFlow {
  /**
   * An existing flow, by name and ID.
   */
  public static fromFlowAttributes(scope: Construct, id: string, attrs: FlowAttributes): IFlow {
    const flow = new ImportedFlow(scope, id, attrs.flowName, attrs.flowId);
    validateName(flow, 'flow', attrs.flowName);
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
  public static fromFlowName(scope: Construct, id: string, flowName: string): IFlow {
    const flow = new ImportedFlow(scope, id, flowName, undefined);
    validateName(flow, 'flow', flowName);
    return flow;
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
    this.resource = new FlowResource(this, 'Resource', {
      name: props.flowName,
      tags: props.tags,
    });
    this._literalName = props.flowName;
    this.flowId = this.resource.id;
  }

  /** Adds a deployment of this flow. */
  public addDeployment(id: string, options: DeploymentOptions): Deployment {
    return new Deployment(this, id, { ...options, flow: this });
  }
}

class ImportedFlow extends Construct implements IFlow {
  constructor(scope: Construct, id: string, public readonly flowName: string, private readonly knownId?: string) {
    super(scope, id);
  }

  public get flowId(): string {
    if (this.knownId === undefined) {
      fail(this, `flow ${show(this.flowName)} was imported by name, and provider 3.4.1 has no flow data source to look up its ID; import it with Flow.fromFlowAttributes(scope, id, { flowName, flowId }) or declare it with new Flow(...)`);
    }
    return this.knownId;
  }
}
