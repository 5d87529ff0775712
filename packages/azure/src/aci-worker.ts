import { ContainerGroup, ContainerGroupContainer } from './.gen/providers/azurerm/container-group';
import { DataAzurermContainerRegistry } from './.gen/providers/azurerm/data-azurerm-container-registry';
import { DataAzurermKeyVault } from './.gen/providers/azurerm/data-azurerm-key-vault';
import { DataAzurermLogAnalyticsWorkspace } from './.gen/providers/azurerm/data-azurerm-log-analytics-workspace';
import { DataAzurermResourceGroup } from './.gen/providers/azurerm/data-azurerm-resource-group';
import { DataAzurermSubscription } from './.gen/providers/azurerm/data-azurerm-subscription';
import { LogAnalyticsWorkspace } from './.gen/providers/azurerm/log-analytics-workspace';
import { RoleAssignment } from './.gen/providers/azurerm/role-assignment';
import { RoleDefinition } from './.gen/providers/azurerm/role-definition';
import { UserAssignedIdentity } from './.gen/providers/azurerm/user-assigned-identity';
import { Annotations, Aspects, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  AciImageRegistry, BaseJobTemplate, Checks, IBlock, WorkerBase, WorkerBaseProps, WorkerCredential, WorkPool,
} from 'cdktf-prefect';
import { AciNetwork, AciRegistryAccess, AciRestartPolicy, AciWorkerLogs } from './aci-worker-options';
import { AzurePrefectAuth } from './azure-prefect-auth';
import { AzureRules } from './azure-rules';
import { armId, resourceGroupIdOf } from './private/arm-id';
import { checkAzureTags, checkLocation, checkResourceGroupName } from './private/checks';

/** The Prefect image the worker runs by default, and the prefect-azure release installed in it. */
const WORKER_IMAGE = 'prefecthq/prefect:3.8.8-python3.11';
const PREFECT_AZURE = 'prefect-azure==0.4.13';
const NAME = /^[a-z0-9](?!.*--)[a-z0-9-]{0,38}[a-z0-9]$/;
const DNS_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const IDENTITY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;
const SECRET_FIX = 'keep secrets out of the configuration: put them in Key Vault (for the Prefect API key: auth: AzurePrefectAuth.apiKeyFromKeyVault(vaultId, secretName)), or feed them from a sensitive TerraformVariable';

/**
 * What the worker's identity may do in the flow runs' resource group: create container groups
 * through ARM deployments (as prefect-azure does), watch them, read their logs, delete them.
 */
const WORKER_ACTIONS = [
  'Microsoft.Resources/deployments/read',
  'Microsoft.Resources/deployments/write',
  'Microsoft.Resources/deployments/operationStatuses/read',
  'Microsoft.ContainerInstance/containerGroups/read',
  'Microsoft.ContainerInstance/containerGroups/write',
  'Microsoft.ContainerInstance/containerGroups/delete',
  'Microsoft.ContainerInstance/containerGroups/containers/logs/read',
];

/**
 * A container that reads one Key Vault secret with its user-assigned identity and prints it:
 * a token from the instance metadata endpoint for the vault's audience, then the secret.
 * Python's standard library only (the Prefect image has no curl). One line, no `${`.
 */
const SECRET_READER = [
  'import json,os,urllib.parse as p,urllib.request as u',
  "s=os.environ['PREFECT_KEY_VAULT_SECRET_URI']",
  "a='https://'+p.urlparse(s).hostname.split('.',1)[1]",
  "m=os.environ.get('PREFECT_IMDS_TOKEN_URL','http://169.254.169.254/metadata/identity/oauth2/token')",
  "t=json.load(u.urlopen(u.Request(m+'?api-version=2018-02-01&resource='+p.quote(a,safe='')+'&client_id='+os.environ['AZURE_CLIENT_ID'],headers={'Metadata':'true'}),timeout=30))['access_token']",
  "print(json.load(u.urlopen(u.Request(s+'?api-version=7.4',headers={'Authorization':'Bearer '+t}),timeout=30))['value'],end='')",
].join(';');

/** Properties of an `AciWorker`. */
export interface AciWorkerProps extends WorkerBaseProps {
  /**
   * A short name (lowercase letters, digits and single `-`; 2 to 40 characters) that the
   * Azure resource names are made from, e.g. the container group `prefect-worker-<name>`.
   */
  readonly name: string;

  /** The existing resource group of the worker, its identities and its log workspace. */
  readonly resourceGroupName: string;

  /**
   * The Azure region of the worker (and of the flow runs, unless `flowRunLocation` is set).
   * @default - the location of `resourceGroupName`
   */
  readonly location?: string;

  /**
   * How the worker and its flow runs authenticate: `AzurePrefectAuth.apiKeyFromKeyVault(vaultId,
   * name)` (preferred), `AzurePrefectAuth.apiKey(sensitiveRef)`, or for a self-hosted server
   * `AzurePrefectAuth.basicAuthFromKeyVault(vaultId, name)` / `AzurePrefectAuth.none()`.
   * @default AzurePrefectAuth.none() (self-hosted server without auth; Prefect Cloud needs an API key)
   */
  readonly auth?: AzurePrefectAuth;

  /**
   * The worker's IP address: none, public (with an optional DNS label) or private in subnets.
   * @default AciNetwork.none()
   */
  readonly network?: AciNetwork;

  /**
   * vCPUs of the worker container.
   * @default 1
   */
  readonly cpu?: number;

  /**
   * Memory of the worker container in GB (steps of 0.1).
   * @default 1.5
   */
  readonly memory?: number;

  /**
   * The worker's image.
   * @default "prefecthq/prefect:3.8.8-python3.11" (with `extraPipPackages` "prefect-azure==0.4.13")
   */
  readonly image?: string;

  /**
   * When Azure restarts the worker container.
   * @default AciRestartPolicy.ALWAYS
   */
  readonly restartPolicy?: AciRestartPolicy;

  /**
   * Where the worker's logs go.
   * @default AciWorkerLogs.newWorkspace(30)
   */
  readonly logs?: AciWorkerLogs;

  /**
   * The private registry of the worker's and the flow runs' images.
   * @default - public images
   */
  readonly registry?: AciRegistryAccess;

  /**
   * A `docker-registry-credentials` block the flow runs log in with, for
   * `AciRegistryAccess.password(...)`.
   * @default - the flow runs pull with their identity (`containerRegistry`) or without login
   */
  readonly flowRunRegistryCredentials?: IBlock;

  /**
   * Name of the worker's user-assigned identity (the module's `user_assigned_identity_name_override`).
   * @default "prefect-worker-<name>"
   */
  readonly identityName?: string;

  /**
   * Name of the worker's container group (the module's `container_instance_name_override`).
   * @default "prefect-worker-<name>"
   */
  readonly containerGroupName?: string;

  /**
   * Name of the worker's container (the module's `container_instance_container_name_override`).
   * @default "prefect-worker"
   */
  readonly containerName?: string;

  /**
   * An existing resource group (same subscription) the flow-run container groups go to; the
   * worker's role is assigned there.
   * @default - `resourceGroupName`
   */
  readonly flowRunResourceGroupName?: string;

  /**
   * Region of the flow-run container groups.
   * @default - `location` when set, else the flow runs' resource group's location
   */
  readonly flowRunLocation?: string;

  /**
   * Subnets the flow runs join (ARM resource IDs).
   * @default - the worker's subnets with `AciNetwork.privateSubnets`, else none
   */
  readonly flowRunSubnetIds?: string[];

  /**
   * DNS servers of the flow-run container groups (needs flow-run subnets).
   * @default - Azure's DNS
   */
  readonly flowRunDnsServers?: string[];

  /**
   * The flow runs' default image (the work pool's `image`).
   * @default - the Prefect image that matches the worker's version
   */
  readonly flowRunImage?: string;

  /**
   * The flow runs' default vCPUs (the work pool's `cpu`).
   * @default 1
   */
  readonly flowRunCpu?: number;

  /**
   * The flow runs' default memory in GB (the work pool's `memory`).
   * @default 1
   */
  readonly flowRunMemory?: number;

  /**
   * Whether the worker copies the flow runs' logs to its own output (the work pool's `stream_output`).
   * @default false
   */
  readonly flowRunStreamOutput?: boolean;

  /**
   * Tags of every Azure resource the worker creates.
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

/**
 * A Prefect worker on Azure Container Instances, and the `azure-container-instance` work pool it
 * serves, filled from what it creates: identities, roles, network, logs and registry.
 *
 * Replaces Prefect's ACI worker module (every input has a prop) and does what it leaves to the
 * UI or gets wrong: it creates the work pool (the module's example even gives it the wrong type),
 * keeps the API key out of the configuration and the state (read from Key Vault at start-up),
 * grants custom least-privilege roles instead of RG-wide built-ins, gets the DNS-label rule right,
 * uses its `location`, and adds liveness/readiness probes on the worker's health endpoint, a
 * restart policy, Log Analytics and identity-based registry pulls.
 *
 * Two identities: the worker's (it calls Azure and reads the secret) and the flow runs' (what flow
 * code runs as: grant it what your flows need through `flowRunIdentity`). The stack must configure
 * the azurerm and Prefect providers. Every inner construct is a public property.
 */
export class AciWorker extends WorkerBase {
  /**
   * The actions of the worker's custom role in the flow runs' resource group: create container
   * groups through ARM deployments (as prefect-azure does), watch them, read their logs, delete them.
   */
  public static readonly WORKER_ACTIONS: string[] = [...WORKER_ACTIONS];

  /** The worker's resource group (data source). */
  public readonly resourceGroup: DataAzurermResourceGroup;
  /** The worker's identity. */
  public readonly identity: UserAssignedIdentity;
  /** The flow runs' identity, given to every flow-run container group. */
  public readonly flowRunIdentity: UserAssignedIdentity;
  /** The custom role of the worker in the flow runs' resource group (`AciWorker.WORKER_ACTIONS`). */
  public readonly workerRole: RoleDefinition;
  /** Its assignment to the worker's identity, at the flow runs' resource group. */
  public readonly workerRoleAssignment: RoleAssignment;
  /** The custom role that lets the worker give the flow runs' identity to their container groups. */
  public readonly assignIdentityRole: RoleDefinition;
  /** Its assignment, at the flow runs' identity only. */
  public readonly assignIdentityRoleAssignment: RoleAssignment;
  /** The custom role that lets the worker put flow runs into subnets, undefined without subnets. */
  public readonly joinSubnetRole?: RoleDefinition;
  /** The custom role that reads the registry, undefined without `AciRegistryAccess.containerRegistry`. */
  public readonly registryPullRole?: RoleDefinition;
  /** The custom role that reads the Prefect secret, undefined unless it is in Key Vault. */
  public readonly secretReadRole?: RoleDefinition;
  /** Every role assignment, in creation order. */
  public readonly roleAssignments: RoleAssignment[];
  /** The new Log Analytics workspace, undefined with an existing one or none. */
  public readonly logWorkspace?: LogAnalyticsWorkspace;
  /** The `azure-container-instance` work pool, its base job template filled from the resources above. */
  public readonly workPool: WorkPool;
  /** The worker's container group. */
  public readonly containerGroup: ContainerGroup;

  /** The worker identity's ARM resource ID (the module's `managed_identity_id`). @attribute */
  public readonly identityId: string;
  /** The worker identity's principal ID (the module's `managed_identity_principal_id`). @attribute */
  public readonly identityPrincipalId: string;
  /** The flow runs' identity's ARM resource ID. @attribute */
  public readonly flowRunIdentityId: string;
  /** The container group's name (the module's `container_group_name`). @attribute */
  public readonly containerGroupName: string;
  /** The container group's ARM resource ID. @attribute */
  public readonly containerGroupId: string;

  constructor(scope: Construct, id: string, props: AciWorkerProps) {
    super(scope, id, props, {
      workerType: 'azure-container-instance',
      extraPipPackages: PREFECT_AZURE,
      credential: credentialOf(props.auth ?? AzurePrefectAuth.none()),
      apiKeyHint: 'pass auth: AzurePrefectAuth.apiKeyFromKeyVault(vaultId, secretName) (or AzurePrefectAuth.apiKey(sensitiveRef))',
    });
    this.roleAssignments = [];
    // this package's default rules (PF-AZ-001) run on the worker with no pack added; a pack the
    // user adds as well reports nothing twice (each rule runs once per construct)
    Aspects.of(this).add(AzureRules.correctness());
    const auth = props.auth ?? AzurePrefectAuth.none();
    const network = props.network ?? AciNetwork.none();
    const logs = props.logs ?? AciWorkerLogs.newWorkspace();
    const name = props.name;
    const tags = props.tags;
    const vault = auth.fromKeyVault ? armId(this, 'key vault ID', auth._value, 'Microsoft.KeyVault/vaults', 'prefect') : undefined;
    const registry = props.registry?._kind === 'acr'
      ? armId(this, 'container registry ID', props.registry._target, 'Microsoft.ContainerRegistry/registries', 'prefect') : undefined;
    const workspace = logs._kind === 'existing'
      ? armId(this, 'log analytics workspace ID', logs._workspaceId!, 'Microsoft.OperationalInsights/workspaces', 'prefect') : undefined;
    const flowRunSubnets = props.flowRunSubnetIds ?? network._subnetIds;
    this.validate(props, auth, network, logs, flowRunSubnets);

    this.resourceGroup = new DataAzurermResourceGroup(this, 'ResourceGroup', { name: props.resourceGroupName });
    const location = props.location ?? this.resourceGroup.location;
    const flowRunGroup = props.flowRunResourceGroupName === undefined ? this.resourceGroup
      : new DataAzurermResourceGroup(this, 'FlowRunResourceGroup', { name: props.flowRunResourceGroupName });
    const subscription = new DataAzurermSubscription(this, 'Subscription');
    const base = `prefect-worker-${name}`;

    this.identity = new UserAssignedIdentity(this, 'Identity', {
      name: props.identityName ?? base, resourceGroupName: this.resourceGroup.name, location, tags,
    });
    this.flowRunIdentity = new UserAssignedIdentity(this, 'FlowRunIdentity', {
      name: `prefect-flow-run-${name}`, resourceGroupName: this.resourceGroup.name, location, tags,
    });
    this.identityId = this.identity.id;
    this.identityPrincipalId = this.identity.principalId;
    this.flowRunIdentityId = this.flowRunIdentity.id;

    // why the resource group and not narrower: each flow run creates a container group and an ARM
    // deployment under new names (flow name + run ID), and Azure RBAC scopes are management
    // group, subscription, resource group or an existing resource, with no name patterns
    this.workerRole = this.customRole('WorkerRole', `${base} container groups (${flowRunGroup.name})`, flowRunGroup.id,
      'Create, watch and delete the flow-run container groups of a Prefect ACI worker', WORKER_ACTIONS);
    this.workerRoleAssignment = this.assign('WorkerRoleAssignment', this.workerRole, flowRunGroup.id, this.identity);
    this.assignIdentityRole = this.customRole('AssignIdentityRole', `${base} assign flow-run identity (${this.resourceGroup.name})`,
      this.resourceGroup.id, 'Give the flow-run identity to flow-run container groups',
      ['Microsoft.ManagedIdentity/userAssignedIdentities/assign/action']);
    this.assignIdentityRoleAssignment = this.assign('AssignIdentityRoleAssignment', this.assignIdentityRole, this.flowRunIdentity.id, this.identity);

    if (network._subnetIds !== undefined || flowRunSubnets !== undefined) {
      // the worker joins only the flow runs' subnets; its own are joined by whoever applies this stack
      const subnets = flowRunSubnets ?? [];
      const groups = Token.isUnresolved(subnets) ? [] : subnets.map(resourceGroupIdOf);
      if (subnets.length > 0 || Token.isUnresolved(subnets)) {
        this.joinSubnetRole = this.customRole('JoinSubnetRole', `${base} join flow-run subnets (${this.resourceGroup.name})`,
          groups[0] ?? this.resourceGroup.id, 'Put flow-run container groups into their subnets',
          ['Microsoft.Network/virtualNetworks/subnets/join/action'], undefined, groups.length === 0 ? undefined : [...new Set(groups)]);
        subnets.forEach((subnet, i) => this.assign(`JoinSubnetRoleAssignment${i}`, this.joinSubnetRole!, subnet, this.identity));
      }
    }

    let registryServer: string | undefined;
    if (registry !== undefined) {
      const acr = new DataAzurermContainerRegistry(this, 'Registry', { name: registry.name, resourceGroupName: registry.resourceGroupName });
      registryServer = acr.loginServer;
      this.registryPullRole = this.customRole('RegistryPullRole', `${base} pull images (${registry.resourceGroupName})`,
        registry.resourceGroupId, 'Pull the worker\'s and the flow runs\' images', ['Microsoft.ContainerRegistry/registries/pull/read']);
      this.assign('RegistryPullRoleAssignment', this.registryPullRole, acr.id, this.identity);
      this.assign('FlowRunRegistryPullRoleAssignment', this.registryPullRole, acr.id, this.flowRunIdentity);
    }

    let secretUri: string | undefined;
    if (vault !== undefined) {
      // the vault's metadata only: the secret's value is read by the container, never by Terraform
      const keyVault = new DataAzurermKeyVault(this, 'KeyVault', { name: vault.name, resourceGroupName: vault.resourceGroupName });
      secretUri = `${keyVault.vaultUri}secrets/${auth._secretName}`;
      this.secretReadRole = this.customRole('SecretReadRole', `${base} read the Prefect secret (${vault.resourceGroupName})`,
        vault.resourceGroupId, 'Read the Prefect API secret at start-up', [], ['Microsoft.KeyVault/vaults/secrets/getSecret/action']);
      this.assign('SecretReadRoleAssignment', this.secretReadRole, `${keyVault.id}/secrets/${auth._secretName}`, this.identity);
    }

    let workspaceId: string | undefined;
    let workspaceKey: string | undefined;
    if (logs._kind === 'new') {
      this.logWorkspace = new LogAnalyticsWorkspace(this, 'LogWorkspace', {
        name: base, resourceGroupName: this.resourceGroup.name, location, sku: 'PerGB2018', retentionInDays: logs._retentionDays, tags,
      });
      workspaceId = this.logWorkspace.workspaceId;
      workspaceKey = this.logWorkspace.primarySharedKey;
    } else if (workspace !== undefined) {
      const existing = new DataAzurermLogAnalyticsWorkspace(this, 'LogWorkspace', { name: workspace.name, resourceGroupName: workspace.resourceGroupName });
      workspaceId = existing.workspaceId;
      workspaceKey = existing.primarySharedKey;
    }

    // the work pool, filled from everything above; created before the worker that polls it
    const registryAccess = registryServer !== undefined ? AciImageRegistry.managedIdentity(registryServer, this.flowRunIdentity.id)
      : props.flowRunRegistryCredentials !== undefined ? AciImageRegistry.credentials(props.flowRunRegistryCredentials) : undefined;
    this.workPool = this.createWorkPool(BaseJobTemplate.azureContainerInstance({
      resourceGroupName: flowRunGroup.name,
      subscriptionId: subscription.subscriptionId,
      location: props.flowRunLocation ?? props.location,
      identities: [this.flowRunIdentity.id],
      env: { AZURE_CLIENT_ID: this.flowRunIdentity.clientId },
      imageRegistry: registryAccess,
      subnetIds: flowRunSubnets,
      dnsServers: props.flowRunDnsServers,
      image: props.flowRunImage,
      cpu: props.flowRunCpu,
      memory: props.flowRunMemory,
      streamOutput: props.flowRunStreamOutput,
    }), `Azure Container Instances work pool served by the Prefect worker ${name}`);

    this.containerGroup = new ContainerGroup(this, 'ContainerGroup', {
      name: props.containerGroupName ?? base,
      resourceGroupName: this.resourceGroup.name,
      location,
      osType: 'Linux',
      restartPolicy: props.restartPolicy ?? AciRestartPolicy.ALWAYS,
      identity: { type: 'UserAssigned', identityIds: [this.identity.id] },
      ipAddressType: network._ipAddressType,
      subnetIds: network._subnetIds,
      dnsNameLabel: network._dnsNameLabel,
      container: [this.workerContainer(props, auth, network, secretUri)],
      imageRegistryCredential: props.registry === undefined ? undefined : [props.registry._kind === 'acr'
        ? { server: registryServer!, userAssignedIdentityId: this.identity.id }
        : { server: props.registry._target, username: props.registry._username, password: props.registry._password }],
      diagnostics: workspaceId === undefined ? undefined : {
        logAnalytics: { workspaceId, workspaceKey: workspaceKey!, logType: 'ContainerInsights' },
      },
      tags,
      // the worker needs its roles at start-up: the secret, the registry, the flow runs' groups
      dependsOn: [...this.roleAssignments as ITerraformDependable[]],
    });
    this.containerGroupName = this.containerGroup.name;
    this.containerGroupId = this.containerGroup.id;
  }

  private workerContainer(props: AciWorkerProps, auth: AzurePrefectAuth, network: AciNetwork, secretUri?: string): ContainerGroupContainer {
    const envName = this.credential.envName;
    const environment: { [key: string]: string } = { AZURE_CLIENT_ID: this.identity.clientId };
    for (const v of this.workerEnvironment()) environment[v.name] = v.value;
    const start = this.workerCommand(this.workPool);
    let commands = ['/opt/prefect/entrypoint.sh', ...start];
    if (secretUri !== undefined && envName !== undefined) {
      environment.PREFECT_KEY_VAULT_SECRET_URI = secretUri;
      environment.PREFECT_KEY_VAULT_READER = SECRET_READER;
      // read the secret into the worker's environment, then become the worker; the entrypoint
      // installs EXTRA_PIP_PACKAGES first
      commands = ['/opt/prefect/entrypoint.sh', '/bin/sh', '-c',
        `${envName}="$(python -c "$PREFECT_KEY_VAULT_READER")" && export ${envName} && exec "$@"`, 'prefect-worker', ...start];
    }
    const health = this.workerHealthCheck();
    const probe = health === undefined ? undefined : {
      exec: health.command,
      periodSeconds: health.intervalSeconds,
      timeoutSeconds: health.timeoutSeconds,
      failureThreshold: health.retries,
    };
    return {
      name: props.containerName ?? 'prefect-worker',
      image: props.image ?? WORKER_IMAGE,
      cpu: props.cpu ?? 1,
      memory: props.memory ?? 1.5,
      commands,
      environmentVariables: environment,
      secureEnvironmentVariables: auth._kind === 'api-key-value' ? { [envName!]: auth._value } : undefined,
      // Azure accepts an IP address only with an open port: the health port, served only with the health check
      ports: network._ipAddressType === 'None' || health === undefined ? undefined : [{ port: health.port, protocol: 'TCP' }],
      livenessProbe: probe === undefined ? undefined : { ...probe, initialDelaySeconds: health!.startPeriodSeconds },
      readinessProbe: probe === undefined ? undefined : { ...probe, initialDelaySeconds: 10 },
    };
  }

  private customRole(
    id: string, roleName: string, scope: string, description: string, actions: string[],
    dataActions?: string[], assignableScopes?: string[],
  ): RoleDefinition {
    return new RoleDefinition(this, id, {
      name: roleName,
      scope,
      description,
      permissions: [{ actions, dataActions }],
      assignableScopes: assignableScopes ?? [scope],
    });
  }

  private assign(id: string, role: RoleDefinition, scope: string, identity: UserAssignedIdentity): RoleAssignment {
    const assignment = new RoleAssignment(this, id, {
      scope,
      roleDefinitionId: role.roleDefinitionResourceId,
      principalId: identity.principalId,
      principalType: 'ServicePrincipal',
    });
    this.roleAssignments.push(assignment);
    return assignment;
  }

  private validate(props: AciWorkerProps, auth: AzurePrefectAuth, network: AciNetwork, logs: AciWorkerLogs, flowRunSubnets?: string[]): void {
    const literal = (v: unknown): v is string => typeof v === 'string' && !Token.isUnresolved(v);
    if (!literal(props.name) || !NAME.test(props.name)) {
      Checks.fail(this, `invalid name ${Checks.show(props.name)}: use 2 to 40 lowercase letters, digits and single "-", starting and ending with a letter or digit (it makes the Azure resource names, e.g. "prefect-worker-<name>"), e.g. "prod"`);
    }
    checkResourceGroupName(this, props.resourceGroupName);
    checkLocation(this, 'location', props.location);
    checkLocation(this, 'flowRunLocation', props.flowRunLocation);
    if (literal(props.identityName) && !IDENTITY_NAME.test(props.identityName)) {
      Checks.fail(this, `invalid identityName ${Checks.show(props.identityName)}: use 3 to 128 letters, digits, "-" or "_", starting with a letter or digit`);
    }
    if (literal(props.containerGroupName) && !/^[a-z0-9](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$/.test(props.containerGroupName)) {
      Checks.fail(this, `invalid containerGroupName ${Checks.show(props.containerGroupName)}: use 2 to 63 lowercase letters, digits and single "-", starting and ending with a letter or digit`);
    }
    if (literal(props.containerName) && !/^[a-z0-9](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$/.test(props.containerName)) {
      Checks.fail(this, `invalid containerName ${Checks.show(props.containerName)}: use 2 to 63 lowercase letters, digits and single "-", e.g. "prefect-worker"`);
    }
    this.validateNetwork(network, props.flowRunDnsServers, flowRunSubnets);
    this.validateAuth(auth);
    if (logs._kind === 'new') {
      Checks.integer(this, { name: 'log retention days', value: logs._retentionDays, min: 30, max: 730 });
    }
    if (props.registry?._kind === 'password') {
      const password = props.registry._password;
      if (literal(password)) {
        Checks.fail(this, 'the registry password is a literal, so it would be written to cdk.tf.json: pass a sensitive reference (TerraformVariable with sensitive: true), or better AciRegistryAccess.containerRegistry(registryId), which needs no password');
      }
      if (literal(props.registry._target) && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i.test(props.registry._target)) {
        Checks.fail(this, `invalid registry server ${Checks.show(props.registry._target)}: give the address alone, without scheme or path, e.g. "registry.example.com"`);
      }
    }
    if (props.flowRunRegistryCredentials !== undefined && props.registry?._kind === 'acr') {
      Checks.fail(this, 'flowRunRegistryCredentials cannot be combined with AciRegistryAccess.containerRegistry(): the flow runs already pull with their identity; remove one');
    }
    checkAzureTags(this, props.tags);
    // every free-text prop ends up in the configuration; the secrets are checked above
    Checks.refuseCredentials(this, { ...props, auth: undefined, registry: undefined }, SECRET_FIX);
    // the worker's and the flow runs' sizes follow the same ACI rules as the pool's variables
    BaseJobTemplate.azureContainerInstance({ cpu: props.cpu, memory: props.memory }).render(this);
    BaseJobTemplate.azureContainerInstance({ cpu: props.flowRunCpu, memory: props.flowRunMemory }).render(this);
  }

  private validateNetwork(network: AciNetwork, dnsServers?: string[], flowRunSubnets?: string[]): void {
    const label = network._dnsNameLabel;
    if (network._ipAddressType === 'Public' && label !== undefined && !Token.isUnresolved(label) && !DNS_LABEL.test(label)) {
      Checks.fail(this, `invalid dnsNameLabel ${Checks.show(label)}: use 3 to 63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit`);
    }
    if (network._ipAddressType === 'Public' && !this.healthCheckEnabled) {
      Checks.fail(this, 'AciNetwork.publicIp() needs the health check: Azure gives an IP address only with an open port, and the only port is the health endpoint; use AciNetwork.none() (the worker needs no inbound traffic) or keep healthCheck on');
    }
    // a public IP is reported by rule PF-AZ-001 (AzureRules, which this worker runs on itself)
    const subnets = network._subnetIds;
    if (network._ipAddressType === 'Private' && subnets !== undefined && !Token.isUnresolved(subnets) && subnets.length === 0) {
      Checks.fail(this, 'AciNetwork.privateSubnets([]) has no subnet: give at least one subnet ID (delegated to Microsoft.ContainerInstance/containerGroups), or use AciNetwork.none()');
    }
    for (const [what, list] of [['AciNetwork.privateSubnets()', subnets], ['flowRunSubnetIds', flowRunSubnets]] as const) {
      if (list !== undefined && !Token.isUnresolved(list) && list.length > 1) {
        Checks.fail(this, `${what} has ${list.length} subnets ${Checks.show(list)}: a container group joins one subnet (azurerm and ACI take at most one); give one`);
      }
    }
    if (dnsServers !== undefined && flowRunSubnets === undefined) {
      Checks.fail(this, `flowRunDnsServers ${Checks.show(dnsServers)} need subnets: Azure takes DNS servers only for container groups in a virtual network; set flowRunSubnetIds or use AciNetwork.privateSubnets(subnetIds)`);
    }
    const subnetPattern = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
    const literalList = (list?: string[]) => (list === undefined || Token.isUnresolved(list) ? [] : list);
    for (const subnet of [...literalList(subnets), ...literalList(flowRunSubnets)]) {
      if (!Token.isUnresolved(subnet) && !subnetPattern.test(subnet)) {
        Checks.fail(this, `invalid subnet ID ${Checks.show(subnet)}: use the ARM resource ID of a subnet, "/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>"`);
      }
    }
  }

  private validateAuth(auth: AzurePrefectAuth): void {
    if (auth._kind === 'api-key-value' && !Token.isUnresolved(auth._value)) {
      Checks.fail(this, 'the API key is a literal, so it would be written to cdk.tf.json: pass a sensitive reference (TerraformVariable with sensitive: true) to AzurePrefectAuth.apiKey(), or better AzurePrefectAuth.apiKeyFromKeyVault(vaultId, secretName)');
    }
    if (auth._kind === 'api-key-value') {
      Annotations.of(this).addInfo('AzurePrefectAuth.apiKey() passes the key as a secure environment variable: hidden in Azure, but in the Terraform state; AzurePrefectAuth.apiKeyFromKeyVault() keeps it out of the state');
    }
    const secret = auth._secretName;
    if (auth.fromKeyVault && secret !== undefined && !Token.isUnresolved(secret) && !SECRET_NAME.test(secret)) {
      Checks.fail(this, `invalid key vault secret name ${Checks.show(secret)}: use 1 to 127 letters, digits and "-"`);
    }
  }
}


/** The environment variable the worker reads its credential from. */
function credentialOf(auth: AzurePrefectAuth): WorkerCredential {
  if (auth.isApiKey) return WorkerCredential.API_KEY;
  return auth._kind === 'none' ? WorkerCredential.NONE : WorkerCredential.AUTH_STRING;
}
