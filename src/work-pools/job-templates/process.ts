// The `process` worker's template, written from the shape the worker reads.
import { WorkPoolType } from '../work-pool-type';
import { ProcessJobTemplateOptions } from './process-options';
import { TemplateDefinition, templateDefinition, commonVariables, placeholders, templateDocument, variable } from './schema';

/** @internal */
export function processTemplate(options: ProcessJobTemplateOptions): TemplateDefinition {
  const document = templateDocument(
    placeholders('command', 'env', 'labels', 'name', 'stream_output', 'working_dir'),
    {
      ...commonVariables('process'),
      stream_output: variable('boolean', 'Stream Output',
        'Copy the output of flow run processes to the worker\'s standard output.', { default: true }),
      working_dir: variable('string', 'Working Directory',
        'Directory the flow run process starts in; a temporary one when empty.', { format: 'path' }),
    },
  );
  return templateDefinition(WorkPoolType.PROCESS, document, options, {
    stream_output: options.streamOutput,
    working_dir: options.workingDir,
  });
}
