import { appFiles, Language } from '../convert/app';
import { call, construct, method, props, ref, Stmt, str, THIS } from '../convert/code';

/** A starter app: what `cdktf-prefect init --recipe <name>` writes. */
export interface Recipe {
  /** What to do after init. */
  readonly next: string;
  readonly body: () => { body: Stmt[]; imports: string[]; usesAppPath?: boolean; extraFiles?: Record<string, string> };
}

const FLOW = `from prefect import flow


@flow(log_prints=True)
def hello(name: str = "world"):
    """Says hello."""
    print(f"hello, {name}")


if __name__ == "__main__":
    hello()
`;

const deployment = (poolRef: string, extra: Array<[string, any]> = []): Stmt[] => [
  { k: 'const', name: 'flow', value: construct('Flow', THIS, str('Hello'), props([['flowName', str('hello')]])) },
  {
    k: 'const', name: 'deployment', value: method(ref('flow'), 'addDeployment', str('Default'), props([
      ['deploymentName', str('default')],
      ['entrypoint', str('flows/hello.py:hello')],
      ['workPool', ref(poolRef)],
      ['parameters', { k: 'data', entries: [['name', str('world')]] }],
      ...extra,
    ])),
  },
  { k: 'expr', value: method(ref('deployment'), 'addSchedule', str('Nightly'), call('Schedule.cron', str('0 2 * * *'), props([['timezone', str('UTC')], ['slug', str('nightly')]]))) },
];

/** The recipes, by name. */
export const RECIPES: Record<string, Recipe> = {
  local: {
    next: 'next: install the dependencies, then `cdktf deploy` with PREFECT_API_URL set, and start a worker: prefect worker start --pool local-process',
    body: () => ({
      imports: ['BaseJobTemplate', 'Flow', 'PullStep', 'Schedule', 'WorkPool'],
      usesAppPath: true,
      body: [
        { k: 'comment', lines: ['A process work pool: a worker on this machine runs the flow in a subprocess.'] },
        { k: 'const', name: 'pool', value: construct('WorkPool', THIS, str('Pool'), props([['workPoolName', str('local-process')], ['baseJobTemplate', call('BaseJobTemplate.process')]])) },
        ...deployment('pool', [['pullSteps', { k: 'arr', items: [call('PullStep.workingDirectory', { k: 'appPath', rel: '.' })] }]]),
      ],
      extraFiles: { 'flows/hello.py': FLOW },
    }),
  },
  docker: {
    next: 'next: install the dependencies, log in to your registry (docker login), then `cdktf deploy`: it builds and pushes the image; start a worker: prefect worker start --pool docker-pool',
    body: () => ({
      imports: ['BaseJobTemplate', 'DeploymentImage', 'Flow', 'PullStep', 'Schedule', 'WorkPool'],
      body: [
        { k: 'comment', lines: ['A docker work pool, and the image of the flow code, rebuilt and pushed when the code changes.'] },
        { k: 'const', name: 'pool', value: construct('WorkPool', THIS, str('Pool'), props([['workPoolName', str('docker-pool')], ['baseJobTemplate', call('BaseJobTemplate.docker')]])) },
        {
          k: 'const', name: 'image', value: construct('DeploymentImage', THIS, str('Image'), props([
            ['repository', str('registry.example.com/acme/hello')], ['directory', str('.')], ['dockerfile', str('Dockerfile')], ['push', { k: 'bool', v: true }],
          ])),
        },
        ...deployment('pool', [
          ['image', ref('image')],
          ['pullSteps', { k: 'arr', items: [call('PullStep.workingDirectory', str('/opt/prefect/flows'))] }],
        ]),
      ],
      extraFiles: { 'flows/hello.py': FLOW, 'Dockerfile': DOCKERFILE },
    }),
  },
  kubernetes: {
    next: 'next: install the dependencies, push an image with your flow code, set it in main, then `cdktf deploy`; run a worker in the cluster: prefect worker start --pool kubernetes-pool --type kubernetes',
    body: () => ({
      imports: ['BaseJobTemplate', 'Flow', 'PullStep', 'Schedule', 'WorkPool'],
      body: [
        { k: 'comment', lines: ['A kubernetes work pool with the library\'s job template; each flow run is a Kubernetes Job.'] },
        { k: 'const', name: 'pool', value: construct('WorkPool', THIS, str('Pool'), props([['workPoolName', str('kubernetes-pool')], ['baseJobTemplate', call('BaseJobTemplate.kubernetes')]])) },
        ...deployment('pool', [
          ['jobVariables', { k: 'data', entries: [['image', str('registry.example.com/acme/hello:1.0')], ['namespace', str('prefect')]] }],
          ['pullSteps', { k: 'arr', items: [call('PullStep.workingDirectory', str('/opt/prefect/flows'))] }],
        ]),
      ],
      extraFiles: { 'flows/hello.py': FLOW, 'Dockerfile': DOCKERFILE },
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
      usesAppPath: recipe.usesAppPath,
      version,
    }),
    ...recipe.extraFiles,
  };
}
