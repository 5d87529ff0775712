// exports only

// shared by every layer: durations, and the error bad input throws
export * from './core/duration';
export * from './core/errors';

// L2: one construct per Prefect concept
export * from './deployments';
export * from './work-pools';
export * from './variables';
export * from './blocks';
export * from './concurrency';
export * from './automations';

// shared with the cloud packages (cdktf-prefect-aws, ...) and L1 users
export { JsonString } from './core/json-string';
export * from './core/checks';
export * from './core/unique-name';

// environments: one stack per environment, with its own state and settings
export * from './environments';
export * from './policy';

// L3: patterns
export * from './patterns';

// L1: the generated bindings of prefecthq/prefect 3.4.1, one namespace per resource and
// data source (loaded lazily; TypeScript users can deep-import lib/.gen/providers/prefect/<name>)
export * as l1 from './l1';
// ... and of hashicorp/null 3.2.4 (null_resource only): the provider a stack with a DeploymentImage needs
export * as l1Null from './l1-null';
