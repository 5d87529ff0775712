import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { missingProviders } from '../../../test/e2e/support/env';
import { validateStack } from '../../../test/e2e/support/terraform';
import { describeUnless } from '../../../test/support/skip';
import { AzurermProvider } from '../src/.gen/providers/azurerm/provider';
import { AciNetwork, AciRegistryAccess, AciRestartPolicy, AciWorker, AciWorkerLogs, AzurePrefectAuth } from '../src';
import { aciCloud, aciSelfHosted, REGISTRY_ID, SUBNET_A, SUBNET_B, VAULT_ID, WORKSPACE_ID } from './aci-fixtures';

// AciWorker through `terraform validate` with the real hashicorp/azurerm 4.55.0 and
// prefecthq/prefect 3.4.1 schemas; skipped, with the reason, when either provider is missing.
describeUnless(missingProviders('prefect', 'azurerm'))('terraform validate: AciWorker (real azurerm 4.55.0 and Prefect 3.4.1 providers)', () => {
  test('every variant in one stack: Key Vault, secure variable, basic auth, no auth; none, public, private; ACR, password; new, existing, no logs', () => {
    const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'validate');
    new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: '00000000-0000-0000-0000-000000000000' });
    new PrefectProvider(stack, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
    const key = new TerraformVariable(stack, 'prefect_api_key', { type: 'string', sensitive: true });
    const password = new TerraformVariable(stack, 'registry_password', { type: 'string', sensitive: true });
    new AciWorker(stack, 'Vault', aciCloud({ name: 'vault', workPoolName: 'pool-vault', tags: { team: 'data' } }));
    new AciWorker(stack, 'Value', aciCloud({
      name: 'value', workPoolName: 'pool-value', auth: AzurePrefectAuth.apiKey(key.stringValue),
      network: AciNetwork.publicIp('prefect-value'), registry: AciRegistryAccess.password('registry.example.com', 'bot', password.stringValue),
      logs: AciWorkerLogs.none(), restartPolicy: AciRestartPolicy.ON_FAILURE,
    }));
    new AciWorker(stack, 'Basic', aciSelfHosted({
      name: 'basic', workPoolName: 'pool-basic', auth: AzurePrefectAuth.basicAuthFromKeyVault(VAULT_ID, 'prefect-auth'),
      network: AciNetwork.privateSubnets([SUBNET_A]), flowRunDnsServers: ['10.0.0.4'],
      registry: AciRegistryAccess.containerRegistry(REGISTRY_ID), logs: AciWorkerLogs.existingWorkspace(WORKSPACE_ID),
      flowRunResourceGroupName: 'flows', flowRunLocation: 'westeurope', location: 'westeurope',
    }));
    new AciWorker(stack, 'Open', aciSelfHosted({
      name: 'open', workPoolName: 'pool-open', healthCheck: false, extraPipPackages: '', workQueues: ['a'], workerLimit: 2,
      cpu: 0.5, memory: 1, flowRunSubnetIds: [SUBNET_B], flowRunCpu: 2, flowRunMemory: 4, flowRunStreamOutput: true,
      identityName: 'open-worker', containerGroupName: 'open-worker', containerName: 'worker',
    }));
    expect(validateStack(Testing.synth(stack, true))).toEqual({ valid: true, diagnostics: [] });
  });
});
