// exports only

// L3: the Google Cloud patterns
export * from './cloud-run-worker';
export * from './gcp-prefect-auth';
export * from './gcs-bucket-sensor';

// L1: the provider classes of hashicorp/google 6.50.0 that the patterns use (generated from
// schema/google-6.50.0.schema.json), one namespace per resource and data source, loaded lazily.
// TypeScript users can deep-import lib/.gen/providers/google/<name>.
export * as l1 from './l1';
