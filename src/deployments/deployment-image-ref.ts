import { ITerraformDependable } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * A container image that a deployment's runs start from, built and pushed by this app
 * (`DeploymentImage`) or by anything else that can be depended on.
 */
export interface IDeploymentImage extends IConstruct, ITerraformDependable {
  /**
   * The full image reference, `<repository>:<tag>`, that workers pull.
   * @attribute
   */
  readonly imageName: string;
}
