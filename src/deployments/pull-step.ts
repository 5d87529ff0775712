import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { checkBlockSlot, IBlock } from '../blocks/block-ref';
import { fail, show } from '../core';
import { DeploymentPullSteps } from '../.gen/providers/prefect/deployment';

/** Options of a `git_clone` pull step. */
export interface GitCloneOptions {
  /** The repository URL, e.g. `https://github.com/acme/flows.git`. Never put a token in it. */
  readonly repository: string;

  /**
   * The branch (or tag) to check out.
   * @default - the repository's default branch
   */
  readonly branch?: string;

  /**
   * Clone submodules too.
   * @default false
   */
  readonly includeSubmodules?: boolean;

  /**
   * A credentials block (e.g. `github-credentials`, `gitlab-credentials`), loaded at run time.
   * @default - no credentials (a public repository)
   */
  readonly credentials?: IBlock;

  /**
   * A secret block holding an access token, loaded at run time; the token never appears in the
   * configuration or the Terraform state. Give either this or `credentials`.
   * @default - no access token
   */
  readonly accessToken?: IBlock;

  /**
   * Python packages the step needs, installed if missing (pip requirement syntax).
   * @default - none
   */
  readonly requires?: string;
}

/** Options of the `pull_from_s3` and `pull_from_gcs` pull steps. */
export interface PullFromBucketOptions {
  /** The bucket name (without `s3://` or `gs://`). */
  readonly bucket: string;

  /**
   * The folder (key prefix) in the bucket that holds the code.
   * @default - the whole bucket
   */
  readonly folder?: string;

  /**
   * A credentials block (`aws-credentials`, `gcp-credentials`), loaded at run time.
   * @default - the worker's ambient credentials
   */
  readonly credentials?: IBlock;

  /**
   * Python packages the step needs, installed at run time if missing.
   * @default - "prefect-aws" for S3, "prefect-gcp" for GCS
   */
  readonly requires?: string;
}

/** Options of the `pull_from_azure_blob_storage` pull step. */
export interface PullFromAzureBlobStorageOptions {
  /** The blob container name. */
  readonly container: string;

  /**
   * The folder in the container that holds the code.
   * @default - the whole container
   */
  readonly folder?: string;

  /**
   * An `azure-blob-storage-credentials` block, loaded at run time.
   * @default - the worker's ambient credentials
   */
  readonly credentials?: IBlock;

  /**
   * Python packages the step needs, installed at run time if missing.
   * @default "prefect-azure"
   */
  readonly requires?: string;
}

/** Options of the `pip_install_requirements` pull step. */
export interface PipInstallRequirementsOptions {
  /**
   * The requirements file.
   * @default - Prefect's default, `requirements.txt`
   */
  readonly requirementsFile?: string;

  /**
   * The directory the file is in.
   * @default - the working directory
   */
  readonly directory?: string;

  /**
   * Stream pip's output to the run's logs.
   * @default - Prefect's default (true)
   */
  readonly streamOutput?: boolean;

  /**
   * Python packages the step itself needs.
   * @default - none
   */
  readonly requires?: string;
}

/** Options of the `run_shell_script` pull step. */
export interface RunShellScriptOptions {
  /** The script to run. */
  readonly script: string;

  /**
   * The directory to run it in.
   * @default - the working directory
   */
  readonly directory?: string;

  /**
   * Environment variables for the script; values may reference blocks or variables
   * (`{{ prefect.blocks.secret.x }}`).
   * @default - none
   */
  readonly env?: { [key: string]: string };

  /**
   * Stream the script's output to the run's logs.
   * @default - Prefect's default (true)
   */
  readonly streamOutput?: boolean;

  /**
   * Expand environment variables in the script before running it.
   * @default - Prefect's default (false)
   */
  readonly expandEnvVars?: boolean;

  /**
   * Python packages the step needs.
   * @default - none
   */
  readonly requires?: string;
}

/**
 * A step a worker runs before a flow run to fetch and prepare the flow's code.
 *
 * Secrets are taken only as block references (rendered as `{{ prefect.blocks.<type>.<name> }}`),
 * so none ends up in the configuration or the Terraform state.
 */
export class PullStep {
  /** Clones a Git repository. */
  public static gitClone(options: GitCloneOptions): PullStep {
    return new PullStep('git_clone', (scope) => {
      checkRequired(scope, 'git_clone', 'repository', options.repository);
      checkBlockSlot(scope, 'git_clone accessToken', options.accessToken);
      checkBlockSlot(scope, 'git_clone credentials', options.credentials);
      if (!Token.isUnresolved(options.repository) && /^[a-z][a-z0-9+.-]*:\/\/[^/@]+@/i.test(options.repository)) {
        fail(scope, `git_clone repository ${show(redact(options.repository))} embeds credentials in its URL; remove them and pass a block as accessToken or credentials`);
      }
      if (options.credentials && options.accessToken) {
        fail(scope, `git_clone of ${show(options.repository)} has both credentials and accessToken, which Prefect refuses; give one`);
      }
      return {
        type: 'git_clone',
        repository: options.repository,
        branch: options.branch,
        includeSubmodules: options.includeSubmodules,
        credentials: options.credentials?.templateReference,
        accessToken: options.accessToken?.templateReference,
        requires: options.requires,
      };
    });
  }

  /** Changes the working directory, e.g. into a clone (step `set_working_directory`; the
   * name avoids a Java setter clash). */
  public static workingDirectory(directory: string): PullStep {
    return new PullStep('set_working_directory', (scope) => {
      checkRequired(scope, 'set_working_directory', 'directory', directory);
      return { type: 'set_working_directory', directory };
    });
  }

  /** Downloads a folder of an S3 bucket (step of `prefect-aws`). */
  public static pullFromS3(options: PullFromBucketOptions): PullStep {
    return PullStep.fromStorage('pull_from_s3', 'prefect-aws', 'bucket', options.bucket, options);
  }

  /** Downloads a folder of a Google Cloud Storage bucket (step of `prefect-gcp`). */
  public static pullFromGcs(options: PullFromBucketOptions): PullStep {
    return PullStep.fromStorage('pull_from_gcs', 'prefect-gcp', 'bucket', options.bucket, options);
  }

  /** Downloads a folder of an Azure Blob Storage container (step of `prefect-azure`). */
  public static pullFromAzureBlobStorage(options: PullFromAzureBlobStorageOptions): PullStep {
    return PullStep.fromStorage('pull_from_azure_blob_storage', 'prefect-azure', 'container', options.container, options);
  }

  /** Installs Python packages from a requirements file. */
  public static pipInstallRequirements(options: PipInstallRequirementsOptions = {}): PullStep {
    return new PullStep('pip_install_requirements', () => ({
      type: 'pip_install_requirements',
      requirementsFile: options.requirementsFile,
      directory: options.directory,
      streamOutput: options.streamOutput,
      requires: options.requires,
    }));
  }

  /** Runs a shell script. */
  public static runShellScript(options: RunShellScriptOptions): PullStep {
    return new PullStep('run_shell_script', (scope) => {
      checkRequired(scope, 'run_shell_script', 'script', options.script);
      return {
        type: 'run_shell_script',
        script: options.script,
        directory: options.directory,
        env: options.env,
        streamOutput: options.streamOutput,
        expandEnvVars: options.expandEnvVars,
        requires: options.requires,
      };
    });
  }

  private static fromStorage(type: string, requires: string, field: 'bucket' | 'container', name: string, options: PullFromBucketOptions | PullFromAzureBlobStorageOptions): PullStep {
    return new PullStep(type, (scope) => {
      checkRequired(scope, type, field, name);
      checkBlockSlot(scope, `${type} credentials`, options.credentials);
      if (!Token.isUnresolved(name) && name.includes('://')) {
        fail(scope, `${type} ${field} ${show(name)} must be a ${field} name, not a URL; write ${show(name.replace(/^[a-z0-9]+:\/\//i, '').split('/')[0])} and put any path in folder`);
      }
      return {
        type,
        [field]: name,
        folder: options.folder,
        credentials: options.credentials?.templateReference,
        requires: options.requires ?? requires,
      };
    });
  }

  /**
   * @param stepType the provider's step type, e.g. `git_clone`
   */
  private constructor(public readonly stepType: string, private readonly renderer: (scope: IConstruct) => DeploymentPullSteps) {}

  /**
   * Checks the step, failing with `scope`'s path, and returns the provider's struct.
   * @internal
   */
  public _render(scope: IConstruct): DeploymentPullSteps {
    return this.renderer(scope);
  }
}

function checkRequired(scope: IConstruct, type: string, what: string, value: string | undefined): void {
  if (value === undefined || (!Token.isUnresolved(value) && value.trim().length === 0)) {
    fail(scope, `${type} pull step needs a ${what}, got ${show(value)}`);
  }
}

function redact(url: string): string {
  return url.replace(/:\/\/[^/@]+@/, '://***@');
}
