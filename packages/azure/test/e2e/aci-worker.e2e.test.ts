import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { BaseJobTemplate, PrefectApi } from 'cdktf-prefect';
import { AzurermProvider } from '../../src/.gen/providers/azurerm/provider';
import { AciNetwork, AciRegistryAccess, AciWorker } from '../../src';
import { prefectHalf, renderWithPrefect } from '../../../../test/e2e/support/cloud-half';
import { missingProviders } from '../../../../test/e2e/support/env';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { PrefectApi as PrefectClient } from '../../../../test/e2e/support/prefect-api';
import { describeUnless } from '../../../../test/support/skip';
import { REGISTRY_ID, SUB, SUBNET_A, VAULT_ID } from '../aci-fixtures';
import { AzurePrefectAuth } from '../../src/azure-prefect-auth';

// AciWorker's Prefect half against the local Prefect server. No Azure endpoint is reachable here,
// so the synthesized stack is cut down to its Prefect resources, each reference to an Azure
// resource replaced by the value Azure would give it (the data sources' own inputs, IDs built
// from the resources' names). Then: apply -> the pool read back from the REST API carries those
// values in the template the worker renders with Prefect's own templating -> empty re-plan ->
// destroy -> the pool is gone.
const missing = missingProviders('prefect');
const POOL = `aci-e2e-${process.pid}`;
const CLIENT_ID = '11111111-2222-4333-8444-555555555555';

/** An azurerm resource's or data source's attribute, as it appears in a Terraform expression. */
const AZURE_REFERENCE = /\b(?:data\.)?azurerm_[a-z_]+\.[A-Za-z0-9_]+\.[a-z_]+\b/g;

/** What Azure would return for `<address>.<attribute>`, from the resource's configuration. */
function azureValue(json: any, reference: string): string {
  const m = /^(data\.)?(azurerm_[a-z_]+)\.([A-Za-z0-9_]+)\.([a-z_]+)$/.exec(reference);
  if (!m) throw new Error(`not an azurerm reference: ${reference}`);
  const [, data, type, id, attr] = m;
  const config = (data ? json.data : json.resource)[type][id];
  const key = `${type}.${attr}`;
  switch (key) {
    case 'azurerm_resource_group.name': return config.name;
    case 'azurerm_subscription.subscription_id': return SUB;
    case 'azurerm_user_assigned_identity.id': return `/subscriptions/${SUB}/resourceGroups/prefect/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${config.name}`;
    case 'azurerm_user_assigned_identity.client_id': return CLIENT_ID;
    case 'azurerm_container_registry.login_server': return `${config.name}.azurecr.io`;
    default: throw new Error(`no stand-in value for ${key}`);
  }
}

describeUnless(missing)('AciWorker: the work pool on the local Prefect server', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectClient(apiUrl);
  let values: Record<string, string> = {};
  const tf = applyLifecycle(() => {
    const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'aci');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    new AciWorker(stack, 'Worker', {
      name: 'e2e',
      workPoolName: POOL,
      resourceGroupName: 'prefect',
      api: PrefectApi.selfHosted(apiUrl),
      auth: AzurePrefectAuth.basicAuthFromKeyVault(VAULT_ID, 'prefect-auth'),
      network: AciNetwork.privateSubnets([SUBNET_A]),
      flowRunDnsServers: ['10.0.0.4'],
      registry: AciRegistryAccess.containerRegistry(REGISTRY_ID),
      flowRunResourceGroupName: 'flows',
      flowRunLocation: 'westeurope',
      flowRunCpu: 2,
      flowRunMemory: 3.5,
    });
    const half = prefectHalf(Testing.synth(stack, true), AZURE_REFERENCE, azureValue);
    values = half.values;
    return half.json;
  }, { PREFECT_API_URL: apiUrl });

  test('the pool read back carries what the worker created, and Prefect renders the container group from it', async () => {
    const pool = await api.get(`/work_pools/${POOL}`);
    expect(pool.type).toBe('azure-container-instance');
    const template = pool.base_job_template;
    const ours = BaseJobTemplate.azureContainerInstance({ location: 'westeurope' }).render(new TerraformStack(Testing.app(), 'x'));
    expect(template.job_configuration).toEqual(ours.job_configuration);
    expect(Object.keys(template.variables.properties).sort()).toEqual(Object.keys(ours.variables.properties).sort());

    const identity = Object.entries(values).find(([ref]) => ref.includes('FlowRunIdentity') && ref.endsWith('.id'))![1];
    expect(identity).toMatch(/userAssignedIdentities\/prefect-flow-run-e2e$/);
    const rendered = renderWithPrefect(template);
    expect(rendered).toMatchObject({
      resource_group_name: 'flows',
      subscription_id: SUB,
      identities: [identity],
      env: { AZURE_CLIENT_ID: CLIENT_ID },
      subnet_ids: [SUBNET_A],
      dns_servers: ['10.0.0.4'],
      image_registry: { registry_url: 'prefectacr.azurecr.io', identity },
      cpu: 2,
      memory: 3.5,
      entrypoint: '/opt/prefect/entrypoint.sh',
      stream_output: false,
      task_start_timeout_seconds: 240,
    });
    const group = rendered.arm_template.resources[0];
    expect([rendered.arm_template.parameters.location.defaultValue, group.type, group.properties.restartPolicy])
      .toEqual(['westeurope', 'Microsoft.ContainerInstance/containerGroups', 'Never']);
    expect(group.properties.containers[0].properties.resources.requests).toEqual({ cpu: 2, memoryInGB: 3.5 });
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('destroy removes the pool', async () => {
    tf().destroy();
    expect(await api.find(`/work_pools/${POOL}`)).toBeUndefined();
  });
});
