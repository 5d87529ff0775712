// The L1 classes of hashicorp/helm 3.1.1 that the patterns use: the provider (the stack
// configures it) and helm_release. Generated code lives in src/.gen (never committed); this file
// only names it for jsii. TypeScript users can deep-import lib/.gen/providers/helm/<name>.
export * as provider from '../.gen/providers/helm/provider';
export * as release from '../.gen/providers/helm/release';
