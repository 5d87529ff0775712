// The `docker` worker's template, written from the shape the worker reads.
import { IConstruct } from 'constructs';
import { fail, isLiteral, show } from '../../core';
import { checkBlockSlot } from '../../blocks/block-ref';
import { WorkPoolType } from '../work-pool-type';
import { DockerJobTemplateOptions } from './docker-options';
import {
  TemplateDefinition, templateDefinition, blockReference, blockVariable, commonVariables, placeholders,
  stringList, templateDocument, variable,
} from './schema';

const MEMORY = /^[0-9]+[bkmg]?$/i;

/** @internal */
export function dockerTemplate(options: DockerJobTemplateOptions): TemplateDefinition {
  const document = templateDocument(
    placeholders(
      'command', 'env', 'labels', 'name', 'image', 'registry_credentials', 'image_pull_policy', 'networks',
      'network_mode', 'auto_remove', 'volumes', 'stream_output', 'container_wait_timeout', 'mem_limit',
      'memswap_limit', 'privileged',
    ),
    {
      ...commonVariables('container'),
      image: variable('string', 'Image', 'Container image of the flow runs; the Prefect image when empty.',
        { example: 'docker.io/prefecthq/prefect:3-latest' }),
      registry_credentials: blockVariable('Registry Credentials',
        'Block with the credentials used to log in to the image registry.', 'DockerRegistryCredentials'),
      image_pull_policy: variable('string', 'Image Pull Policy', 'When the worker pulls the image.',
        { enum: ['IfNotPresent', 'Always', 'IfPossible', 'Never'] }),
      networks: stringList('Networks', 'Docker networks the containers join.'),
      network_mode: variable('string', 'Network Mode',
        'Network mode of the containers (e.g. host, bridge); not together with networks.'),
      auto_remove: variable('boolean', 'Auto Remove', 'Remove containers when they finish.', { default: false }),
      volumes: stringList('Volumes', 'Volumes to mount, as source:target[:mode].'),
      stream_output: variable('boolean', 'Stream Output',
        'Copy the containers\' output to the worker\'s standard output.', { default: true }),
      container_wait_timeout: variable('integer', 'Container Wait Timeout',
        'Seconds the worker watches a container; it waits forever when empty.', { exclusiveMinimum: 0 }),
      mem_limit: variable('string', 'Memory Limit', 'Memory limit of each container, e.g. 512m or 2g.'),
      memswap_limit: variable('string', 'Memory Swap Limit',
        'Memory plus swap limit of each container, or -1 for unlimited swap; needs mem_limit.'),
      privileged: variable('boolean', 'Privileged', 'Run containers privileged.', { default: false }),
    },
    {
      DockerRegistryCredentials: {
        title: 'DockerRegistryCredentials',
        type: 'object',
        block_type_slug: 'docker-registry-credentials',
        secret_fields: ['password'],
        properties: {
          username: { title: 'Username', type: 'string' },
          password: { title: 'Password', type: 'string', format: 'password', writeOnly: true },
          registry_url: { title: 'Registry URL', type: 'string' },
          reauth: { title: 'Reauth', type: 'boolean', default: true },
        },
        required: ['username', 'password', 'registry_url'],
      },
    },
  );
  return templateDefinition(WorkPoolType.DOCKER, document, options, {
    image: options.image,
    registry_credentials: blockReference(options.registryCredentials),
    image_pull_policy: options.imagePullPolicy,
    networks: options.networks,
    network_mode: options.networkMode,
    auto_remove: options.autoRemove,
    volumes: options.volumes,
    stream_output: options.streamOutput,
    container_wait_timeout: options.containerWaitTimeout,
    mem_limit: options.memLimit,
    memswap_limit: options.memswapLimit,
    privileged: options.privileged,
  }, (scope) => checkDocker(scope, options));
}

function checkDocker(scope: IConstruct, options: DockerJobTemplateOptions): void {
  checkBlockSlot(scope, 'BaseJobTemplate.docker registryCredentials', options.registryCredentials);
  if (options.networks !== undefined && options.networks.length > 0 && options.networkMode !== undefined) {
    fail(scope, `docker networks ${show(options.networks)} and network mode ${show(options.networkMode)} cannot be combined: set only one of them`);
  }
  for (const [what, value] of [['memory limit', options.memLimit], ['memory swap limit', options.memswapLimit]] as const) {
    if (isLiteral(value) && !MEMORY.test(value as string) && !(what === 'memory swap limit' && value === '-1')) {
      fail(scope, `invalid docker ${what} ${show(value)}: use a whole number with an optional unit b, k, m or g, e.g. "512m"`);
    }
  }
  const timeout = options.containerWaitTimeout;
  if (isLiteral(timeout) && (!Number.isInteger(timeout) || (timeout as number) <= 0)) {
    fail(scope, `invalid docker container wait timeout ${show(timeout)}: it must be a whole number of seconds above 0`);
  }
}
