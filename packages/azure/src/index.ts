// exports only

// L1: the provider classes of hashicorp/azurerm 4.55.0 that the patterns use (generated from
// schema/azurerm-4.55.0.schema.json), one namespace per resource and data source, loaded lazily.
// TypeScript users can deep-import lib/.gen/providers/azurerm/<name>.
export * as l1 from './l1';

// L3: AciWorker and what it takes
export * from './azure-prefect-auth';
export * from './aci-worker-options';
export * from './aci-worker';
export * from './azure-rules';

// L3: AzureBlobSensor and its system topic
export * from './storage-system-topic';
export * from './azure-blob-sensor';
