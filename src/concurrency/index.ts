export * from './global-concurrency-limit-ref';
export * from './global-concurrency-limit';
export * from './task-run-concurrency-limit';
