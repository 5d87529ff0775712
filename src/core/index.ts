// Helpers shared by the concept folders. core knows no Prefect concept and imports nothing of
// this library. Public API from here: Duration, Errors and ValidationError (see src/index.ts);
// everything else is internal.
export * from './credentials';
export * from './duration';
export * from './errors';
export * from './ids';
export * from './json';
export * from './near';
export * from './references';
export * from './replace-trigger';
export * from './terraform-data';
export * from './tokens';
export * from './unique';
export * from './validation';
