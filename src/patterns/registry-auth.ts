import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail, findCredential, mask, show } from '../core';

/** How the builder logs in to the registry, resolved for one image. @internal */
export interface ResolvedRegistryAuth {
  /** the username and password, as shell references */
  readonly username: string;
  readonly password: string;
  /** what goes into the local-exec environment (values never in the command text) */
  readonly environment: { [name: string]: string };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * How a `DeploymentImage` authenticates to its registry, always by reference, never with a
 * literal password:
 * - `RegistryAuth.builderLogin()` (the default): the builder's own login (`docker login`,
 *   `podman login`, `buildah login`, a credential helper such as ECR's) on the machine that runs
 *   `cdktf deploy`;
 * - `RegistryAuth.fromEnvironment("REGISTRY_USER", "REGISTRY_PASSWORD")`: the names of
 *   environment variables of `cdktf deploy` that hold them;
 * - `RegistryAuth.fromSecret(username, password)`: a password that is a token, such as a
 *   sensitive `TerraformVariable`'s value, passed to the command through its environment.
 */
export class RegistryAuth {
  /** The builder's own login (nothing is run before the push). */
  public static builderLogin(): RegistryAuth {
    return new RegistryAuth('builder');
  }

  /**
   * Logs in with the values of two environment variables of the process that runs
   * `cdktf deploy` (Terraform passes its environment to the build).
   * @param usernameVariable the name of the variable holding the username, e.g. `REGISTRY_USER`
   * @param passwordVariable the name of the variable holding the password or token, e.g. `REGISTRY_PASSWORD`
   */
  public static fromEnvironment(usernameVariable: string, passwordVariable: string): RegistryAuth {
    return new RegistryAuth('env', usernameVariable, passwordVariable);
  }

  /**
   * Logs in with a username and a password that is a reference: the `stringValue` of a
   * `TerraformVariable` with `sensitive: true`, or an attribute of a secret resource. A literal
   * password is refused.
   * @param username the username (a literal or a token)
   * @param password the password, a token
   */
  public static fromSecret(username: string, password: string): RegistryAuth {
    return new RegistryAuth('secret', username, password);
  }

  private constructor(
    private readonly kind: 'builder' | 'env' | 'secret',
    private readonly username?: string,
    private readonly password?: string,
  ) {}

  /** Whether the builder logs in before it pushes. */
  public get logsIn(): boolean {
    return this.kind !== 'builder';
  }

  /** @internal */
  public _resolve(scope: IConstruct): ResolvedRegistryAuth | undefined {
    const fix = 'pass the name of an environment variable (RegistryAuth.fromEnvironment("REGISTRY_USER", "REGISTRY_PASSWORD")), a sensitive TerraformVariable\'s value (RegistryAuth.fromSecret(user, new TerraformVariable(this, "RegistryPassword", { type: "string", sensitive: true }).stringValue)), or log in with the builder (RegistryAuth.builderLogin())';
    if (this.kind === 'builder') return undefined;
    if (this.kind === 'env') {
      for (const [what, name] of [['username', this.username], ['password', this.password]] as const) {
        const credential = typeof name === 'string' ? findCredential(name) : undefined;
        if (credential) fail(scope, `the registry ${what} variable holds what looks like ${credential.what}, ${credential.redacted}, not the name of an environment variable; ${fix}`);
        if (typeof name !== 'string' || Token.isUnresolved(name) || !ENV_NAME.test(name)) {
          const shown = what === 'password' && typeof name === 'string' && !Token.isUnresolved(name) ? mask(name, 0) : show(name);
          fail(scope, `the registry ${what} variable ${shown} is not the name of an environment variable (letters, digits and "_", not starting with a digit); if it is the ${what} itself, never write it in the app: ${fix}`);
        }
      }
      return { username: `"$${this.username}"`, password: `"$${this.password}"`, environment: {} };
    }
    if (typeof this.password !== 'string' || !Token.isUnresolved(this.password)) {
      fail(scope, `the registry password is a literal, ${mask(String(this.password), 0)}: it would be written in plain text to cdk.tf.json; ${fix}`);
    }
    if (typeof this.username !== 'string' || (!Token.isUnresolved(this.username) && this.username.trim() === '')) {
      fail(scope, `invalid registry username ${show(this.username)}: give the username (a literal or a token)`);
    }
    return {
      username: '"$CDKTF_PREFECT_REGISTRY_USERNAME"',
      password: '"$CDKTF_PREFECT_REGISTRY_PASSWORD"',
      environment: { CDKTF_PREFECT_REGISTRY_USERNAME: this.username, CDKTF_PREFECT_REGISTRY_PASSWORD: this.password },
    };
  }
}
