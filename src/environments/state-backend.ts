import * as path from 'path';
import { AzurermBackend, CloudBackend, GcsBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail, show } from '../core';

/** Properties of `StateBackend.local`. */
export interface LocalStateProps {
  /**
   * The state file, relative to the directory `cdktf` runs in (the project), or absolute.
   * @default - `terraform.<environment>.tfstate` in the project directory (cdktf's default)
   */
  readonly path?: string;
}

/** Properties of `StateBackend.s3`. Credentials come from the AWS environment, never from here. */
export interface S3StateProps {
  /** The bucket that holds the state files. */
  readonly bucket: string;

  /**
   * The state file's key in the bucket.
   * @default `<environment>/terraform.tfstate`
   */
  readonly key?: string;

  /**
   * The bucket's region.
   * @default - the AWS environment's (AWS_REGION)
   */
  readonly region?: string;

  /**
   * A DynamoDB table for state locking, for Terraform versions before 1.10.
   * @default - none: S3's own lock file (`use_lockfile`, Terraform 1.10 and later)
   */
  readonly dynamodbTable?: string;

  /**
   * A role to assume for reading and writing state.
   * @default - none: the environment's credentials
   */
  readonly roleArn?: string;

  /**
   * A named profile of the AWS configuration files.
   * @default - the environment's
   */
  readonly profile?: string;
}

/** Properties of `StateBackend.gcs`. Credentials come from the Google environment, never from here. */
export interface GcsStateProps {
  /** The bucket that holds the state files. */
  readonly bucket: string;

  /**
   * The folder in the bucket; Terraform keeps `<prefix>/default.tfstate` there.
   * @default `<environment>`
   */
  readonly prefix?: string;

  /**
   * A service account to impersonate for reading and writing state.
   * @default - none: the environment's credentials
   */
  readonly impersonateServiceAccount?: string;
}

/** Properties of `StateBackend.azurerm`. Credentials come from the Azure environment, never from here. */
export interface AzurermStateProps {
  /** The storage account (3-24 lowercase letters and digits). */
  readonly storageAccountName: string;

  /** The blob container in that account. */
  readonly containerName: string;

  /**
   * The state blob's name.
   * @default `<environment>.terraform.tfstate`
   */
  readonly key?: string;

  /**
   * The storage account's resource group.
   * @default - none (not needed with Entra ID authentication)
   */
  readonly resourceGroupName?: string;

  /**
   * The subscription of the storage account.
   * @default - the environment's (ARM_SUBSCRIPTION_ID)
   */
  readonly subscriptionId?: string;

  /**
   * Authenticate to storage with Entra ID (no storage account key).
   * @default true
   */
  readonly useAzureadAuth?: boolean;
}

/** Properties of `StateBackend.hcpTerraform`. The token comes from `terraform login` or TF_TOKEN_*, never from here. */
export interface HcpTerraformStateProps {
  /** The HCP Terraform organization. */
  readonly organization: string;

  /**
   * The workspace that holds the environment's state.
   * @default `<environment>`
   */
  readonly workspaceName?: string;

  /**
   * The HCP Terraform project of the workspace.
   * @default - the organization's default project
   */
  readonly project?: string;

  /**
   * The host, for Terraform Enterprise.
   * @default app.terraform.io
   */
  readonly hostname?: string;
}

interface Bound {
  /** Where the state lives, the same text for two environments that would share it. */
  readonly location: string;
}

/** Every environment's state location in an app, by location: the first environment's path. */
const locations = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Where an environment keeps its Terraform state: one state per environment, never shared.
 * The local backend is the default; the remote ones are cdktf's backends with per-environment
 * defaults (key, prefix or workspace from the environment's name). Credentials never go into
 * the configuration: each backend reads its cloud's environment.
 */
export class StateBackend {
  /**
   * A local state file per environment.
   * @param props the file
   */
  public static local(props: LocalStateProps = {}): StateBackend {
    return new StateBackend('local', (stack, env) => {
      checkLiterals(stack, 'local', props);
      if (props.path !== undefined && props.path.trim() === '') fail(stack, `invalid local state path ${show(props.path)}: give a file name such as "terraform.${env}.tfstate", or leave it out`);
      const file = props.path ?? `terraform.${env}.tfstate`;
      new LocalBackend(stack, { path: props.path });
      return { location: `local:${path.resolve(file)}` };
    });
  }

  /**
   * State in an S3 bucket, one key per environment, with S3's lock file.
   * @param props the bucket and key
   */
  public static s3(props: S3StateProps): StateBackend {
    return new StateBackend('s3', (stack, env) => {
      checkLiterals(stack, 's3', props);
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucket ?? '') || props.bucket.includes('..')) {
        fail(stack, `invalid s3 state bucket ${show(props.bucket)}: bucket names are 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, e.g. "acme-terraform-state"`);
      }
      const key = props.key ?? `${env}/terraform.tfstate`;
      checkKey(stack, 's3 state key', key, `${env}/terraform.tfstate`);
      new S3Backend(stack, {
        bucket: props.bucket,
        key,
        region: props.region,
        encrypt: true,
        dynamodbTable: props.dynamodbTable,
        profile: props.profile,
        assumeRole: props.roleArn === undefined ? undefined : { roleArn: props.roleArn },
      });
      // S3's own lock file (Terraform 1.10+), which cdktf 0.21's S3Backend has no setting for
      if (props.dynamodbTable === undefined) stack.addOverride('terraform.backend.s3.use_lockfile', true);
      return { location: `s3://${props.bucket}/${key}` };
    });
  }

  /**
   * State in a Google Cloud Storage bucket, one prefix per environment.
   * @param props the bucket and prefix
   */
  public static gcs(props: GcsStateProps): StateBackend {
    return new StateBackend('gcs', (stack, env) => {
      checkLiterals(stack, 'gcs', props);
      if (!/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(props.bucket ?? '')) {
        fail(stack, `invalid gcs state bucket ${show(props.bucket)}: bucket names are 3-63 lowercase letters, digits, "-", "_" and ".", starting and ending with a letter or digit, e.g. "acme-terraform-state"`);
      }
      const prefix = props.prefix ?? env;
      checkKey(stack, 'gcs state prefix', prefix, env);
      new GcsBackend(stack, { bucket: props.bucket, prefix, impersonateServiceAccount: props.impersonateServiceAccount });
      return { location: `gs://${props.bucket}/${prefix.replace(/\/+$/, '')}/default.tfstate` };
    });
  }

  /**
   * State in an Azure storage container, one blob per environment.
   * @param props the account, container and blob
   */
  public static azurerm(props: AzurermStateProps): StateBackend {
    return new StateBackend('azurerm', (stack, env) => {
      checkLiterals(stack, 'azurerm', props);
      if (!/^[a-z0-9]{3,24}$/.test(props.storageAccountName ?? '')) {
        fail(stack, `invalid azurerm storage account name ${show(props.storageAccountName)}: it must be 3-24 lowercase letters and digits, e.g. "acmetfstate"`);
      }
      if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(props.containerName ?? '')) {
        fail(stack, `invalid azurerm container name ${show(props.containerName)}: it must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit, e.g. "tfstate"`);
      }
      const key = props.key ?? `${env}.terraform.tfstate`;
      checkKey(stack, 'azurerm state key', key, `${env}.terraform.tfstate`);
      new AzurermBackend(stack, {
        storageAccountName: props.storageAccountName,
        containerName: props.containerName,
        key,
        resourceGroupName: props.resourceGroupName,
        subscriptionId: props.subscriptionId,
        useAzureadAuth: props.useAzureadAuth ?? true,
      });
      return { location: `azurerm://${props.storageAccountName}/${props.containerName}/${key}` };
    });
  }

  /**
   * State in an HCP Terraform (or Terraform Enterprise) workspace, one per environment.
   * @param props the organization and workspace
   */
  public static hcpTerraform(props: HcpTerraformStateProps): StateBackend {
    return new StateBackend('hcp-terraform', (stack, env) => {
      checkLiterals(stack, 'hcpTerraform', props);
      if (!props.organization || !/^[A-Za-z0-9_-]+$/.test(props.organization)) {
        fail(stack, `invalid hcp terraform organization ${show(props.organization)}: it is the organization's name, letters, digits, "-" and "_", e.g. "acme"`);
      }
      const workspace = props.workspaceName ?? env;
      if (!/^[A-Za-z0-9_-]{1,90}$/.test(workspace)) {
        fail(stack, `invalid hcp terraform workspace name ${show(workspace)}: workspace names are 1-90 letters, digits, "-" and "_", e.g. "prefect-${env}"`);
      }
      const hostname = props.hostname ?? 'app.terraform.io';
      new CloudBackend(stack, {
        organization: props.organization,
        hostname: props.hostname,
        workspaces: new NamedCloudWorkspace(workspace, props.project),
      });
      return { location: `cloud://${hostname}/${props.organization}/${workspace}` };
    });
  }

  private constructor(
    /** The backend's kind: `local`, `s3`, `gcs`, `azurerm` or `hcp-terraform`. */
    public readonly kind: string,
    private readonly bind: (stack: TerraformStack, environment: string) => Bound,
  ) {}

  /**
   * Adds the backend to an environment's stack; fails when another environment of the same app
   * already keeps its state there.
   * @internal
   */
  public _bind(stack: TerraformStack, environment: string): void {
    const { location } = this.bind(stack, environment);
    const root = stack.node.root;
    let taken = locations.get(root);
    if (!taken) {
      taken = new Map();
      locations.set(root, taken);
    }
    const first = taken.get(location);
    if (first !== undefined && first !== stack.node.path) {
      fail(stack, `environment ${show(environment)} would keep its state in ${location}, where environment ${show(first)} keeps its own: both would overwrite each other's state; give each environment its own key, prefix, path or workspace (leave it out for the per-environment default)`);
    }
    taken.set(location, stack.node.path);
  }
}

/** Backend settings are read by `terraform init`, before any variable or reference exists. */
function checkLiterals(scope: IConstruct, factory: string, props: object): void {
  for (const [key, value] of Object.entries(props)) {
    if (Token.isUnresolved(value)) {
      fail(scope, `StateBackend.${factory}: ${key} is a reference or variable (${String(value)}); terraform reads the backend before anything else, so it must be a literal: pass the value, e.g. from process.env at synth`);
    }
  }
}

/** A state key or prefix: relative, no empty segment. */
function checkKey(scope: IConstruct, what: string, key: string, example: string): void {
  if (key.trim() === '' || key.startsWith('/') || key.includes('//') || /\s/.test(key) || key.endsWith('/')) {
    fail(scope, `invalid ${what} ${show(key)}: it must be a relative path without spaces, empty segments or a trailing "/", e.g. ${show(example)}`);
  }
}

