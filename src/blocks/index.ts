export * from './block-ref';
export * from './block-type';
export * from './block-secret-value';
export * from './block';
