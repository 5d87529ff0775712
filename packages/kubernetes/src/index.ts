// exports only

// L3: the Kubernetes patterns (Prefect's Helm charts, through hashicorp/helm)
export * from './prefect-chart';
export * from './prefect-release-props';
export * from './kubernetes-auth';
export * from './api-key-propagation';
export * from './container-resources';
export * from './kubernetes-worker';
export * from './server-database';
export * from './server-ingress';
export * from './redis-messaging';
export * from './server-background-services';
export * from './prefect-server';
export * from './prefect-exporter';

// L1: the provider classes of hashicorp/helm 3.1.1 (generated from schema/helm-3.1.1.schema.json)
export * as l1 from './l1';
