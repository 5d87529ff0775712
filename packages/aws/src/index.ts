// exports only

// L3: the AWS patterns
export * from './prefect-auth';
export * from './ecs-worker';
export * from './s3-bucket-sensor';
export * from './ecr-image-repository';
export * from './iam-grantee';
export * from './aws-rules';

// L1: the provider classes of hashicorp/aws 5.100.0 that the patterns use (generated from
// schema/aws-5.100.0.schema.json), one namespace per resource and data source, loaded lazily.
// TypeScript users can deep-import lib/.gen/providers/aws/<name>.
export * as l1 from './l1';
