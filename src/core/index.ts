// internal helpers shared by the constructs; nothing here is public API
export * from './json';
export * from './validation';
