export * from './scheduled-deployment';
export * from './aws';
