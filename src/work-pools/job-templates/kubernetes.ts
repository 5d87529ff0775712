// The `kubernetes` worker's template, written from the shape the worker reads.
import { IConstruct } from 'constructs';
import { fail, isLiteral, show, validateInteger } from '../../core';
import { checkBlockSlot } from '../../blocks/block-ref';
import { WorkPoolType } from '../work-pool-type';
import { ImagePullPolicy } from './image-pull-policy';
import { KubernetesJobTemplateOptions } from './kubernetes-options';
import {
  TemplateDefinition, templateDefinition, blockReference, blockVariable, commonVariables, placeholder,
  placeholders, templateDocument, variable,
} from './schema';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

function jobManifest(): Record<string, any> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      labels: placeholder('labels'),
      namespace: placeholder('namespace'),
      generateName: `${placeholder('name')}-`,
    },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: placeholder('finished_job_ttl'),
      template: {
        spec: {
          parallelism: 1,
          completions: 1,
          restartPolicy: 'Never',
          serviceAccountName: placeholder('service_account_name'),
          containers: [{
            name: 'prefect-job',
            image: placeholder('image'),
            imagePullPolicy: placeholder('image_pull_policy'),
            args: placeholder('command'),
            env: placeholder('env'),
            resources: {
              requests: { cpu: placeholder('cpu_request'), memory: placeholder('memory_request') },
              limits: { cpu: placeholder('cpu_limit'), memory: placeholder('memory_limit') },
            },
          }],
        },
      },
    },
  };
}

/** @internal */
export function kubernetesTemplate(options: KubernetesJobTemplateOptions): TemplateDefinition {
  const quantity = (title: string, what: string) => variable('string', title, `${what} of the flow run container (a Kubernetes quantity).`);
  const document = templateDocument(
    {
      ...placeholders('command', 'env', 'labels', 'name', 'namespace'),
      job_manifest: jobManifest(),
      ...placeholders('cluster_config', 'job_watch_timeout_seconds', 'pod_watch_timeout_seconds', 'stream_output'),
    },
    {
      ...commonVariables('job'),
      namespace: variable('string', 'Namespace', 'Namespace the jobs are created in.', { default: 'default' }),
      image: variable('string', 'Image', 'Container image of the flow runs; the Prefect image when empty.',
        { example: 'docker.io/prefecthq/prefect:3-latest' }),
      service_account_name: variable('string', 'Service Account Name', 'Service account the job pods run as.'),
      image_pull_policy: variable('string', 'Image Pull Policy', 'When the kubelet pulls the image.',
        { default: 'IfNotPresent', enum: ['IfNotPresent', 'Always', 'Never'] }),
      finished_job_ttl: variable('integer', 'Finished Job TTL',
        'Seconds after which Kubernetes deletes a finished job; kept forever when empty.'),
      job_watch_timeout_seconds: variable('integer', 'Job Watch Timeout Seconds',
        'Seconds the worker watches a job; it watches until the end when empty.'),
      pod_watch_timeout_seconds: variable('integer', 'Pod Watch Timeout Seconds',
        'Seconds the worker waits for the job\'s pod to start.', { default: 60 }),
      stream_output: variable('boolean', 'Stream Output',
        'Copy the pods\' output to the worker\'s standard output.', { default: true }),
      cluster_config: blockVariable('Cluster Config', 'Block describing the cluster the jobs run on.',
        'KubernetesClusterConfig'),
      cpu_request: quantity('CPU Request', 'CPU request'),
      cpu_limit: quantity('CPU Limit', 'CPU limit'),
      memory_request: quantity('Memory Request', 'Memory request'),
      memory_limit: quantity('Memory Limit', 'Memory limit'),
    },
    {
      KubernetesClusterConfig: {
        title: 'KubernetesClusterConfig',
        type: 'object',
        block_type_slug: 'kubernetes-cluster-config',
        secret_fields: [],
        properties: {
          config: { title: 'Config', type: 'object' },
          context_name: { title: 'Context Name', type: 'string' },
        },
        required: ['config', 'context_name'],
      },
    },
  );
  return templateDefinition(WorkPoolType.KUBERNETES, document, options, {
    namespace: options.namespace,
    image: options.image,
    service_account_name: options.serviceAccountName,
    image_pull_policy: options.imagePullPolicy,
    finished_job_ttl: options.finishedJobTtl,
    job_watch_timeout_seconds: options.jobWatchTimeoutSeconds,
    pod_watch_timeout_seconds: options.podWatchTimeoutSeconds,
    stream_output: options.streamOutput,
    cluster_config: blockReference(options.clusterConfig),
    cpu_request: options.cpuRequest,
    cpu_limit: options.cpuLimit,
    memory_request: options.memoryRequest,
    memory_limit: options.memoryLimit,
  }, (scope) => checkKubernetes(scope, options));
}

function checkKubernetes(scope: IConstruct, options: KubernetesJobTemplateOptions): void {
  checkBlockSlot(scope, 'BaseJobTemplate.kubernetes clusterConfig', options.clusterConfig);
  if (options.imagePullPolicy === ImagePullPolicy.IF_POSSIBLE) {
    fail(scope, `image pull policy ${show(options.imagePullPolicy)} exists only for docker pools: use IF_NOT_PRESENT, ALWAYS or NEVER`);
  }
  const ns = options.namespace;
  if (isLiteral(ns) && (!DNS_LABEL.test(ns as string) || (ns as string).length > 63)) {
    fail(scope, `invalid kubernetes namespace ${show(ns)}: use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit`);
  }
  const quantities: Array<[string, string | undefined]> = [
    ['cpu request', options.cpuRequest], ['cpu limit', options.cpuLimit],
    ['memory request', options.memoryRequest], ['memory limit', options.memoryLimit],
  ];
  for (const [what, value] of quantities) {
    if (isLiteral(value) && !QUANTITY.test(value as string)) {
      fail(scope, `invalid kubernetes ${what} ${show(value)}: use a Kubernetes quantity such as "500m", "2", "512Mi" or "1Gi"`);
    }
  }
  validateInteger(scope, 'finished job ttl', options.finishedJobTtl, 0);
  validateInteger(scope, 'job watch timeout', options.jobWatchTimeoutSeconds, 1);
  validateInteger(scope, 'pod watch timeout', options.podWatchTimeoutSeconds, 1);
}
