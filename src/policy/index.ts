export * from './prefect-rules';
export * from './prefect-target';
export * from './rule';
export * from './rule-finding';
export * from './rule-pack';
export * from './rule-severity';
export * from './suppressions';
export * from './workspaces';
