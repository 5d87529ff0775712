// What DeploymentImage gives an ImageBuilder, and what it gets back (internal to the patterns).

/** The commands one build runs, as /bin/sh text (variable parts are environment references). */
export interface BuilderCommands {
  readonly build: string;
  readonly push: string;
  readonly login: string;
}

/** What a build command is given, as quoted /bin/sh references to environment variables. */
export interface BuilderInputs {
  readonly image: string;
  readonly dockerfile: string;
  readonly context: string;
  readonly platform?: string;
  /** `KEY=<reference>` words, quoted */
  readonly buildArgs: string[];
  readonly registry: string;
  readonly username: string;
  readonly password: string;
}

