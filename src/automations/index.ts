// exports only
export * from './posture';
export * from './flow-run-state';
export * from './jinja-template';
export * from './compound-require';
export * from './metric-query';
export * from './trigger';
export * from './action';
export * from './automation-ref';
export * from './automation';
export * from './webhook-template';
export * from './webhook';
export * from './sla';
export * from './resource-sla';
