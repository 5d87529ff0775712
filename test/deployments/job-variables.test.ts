// Job variables checked against the work pool's template (issue 17, item 4): where the pool is a
// WorkPool of the app with a template known at synth, a deployment's and a run's job variables
// must name variables of that template, with values of the declared type and enum.
import { Fn, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Action, Automation, BaseJobTemplate, Deployment, DeploymentRun, Flow, JinjaTemplate, Schedule, ScheduledDeployment, Trigger, WorkPool, WorkPoolType } from '../../src';
import { runTable } from '../support/bad-input-table';

const FLOW_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';
const k8s = (s: Construct, template = BaseJobTemplate.kubernetes()) =>
  new WorkPool(s, 'Pool', { workPoolName: 'k8s', workPoolType: WorkPoolType.KUBERNETES, baseJobTemplate: template });
const deploy = (jobVariables: { [key: string]: any }, pool = k8s) => (s: Construct) =>
  new Deployment(s, 'D', {
    flow: Flow.fromFlowAttributes(s, 'F', { flowName: 'etl', flowId: FLOW_ID }),
    deploymentName: 'nightly', entrypoint: 'etl.py:etl', workPool: pool(s), jobVariables,
  });
const run = (jobVariables: { [key: string]: any }) => (s: Construct) =>
  new DeploymentRun(s, 'Run', { deployment: deploy({})(s), jobVariables });

const scheduled = (jobVariables: { [key: string]: any }) => (s: Construct) =>
  new ScheduledDeployment(s, 'Nightly', {
    flowName: 'etl', deploymentName: 'nightly', entrypoint: 'etl.py:etl', workPool: k8s(s), jobVariables,
    schedules: [Schedule.cron('0 2 * * *')],
  });
const automation = (jobVariables: { [key: string]: any }) => (s: Construct) =>
  new Automation(s, 'OnEvent', {
    automationName: 'rerun', trigger: Trigger.event({ expect: ['acme.file.landed'] }),
    actions: [Action.runDeployment({ deployment: deploy({})(s), jobVariables })],
  });
const objectPool = (template: { [key: string]: any }) => (s: Construct) =>
  new WorkPool(s, 'Pool', { workPoolName: 'custom', workPoolType: WorkPoolType.PROCESS, baseJobTemplate: BaseJobTemplate.fromObject(template) });
const CUSTOM = { job_configuration: { command: '{{ command }}', retries: '{{ retries }}' }, variables: { type: 'object', properties: { command: { type: 'string' }, retries: { type: 'integer', minimum: 0 } } } };

runTable('job variables against the pool\'s template', [
  { what: 'a misspelt variable', build: deploy({ imagee: 'acme/etl:1' }), path: 'Stack/D', value: '"imagee"', fix: 'did you mean "image"?' },
  { what: 'a camelCase variable', build: deploy({ imagePullPolicy: 'Always' }), path: 'Stack/D', value: '"imagePullPolicy"', fix: 'did you mean "image_pull_policy"?' },
  { what: 'a variable of another worker type', build: deploy({ cpu: 1024 }), path: 'Stack/D', value: '"cpu"', fix: 'its variables are cluster_config, command, cpu_limit, cpu_request' },
  { what: 'a name with no close match', build: deploy({ gpu_count: 1 }), path: 'Stack/D', value: '"gpu_count"', fix: 'withVariable("gpu_count"' },
  { what: 'a string for an integer', build: deploy({ finished_job_ttl: '100' }), path: 'Stack/D', value: '"100"', fix: 'it must be of type integer, as the template of work pool "k8s" (Stack/Pool) declares it' },
  { what: 'a fraction for an integer', build: deploy({ finished_job_ttl: 1.5 }), path: 'Stack/D', value: '1.5', fix: 'of type integer' },
  { what: 'a number for a string', build: deploy({ cpu_request: 2 }), path: 'Stack/D', value: '2', fix: 'of type string' },
  { what: 'a string for an object', build: deploy({ env: 'LOG_LEVEL=INFO' }), path: 'Stack/D', value: '"LOG_LEVEL=INFO"', fix: 'of type object' },
  { what: 'a value outside the enum', build: deploy({ image_pull_policy: 'always' }), path: 'Stack/D', value: '"always"', fix: 'use one of "IfNotPresent", "Always", "Never"' },
  { what: 'a string for a boolean', build: deploy({ stream_output: 'yes' }), path: 'Stack/D', value: '"yes"', fix: 'of type boolean' },
  { what: 'a process pool\'s default template', build: deploy({ working_directory: '/opt' }, (s) => new WorkPool(s, 'Pool', { workPoolName: 'proc', workPoolType: WorkPoolType.PROCESS })), path: 'Stack/D', value: '"working_directory"', fix: 'did you mean "working_dir"?' },
  { what: 'a variable the template added, with the wrong type', build: deploy({ region: 3 }, (s) => k8s(s, BaseJobTemplate.kubernetes().withVariable('region', { type: 'string' }))), path: 'Stack/D', value: '3', fix: 'of type string' },
  { what: 'a run\'s misspelt variable', build: run({ namespce: 'etl' }), path: 'Stack/Run', value: '"namespce"', fix: 'did you mean "namespace"?' },
  { what: 'a run\'s wrong type', build: run({ pod_watch_timeout_seconds: '60s' }), path: 'Stack/Run', value: '"60s"', fix: 'of type integer' },
  { what: 'a ScheduledDeployment\'s misspelt variable', build: scheduled({ servce_account_name: 'etl' }), path: 'Stack/Nightly/Deployment', value: '"servce_account_name"', fix: 'did you mean "service_account_name"?' },
  { what: 'a ScheduledDeployment\'s wrong type', build: scheduled({ labels: ['a=b'] }), path: 'Stack/Nightly/Deployment', value: '["a=b"]', fix: 'of type object' },
  { what: 'an automation\'s run-deployment misspelt variable', build: automation({ memory_limt: '1Gi' }), path: 'Stack/OnEvent', value: '"memory_limt"', fix: 'did you mean "memory_limit"?' },
  { what: 'an automation\'s run-deployment value outside the enum', build: automation({ image_pull_policy: 'sometimes' }), path: 'Stack/OnEvent', value: '"sometimes"', fix: 'use one of "IfNotPresent", "Always", "Never"' },
  { what: 'a fromObject template\'s unknown variable', build: deploy({ retires: 2 }, objectPool(CUSTOM)), path: 'Stack/D', value: '"retires"', fix: 'did you mean "retries"?' },
  { what: 'a fromObject template\'s wrong type', build: deploy({ retries: 'two' }, objectPool(CUSTOM)), path: 'Stack/D', value: '"two"', fix: 'of type integer' },
], [
  { what: 'known variables of the right types', build: deploy({ image: 'acme/etl:1', namespace: 'etl', finished_job_ttl: 100, image_pull_policy: 'Always', env: { A: '1' }, stream_output: false }) },
  { what: 'null, which leaves the variable to its default', build: deploy({ finished_job_ttl: null }) },
  { what: 'token values and a token object', build: (s: Construct) => deploy({ finished_job_ttl: new TerraformVariable(s, 'ttl', { type: 'number' }).numberValue, image: Fn.join(':', ['acme/etl', '1']) })(s) },
  { what: 'a block reference in an allOf/$ref variable', build: deploy({ cluster_config: { $ref: { block_document_id: FLOW_ID } } }) },
  { what: 'any name on a pool whose template is a token', build: deploy({ anything: 1 }, (s) => k8s(s, BaseJobTemplate.fromWorkerMetadata(s, 'Meta', WorkPoolType.KUBERNETES))) },
  { what: 'any name on a pool named, not declared', build: (s: Construct) => new Deployment(s, 'D', { flow: Flow.fromFlowAttributes(s, 'F', { flowName: 'etl', flowId: FLOW_ID }), deploymentName: 'n', entrypoint: 'etl.py:etl', workPoolName: 'elsewhere', jobVariables: { anything: 1 } }) },
  { what: 'a run\'s known variables', build: run({ namespace: 'etl', finished_job_ttl: 5 }) },
  { what: 'a ScheduledDeployment\'s known variables', build: scheduled({ namespace: 'etl', labels: { team: 'data' } }) },
  { what: 'an automation\'s known variables, one a Jinja template', build: automation({ namespace: JinjaTemplate.resourceLabel('acme.namespace'), finished_job_ttl: 60 }) },
  { what: 'a Prefect variable placeholder for an integer', build: deploy({ finished_job_ttl: '{{ prefect.variables.ttl }}' }) },
  { what: 'a fromObject template\'s variables', build: deploy({ retries: 2, command: 'python -m etl' }, objectPool(CUSTOM)) },
  { what: 'any name on a pool whose template is {}', build: deploy({ anything: 1 }, objectPool({})) },
]);
