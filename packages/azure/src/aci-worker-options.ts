/**
 * How the worker's container group is reached: a public IP, a private IP in virtual-network
 * subnets, or no IP. The worker needs no inbound traffic; its outbound calls work in all three.
 */
export class AciNetwork {
  /**
   * No IP address (the default): nothing can reach the worker, which still calls out.
   */
  public static none(): AciNetwork {
    return new AciNetwork('None', undefined, undefined);
  }

  /**
   * A public IP, with the worker's health port (8080) open to the internet so that Azure
   * accepts the address. Legal but rarely wanted: use `none()` or `privateSubnets()`.
   *
   * @param dnsNameLabel a DNS label (`<label>.<region>.azurecontainer.io`); none when omitted
   */
  public static publicIp(dnsNameLabel?: string): AciNetwork {
    return new AciNetwork('Public', undefined, dnsNameLabel);
  }

  /**
   * A private IP in virtual-network subnets (delegated to
   * `Microsoft.ContainerInstance/containerGroups`). The flow runs join the same subnets unless
   * `flowRunSubnetIds` says otherwise.
   *
   * @param subnetIds the subnets' ARM resource IDs
   */
  public static privateSubnets(subnetIds: string[]): AciNetwork {
    return new AciNetwork('Private', subnetIds, undefined);
  }

  /** @internal */
  public readonly _ipAddressType: string;
  /** @internal */
  public readonly _subnetIds?: string[];
  /** @internal */
  public readonly _dnsNameLabel?: string;

  private constructor(ipAddressType: string, subnetIds?: string[], dnsNameLabel?: string) {
    this._ipAddressType = ipAddressType;
    this._subnetIds = subnetIds;
    this._dnsNameLabel = dnsNameLabel;
  }
}

/**
 * When Azure restarts the worker's container.
 */
export enum AciRestartPolicy {
  /** Whenever it exits or its liveness probe fails. */
  ALWAYS = 'Always',
  /** Only when it exits with an error or its liveness probe fails. */
  ON_FAILURE = 'OnFailure',
}

/**
 * Where the worker's container logs go.
 */
export class AciWorkerLogs {
  /**
   * A new Log Analytics workspace (`prefect-worker-<name>`, PerGB2018).
   * @param retentionDays days the logs are kept, 30 to 730
   */
  public static newWorkspace(retentionDays?: number): AciWorkerLogs {
    return new AciWorkerLogs('new', undefined, retentionDays ?? 30);
  }

  /**
   * An existing Log Analytics workspace, read through its data source.
   * @param workspaceId the workspace's ARM resource ID
   */
  public static existingWorkspace(workspaceId: string): AciWorkerLogs {
    return new AciWorkerLogs('existing', workspaceId, undefined);
  }

  /** No log shipping: logs stay in the container group (`az container logs`, last run only). */
  public static none(): AciWorkerLogs {
    return new AciWorkerLogs('none', undefined, undefined);
  }

  /** @internal */
  public readonly _kind: string;
  /** @internal */
  public readonly _workspaceId?: string;
  /** @internal */
  public readonly _retentionDays?: number;

  private constructor(kind: string, workspaceId?: string, retentionDays?: number) {
    this._kind = kind;
    this._workspaceId = workspaceId;
    this._retentionDays = retentionDays;
  }
}

/**
 * The private registry the worker's and the flow runs' images come from.
 */
export class AciRegistryAccess {
  /**
   * An Azure Container Registry, pulled with the managed identities (no password anywhere):
   * the worker's and the flow runs' identities are granted `registries/pull/read` on it.
   * @param registryId the registry's ARM resource ID
   */
  public static containerRegistry(registryId: string): AciRegistryAccess {
    return new AciRegistryAccess('acr', registryId);
  }

  /**
   * Any registry with a username and password, for the worker's image. The password is a
   * sensitive reference (in the state, as every ACI registry password is); the flow runs log in
   * with the `docker-registry-credentials` block given as `flowRunRegistryCredentials`.
   *
   * @param server the registry's address, e.g. "registry.example.com"
   * @param username the user name
   * @param password the password, as a sensitive reference
   */
  public static password(server: string, username: string, password: string): AciRegistryAccess {
    return new AciRegistryAccess('password', server, username, password);
  }

  /** @internal */
  public readonly _kind: string;
  /** @internal */
  public readonly _target: string;
  /** @internal */
  public readonly _username?: string;
  /** @internal */
  public readonly _password?: string;

  private constructor(kind: string, target: string, username?: string, password?: string) {
    this._kind = kind;
    this._target = target;
    this._username = username;
    this._password = password;
  }
}
