import { DataAwsIamPolicyDocument } from './.gen/providers/aws/data-aws-iam-policy-document';
import { EcrRepository } from './.gen/providers/aws/ecr-repository';
import { IamPolicy } from './.gen/providers/aws/iam-policy';
import { IamRolePolicyAttachment } from './.gen/providers/aws/iam-role-policy-attachment';
import { IamUserPolicyAttachment } from './.gen/providers/aws/iam-user-policy-attachment';
import { TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Checks, DeploymentImage, DeploymentImageOptions, UniqueName } from 'cdktf-prefect';
import { IamGrantee } from './iam-grantee';
import { checkTags } from './private/checks';

/** Properties of an `EcrImageRepository`. */
export interface EcrImageRepositoryProps {
  /**
   * The repository's name: lowercase letters, digits, `.`, `_`, `-` and `/`, 2 to 256 characters.
   * @default - a name unique to this construct's path (`UniqueName.of`), e.g. `flows-2f1c9a7e`
   */
  readonly repositoryName?: string;

  /**
   * Make tags immutable (`IMMUTABLE`): a pushed tag can never point at other content. The
   * default tags of `DeploymentImage` are content hashes, which never move; a fixed `tag` whose
   * content changes then fails to push.
   * @default false
   */
  readonly immutableTags?: boolean;

  /**
   * Scan each image for vulnerabilities when it is pushed.
   * @default true
   */
  readonly scanOnPush?: boolean;

  /**
   * Delete the repository even when it holds images (`force_delete`).
   * @default false - destroy fails while images are left
   */
  readonly forceDelete?: boolean;

  /**
   * The name of the IAM policy that allows pushing to the repository.
   * @default - the repository's default name with a `-push` suffix
   */
  readonly pushPolicyName?: string;

  /**
   * The name of the IAM policy that allows pulling from the repository, made by the first
   * `grantPull`.
   * @default - the repository's default name with a `-pull` suffix
   */
  readonly pullPolicyName?: string;

  /**
   * Tags of the repository and the policies.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/** The actions a push needs on the repository (the AWS ECR user guide's push permissions). */
const PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];

/** The actions a pull needs on the repository (the AWS ECR user guide's pull permissions). */
const PULL_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
];

/** `ecr:GetAuthorizationToken` has no resource-level permissions: it is granted on `*` or not at all. */
const LOGIN = { sid: 'Login', effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] };

/**
 * An ECR repository for the images of deployments (`aws_ecr_repository`, child `Resource`), with a
 * least-privilege push policy (`aws_iam_policy`, child `PushPolicy`): `ecr:GetAuthorizationToken`,
 * which has no resource-level permissions, on `*`, and the push actions on this repository's ARN
 * only.
 *
 * `grantPush(id, grantee)` attaches the push policy to a role or user (whoever runs
 * `cdktf deploy`, where `DeploymentImage` pushes); `grantPull(id, grantee)` attaches a pull policy
 * (child `PullPolicy`, made by the first call: `ecr:GetAuthorizationToken` on `*`, and
 * `BatchCheckLayerAvailability`, `BatchGetImage`, `GetDownloadUrlForLayer` on this repository's
 * ARN only), e.g. to the execution role of the tasks that run the flows. `ecr:GetAuthorizationToken`
 * cannot be narrower than `*`: IAM has no resource-level permissions for it, and it only returns
 * a login token, which lets its holder do in ECR no more than its other statements allow.
 *
 * `addImage(id, options)` adds a `DeploymentImage` that builds into the repository.
 */
export class EcrImageRepository extends Construct {
  /** The repository. */
  public readonly repository: EcrRepository;

  /** The push policy's document. */
  public readonly pushPolicyDocument: DataAwsIamPolicyDocument;

  /** The push policy, to attach to whoever builds and pushes (`grantPush`). */
  public readonly pushPolicy: IamPolicy;

  /**
   * The repository's URL, `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: a `DeploymentImage`'s repository.
   * @attribute
   */
  public readonly repositoryUrl: string;

  /**
   * The repository's ARN.
   * @attribute
   */
  public readonly repositoryArn: string;

  private readonly props: EcrImageRepositoryProps;
  private readonly name: string;
  private pull?: IamPolicy;

  constructor(scope: Construct, id: string, props: EcrImageRepositoryProps = {}) {
    super(scope, id);
    this.props = props;
    checkTags(this, props.tags);
    Checks.refuseCredentials(this, { ...props });
    const name = props.repositoryName ?? UniqueName.of(this, { maxLength: 200 });
    this.name = name;
    if (!Token.isUnresolved(name) && !/^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(name)) {
      Checks.fail(this, `invalid repositoryName ${Checks.show(name)}: ECR takes 2 to 256 lowercase letters, digits and ".", "_", "-", "/" (not first or last, not doubled), e.g. "acme/flows"`);
    }
    this.repository = new EcrRepository(this, 'Resource', {
      name,
      imageTagMutability: props.immutableTags ? 'IMMUTABLE' : 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: props.scanOnPush ?? true },
      forceDelete: props.forceDelete,
      tags: props.tags,
    });
    this.repositoryUrl = this.repository.repositoryUrl;
    this.repositoryArn = this.repository.arn;
    this.pushPolicyDocument = new DataAwsIamPolicyDocument(this, 'PushPolicyDocument', {
      statement: [
        LOGIN,
        { sid: 'Push', effect: 'Allow', actions: PUSH_ACTIONS, resources: [this.repositoryArn] },
      ],
    });
    this.pushPolicy = new IamPolicy(this, 'PushPolicy', {
      name: props.pushPolicyName ?? UniqueName.of(this, { maxLength: 123 }) + '-push',
      description: `push images to the ECR repository ${this.describe(name)}`,
      policy: this.pushPolicyDocument.json,
      tags: props.tags,
    });
  }

  /**
   * The pull policy (`grantPull`), or undefined before the first `grantPull`.
   */
  public get pullPolicy(): IamPolicy | undefined {
    return this.pull;
  }

  /**
   * Attaches the push policy (`pushPolicy`) to a role or user: an
   * `aws_iam_role_policy_attachment` or `aws_iam_user_policy_attachment` with this ID.
   * @param id the construct ID of the attachment (a child of this repository)
   * @param grantee the role or user, by name or ARN
   * @returns the attachment
   */
  public grantPush(id: string, grantee: IamGrantee): TerraformResource {
    return this.attach(id, grantee, this.pushPolicy);
  }

  /**
   * Attaches the pull policy to a role or user; the first call creates the policy (child
   * `PullPolicy`, its document `PullPolicyDocument`).
   * @param id the construct ID of the attachment (a child of this repository)
   * @param grantee the role or user, by name or ARN
   * @returns the attachment
   */
  public grantPull(id: string, grantee: IamGrantee): TerraformResource {
    if (!this.pull) {
      const document = new DataAwsIamPolicyDocument(this, 'PullPolicyDocument', {
        statement: [LOGIN, { sid: 'Pull', effect: 'Allow', actions: PULL_ACTIONS, resources: [this.repositoryArn] }],
      });
      this.pull = new IamPolicy(this, 'PullPolicy', {
        name: this.props.pullPolicyName ?? UniqueName.of(this, { maxLength: 123 }) + '-pull',
        description: `pull images from the ECR repository ${this.describe(this.name)}`,
        policy: document.json,
        tags: this.props.tags,
      });
    }
    return this.attach(id, grantee, this.pull);
  }

  /**
   * A `DeploymentImage` built and pushed into this repository.
   * @param id the construct ID of the image (a child of this repository)
   * @param options the image's props, without the repository
   */
  public addImage(id: string, options: DeploymentImageOptions): DeploymentImage {
    return new DeploymentImage(this, id, { ...options, repository: this.repositoryUrl });
  }

  private attach(id: string, grantee: IamGrantee, policy: IamPolicy): TerraformResource {
    if (!(grantee instanceof IamGrantee)) {
      Checks.fail(this, `invalid grantee ${Checks.show(grantee)}: use IamGrantee.role("name or ARN") or IamGrantee.user("name or ARN")`);
    }
    const name = grantee._name(this);
    return grantee.kind === 'role'
      ? new IamRolePolicyAttachment(this, id, { role: name, policyArn: policy.arn })
      : new IamUserPolicyAttachment(this, id, { user: name, policyArn: policy.arn });
  }

  private describe(name: string): string {
    return Token.isUnresolved(name) ? this.node.path : name;
  }
}
