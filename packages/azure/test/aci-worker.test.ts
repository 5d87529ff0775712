import { AnnotationMetadataEntryType, Aspects, Lazy, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { IBlock, PrefectApi, Suppressions } from 'cdktf-prefect';
import { AciNetwork, AciRegistryAccess, AciRestartPolicy, AciWorker, AciWorkerLogs, AciWorkerProps, AzurePrefectAuth, AzureRules, l1 } from '../src';
import { runTable } from '../../../test/support/bad-input-table';
import { onlyResource, resourcesOf, synthJson } from '../../../test/support/synth';
import { aciCloud, aciSelfHosted, azureStack, REGISTRY_ID, SUB, SUBNET_A, SUBNET_B, VAULT_ID, WORKSPACE_ID } from './aci-fixtures';

const ref = (type: string, c: { friendlyUniqueId: string }, attr: string) => `\${${type}.${c.friendlyUniqueId}.${attr}}`;
const counts = (json: any, kind: 'resource' | 'data') => Object.fromEntries(Object.entries(json[kind] ?? {}).map(([t, r]) => [t, Object.keys(r as object).length]));
const block: IBlock = {
  blockName: 'acr', blockTypeSlug: 'docker-registry-credentials', blockId: '0b4c0a5e-0000-4000-8000-0000000000bb',
  templateReference: '{{ prefect.blocks.docker-registry-credentials.acr }}', node: undefined as any,
};

function synthWorker(props: AciWorkerProps = aciCloud()) {
  const stack = azureStack();
  const worker = new AciWorker(stack, 'Worker', props);
  return { stack, worker, json: synthJson(stack) };
}
/** The resources of a type in the worker's creation order (the synthesized JSON sorts them by logical ID). */
const inOrder = (json: any, type: string, elements: Array<{ friendlyUniqueId: string }>) =>
  elements.map((e) => resourcesOf(json, type)[e.friendlyUniqueId]);
const roles = (json: any) => Object.values(resourcesOf(json, 'azurerm_role_definition')) as any[];
const assignments = (json: any) => Object.values(resourcesOf(json, 'azurerm_role_assignment')) as any[];
const notes = (worker: AciWorker, type: string) => worker.node.metadata.filter((m) => m.type === type).map((m) => m.data as string);
const pool = (json: any) => JSON.parse(JSON.stringify(onlyResource(json, 'prefect_work_pool')));
const container = (json: any) => onlyResource(json, 'azurerm_container_group').container[0];

describe('AciWorker', () => {
  test('Prefect Cloud, key in Key Vault: every resource, role and action', () => {
    const { worker, json } = synthWorker(aciCloud({ tags: { team: 'data' } }));
    expect(counts(json, 'resource')).toEqual({
      azurerm_container_group: 1,
      azurerm_log_analytics_workspace: 1,
      azurerm_role_assignment: 3,
      azurerm_role_definition: 3,
      azurerm_user_assigned_identity: 2,
      prefect_work_pool: 1,
      terraform_data: 1, // the pool's replacement trigger
    });
    expect(counts(json, 'data')).toEqual({ azurerm_key_vault: 1, azurerm_resource_group: 1, azurerm_subscription: 1 });
    expect(json.provider.azurerm).toHaveLength(1); // the stack's own

    const rg = ref('data.azurerm_resource_group', worker.resourceGroup, 'id');
    const rgName = ref('data.azurerm_resource_group', worker.resourceGroup, 'name');
    const location = ref('data.azurerm_resource_group', worker.resourceGroup, 'location');
    expect(inOrder(json, 'azurerm_user_assigned_identity', [worker.identity, worker.flowRunIdentity])).toEqual([
      { name: 'prefect-worker-test', resource_group_name: rgName, location, tags: { team: 'data' } },
      { name: 'prefect-flow-run-test', resource_group_name: rgName, location, tags: { team: 'data' } },
    ]);
    const secretsRg = `/subscriptions/${SUB}/resourceGroups/secrets`;
    expect(inOrder(json, 'azurerm_role_definition', [worker.workerRole, worker.assignIdentityRole, worker.secretReadRole!])).toEqual([
      {
        name: `prefect-worker-test container groups (${rgName})`,
        description: 'Create, watch and delete the flow-run container groups of a Prefect ACI worker',
        scope: rg,
        assignable_scopes: [rg],
        permissions: [{
          actions: [
            'Microsoft.Resources/deployments/read',
            'Microsoft.Resources/deployments/write',
            'Microsoft.Resources/deployments/operationStatuses/read',
            'Microsoft.ContainerInstance/containerGroups/read',
            'Microsoft.ContainerInstance/containerGroups/write',
            'Microsoft.ContainerInstance/containerGroups/delete',
            'Microsoft.ContainerInstance/containerGroups/containers/logs/read',
          ],
        }],
      },
      {
        name: `prefect-worker-test assign flow-run identity (${rgName})`,
        description: 'Give the flow-run identity to flow-run container groups',
        scope: rg,
        assignable_scopes: [rg],
        permissions: [{ actions: ['Microsoft.ManagedIdentity/userAssignedIdentities/assign/action'] }],
      },
      {
        name: 'prefect-worker-test read the Prefect secret (secrets)',
        description: 'Read the Prefect API secret at start-up',
        scope: secretsRg,
        assignable_scopes: [secretsRg],
        permissions: [{ actions: [], data_actions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action'] }],
      },
    ]);
    expect(roles(json)).toHaveLength(3);
    expect(AciWorker.WORKER_ACTIONS).toEqual(resourcesOf(json, 'azurerm_role_definition')[worker.workerRole.friendlyUniqueId].permissions[0].actions);
    const principal = ref('azurerm_user_assigned_identity', worker.identity, 'principal_id');
    const roleId = (r: any) => ref('azurerm_role_definition', r, 'role_definition_resource_id');
    const vault = Object.keys(json.data.azurerm_key_vault)[0];
    expect(inOrder(json, 'azurerm_role_assignment', worker.roleAssignments)).toEqual([
      { scope: rg, role_definition_id: roleId(worker.workerRole), principal_id: principal, principal_type: 'ServicePrincipal' },
      { scope: ref('azurerm_user_assigned_identity', worker.flowRunIdentity, 'id'), role_definition_id: roleId(worker.assignIdentityRole), principal_id: principal, principal_type: 'ServicePrincipal' },
      { scope: `\${data.azurerm_key_vault.${vault}.id}/secrets/prefect-api-key`, role_definition_id: roleId(worker.secretReadRole!), principal_id: principal, principal_type: 'ServicePrincipal' },
    ]);
    expect(json.data.azurerm_key_vault[vault]).toEqual({ name: 'prefect-kv', resource_group_name: 'secrets' });
    expect(onlyResource(json, 'azurerm_log_analytics_workspace')).toEqual({
      name: 'prefect-worker-test', resource_group_name: rgName, location, sku: 'PerGB2018', retention_in_days: 30, tags: { team: 'data' },
    });

    const group = onlyResource(json, 'azurerm_container_group');
    const { container: [c], ...rest } = group;
    expect(rest).toEqual({
      name: 'prefect-worker-test',
      resource_group_name: rgName,
      location,
      os_type: 'Linux',
      restart_policy: 'Always',
      identity: { type: 'UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity', worker.identity, 'id')] },
      ip_address_type: 'None',
      diagnostics: {
        log_analytics: {
          workspace_id: ref('azurerm_log_analytics_workspace', worker.logWorkspace!, 'workspace_id'),
          workspace_key: ref('azurerm_log_analytics_workspace', worker.logWorkspace!, 'primary_shared_key'),
          log_type: 'ContainerInsights',
        },
      },
      tags: { team: 'data' },
      depends_on: worker.roleAssignments.map((a) => `azurerm_role_assignment.${a.friendlyUniqueId}`),
    });
    const vaultUri = ref('data.azurerm_key_vault', { friendlyUniqueId: Object.keys(json.data.azurerm_key_vault)[0] }, 'vault_uri');
    expect({ ...c, environment_variables: { ...c.environment_variables, PREFECT_KEY_VAULT_READER: '<reader>' } }).toEqual({
      name: 'prefect-worker',
      image: 'prefecthq/prefect:3.8.8-python3.11',
      cpu: 1,
      memory: 1.5,
      commands: [
        '/opt/prefect/entrypoint.sh', '/bin/sh', '-c',
        'PREFECT_API_KEY="$(python -c "$PREFECT_KEY_VAULT_READER")" && export PREFECT_API_KEY && exec "$@"', 'prefect-worker',
        'prefect', 'worker', 'start', '--pool', ref('prefect_work_pool', worker.workPool.node.defaultChild as any, 'name'),
        '--type', 'azure-container-instance', '--with-healthcheck',
      ],
      environment_variables: {
        AZURE_CLIENT_ID: ref('azurerm_user_assigned_identity', worker.identity, 'client_id'),
        PREFECT_API_URL: 'https://api.prefect.cloud/api/accounts/acc/workspaces/ws',
        EXTRA_PIP_PACKAGES: 'prefect-azure==0.4.13',
        PREFECT_WORKER_WEBSERVER_PORT: '8080',
        PREFECT_KEY_VAULT_SECRET_URI: `${vaultUri}secrets/prefect-api-key`,
        PREFECT_KEY_VAULT_READER: '<reader>',
      },
      liveness_probe: {
        exec: ['python', '-c', "import urllib.request; urllib.request.urlopen('http://localhost:8080/health', timeout=5)"],
        period_seconds: 30, timeout_seconds: 10, failure_threshold: 3, initial_delay_seconds: 240,
      },
      readiness_probe: {
        exec: ['python', '-c', "import urllib.request; urllib.request.urlopen('http://localhost:8080/health', timeout=5)"],
        period_seconds: 30, timeout_seconds: 10, failure_threshold: 3, initial_delay_seconds: 10,
      },
    });
    expect(c.environment_variables.PREFECT_KEY_VAULT_READER).not.toContain('${');
  });

  test('the pool\'s template is filled from the resources: resource group, subscription, flow-run identity', () => {
    const { worker, json } = synthWorker();
    const p = pool(json);
    expect(p.name).toBe('aci-pool');
    expect(p.type).toBe('azure-container-instance');
    const template = p.base_job_template as string;
    for (const expected of [
      `default = data.azurerm_resource_group.${worker.resourceGroup.friendlyUniqueId}.name}`,
      'default = data.azurerm_subscription.',
      `default = [azurerm_user_assigned_identity.${worker.flowRunIdentity.friendlyUniqueId}.id]}`,
      `default = {AZURE_CLIENT_ID = azurerm_user_assigned_identity.${worker.flowRunIdentity.friendlyUniqueId}.client_id}`,
    ]) {
      expect(template.replace(/"/g, '')).toContain(expected.replace(/"/g, ''));
    }
  });

  test('the API key is never in the configuration: no secret data source, no secure variable, no literal', () => {
    const { json } = synthWorker();
    const text = JSON.stringify(json);
    expect(text).not.toContain('azurerm_key_vault_secret');
    expect(text).not.toContain('secure_environment_variables');
    expect(text).not.toContain('pnu_');
  });

  test('AzurePrefectAuth.apiKey(sensitive) goes in as a secure environment variable, with a note about the state', () => {
    const stack = azureStack();
    const key = new TerraformVariable(stack, 'prefect_api_key', { type: 'string', sensitive: true });
    const worker = new AciWorker(stack, 'Worker', aciCloud({ auth: AzurePrefectAuth.apiKey(key.stringValue) }));
    const json = synthJson(stack);
    expect(container(json).secure_environment_variables).toEqual({ PREFECT_API_KEY: '${var.prefect_api_key}' });
    expect(container(json).commands[1]).toBe('prefect');
    expect(worker.secretReadRole).toBeUndefined();
    expect(Testing.synth(stack)).not.toContain('PREFECT_KEY_VAULT');
    expect(notes(worker, AnnotationMetadataEntryType.INFO).join()).toContain('in the Terraform state');
  });

  test('self-hosted with basic auth from Key Vault reads PREFECT_API_AUTH_STRING', () => {
    const { json } = synthWorker(aciSelfHosted({ auth: AzurePrefectAuth.basicAuthFromKeyVault(VAULT_ID, 'prefect-auth') }));
    const c = container(json);
    expect(c.commands[3]).toBe('PREFECT_API_AUTH_STRING="$(python -c "$PREFECT_KEY_VAULT_READER")" && export PREFECT_API_AUTH_STRING && exec "$@"');
    expect(c.environment_variables.PREFECT_API_URL).toBe('https://prefect.example.com/api');
    expect(c.environment_variables.PREFECT_KEY_VAULT_SECRET_URI).toMatch(/}secrets\/prefect-auth$/);
  });

  test('self-hosted without auth: no secret role, the plain worker command', () => {
    const { json } = synthWorker(aciSelfHosted({ healthCheck: false, extraPipPackages: '' }));
    expect(roles(json)).toHaveLength(2);
    const c = container(json);
    expect(c.commands).toEqual(['/opt/prefect/entrypoint.sh', 'prefect', 'worker', 'start', '--pool', expect.any(String), '--type', 'azure-container-instance']);
    expect(c.liveness_probe).toBeUndefined();
    expect(c.readiness_probe).toBeUndefined();
    expect(c.ports).toBeUndefined();
    expect(c.environment_variables.EXTRA_PIP_PACKAGES).toBeUndefined();
  });

  test('private subnets: the worker and its flow runs join the subnet; a custom join role for the flow runs\' subnet only', () => {
    const { worker, json } = synthWorker(aciCloud({ network: AciNetwork.privateSubnets([SUBNET_A]), flowRunDnsServers: ['10.0.0.4'] }));
    const group = onlyResource(json, 'azurerm_container_group');
    expect([group.ip_address_type, group.subnet_ids, group.dns_name_label]).toEqual(['Private', [SUBNET_A], undefined]);
    expect(group.container[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const net = `/subscriptions/${SUB}/resourceGroups/net`;
    expect(resourcesOf(json, 'azurerm_role_definition')[worker.joinSubnetRole!.friendlyUniqueId]).toEqual({
      name: `prefect-worker-test join flow-run subnets (${ref('data.azurerm_resource_group', worker.resourceGroup, 'name')})`,
      description: 'Put flow-run container groups into their subnets',
      scope: net,
      assignable_scopes: [net],
      permissions: [{ actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'] }],
    });
    const joins = inOrder(json, 'azurerm_role_assignment', worker.roleAssignments).filter((a) => a.role_definition_id.includes(worker.joinSubnetRole!.friendlyUniqueId));
    expect(joins.map((a) => a.scope)).toEqual([SUBNET_A]);
    const template = pool(json).base_job_template as string;
    expect(template).toContain(SUBNET_A);
    expect(template).toContain('10.0.0.4');
  });

  test('flow runs in their own subnets and resource group, the worker without IP', () => {
    const { worker, json } = synthWorker(aciCloud({ flowRunSubnetIds: [SUBNET_B], flowRunResourceGroupName: 'flows', flowRunLocation: 'westeurope' }));
    expect(onlyResource(json, 'azurerm_container_group').subnet_ids).toBeUndefined();
    expect(assignments(json).map((a) => a.scope)).toContain(SUBNET_B);
    const flowRg = Object.entries<any>(json.data.azurerm_resource_group).find(([, v]) => v.name === 'flows')![0];
    expect(resourcesOf(json, 'azurerm_role_definition')[worker.workerRole.friendlyUniqueId].scope).toBe(`\${data.azurerm_resource_group.${flowRg}.id}`);
    expect(resourcesOf(json, 'azurerm_role_assignment')[worker.workerRoleAssignment.friendlyUniqueId].scope).toBe(`\${data.azurerm_resource_group.${flowRg}.id}`);
    expect(pool(json).base_job_template).toContain('westeurope');
  });

  test('a public IP: the DNS label is set, the health port is open, and a warning says so', () => {
    const { worker, json } = synthWorker(aciCloud({ network: AciNetwork.publicIp('prefect-worker-test') }));
    const group = onlyResource(json, 'azurerm_container_group');
    expect([group.ip_address_type, group.dns_name_label, group.container[0].ports]).toEqual(['Public', 'prefect-worker-test', [{ port: 8080, protocol: 'TCP' }]]);
    // rule PF-AZ-001 (AzureRules.correctness(), which the worker runs on itself) reports on the container group
    const warnings = worker.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => `${c.node.path}: ${m.data}`));
    expect(warnings).toEqual([expect.stringMatching(/\/ContainerGroup: the container group gets a public IP with port\(s\) 8080 open to the internet; .*prefer AciNetwork.none\(\) .*\[PF-AZ-001\]$/)]);
  });

  test('an Azure Container Registry: pull role on it for both identities, identity-based credentials, the pool pulls with the flow-run identity', () => {
    const { worker, json } = synthWorker(aciCloud({ registry: AciRegistryAccess.containerRegistry(REGISTRY_ID), image: 'prefectacr.azurecr.io/worker:1' }));
    const acr = Object.keys(json.data.azurerm_container_registry)[0];
    expect(json.data.azurerm_container_registry[acr]).toEqual({ name: 'prefectacr', resource_group_name: 'images' });
    const pull = roles(json).find((r) => r.name.includes('pull images'));
    expect(pull).toMatchObject({ scope: `/subscriptions/${SUB}/resourceGroups/images`, permissions: [{ actions: ['Microsoft.ContainerRegistry/registries/pull/read'] }] });
    const pulls = inOrder(json, 'azurerm_role_assignment', worker.roleAssignments).filter((a) => a.role_definition_id.includes(worker.registryPullRole!.friendlyUniqueId));
    expect(pulls.map((a) => [a.scope, a.principal_id])).toEqual([
      [`\${data.azurerm_container_registry.${acr}.id}`, ref('azurerm_user_assigned_identity', worker.identity, 'principal_id')],
      [`\${data.azurerm_container_registry.${acr}.id}`, ref('azurerm_user_assigned_identity', worker.flowRunIdentity, 'principal_id')],
    ]);
    expect(onlyResource(json, 'azurerm_container_group').image_registry_credential).toEqual([{
      server: `\${data.azurerm_container_registry.${acr}.login_server}`,
      user_assigned_identity_id: ref('azurerm_user_assigned_identity', worker.identity, 'id'),
    }]);
    const template = (pool(json).base_job_template as string).replace(/"/g, '');
    expect(template).toContain(`registry_url = data.azurerm_container_registry.${acr}.login_server`);
  });

  test('a registry with a password: the worker logs in with the sensitive reference, the flow runs with a block', () => {
    const stack = azureStack();
    const pw = new TerraformVariable(stack, 'registry_password', { type: 'string', sensitive: true });
    new AciWorker(stack, 'Worker', aciCloud({ registry: AciRegistryAccess.password('registry.example.com', 'bot', pw.stringValue), flowRunRegistryCredentials: block }));
    const json = synthJson(stack);
    expect(onlyResource(json, 'azurerm_container_group').image_registry_credential).toEqual([{ server: 'registry.example.com', username: 'bot', password: '${var.registry_password}' }]);
    expect(pool(json).base_job_template).toContain('0b4c0a5e-0000-4000-8000-0000000000bb');
    expect(roles(json).map((r) => r.name).join()).not.toContain('pull');
  });

  test('an existing Log Analytics workspace is read, none ships no logs', () => {
    const existing = synthWorker(aciCloud({ logs: AciWorkerLogs.existingWorkspace(WORKSPACE_ID) })).json;
    expect(existing.resource.azurerm_log_analytics_workspace).toBeUndefined();
    const ws = Object.keys(existing.data.azurerm_log_analytics_workspace)[0];
    expect(existing.data.azurerm_log_analytics_workspace[ws]).toEqual({ name: 'central', resource_group_name: 'logs' });
    expect(onlyResource(existing, 'azurerm_container_group').diagnostics.log_analytics.workspace_key).toBe(`\${data.azurerm_log_analytics_workspace.${ws}.primary_shared_key}`);
    const none = synthWorker(aciCloud({ logs: AciWorkerLogs.none() })).json;
    expect(onlyResource(none, 'azurerm_container_group').diagnostics).toBeUndefined();
  });

  test('every override: names, sizes, restart policy, location, queues, limit, flow-run defaults', () => {
    const { worker, json } = synthWorker(aciCloud({
      identityName: 'my-identity', containerGroupName: 'my-group', containerName: 'worker', cpu: 2, memory: 4,
      restartPolicy: AciRestartPolicy.ON_FAILURE, location: 'northeurope', workQueues: ['a', 'b'], workerLimit: 4,
      image: 'acme/worker:1', flowRunImage: 'acme/flows:1', flowRunCpu: 2, flowRunMemory: 3.5, flowRunStreamOutput: true,
      logs: AciWorkerLogs.newWorkspace(90),
    }));
    const group = onlyResource(json, 'azurerm_container_group');
    expect([group.name, group.location, group.restart_policy]).toEqual(['my-group', 'northeurope', 'OnFailure']);
    expect([group.container[0].name, group.container[0].image, group.container[0].cpu, group.container[0].memory]).toEqual(['worker', 'acme/worker:1', 2, 4]);
    expect(group.container[0].commands.slice(-9)).toEqual(['--type', 'azure-container-instance', '--work-queue', 'a', '--work-queue', 'b', '--limit', '4', '--with-healthcheck']);
    expect(inOrder(json, 'azurerm_user_assigned_identity', [worker.identity, worker.flowRunIdentity]).map((i) => [i.name, i.location])).toEqual([['my-identity', 'northeurope'], ['prefect-flow-run-test', 'northeurope']]);
    expect(onlyResource(json, 'azurerm_log_analytics_workspace').retention_in_days).toBe(90);
    const template = (pool(json).base_job_template as string).replace(/"/g, '');
    for (const s of ['type = string, default = acme/flows:1}', 'type = number, default = 2}', 'type = number, default = 3.5}', 'type = boolean, default = true}', 'defaultValue = northeurope']) {
      expect(template).toContain(s);
    }
  });

  test('matches its snapshot', () => {
    const props = aciCloud({ network: AciNetwork.privateSubnets([SUBNET_A]), registry: AciRegistryAccess.containerRegistry(REGISTRY_ID) });
    expect(synthWorker(props).json).toMatchSnapshot();
  });
});

const build = (props: Partial<AciWorkerProps>, base = aciCloud) => (s: Construct) => new AciWorker(s, 'Worker', base(props));
const P = 'Stack/Worker';
runTable('AciWorker bad inputs', [
  { what: 'an uppercase name', build: build({ name: 'Prod' }), path: P, value: '"Prod"', fix: 'lowercase' },
  { what: 'a name with a double hyphen', build: build({ name: 'a--b' }), path: P, value: '"a--b"', fix: 'single "-"' },
  { what: 'a name too long', build: build({ name: 'a'.repeat(41) }), path: P, value: 'a'.repeat(41), fix: '2 to 40' },
  { what: 'a resource group name ending with a dot', build: build({ resourceGroupName: 'rg.' }), path: P, value: '"rg."', fix: 'not ending with "."' },
  { what: 'a display-name location', build: build({ location: 'West Europe' }), path: P, value: '"West Europe"', fix: '"westeurope"' },
  { what: 'a display-name flow-run location', build: build({ flowRunLocation: 'North Europe' }), path: P, value: '"North Europe"', fix: 'flowRunLocation' },
  { what: 'a bad identity name', build: build({ identityName: 'a' }), path: P, value: '"a"', fix: '3 to 128' },
  { what: 'a bad container group name', build: build({ containerGroupName: 'My_Group' }), path: P, value: '"My_Group"', fix: '2 to 63' },
  { what: 'a bad container name', build: build({ containerName: '-x' }), path: P, value: '"-x"', fix: '"prefect-worker"' },
  { what: 'an uppercase DNS label', build: build({ network: AciNetwork.publicIp('Worker') }), path: P, value: '"Worker"', fix: 'lowercase' },
  { what: 'a DNS label starting with a digit', build: build({ network: AciNetwork.publicIp('1worker') }), path: P, value: '"1worker"', fix: 'starting with a letter' },
  { what: 'a public IP without the health check', build: build({ network: AciNetwork.publicIp(), healthCheck: false }), path: P, value: 'AciNetwork.publicIp()', fix: 'AciNetwork.none()' },
  { what: 'private with no subnet', build: build({ network: AciNetwork.privateSubnets([]) }), path: P, value: 'privateSubnets([])', fix: 'at least one subnet' },
  { what: 'a subnet given by name', build: build({ network: AciNetwork.privateSubnets(['aci']) }), path: P, value: '"aci"', fix: '/subnets/<subnet>' },
  { what: 'two worker subnets', build: build({ network: AciNetwork.privateSubnets([SUBNET_A, SUBNET_B]) }), path: P, value: 'has 2 subnets', fix: 'give one' },
  { what: 'two flow-run subnets', build: build({ flowRunSubnetIds: [SUBNET_A, SUBNET_B] }), path: P, value: 'flowRunSubnetIds has 2 subnets', fix: 'give one' },
  { what: 'a flow-run subnet given by name', build: build({ flowRunSubnetIds: ['flows'] }), path: P, value: '"flows"', fix: '/subnets/<subnet>' },
  { what: 'flow-run DNS servers without subnets', build: build({ flowRunDnsServers: ['10.0.0.4'] }), path: P, value: '["10.0.0.4"]', fix: 'set flowRunSubnetIds' },
  { what: 'a literal API key', build: build({ auth: AzurePrefectAuth.apiKey('pnu_0123456789abcdefghijklmnopqrstuvwxyz') }), path: P, value: 'the API key is a literal', fix: 'apiKeyFromKeyVault', hidden: 'pnu_0123' },
  { what: 'a key vault given by name', build: build({ auth: AzurePrefectAuth.apiKeyFromKeyVault('prefect-kv', 'k') }), path: P, value: '"prefect-kv"', fix: 'Microsoft.KeyVault/vaults' },
  { what: 'a bad secret name', build: build({ auth: AzurePrefectAuth.apiKeyFromKeyVault(VAULT_ID, 'api_key') }), path: P, value: '"api_key"', fix: '1 to 127' },
  { what: 'Prefect Cloud without an API key', build: build({ auth: AzurePrefectAuth.none() }), path: P, value: 'needs an API key', fix: 'apiKeyFromKeyVault' },
  { what: 'Prefect Cloud with basic auth', build: build({ auth: AzurePrefectAuth.basicAuthFromKeyVault(VAULT_ID, 'auth') }), path: P, value: 'needs an API key', fix: 'apiKeyFromKeyVault' },
  { what: 'a self-hosted URL without scheme', build: build({ api: PrefectApi.selfHosted('prefect.example.com/api') }, aciSelfHosted), path: P, value: '"prefect.example.com/api"', fix: 'https://' },
  { what: 'a registry given by name', build: build({ registry: AciRegistryAccess.containerRegistry('prefectacr') }), path: P, value: '"prefectacr"', fix: 'Microsoft.ContainerRegistry/registries' },
  { what: 'a literal registry password', build: build({ registry: AciRegistryAccess.password('registry.example.com', 'bot', 'hunter2-secret') }), path: P, value: 'registry password is a literal', fix: 'sensitive', hidden: 'hunter2' },
  { what: 'a registry server with a scheme', build: build({ registry: AciRegistryAccess.password('https://registry.example.com', 'bot', Lazy.stringValue({ produce: () => 'pw' })) }), path: P, value: '"https://registry.example.com"', fix: 'without scheme' },
  { what: 'flow-run credentials with ACR', build: build({ registry: AciRegistryAccess.containerRegistry(REGISTRY_ID), flowRunRegistryCredentials: block }), path: P, value: 'flowRunRegistryCredentials', fix: 'remove one' },
  { what: 'a workspace given by name', build: build({ logs: AciWorkerLogs.existingWorkspace('central') }), path: P, value: '"central"', fix: 'Microsoft.OperationalInsights/workspaces' },
  { what: 'a retention below 30 days', build: build({ logs: AciWorkerLogs.newWorkspace(7) }), path: P, value: 'retention days 7', fix: 'from 30 to 730' },
  { what: 'a tag name with a slash', build: build({ tags: { 'team/name': 'x' } }), path: P, value: '"team/name"', fix: 'none of' },
  { what: 'a token in a tag', build: build({ tags: { owner: 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB' } }), path: P, value: 'tags.owner', fix: 'Key Vault', hidden: 'ghp_0123456789' },
  { what: 'zero worker cpu', build: build({ cpu: 0 }), path: P, value: 'cpu 0', fix: 'above 0' },
  { what: 'worker memory off the grid', build: build({ memory: 1.55 }), path: P, value: '1.55', fix: 'steps of 0.1' },
  { what: 'negative flow-run memory', build: build({ flowRunMemory: -2 }), path: P, value: 'memory -2', fix: 'above 0' },
  { what: 'a worker limit of 0', build: build({ workerLimit: 0 }), path: P, value: 'workerLimit 0', fix: 'at least 1' },
], [
  { what: 'the Cloud defaults', build: build({}) },
  { what: 'every option', build: build({ network: AciNetwork.privateSubnets([SUBNET_A]), flowRunSubnetIds: [SUBNET_B], flowRunDnsServers: ['10.1.0.4'], registry: AciRegistryAccess.containerRegistry(REGISTRY_ID), logs: AciWorkerLogs.existingWorkspace(WORKSPACE_ID), flowRunResourceGroupName: 'flows' }) },
], azureStack);

describe('PF-AZ-001 worker with a public IP (AzureRules.correctness(), which AciWorker runs on itself)', () => {
  const of = (scope: Construct) => scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => String(m.data).endsWith('[PF-AZ-001]')).map((m) => `${c.node.path}: ${m.data}`));

  test('quiet without a public IP (AciNetwork.none(), the default)', () => {
    const { stack } = synthWorker(aciCloud());
    expect(of(stack)).toEqual([]);
  });

  test('a suppression on the worker silences it; the pack added again reports nothing twice', () => {
    const stack = azureStack();
    const worker = new AciWorker(stack, 'Worker', aciCloud({ network: AciNetwork.publicIp('prefect-worker-test') }));
    Suppressions.of(worker).add('PF-AZ-001', 'a health probe from outside Azure needs the port');
    Testing.synth(stack);
    expect(of(stack)).toEqual([]);
    const twice = azureStack();
    Aspects.of(twice).add(AzureRules.correctness());
    new AciWorker(twice, 'Worker', aciCloud({ network: AciNetwork.publicIp('prefect-worker-test') }));
    Testing.synth(twice);
    expect(of(twice)).toHaveLength(1);
  });

  test('the rule reads the synthesized container group: it also fires on a raw one', () => {
    const stack = azureStack();
    Aspects.of(stack).add(AzureRules.correctness());
    new l1.containerGroup.ContainerGroup(stack, 'Raw', {
      name: 'raw', location: 'westeurope', resourceGroupName: 'rg', osType: 'Linux', ipAddressType: 'Public',
      container: [{ name: 'c', image: 'busybox:1', cpu: 0.5, memory: 0.5, ports: [{ port: 80, protocol: 'TCP' }] }],
    });
    Testing.synth(stack);
    expect(of(stack)).toEqual([expect.stringMatching(/^Stack\/Raw: the container group gets a public IP with port\(s\) 80 open to the internet; .*\[PF-AZ-001\]$/)]);
  });
});
