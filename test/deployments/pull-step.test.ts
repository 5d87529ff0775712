import { Deployment, Flow, PullStep } from '../../src/deployments';
import { newStack, onlyResource, synthJson } from '../support/synth';
import { fakeBlock } from './fakes';

function stepsOf(make: (stack: any) => PullStep[]): any[] {
  const stack = newStack();
  const flow = Flow.fromFlowAttributes(stack, 'F', { flowName: 'etl', flowId: '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f' });
  new Deployment(stack, 'Dep', { flow, deploymentName: 'd', entrypoint: 'a.py:f', pullSteps: make(stack) });
  return onlyResource(synthJson(stack), 'prefect_deployment').pull_steps;
}

describe('PullStep', () => {
  test('gitClone with every option and a credentials block', () => {
    expect(stepsOf((s) => [PullStep.gitClone({
      repository: 'git@github.com:acme/flows.git',
      branch: 'release',
      includeSubmodules: true,
      credentials: fakeBlock(s, 'Creds', 'github-credentials', 'acme'),
      requires: 'prefect-github',
    })])).toEqual([{
      type: 'git_clone',
      repository: 'git@github.com:acme/flows.git',
      branch: 'release',
      include_submodules: true,
      credentials: '{{ prefect.blocks.github-credentials.acme }}',
      requires: 'prefect-github',
    }]);
  });

  test('workingDirectory', () => {
    expect(stepsOf(() => [PullStep.workingDirectory('/opt/prefect/flows')])).toEqual([{ type: 'set_working_directory', directory: '/opt/prefect/flows' }]);
  });

  test('pullFromS3 defaults requires to prefect-aws', () => {
    expect(stepsOf((s) => [PullStep.pullFromS3({ bucket: 'acme-code', folder: 'etl', credentials: fakeBlock(s, 'Aws', 'aws-credentials', 'prod') })])).toEqual([{
      type: 'pull_from_s3', bucket: 'acme-code', folder: 'etl', credentials: '{{ prefect.blocks.aws-credentials.prod }}', requires: 'prefect-aws',
    }]);
  });

  test('pullFromGcs with its own requires', () => {
    expect(stepsOf(() => [PullStep.pullFromGcs({ bucket: 'acme-code', requires: 'prefect-gcp>=0.6' })])).toEqual([{
      type: 'pull_from_gcs', bucket: 'acme-code', requires: 'prefect-gcp>=0.6',
    }]);
  });

  test('pullFromAzureBlobStorage', () => {
    expect(stepsOf((s) => [PullStep.pullFromAzureBlobStorage({ container: 'code', folder: 'etl', credentials: fakeBlock(s, 'Az', 'azure-blob-storage-credentials', 'prod') })])).toEqual([{
      type: 'pull_from_azure_blob_storage', container: 'code', folder: 'etl', credentials: '{{ prefect.blocks.azure-blob-storage-credentials.prod }}', requires: 'prefect-azure',
    }]);
  });

  test('pipInstallRequirements', () => {
    expect(stepsOf(() => [PullStep.pipInstallRequirements({ requirementsFile: 'req/prod.txt', directory: 'flows', streamOutput: false, requires: 'pip>=24' })])).toEqual([{
      type: 'pip_install_requirements', requirements_file: 'req/prod.txt', directory: 'flows', stream_output: false, requires: 'pip>=24',
    }]);
    expect(stepsOf(() => [PullStep.pipInstallRequirements()])).toEqual([{ type: 'pip_install_requirements' }]);
  });

  test('runShellScript', () => {
    expect(stepsOf(() => [PullStep.runShellScript({
      script: 'make deps',
      directory: 'flows',
      env: { TOKEN: '{{ prefect.blocks.secret.tok }}' },
      streamOutput: true,
      expandEnvVars: true,
      requires: 'sh',
    })])).toEqual([{
      type: 'run_shell_script', script: 'make deps', directory: 'flows', env: { TOKEN: '{{ prefect.blocks.secret.tok }}' }, stream_output: true, expand_env_vars: true, requires: 'sh',
    }]);
  });

  test('stepType names the step', () => {
    expect(PullStep.workingDirectory('x').stepType).toBe('set_working_directory');
    expect(PullStep.pullFromGcs({ bucket: 'b' }).stepType).toBe('pull_from_gcs');
  });
});
