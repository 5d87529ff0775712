import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { checkedName, PrefectEnvironment, PrefectEnvironmentProps } from './prefect-environment';

/**
 * A stack that is one environment of an estate: subclass it with the estate's constructs, and
 * create it once per environment, with the environment's name as its ID:
 *
 * ```ts
 * class Estate extends PrefectEnvironmentStack {
 *   constructor(scope: Construct, id: string, props: PrefectEnvironmentProps) {
 *     super(scope, id, props);
 *     new PrefectProvider(this, 'prefect', {});
 *     const pool = new WorkPool(this, 'Pool', { workPoolName: this.environment.workPoolName('etl') });
 *     // ...
 *   }
 * }
 * new Estate(app, 'dev', { schedulesActive: false });
 * new Estate(app, 'prod', { naming: EnvironmentNaming.unchanged(), stateBackend: StateBackend.s3({ bucket: 'acme-tfstate' }) });
 * ```
 *
 * `cdktf deploy dev` then plans and applies dev alone, against dev's own state.
 */
export class PrefectEnvironmentStack extends TerraformStack {
  /** The stack's environment (child `Environment`). */
  public readonly environment: PrefectEnvironment;

  constructor(scope: Construct, id: string, props: PrefectEnvironmentProps = {}) {
    // checked before cdktf sees it: cdktf refuses some names with a plain Error
    super(scope, checkedName(pathOf(scope, id), id));
    this.environment = new PrefectEnvironment(this, 'Environment', props);
  }
}

/** Something that names `<scope path>/<id>` for an error, before the construct exists. */
function pathOf(scope: Construct, id: string): IConstruct {
  return { node: { path: [scope.node.path, String(id)].filter(Boolean).join('/') } } as IConstruct;
}
