export * from './scheduled-deployment';
export * from './prefect-api';
export * from './worker-base';
export * from './bucket-sensor-target';
