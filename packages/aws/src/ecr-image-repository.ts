import { DataAwsIamPolicyDocument } from './.gen/providers/aws/data-aws-iam-policy-document';
import { EcrRepository } from './.gen/providers/aws/ecr-repository';
import { IamPolicy } from './.gen/providers/aws/iam-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Checks, DeploymentImage, DeploymentImageOptions, UniqueName } from 'cdktf-prefect';
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
   * Tags of the repository and the policy.
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

/**
 * An ECR repository for the images of deployments (`aws_ecr_repository`, child `Resource`), with a
 * least-privilege push policy (`aws_iam_policy`, child `PushPolicy`): `ecr:GetAuthorizationToken`,
 * which has no resource-level permissions, on `*`, and the push actions on this repository's ARN
 * only. Attach `pushPolicy` to the role or user that runs `cdktf deploy`.
 *
 * `addImage(id, options)` adds a `DeploymentImage` that builds into the repository.
 */
export class EcrImageRepository extends Construct {
  /** The repository. */
  public readonly repository: EcrRepository;

  /** The push policy's document. */
  public readonly pushPolicyDocument: DataAwsIamPolicyDocument;

  /** The push policy, to attach to whoever builds and pushes. */
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

  constructor(scope: Construct, id: string, props: EcrImageRepositoryProps = {}) {
    super(scope, id);
    checkTags(this, props.tags);
    Checks.refuseCredentials(this, { ...props });
    const name = props.repositoryName ?? UniqueName.of(this, { maxLength: 200 });
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
        { sid: 'Login', effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        { sid: 'Push', effect: 'Allow', actions: PUSH_ACTIONS, resources: [this.repositoryArn] },
      ],
    });
    this.pushPolicy = new IamPolicy(this, 'PushPolicy', {
      name: props.pushPolicyName ?? UniqueName.of(this, { maxLength: 123 }) + '-push',
      description: `push images to the ECR repository ${Token.isUnresolved(name) ? this.node.path : name}`,
      policy: this.pushPolicyDocument.json,
      tags: props.tags,
    });
  }

  /**
   * A `DeploymentImage` built and pushed into this repository.
   * @param id the construct ID of the image (a child of this repository)
   * @param options the image's props, without the repository
   */
  public addImage(id: string, options: DeploymentImageOptions): DeploymentImage {
    return new DeploymentImage(this, id, { ...options, repository: this.repositoryUrl });
  }
}
