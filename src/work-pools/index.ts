// exports only
export * from './work-pool-ref';
export * from './work-pool-type';
export * from './work-pool';
export * from './work-queue';
export * from './work-queue-options';
export * from './base-job-template';
export * from './job-templates/common-options';
export * from './job-templates/image-pull-policy';
export * from './job-templates/process-options';
export * from './job-templates/docker-options';
export * from './job-templates/kubernetes-options';
export * from './job-templates/ecs-options';
export * from './job-templates/aci-options';
export * from './job-templates/cloud-run-v2-options';
