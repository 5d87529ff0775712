// The L1 classes of hashicorp/azurerm 4.55.0 that the patterns use, one namespace per resource and
// data source. Generated code lives in src/.gen (never committed); this file only names it for jsii.
export * as containerGroup from '../.gen/providers/azurerm/container-group';
export * as dataAzurermClientConfig from '../.gen/providers/azurerm/data-azurerm-client-config';
export * as dataAzurermContainerRegistry from '../.gen/providers/azurerm/data-azurerm-container-registry';
export * as dataAzurermEventgridSystemTopic from '../.gen/providers/azurerm/data-azurerm-eventgrid-system-topic';
export * as dataAzurermKeyVault from '../.gen/providers/azurerm/data-azurerm-key-vault';
export * as dataAzurermKeyVaultSecret from '../.gen/providers/azurerm/data-azurerm-key-vault-secret';
export * as dataAzurermLogAnalyticsWorkspace from '../.gen/providers/azurerm/data-azurerm-log-analytics-workspace';
export * as dataAzurermResourceGroup from '../.gen/providers/azurerm/data-azurerm-resource-group';
export * as dataAzurermStorageAccount from '../.gen/providers/azurerm/data-azurerm-storage-account';
export * as dataAzurermSubnet from '../.gen/providers/azurerm/data-azurerm-subnet';
export * as dataAzurermSubscription from '../.gen/providers/azurerm/data-azurerm-subscription';
export * as eventgridSystemTopic from '../.gen/providers/azurerm/eventgrid-system-topic';
export * as eventgridSystemTopicEventSubscription from '../.gen/providers/azurerm/eventgrid-system-topic-event-subscription';
export * as keyVaultSecret from '../.gen/providers/azurerm/key-vault-secret';
export * as logAnalyticsWorkspace from '../.gen/providers/azurerm/log-analytics-workspace';
export * as provider from '../.gen/providers/azurerm/provider';
export * as roleAssignment from '../.gen/providers/azurerm/role-assignment';
export * as roleDefinition from '../.gen/providers/azurerm/role-definition';
export * as storageAccount from '../.gen/providers/azurerm/storage-account';
export * as storageContainer from '../.gen/providers/azurerm/storage-container';
export * as userAssignedIdentity from '../.gen/providers/azurerm/user-assigned-identity';
