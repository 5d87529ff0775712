import { AzurermProvider } from '../src/.gen/providers/azurerm/provider';
import { TerraformStack } from 'cdktf';
import { PrefectApi } from 'cdktf-prefect';
import { AciWorkerProps, AzurePrefectAuth } from '../src';
import { newStack } from '../../../test/support/synth';

export const SUB = '00000000-0000-4000-8000-0000000000aa';
const rg = (group: string) => `/subscriptions/${SUB}/resourceGroups/${group}/providers`;
export const VAULT_ID = `${rg('secrets')}/Microsoft.KeyVault/vaults/prefect-kv`;
export const REGISTRY_ID = `${rg('images')}/Microsoft.ContainerRegistry/registries/prefectacr`;
export const WORKSPACE_ID = `${rg('logs')}/Microsoft.OperationalInsights/workspaces/central`;
export const SUBNET_A = `${rg('net')}/Microsoft.Network/virtualNetworks/vnet/subnets/aci-a`;
export const SUBNET_B = `${rg('net2')}/Microsoft.Network/virtualNetworks/vnet2/subnets/aci-b`;

/** A stack with both providers, as users configure them. */
export function azureStack(): TerraformStack {
  return newStack((stack) => new AzurermProvider(stack, 'azurerm', { features: [{}] }));
}

/** Minimal props for Prefect Cloud with the key in Key Vault. */
export function aciCloud(extra: Partial<AciWorkerProps> = {}): AciWorkerProps {
  return {
    name: 'test',
    workPoolName: 'aci-pool',
    resourceGroupName: 'prefect',
    api: PrefectApi.cloud('acc', 'ws'),
    auth: AzurePrefectAuth.apiKeyFromKeyVault(VAULT_ID, 'prefect-api-key'),
    ...extra,
  };
}

/** Minimal props for a self-hosted server without auth. */
export function aciSelfHosted(extra: Partial<AciWorkerProps> = {}): AciWorkerProps {
  return {
    name: 'test',
    workPoolName: 'aci-pool',
    resourceGroupName: 'prefect',
    api: PrefectApi.selfHosted('https://prefect.example.com/api'),
    ...extra,
  };
}
