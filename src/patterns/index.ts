export * from './scheduled-deployment';
