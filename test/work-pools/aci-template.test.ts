import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { IBlock } from '../../src/blocks/block-ref';
import { runTable } from '../support/bad-input-table';
import { newStack } from '../support/synth';
import { AciGpuSku, AciImageRegistry, BaseJobTemplate, WorkPool, WorkPoolType } from '../../src/work-pools';

const SUB = '00000000-0000-4000-8000-000000000001';
const IDENTITY = `/subscriptions/${SUB}/resourceGroups/flows/providers/Microsoft.ManagedIdentity/userAssignedIdentities/flow-runs`;
const SUBNET = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aci`;
const block = (slug: string): IBlock => ({
  blockName: 'b', blockTypeSlug: slug, blockId: '0b4c0a5e-0000-4000-8000-000000000002',
  templateReference: `{{ prefect.blocks.${slug}.b }}`, node: undefined as any,
});
const render = (t: BaseJobTemplate) => t.render(newStack());
const defaultsOf = (t: BaseJobTemplate) => Object.fromEntries(Object.entries<any>(render(t).variables.properties)
  .filter(([, v]) => 'default' in v).map(([k, v]) => [k, v.default]));
const container = (doc: any) => doc.job_configuration.arm_template.resources[0].properties.containers[0].properties;

describe('BaseJobTemplate.azureContainerInstance', () => {
  it('is written for the azure-container-instance type, and a pool of that type checks job variables against it', () => {
    expect(BaseJobTemplate.azureContainerInstance().workPoolType).toBe(WorkPoolType.AZURE_CONTAINER_INSTANCE);
    expect(render(BaseJobTemplate.azureContainerInstance()).variables.required).toEqual(['resource_group_name', 'subscription_id']);
  });

  it('puts every option into the variable defaults', () => {
    expect(defaultsOf(BaseJobTemplate.azureContainerInstance({
      name: 'n', env: { A: '1' }, labels: { team: 'data' }, image: 'myregistry.azurecr.io/flows:1',
      resourceGroupName: 'flows', subscriptionId: SUB, identities: [IDENTITY], entrypoint: '/bin/entry',
      imageRegistry: AciImageRegistry.managedIdentity('myregistry.azurecr.io', IDENTITY), cpu: 2, memory: 3.5,
      gpuCount: 1, gpuSku: AciGpuSku.V100, subnetIds: [SUBNET], dnsServers: ['10.0.0.4'], streamOutput: true,
      aciCredentials: block('azure-container-instance-credentials'), taskStartTimeoutSeconds: 600, taskWatchPollInterval: 10,
    }))).toEqual({
      name: 'n', env: { A: '1' }, labels: { team: 'data' }, image: 'myregistry.azurecr.io/flows:1',
      resource_group_name: 'flows', subscription_id: SUB, identities: [IDENTITY], entrypoint: '/bin/entry',
      image_registry: { registry_url: 'myregistry.azurecr.io', identity: IDENTITY }, cpu: 2, memory: 3.5,
      gpu_count: 1, gpu_sku: 'V100', subnet_ids: [SUBNET], dns_servers: ['10.0.0.4'], stream_output: true,
      aci_credentials: { $ref: { block_document_id: '0b4c0a5e-0000-4000-8000-000000000002' } },
      task_start_timeout_seconds: 600, task_watch_poll_interval: 10,
    });
  });

  it('keeps the worker defaults when no option is given', () => {
    expect(defaultsOf(BaseJobTemplate.azureContainerInstance())).toEqual({
      entrypoint: '/opt/prefect/entrypoint.sh', cpu: 1, memory: 1, stream_output: false,
      task_start_timeout_seconds: 240, task_watch_poll_interval: 5,
    });
  });

  it('loads a registry login from a block by reference, never a password', () => {
    const d = defaultsOf(BaseJobTemplate.azureContainerInstance({ imageRegistry: AciImageRegistry.credentials(block('docker-registry-credentials')) }));
    expect(d.image_registry).toEqual({ $ref: { block_document_id: '0b4c0a5e-0000-4000-8000-000000000002' } });
  });

  it('writes the GPU into the ARM template, which the worker itself never does', () => {
    expect(container(render(BaseJobTemplate.azureContainerInstance())).resources.requests).toEqual({ cpu: '{{ cpu }}', memoryInGB: '{{ memory }}' });
    const gpu = container(render(BaseJobTemplate.azureContainerInstance({ gpuCount: 2, gpuSku: AciGpuSku.custom('A100') })));
    expect(gpu.resources.requests.gpu).toEqual({ count: '{{ gpu_count }}', sku: '{{ gpu_sku }}' });
  });

  it('sets the location of the flow-run container groups in the ARM template', () => {
    const doc = render(BaseJobTemplate.azureContainerInstance({ location: 'westeurope' }));
    expect(doc.job_configuration.arm_template.parameters.location.defaultValue).toBe('westeurope');
    expect(render(BaseJobTemplate.azureContainerInstance()).job_configuration.arm_template.parameters.location.defaultValue)
      .toBe('[resourceGroup().location]');
  });

  it('takes tokens for IDs, and then cannot check them at synth', () => {
    const scope = newStack();
    const id = new TerraformVariable(scope, 'identity', { type: 'string' }).stringValue;
    const t = BaseJobTemplate.azureContainerInstance({ identities: [id], imageRegistry: AciImageRegistry.managedIdentity('r.azurecr.io', id), subscriptionId: id });
    expect(() => t.render(scope)).not.toThrow();
  });

  it('matches its snapshot', () => {
    expect(render(BaseJobTemplate.azureContainerInstance({ resourceGroupName: 'flows', subscriptionId: SUB }))).toMatchSnapshot();
  });
});

const pool = (t: BaseJobTemplate) => (s: Construct) => new WorkPool(s, 'Pool', { workPoolName: 'aci', workPoolType: WorkPoolType.AZURE_CONTAINER_INSTANCE, baseJobTemplate: t });
const aci = (o: Parameters<typeof BaseJobTemplate.azureContainerInstance>[0]) => pool(BaseJobTemplate.azureContainerInstance(o));
runTable('azure-container-instance template bad inputs', [
  { what: 'a subscription ID that is not a GUID', build: aci({ subscriptionId: 'my-sub' }), path: 'Stack/Pool', value: '"my-sub"', fix: 'az account show' },
  { what: 'a resource group name ending with a dot', build: aci({ resourceGroupName: 'flows.' }), path: 'Stack/Pool', value: '"flows."', fix: 'not ending with "."' },
  { what: 'a resource group name with a slash', build: aci({ resourceGroupName: 'a/b' }), path: 'Stack/Pool', value: '"a/b"', fix: '1 to 90' },
  { what: 'a display-name location', build: aci({ location: 'West Europe' }), path: 'Stack/Pool', value: '"West Europe"', fix: '"westeurope"' },
  { what: 'an identity that is not an identity ID', build: aci({ identities: ['flow-runs'] }), path: 'Stack/Pool', value: '"flow-runs"', fix: 'userAssignedIdentities' },
  { what: 'a subnet given by name', build: aci({ subnetIds: ['aci'] }), path: 'Stack/Pool', value: '"aci"', fix: '/subnets/<subnet>' },
  { what: 'two subnets', build: aci({ subnetIds: [SUBNET, SUBNET.replace(/aci$/, 'aci2')] }), path: 'Stack/Pool', value: 'name 2 subnets', fix: 'give one' },
  { what: 'DNS servers without subnets', build: aci({ dnsServers: ['10.0.0.4'] }), path: 'Stack/Pool', value: '["10.0.0.4"]', fix: 'need subnetIds' },
  { what: 'a DNS server that is not an IP', build: aci({ subnetIds: [SUBNET], dnsServers: ['dns.local'] }), path: 'Stack/Pool', value: '"dns.local"', fix: 'IPv4' },
  { what: 'an empty entrypoint', build: aci({ entrypoint: ' ' }), path: 'Stack/Pool', value: 'entrypoint is empty', fix: '/opt/prefect/entrypoint.sh' },
  { what: 'zero cpu', build: aci({ cpu: 0 }), path: 'Stack/Pool', value: 'cpu 0', fix: 'above 0' },
  { what: 'negative memory', build: aci({ memory: -1 }), path: 'Stack/Pool', value: 'memory -1', fix: 'above 0' },
  { what: 'memory off the 0.1 GB grid', build: aci({ memory: 1.25 }), path: 'Stack/Pool', value: '1.25', fix: 'steps of 0.1' },
  { what: 'a fractional GPU count', build: aci({ gpuCount: 1.5, gpuSku: AciGpuSku.V100 }), path: 'Stack/Pool', value: '1.5', fix: 'from 1 to 4' },
  { what: 'a GPU count without SKU', build: aci({ gpuCount: 1 }), path: 'Stack/Pool', value: 'gpuCount 1', fix: 'set both' },
  { what: 'a GPU SKU without count', build: aci({ gpuSku: AciGpuSku.K80 }), path: 'Stack/Pool', value: '"K80"', fix: 'set both' },
  { what: 'a zero start timeout', build: aci({ taskStartTimeoutSeconds: 0 }), path: 'Stack/Pool', value: 'timeout 0', fix: 'at least 1' },
  { what: 'a zero poll interval', build: aci({ taskWatchPollInterval: 0 }), path: 'Stack/Pool', value: 'interval 0', fix: 'above 0' },
  { what: 'a registry URL with a scheme', build: aci({ identities: [IDENTITY], imageRegistry: AciImageRegistry.managedIdentity('https://r.azurecr.io', IDENTITY) }), path: 'Stack/Pool', value: '"https://r.azurecr.io"', fix: 'without scheme' },
  { what: 'a registry identity that is not an ID', build: aci({ imageRegistry: AciImageRegistry.managedIdentity('r.azurecr.io', 'me') }), path: 'Stack/Pool', value: '"me"', fix: 'userAssignedIdentities' },
  { what: 'a registry identity the group does not have', build: aci({ imageRegistry: AciImageRegistry.managedIdentity('r.azurecr.io', IDENTITY) }), path: 'Stack/Pool', value: 'flow-runs', fix: 'add it to identities' },
  { what: 'a string in the credentials block slot', build: aci({ aciCredentials: 'creds' as any }), path: 'Stack/Pool', value: 'aciCredentials "cr****', fix: 'IBlock', hidden: '"creds"' },
  { what: 'a string in the registry block slot', build: aci({ imageRegistry: AciImageRegistry.credentials('pw' as any) }), path: 'Stack/Pool', value: 'AciImageRegistry.credentials', fix: 'IBlock' },
  { what: 'a cpu default of the wrong type', build: pool(BaseJobTemplate.azureContainerInstance().withVariableDefaults({ cpu: '1' })), path: 'Stack/Pool', value: '"1"', fix: 'type number' },
], [
  { what: 'the default template', build: aci({}) },
  { what: 'a private pool with DNS servers', build: aci({ subnetIds: [SUBNET], dnsServers: ['10.0.0.4'], identities: [IDENTITY], imageRegistry: AciImageRegistry.managedIdentity('r.azurecr.io:443', IDENTITY) }) },
]);
