// exports only
export * from './prefect-auth';
export * from './ecs-worker';
export * from './s3-bucket-sensor';
