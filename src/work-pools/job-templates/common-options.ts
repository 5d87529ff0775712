/**
 * Variable defaults that every worker type understands.
 */
export interface JobTemplateOptions {
  /**
   * Name given to the infrastructure (process, container, job, task) a worker creates.
   * @default - the worker derives a name from the flow run
   */
  readonly name?: string;

  /**
   * Command that starts the flow run inside the infrastructure.
   * @default - the worker builds the command itself (recommended)
   */
  readonly command?: string;

  /**
   * Environment variables for every flow run of the pool.
   * @default - none
   */
  readonly env?: { [key: string]: string };

  /**
   * Labels (tags, for ECS) put on the infrastructure a worker creates.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}
