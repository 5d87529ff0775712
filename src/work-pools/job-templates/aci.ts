// The `azure-container-instance` worker's template (prefect-azure), written from the shape the worker reads.
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail, isLiteral, show, validateInteger } from '../../core';
import { checkBlockSlot } from '../../blocks/block-ref';
import { WorkPoolType } from '../work-pool-type';
import { AciJobTemplateOptions } from './aci-options';
import {
  Json, TemplateDefinition, blockReference, blockVariable, commonVariables, placeholder, placeholders, stringList,
  templateDefinition, templateDocument, variable,
} from './schema';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ARM_PREFIX = '^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/';
const IDENTITY_ID = new RegExp(`${ARM_PREFIX}Microsoft\\.ManagedIdentity/userAssignedIdentities/[^/]+$`, 'i');
const SUBNET_ID = new RegExp(`${ARM_PREFIX}Microsoft\\.Network/virtualNetworks/[^/]+/subnets/[^/]+$`, 'i');
const RESOURCE_GROUP = /^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$/u;
const REGISTRY_URL = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i;
const IPV4 = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/;
const IDENTITY_EXAMPLE = '"/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>"';

/** The ARM template the worker deploys for each flow run: one container group, one container. */
function armTemplate(options: AciJobTemplateOptions): Json {
  const parameter = (description: string, defaultValue: string) => ({ type: 'string', defaultValue, metadata: { description } });
  const requests: Json = { cpu: placeholder('cpu'), memoryInGB: placeholder('memory') };
  // the worker declares gpu_count/gpu_sku but never writes them into the container group
  if (options.gpuCount !== undefined || options.gpuSku !== undefined) {
    requests.gpu = { count: placeholder('gpu_count'), sku: placeholder('gpu_sku') };
  }
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-08-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      location: parameter('Location for all resources.', options.location ?? '[resourceGroup().location]'),
      container_group_name: parameter('The name of the container group to create.', '[uniqueString(resourceGroup().id)]'),
      container_name: parameter('The name of the container to create.', '[uniqueString(resourceGroup().id)]'),
    },
    resources: [{
      type: 'Microsoft.ContainerInstance/containerGroups',
      apiVersion: '2022-09-01',
      name: "[parameters('container_group_name')]",
      location: "[parameters('location')]",
      properties: {
        containers: [{
          name: "[parameters('container_name')]",
          properties: {
            image: placeholder('image'),
            command: placeholder('command'),
            resources: { requests },
            environmentVariables: [],
          },
        }],
        osType: 'Linux',
        restartPolicy: 'Never',
      },
    }],
  };
}

function jobConfiguration(options: AciJobTemplateOptions): Json {
  return {
    ...placeholders(
      'command', 'env', 'labels', 'name', 'image', 'resource_group_name', 'subscription_id', 'identities', 'entrypoint',
      'image_registry', 'cpu', 'gpu_count', 'gpu_sku', 'memory', 'subnet_ids', 'dns_servers', 'stream_output',
      'aci_credentials', 'task_start_timeout_seconds', 'task_watch_poll_interval',
    ),
    arm_template: armTemplate(options),
  };
}

function definitions(): Json {
  const str = (title: string, description: string, extra: Json = {}) => ({ title, description, type: 'string', ...extra });
  const secret = { writeOnly: true, format: 'password' };
  return {
    DockerRegistryCredentials: {
      title: 'DockerRegistryCredentials',
      description: 'A registry login kept in a docker-registry-credentials block.',
      type: 'object',
      properties: {
        username: str('Username', 'User name of the registry login.'),
        password: str('Password', 'Password of the registry login.', secret),
        registry_url: str('Registry Url', 'Address of the registry, without http(s)://.'),
        reauth: { title: 'Reauth', description: 'Log in again before each pull.', type: 'boolean', default: true },
      },
      required: ['username', 'password', 'registry_url'],
      block_type_slug: 'docker-registry-credentials',
      secret_fields: ['password'],
      block_schema_references: {},
    },
    ACRManagedIdentity: {
      title: 'ACRManagedIdentity',
      description: 'An Azure Container Registry read with a user-assigned identity of the container group.',
      type: 'object',
      properties: {
        registry_url: str('Registry URL', 'Login server of the registry, e.g. myregistry.azurecr.io.'),
        identity: str('Identity', 'ARM resource ID of the user-assigned identity that pulls the image.'),
      },
      required: ['registry_url', 'identity'],
    },
    AzureContainerInstanceCredentials: {
      title: 'AzureContainerInstanceCredentials',
      description: 'A service principal the worker calls Azure with; DefaultAzureCredential when empty.',
      type: 'object',
      properties: {
        client_id: str('Client ID', 'Client ID of the service principal.'),
        tenant_id: str('Tenant ID', 'Tenant of the service principal.'),
        client_secret: str('Client Secret', 'Secret of the service principal.', secret),
        credential_kwargs: { title: 'Additional Credential Keyword Arguments', description: 'More arguments of the credential class.', type: 'object' },
      },
      block_type_slug: 'azure-container-instance-credentials',
      secret_fields: ['client_secret'],
      block_schema_references: {},
    },
  };
}

function variables(): Json {
  const str = (title: string, description: string, extra: Json = {}) => variable('string', title, description, extra);
  return {
    ...commonVariables('container group'),
    image: str('Image', 'Container image of the flow runs; the Prefect image of the worker\'s version when empty.'),
    resource_group_name: str('Azure Resource Group Name', 'Resource group the flow-run container groups are created in.'),
    subscription_id: str('Azure Subscription ID', 'Subscription of that resource group.', { writeOnly: true, format: 'password' }),
    identities: stringList('Identities', 'ARM resource IDs of the user-assigned identities of each flow-run container group.'),
    entrypoint: str('Entrypoint', 'Entrypoint of the flow-run container; the command is passed to it.', { default: '/opt/prefect/entrypoint.sh' }),
    image_registry: variable(undefined, 'Image Registry (Optional)', 'The private registry of the flow-run image: a username and password, or a managed identity for ACR.', {
      anyOf: [{ $ref: '#/definitions/DockerRegistryCredentials' }, { $ref: '#/definitions/ACRManagedIdentity' }],
    }),
    cpu: variable('number', 'CPU', 'vCPUs of each flow-run container.', { default: 1.0 }),
    gpu_count: variable('integer', 'GPU Count', 'GPUs of each flow-run container.'),
    gpu_sku: str('GPU SKU', 'GPU model of the flow-run containers.'),
    memory: variable('number', 'Memory', 'Memory of each flow-run container in GB.', { default: 1.0 }),
    subnet_ids: stringList('Subnet IDs', 'Virtual-network subnets the flow-run container groups join.'),
    dns_servers: stringList('DNS Servers', 'DNS servers of the flow-run container groups (in a virtual network).'),
    aci_credentials: blockVariable('Aci Credentials', 'Block with the service principal the worker calls Azure with.', 'AzureContainerInstanceCredentials'),
    stream_output: variable('boolean', 'Stream Output', 'Copy the flow-run container\'s logs to the worker\'s output.', { default: false }),
    task_start_timeout_seconds: variable('integer', 'Task Start Timeout Seconds', 'Seconds the worker waits for a container to start.', { default: 240 }),
    task_watch_poll_interval: variable('number', 'Task Watch Poll Interval', 'Seconds between two polls of a running container.', { default: 5.0 }),
  };
}

/** @internal */
export function aciTemplate(options: AciJobTemplateOptions): TemplateDefinition {
  const document = templateDocument(jobConfiguration(options), variables(), definitions());
  document.variables.description = 'Variables of an Azure Container Instances flow run.';
  document.variables.required = ['resource_group_name', 'subscription_id'];
  const registry = options.imageRegistry;
  return templateDefinition(WorkPoolType.AZURE_CONTAINER_INSTANCE, document, options, {
    image: options.image,
    resource_group_name: options.resourceGroupName,
    subscription_id: options.subscriptionId,
    identities: options.identities,
    entrypoint: options.entrypoint,
    image_registry: registry === undefined || registry === null ? undefined
      : registry._kind === 'credentials' ? blockReference(registry._block)
        : { registry_url: registry._registryUrl, identity: registry._identityId },
    cpu: options.cpu,
    gpu_count: options.gpuCount,
    gpu_sku: options.gpuSku?.name,
    memory: options.memory,
    subnet_ids: options.subnetIds,
    dns_servers: options.dnsServers,
    stream_output: options.streamOutput,
    aci_credentials: blockReference(options.aciCredentials),
    task_start_timeout_seconds: options.taskStartTimeoutSeconds,
    task_watch_poll_interval: options.taskWatchPollInterval,
  }, (scope) => checkAci(scope, options));
}

function literal(value: string | undefined): value is string {
  return value !== undefined && value !== null && !Token.isUnresolved(value);
}

function checkAci(scope: IConstruct, o: AciJobTemplateOptions): void {
  checkBlockSlot(scope, 'BaseJobTemplate.azureContainerInstance aciCredentials', o.aciCredentials);
  if (literal(o.subscriptionId) && !GUID.test(o.subscriptionId)) {
    fail(scope, `invalid aci subscriptionId ${show(o.subscriptionId)}: use the subscription's ID, a GUID such as "00000000-0000-0000-0000-000000000000" (az account show --query id)`);
  }
  if (literal(o.resourceGroupName) && !RESOURCE_GROUP.test(o.resourceGroupName)) {
    fail(scope, `invalid aci resourceGroupName ${show(o.resourceGroupName)}: use 1 to 90 letters, digits, "_", "-", ".", "(" or ")", not ending with "."`);
  }
  if (literal(o.location) && !/^[a-z0-9]+$/.test(o.location)) {
    fail(scope, `invalid aci location ${show(o.location)}: use the region's name as ARM spells it, e.g. "westeurope" (az account list-locations --query [].name)`);
  }
  for (const id of isLiteral(o.identities) ? o.identities! : []) {
    if (literal(id) && !IDENTITY_ID.test(id)) {
      fail(scope, `invalid aci identity ${show(id)}: use the ARM resource ID of a user-assigned identity, ${IDENTITY_EXAMPLE}`);
    }
  }
  for (const id of isLiteral(o.subnetIds) ? o.subnetIds! : []) {
    if (literal(id) && !SUBNET_ID.test(id)) {
      fail(scope, `invalid aci subnet ID ${show(id)}: use the ARM resource ID of a subnet, "/subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>"`);
    }
  }
  if (isLiteral(o.subnetIds) && o.subnetIds!.length > 1) {
    fail(scope, `aci subnetIds ${show(o.subnetIds)} name ${o.subnetIds!.length} subnets: a container group joins one subnet; give one`);
  }
  if (o.dnsServers !== undefined && o.subnetIds === undefined) {
    fail(scope, `aci dnsServers ${show(o.dnsServers)} need subnetIds: Azure takes a DNS configuration only for container groups in a virtual network`);
  }
  for (const server of isLiteral(o.dnsServers) ? o.dnsServers! : []) {
    if (literal(server) && !IPV4.test(server)) {
      fail(scope, `invalid aci DNS server ${show(server)}: use an IPv4 address, e.g. "10.0.0.4"`);
    }
  }
  if (literal(o.entrypoint) && o.entrypoint.trim() === '') {
    fail(scope, 'aci entrypoint is empty: leave it unset for Prefect images ("/opt/prefect/entrypoint.sh"), or give the executable of your image');
  }
  checkRegistry(scope, o);
  checkPositive(scope, 'cpu', o.cpu, 'vCPUs, e.g. 1 or 0.5');
  checkPositive(scope, 'memory', o.memory, 'GB in steps of 0.1, e.g. 1.5');
  if (isLiteral(o.memory) && Math.abs(o.memory! * 10 - Math.round(o.memory! * 10)) > 1e-9) {
    fail(scope, `invalid aci memory ${show(o.memory)}: Azure Container Instances takes memory in steps of 0.1 GB, e.g. ${Math.round(o.memory! * 10) / 10}`);
  }
  validateInteger(scope, 'aci gpuCount', o.gpuCount, 1, 4);
  if ((o.gpuCount === undefined) !== (o.gpuSku === undefined)) {
    fail(scope, `aci gpuCount ${show(o.gpuCount)} and gpuSku ${show(o.gpuSku?.name)} go together: set both (e.g. gpuCount: 1, gpuSku: AciGpuSku.V100) or neither`);
  }
  validateInteger(scope, 'aci task start timeout', o.taskStartTimeoutSeconds, 1);
  checkPositive(scope, 'task watch poll interval', o.taskWatchPollInterval, 'a number of seconds');
}

function checkPositive(scope: IConstruct, what: string, value: number | undefined, unit: string): void {
  if (isLiteral(value) && !(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    fail(scope, `invalid aci ${what} ${show(value)}: it must be above 0 (${unit})`);
  }
}

function checkRegistry(scope: IConstruct, o: AciJobTemplateOptions): void {
  const registry = o.imageRegistry;
  if (registry === undefined) return;
  if (registry._kind === 'credentials') {
    checkBlockSlot(scope, 'AciImageRegistry.credentials block', registry._block);
    return;
  }
  const url = registry._registryUrl;
  if (literal(url) && !REGISTRY_URL.test(url)) {
    fail(scope, `invalid aci registry URL ${show(url)}: give the login server alone, without scheme or path, e.g. "myregistry.azurecr.io"`);
  }
  const identity = registry._identityId;
  if (literal(identity) && !IDENTITY_ID.test(identity)) {
    fail(scope, `invalid aci registry identity ${show(identity)}: use the ARM resource ID of a user-assigned identity, ${IDENTITY_EXAMPLE}`);
  }
  const listed = o.identities !== undefined && (o.identities.includes(identity as string) || !isLiteral(o.identities) || !literal(identity));
  if (identity !== undefined && !listed) {
    fail(scope, `the aci registry identity ${show(identity)} is not among identities ${show(o.identities ?? [])}: Azure pulls with an identity of the container group, so add it to identities`);
  }
}
