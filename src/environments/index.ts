// exports only
export type { IPrefectEnvironment } from './environment-ref';
export * from './environment-naming';
export * from './state-backend';
export * from './prefect-environment';
export * from './prefect-environment-stack';
