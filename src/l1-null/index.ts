// The L1 bindings of hashicorp/null 3.2.4, trimmed to null_resource (DeploymentImage builds with
// it): the provider, for a stack that uses DeploymentImage, and the resource.
// Generated code lives in src/.gen (never committed); this file only names it for jsii.
export * as provider from '../.gen/providers/null/provider';
export * as resource from '../.gen/providers/null/resource';
