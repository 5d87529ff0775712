import { JobTemplateOptions } from './common-options';

/**
 * Variable defaults for a `process` work pool.
 */
export interface ProcessJobTemplateOptions extends JobTemplateOptions {
  /**
   * Directory the flow run process starts in.
   * @default - a temporary directory for each flow run
   */
  readonly workingDir?: string;

  /**
   * Whether the worker copies the flow run's output to its own standard output.
   * @default true
   */
  readonly streamOutput?: boolean;
}
