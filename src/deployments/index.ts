export * from './collision-strategy';
export * from './deployment-ref';
export * from './deployment';
export * from './deployment-schedule';
export * from './flow-ref';
export * from './flow';
export * from './pull-step';
export * from './schedule';
