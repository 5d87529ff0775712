import { TerraformDataSource, TerraformResource, TerraformResourceConfig } from 'cdktf';
import { Construct } from 'constructs';

/** What a `TerraformData` holds. */
export interface TerraformDataConfig {
  /** `input`: a value Terraform stores (and a `replace_triggered_by` target can watch). */
  readonly input?: string;
  /** `triggers_replace`: a change replaces the resource (and runs its provisioners again). */
  readonly triggersReplace?: string;
  readonly provisioners?: TerraformResourceConfig['provisioners'];
}

/**
 * Terraform's built-in `terraform_data` resource, written as a plain `TerraformResource`: cdktf's
 * own `DataResource` runs `terraform version` once per instance at synth (about 40 ms each), which
 * one of these per deployment cannot afford.
 */
export class TerraformData extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly data: TerraformDataConfig) {
    super(scope, id, { terraformResourceType: 'terraform_data', provisioners: data.provisioners });
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { input: this.data.input, triggers_replace: this.data.triggersReplace };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attributes = Object.entries(this.synthesizeAttributes()).filter(([, value]) => value !== undefined);
    return Object.fromEntries(attributes.map(([name, value]) => [name, { value, isBlock: false, type: 'simple', storageClassType: 'string' }]));
  }
}

/**
 * The bare address of a resource or data source (`terraform_data.X`, `data.prefect_x.Y`), for
 * the places Terraform refuses an interpolation (what cdktf writes for an element, "${...}"):
 * `depends_on` and `lifecycle.replace_triggered_by`.
 */
export function bareAddress(element: TerraformResource | TerraformDataSource): string {
  return `${element instanceof TerraformDataSource ? 'data.' : ''}${element.terraformResourceType}.${element.friendlyUniqueId}`;
}
