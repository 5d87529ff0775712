import { Fn, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Checks } from 'cdktf-prefect';

/** An IAM name: letters, digits and `+=,.@_-`, 1 to 64 characters. */
const NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * Who a grant goes to: an IAM role or user, by name (`"ci-deployer"`) or ARN
 * (`"arn:aws:iam::123456789012:role/ci/ci-deployer"`), literal or a reference
 * (`role.name`, `role.arn`, a `TerraformVariable`). `IamGrantee.role(...)`, `IamGrantee.user(...)`.
 *
 * A literal is checked at synth (a name, or an ARN of the right kind); a reference is taken as it
 * is, and its last `/`-separated part is the name the policy attachment needs.
 */
export class IamGrantee {
  /**
   * An IAM role.
   * @param nameOrArn the role's name or ARN
   */
  public static role(nameOrArn: string): IamGrantee {
    return new IamGrantee('role', nameOrArn);
  }

  /**
   * An IAM user.
   * @param nameOrArn the user's name or ARN
   */
  public static user(nameOrArn: string): IamGrantee {
    return new IamGrantee('user', nameOrArn);
  }

  private constructor(
    /** `role` or `user`. */
    public readonly kind: string,
    /** The name or ARN, as given. */
    public readonly nameOrArn: string,
  ) {}

  /**
   * The role's or user's name, for a policy attachment; fails at synth on a literal that is
   * neither a name nor an ARN of this kind.
   * @internal
   */
  public _name(scope: IConstruct): string {
    const given = this.nameOrArn;
    if (typeof given !== 'string' || given === '') {
      Checks.fail(scope, `invalid ${this.kind} ${Checks.show(given)}: give the ${this.kind}'s name or ARN, e.g. ${this.example()}`);
    }
    // a reference: its last path segment (a name has none, so it stays whole)
    if (Token.isUnresolved(given)) return Fn.element(Fn.reverse(Fn.split('/', given)), 0);
    if (given.startsWith('arn:')) {
      const m = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/(?:[\x21-\x7e]*\/)?([^/]+)$/.exec(given);
      if (!m || m[1] !== this.kind || !NAME.test(m[2])) {
        Checks.fail(scope, `invalid ${this.kind} ARN ${Checks.show(given)}: it must be an IAM ${this.kind} ARN, e.g. ${this.example()}${m && m[1] !== this.kind ? ` (for a ${m[1]}, use IamGrantee.${m[1]})` : ''}`);
      }
      return m![2];
    }
    if (!NAME.test(given)) {
      Checks.fail(scope, `invalid ${this.kind} name ${Checks.show(given)}: IAM names are 1 to 64 letters, digits and "+=,.@_-", e.g. "ci-deployer", or give the ARN`);
    }
    return given;
  }

  private example(): string {
    return `"ci-deployer" or "arn:aws:iam::123456789012:${this.kind}/ci-deployer"`;
  }
}
