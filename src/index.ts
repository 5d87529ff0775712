// exports only
export * as l1 from './l1';
