export * from './scheduled-deployment';
export * from './prefect-api';
export * from './worker-base';
export * from './bucket-sensor-target';
export * from './image-builder';
export * from './registry-auth';
export * from './deployment-image';
