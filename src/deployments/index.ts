export * from './collision-strategy';
export * from './deployment';
export * from './deployment-schedule';
export * from './duration';
export * from './flow';
export * from './pull-step';
export * from './schedule';
