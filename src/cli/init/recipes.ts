import { appFiles, Language } from '../convert/app';
import { call, construct, Expr, member, method, props, ref, Stmt, str, THIS } from '../convert/code';

/** A starter app: what `cdktf-prefect init --recipe <name>` writes. */
export interface Recipe {
  /** What the app makes, for the help. */
  readonly summary: string;
  /** What to do after init. */
  readonly next: string;
  readonly body: () => {
    body: Stmt[];
    imports: string[];
    /** what the app imports from cdktf-prefect-aws (which it then depends on) */
    awsImports?: string[];
    /** what the app imports from cdktf besides App and TerraformStack */
    cdktfImports?: string[];
    usesAppPath?: boolean;
    extraFiles?: Record<string, string>;
  };
}

const FLOW = `from prefect import flow


@flow(log_prints=True)
def hello(name: str = "world"):
    """Says hello."""
    print(f"hello, {name}")


if __name__ == "__main__":
    hello()
`;

const deployment = (pool: Expr, extra: Array<[string, any]> = []): Stmt[] => [
  { k: 'const', name: 'flow', value: construct('Flow', THIS, str('Hello'), props([['flowName', str('hello')]])) },
  {
    k: 'const', name: 'deployment', value: method(ref('flow'), 'addDeployment', str('Default'), props([
      ['deploymentName', str('default')],
      ['entrypoint', str('flows/hello.py:hello')],
      ['workPool', pool],
      ['parameters', { k: 'data', entries: [['name', str('world')]] }],
      ...extra,
    ])),
  },
  { k: 'expr', value: method(ref('deployment'), 'addSchedule', str('Nightly'), call('Schedule.cron', str('0 2 * * *'), props([['timezone', str('UTC')], ['slug', str('nightly')]]))) },
];

/** A `TerraformVariable` of the stack, named as Terraform names it (`vpc_id`), kept in a local. */
const variable = (name: string, type: string, description: string): Stmt => ({
  k: 'const', name: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
  value: construct('TerraformVariable', THIS, str(name), props([['type', str(type)], ['description', str(description)]])),
});
const value = (local: string, attribute = 'stringValue'): Expr => member(ref(local), attribute);

/** The public image of the ecs recipe's flow runs. */
const ECS_RECIPE_IMAGE = 'prefecthq/prefect:3-latest';

/** The recipes, by name. */
export const RECIPES: Record<string, Recipe> = {
  local: {
    summary: 'a process work pool and a deployment of flows/hello.py, run by a worker on this machine',
    next: 'next: install the dependencies, then `cdktf deploy` with PREFECT_API_URL set, and start a worker: prefect worker start --pool local-process',
    body: () => ({
      imports: ['BaseJobTemplate', 'Flow', 'PullStep', 'Schedule', 'WorkPool'],
      usesAppPath: true,
      body: [
        { k: 'comment', lines: ['A process work pool: a worker on this machine runs the flow in a subprocess.'] },
        { k: 'const', name: 'pool', value: construct('WorkPool', THIS, str('Pool'), props([['workPoolName', str('local-process')], ['baseJobTemplate', call('BaseJobTemplate.process')]])) },
        ...deployment(ref('pool'), [['pullSteps', { k: 'arr', items: [call('PullStep.workingDirectory', { k: 'appPath', rel: '.' })] }]]),
      ],
      extraFiles: { 'flows/hello.py': FLOW },
    }),
  },
  docker: {
    summary: 'a docker work pool and a deployment of an image built from the flow code (DeploymentImage)',
    next: 'next: install the dependencies, log in to your registry (docker login), then `cdktf deploy`: it builds and pushes the image; start a worker: prefect worker start --pool docker-pool',
    body: () => ({
      imports: ['BaseJobTemplate', 'DeploymentImage', 'Flow', 'PullStep', 'Schedule', 'WorkPool'],
      // the build context is the app's directory wherever synth runs (a Python app's jsii runtime
      // resolves a relative path against the directory the interpreter started in)
      usesAppPath: true,
      body: [
        { k: 'comment', lines: ['A docker work pool, and the image of the flow code, rebuilt and pushed when the code changes.'] },
        { k: 'const', name: 'pool', value: construct('WorkPool', THIS, str('Pool'), props([['workPoolName', str('docker-pool')], ['baseJobTemplate', call('BaseJobTemplate.docker')]])) },
        {
          k: 'const', name: 'image', value: construct('DeploymentImage', THIS, str('Image'), props([
            ['repository', str('registry.example.com/acme/hello')], ['directory', { k: 'appPath', rel: '.' }], ['dockerfile', str('Dockerfile')], ['push', { k: 'bool', v: true }],
          ])),
        },
        ...deployment(ref('pool'), [
          ['image', ref('image')],
          ['pullSteps', { k: 'arr', items: [call('PullStep.workingDirectory', str('/opt/prefect/flows'))] }],
        ]),
      ],
      extraFiles: { 'flows/hello.py': FLOW, 'Dockerfile': DOCKERFILE },
    }),
  },
  kubernetes: {
    summary: 'a kubernetes work pool and a deployment of an image with your flow code',
    next: 'next: install the dependencies, push an image with your flow code, set it in main, then `cdktf deploy`; run a worker in the cluster: prefect worker start --pool kubernetes-pool --type kubernetes',
    body: () => ({
      imports: ['BaseJobTemplate', 'Flow', 'PullStep', 'Schedule', 'WorkPool'],
      body: [
        { k: 'comment', lines: ['A kubernetes work pool with the library\'s job template; each flow run is a Kubernetes Job.'] },
        { k: 'const', name: 'pool', value: construct('WorkPool', THIS, str('Pool'), props([['workPoolName', str('kubernetes-pool')], ['baseJobTemplate', call('BaseJobTemplate.kubernetes')]])) },
        ...deployment(ref('pool'), [
          ['jobVariables', { k: 'data', entries: [['image', str('registry.example.com/acme/hello:1.0')], ['namespace', str('prefect')]] }],
          ['pullSteps', { k: 'arr', items: [call('PullStep.workingDirectory', str('/opt/prefect/flows'))] }],
        ]),
      ],
      extraFiles: { 'flows/hello.py': FLOW, 'Dockerfile': DOCKERFILE },
    }),
  },
  ecs: {
    summary: 'a Prefect Cloud worker on ECS Fargate (EcsWorker of cdktf-prefect-aws), its ecs work pool, and a deployment of the public Prefect image that clones the code',
    next: 'next: install the dependencies; push this directory to a git repository the flow runs can clone; '
      + 'set AWS credentials and region (AWS_PROFILE or AWS_ACCESS_KEY_ID..., AWS_REGION) and, for the Prefect provider, '
      + 'PREFECT_API_URL=https://api.prefect.cloud/api/accounts/<account id>/workspaces/<workspace id> and PREFECT_API_KEY; '
      + 'then `cdktf deploy --var prefect_account_id=... --var prefect_workspace_id=... --var prefect_api_key_secret_arn=arn:aws:secretsmanager:... '
      + '--var vpc_id=vpc-... --var \'subnet_ids=["subnet-..."]\' --var flows_repository=https://github.com/<you>/<repo>.git`: '
      + 'it creates the ecs work pool and the worker service that polls it',
    body: () => ({
      imports: ['Flow', 'PrefectApi', 'PullStep', 'Schedule'],
      awsImports: ['EcsWorker', 'l1 as aws', 'PrefectAuth'],
      cdktfImports: ['TerraformVariable'],
      body: [
        { k: 'comment', lines: ['What differs per AWS account and Prefect workspace, given at deploy time (--var name=value).'] },
        variable('prefect_account_id', 'string', 'Prefect Cloud account ID'),
        variable('prefect_workspace_id', 'string', 'Prefect Cloud workspace ID'),
        variable('prefect_api_key_secret_arn', 'string', 'Secrets Manager secret that holds the Prefect API key of the worker'),
        variable('vpc_id', 'string', 'VPC of the worker and its flow runs'),
        variable('subnet_ids', 'list(string)', 'subnets of the worker and its flow runs (private ones need a NAT gateway)'),
        variable('flows_repository', 'string', 'git repository the flow runs clone the code from (this directory, pushed)'),
        { k: 'blank' },
        { k: 'comment', lines: ['The AWS provider takes its region and credentials from the environment.'] },
        { k: 'expr', value: construct('aws.provider.AwsProvider', THIS, str('aws'), props([])) },
        { k: 'blank' },
        { k: 'comment', lines: ['A Prefect worker on ECS Fargate and the ecs work pool it serves, filled in from what it creates.'] },
        {
          k: 'const', name: 'worker', value: construct('EcsWorker', THIS, str('Worker'), props([
            ['name', str('starter')],
            ['workPoolName', str('ecs-pool')],
            ['api', call('PrefectApi.cloud', value('prefectAccountId'), value('prefectWorkspaceId'))],
            ['auth', call('PrefectAuth.apiKeyFromSecretArn', value('prefectApiKeySecretArn'))],
            ['vpcId', value('vpcId')],
            ['subnetIds', value('subnetIds', 'listValue')],
          ])),
        },
        { k: 'blank' },
        { k: 'comment', lines: ['Each flow run is an ECS task of the public Prefect image; it clones the code first.'] },
        ...deployment(member(ref('worker'), 'workPool'), [
          ['jobVariables', { k: 'data', entries: [['image', str(ECS_RECIPE_IMAGE)]] }],
          ['pullSteps', { k: 'arr', items: [call('PullStep.gitClone', props([['repository', value('flowsRepository')], ['branch', str('main')]]))] }],
        ]),
      ],
      extraFiles: { 'flows/hello.py': FLOW },
    }),
  },
};

const DOCKERFILE = `FROM prefecthq/prefect:3-python3.11
COPY flows /opt/prefect/flows
`;

/** The files of a recipe's app. */
export function recipeApp(name: string, language: Language, version: string): Record<string, string> {
  const recipe = RECIPES[name].body();
  return {
    ...appFiles(language, {
      stackName: 'PrefectStack',
      header: [`A cdktf-prefect starter (recipe "${name}", from \`cdktf-prefect init\`).`],
      body: recipe.body,
      imports: new Set(recipe.imports),
      awsImports: new Set(recipe.awsImports ?? []),
      cdktfImports: new Set(recipe.cdktfImports ?? []),
      usesAppPath: recipe.usesAppPath,
      version,
    }),
    ...recipe.extraFiles,
  };
}
