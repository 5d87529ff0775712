import * as fs from 'fs';
import * as path from 'path';
import { AppRun, EXAMPLES, expectSuccess, readStack, removeRun, ROOT, runApp, stackAnnotations } from './support/app';
import { jsonDifferences, normalizeStack } from './support/compare';
import { preparePythonExample, PYTHON_SETUP_TIMEOUT } from './support/python';
import { libNotBuilt, testUnless } from '../support/skip';

// examples/python/environments against examples/environments: both stacks (dev and prod) of the
// Python app synthesize the TypeScript app's Terraform JSON, metadata removed. The local backend's
// path is the one difference (cdktf makes it absolute, from each app's own directory).
const LIB_BUILT = fs.existsSync(path.join(ROOT, 'lib', 'index.js')) && fs.existsSync(path.join(ROOT, '.jsii'));
const PY_APP = path.join(EXAMPLES, 'python', 'environments');

if (!LIB_BUILT) {
  testUnless(libNotBuilt())('python: examples/python/environments', () => undefined);
} else {
  describe('examples/python/environments', () => {
    let py: AppRun;
    let ts: AppRun;

    beforeAll(() => {
      preparePythonExample(PY_APP);
      py = runApp(PY_APP);
      ts = runApp(path.join(EXAMPLES, 'environments'));
    }, PYTHON_SETUP_TIMEOUT);

    afterAll(() => {
      removeRun(py);
      removeRun(ts);
    });

    test('the Python app exits 0, with no warnings, and writes both stacks', () => {
      expectSuccess(py);
      for (const env of ['dev', 'prod']) {
        expect([env, readStack(py, env) !== undefined]).toEqual([env, true]);
        expect(stackAnnotations(py, env)).toEqual([]);
      }
      expect(py.stderr).not.toMatch(/warn|error/i);
    });

    test.each(['dev', 'prod'])('%s: the Terraform JSON equals the TypeScript example\'s, metadata removed', (env) => {
      expectSuccess(ts);
      const [expected, actual] = [readStack(ts, env), readStack(py, env)];
      expect(actual.terraform.backend.local.path).toBe(path.join(PY_APP, `terraform.${env}.tfstate`));
      for (const stack of [expected, actual]) delete stack.terraform.backend;
      expect(jsonDifferences(normalizeStack(expected), normalizeStack(actual))).toEqual([]);
      expect(Object.keys(actual.resource).sort()).toEqual(['prefect_deployment', 'prefect_deployment_schedule', 'prefect_flow', 'prefect_work_pool', 'terraform_data']);
    });
  });
}
