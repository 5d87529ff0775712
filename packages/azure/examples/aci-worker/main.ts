// A Prefect worker on Azure Container Instances for Prefect Cloud, and the
// `azure-container-instance` work pool it serves, filled in from what it creates (identities,
// custom roles, subnet, registry, logs): no UI step left, no API key in the state.
//
//   cdktf deploy --var prefect_account_id=... --var prefect_workspace_id=... \
//     --var 'key_vault_id=/subscriptions/.../providers/Microsoft.KeyVault/vaults/...' \
//     --var 'subnet_id=/subscriptions/.../virtualNetworks/.../subnets/aci' \
//     --var 'registry_id=/subscriptions/.../providers/Microsoft.ContainerRegistry/registries/...'
//
// PREFECT_API_KEY (for the Prefect provider) and the Azure credentials (ARM_* or `az login`)
// come from the environment. The Key Vault must use Azure RBAC and hold the worker's API key in
// the secret `prefect-api-key`. It imports the packages as a real app does
// (`npm install cdktf-prefect cdktf-prefect-azure`); in this repository the npm workspace links
// them to the compiled packages.
import { AzurermProvider } from 'cdktf-prefect-azure/lib/.gen/providers/azurerm/provider';
import { RoleAssignment } from 'cdktf-prefect-azure/lib/.gen/providers/azurerm/role-assignment';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { AciNetwork, AciRegistryAccess, AciWorker, AciWorkerLogs, AzurePrefectAuth } from 'cdktf-prefect-azure';
import { PrefectApi } from 'cdktf-prefect';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';

export class AciWorkerStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const input = (name: string, description: string) =>
      new TerraformVariable(this, name, { type: 'string', description }).stringValue;
    const accountId = input('prefect_account_id', 'Prefect Cloud account ID');
    const workspaceId = input('prefect_workspace_id', 'Prefect Cloud workspace ID');

    // The stack owns the providers; credentials come from the environment.
    new AzurermProvider(this, 'azurerm', { features: [{}] });
    new PrefectProvider(this, 'prefect', { accountId, workspaceId });

    const worker = new AciWorker(this, 'Worker', {
      name: 'prod',
      workPoolName: 'aci-prod',
      resourceGroupName: 'prefect-prod',
      location: 'westeurope',
      api: PrefectApi.cloud(accountId, workspaceId),
      // read by the container with its identity at start-up: never in cdk.tf.json nor in the state
      auth: AzurePrefectAuth.apiKeyFromKeyVault(input('key_vault_id', 'Key Vault (RBAC) holding the secret prefect-api-key'), 'prefect-api-key'),
      // no public IP: the worker and its flow runs live in a delegated subnet
      network: AciNetwork.privateSubnets([input('subnet_id', 'subnet delegated to Microsoft.ContainerInstance/containerGroups')]),
      // images pulled with the managed identities, no registry password
      registry: AciRegistryAccess.containerRegistry(input('registry_id', 'Azure Container Registry of the flow images')),
      logs: AciWorkerLogs.newWorkspace(90),
      flowRunResourceGroupName: 'prefect-prod-flows',
      flowRunCpu: 2,
      flowRunMemory: 4,
      workerLimit: 10,
      tags: { 'team': 'data-platform', 'cost-center': 'analytics' },
    });

    // Flow runs run as their own identity: grant it exactly what the flows need.
    new RoleAssignment(this, 'FlowsReadRawData', {
      scope: input('raw_data_storage_account_id', 'storage account the flows read'),
      roleDefinitionName: 'Storage Blob Data Reader',
      principalId: worker.flowRunIdentity.principalId,
      principalType: 'ServicePrincipal',
    });

    new TerraformOutput(this, 'work_pool_name', { value: worker.workPool.workPoolName });
    new TerraformOutput(this, 'container_group_name', { value: worker.containerGroupName });
    new TerraformOutput(this, 'managed_identity_id', { value: worker.identityId });
    new TerraformOutput(this, 'managed_identity_principal_id', { value: worker.identityPrincipalId });
  }
}

const app = new App();
new AciWorkerStack(app, 'aci-worker');
app.synth();
