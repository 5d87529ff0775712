import { IBlock } from '../../blocks/block-ref';
import { JobTemplateOptions } from './common-options';

/**
 * A GPU model of Azure Container Instances (the work pool's `gpu_sku`).
 */
export class AciGpuSku {
  /** NVIDIA Tesla K80. */
  public static readonly K80 = new AciGpuSku('K80');
  /** NVIDIA Tesla P100. */
  public static readonly P100 = new AciGpuSku('P100');
  /** NVIDIA Tesla V100. */
  public static readonly V100 = new AciGpuSku('V100');

  /**
   * A SKU not listed here, as Azure spells it.
   * @param name e.g. "V100"
   */
  public static custom(name: string): AciGpuSku {
    return new AciGpuSku(name);
  }

  private constructor(
    /** The SKU's name, as the `gpu_sku` variable carries it. */
    public readonly name: string,
  ) {}
}

/**
 * The private registry the flow-run containers are pulled from (the work pool's `image_registry`).
 */
export class AciImageRegistry {
  /**
   * An Azure Container Registry read with a user-assigned managed identity (no password
   * anywhere). The identity must be among the pool's `identities` and hold `AcrPull` (or the
   * `Microsoft.ContainerRegistry/registries/pull/read` action) on the registry.
   *
   * @param registryUrl the login server, e.g. "myregistry.azurecr.io"
   * @param identityId the identity's ARM resource ID
   */
  public static managedIdentity(registryUrl: string, identityId: string): AciImageRegistry {
    return new AciImageRegistry('managed-identity', registryUrl, identityId);
  }

  /**
   * Any registry with a username and password, kept in a `docker-registry-credentials` block
   * (the worker loads it at run time; the password is never in the template).
   *
   * @param block the `docker-registry-credentials` block
   */
  public static credentials(block: IBlock): AciImageRegistry {
    return new AciImageRegistry('credentials', undefined, undefined, block);
  }

  /** @internal */
  public readonly _kind: string;
  /** @internal */
  public readonly _registryUrl?: string;
  /** @internal */
  public readonly _identityId?: string;
  /** @internal */
  public readonly _block?: IBlock;

  private constructor(kind: string, registryUrl?: string, identityId?: string, block?: IBlock) {
    this._kind = kind;
    this._registryUrl = registryUrl;
    this._identityId = identityId;
    this._block = block;
  }
}

/**
 * Variable defaults for an `azure-container-instance` work pool (`prefect-azure`'s worker).
 */
export interface AciJobTemplateOptions extends JobTemplateOptions {
  /**
   * Resource group the flow-run container groups are created in. The worker needs it:
   * without a default here, every deployment must set it.
   * @default - none: each deployment sets `resource_group_name`
   */
  readonly resourceGroupName?: string;

  /**
   * Azure subscription of that resource group (a GUID). The worker needs it: without a
   * default here, every deployment must set it.
   * @default - none: each deployment sets `subscription_id`
   */
  readonly subscriptionId?: string;

  /**
   * Azure region of the flow-run container groups (the ARM template's `location` parameter).
   * @default - the location of `resourceGroupName`
   */
  readonly location?: string;

  /**
   * ARM resource IDs of the user-assigned identities given to every flow-run container group
   * (what the flow's code authenticates to Azure as).
   * @default - no identity
   */
  readonly identities?: string[];

  /**
   * Container image of the flow runs.
   * @default - the Prefect image that matches the worker's version
   */
  readonly image?: string;

  /**
   * Entrypoint of the flow-run container; the command is passed to it as arguments. Change
   * it only for images not based on Prefect's.
   * @default "/opt/prefect/entrypoint.sh"
   */
  readonly entrypoint?: string;

  /**
   * The private registry the flow-run image comes from.
   * @default - a public image, no registry login
   */
  readonly imageRegistry?: AciImageRegistry;

  /**
   * vCPUs of each flow-run container.
   * @default 1
   */
  readonly cpu?: number;

  /**
   * Memory of each flow-run container in GB (steps of 0.1).
   * @default 1
   */
  readonly memory?: number;

  /**
   * GPUs of each flow-run container; needs `gpuSku`. The worker declares this variable but does
   * not put it into the container group, so this template adds it to the ARM template.
   * @default - no GPU
   */
  readonly gpuCount?: number;

  /**
   * GPU model, with `gpuCount`.
   * @default - no GPU
   */
  readonly gpuSku?: AciGpuSku;

  /**
   * ARM resource IDs of the virtual-network subnets the flow-run container groups join (the
   * subnets must be delegated to `Microsoft.ContainerInstance/containerGroups`).
   * @default - no virtual network
   */
  readonly subnetIds?: string[];

  /**
   * DNS servers of the flow-run container groups (only with `subnetIds`: ACI takes a DNS
   * configuration only for groups in a virtual network).
   * @default - Azure's DNS
   */
  readonly dnsServers?: string[];

  /**
   * Whether the worker copies the flow-run container's logs to its own output.
   * @default false
   */
  readonly streamOutput?: boolean;

  /**
   * An `azure-container-instance-credentials` block (service principal) the worker calls Azure
   * with.
   * @default - `DefaultAzureCredential`: e.g. the worker's managed identity
   */
  readonly aciCredentials?: IBlock;

  /**
   * Seconds the worker waits for a flow-run container to start.
   * @default 240
   */
  readonly taskStartTimeoutSeconds?: number;

  /**
   * Seconds between two polls of a running flow-run container.
   * @default 5
   */
  readonly taskWatchPollInterval?: number;
}
