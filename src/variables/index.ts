export * from './variable-ref';
export * from './variable-value';
export * from './variable';
