import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../../test/multilang/support/app';
import { describeSameStack, runScript } from '../../../test/multilang/support/same-stack';

// cdktf-prefect-aws in Python: scripts/python-example.sh builds the wheels of the core and of
// this package (each only when its library changed) and installs both into the example's
// virtualenv with cdktf, constructs and jsii from PyPI; the Python twin of examples/ecs-worker
// must synthesize the same Terraform JSON, metadata removed. No provider package is installed:
// the AWS classes are part of the wheel.
const APP = 'packages/aws/examples/python/ecs-worker';
const MINUTES = 60_000;

describeSameStack({
  language: 'Python',
  app: APP,
  typescriptApp: 'packages/aws/examples/ecs-worker',
  stack: 'ecs-worker',
  minutes: 30,
  prepare: async () => {
    await runScript(`bash scripts/python-example.sh ${APP}`, 20 * MINUTES);
    return {};
  },
});

test('the wheel requires the core, cdktf, constructs and the jsii runtime, and no provider package', () => {
  const dist = path.join(ROOT, 'packages', 'aws', 'dist', 'python');
  const wheel = fs.existsSync(dist) ? fs.readdirSync(dist).find((f) => f.endsWith('.whl')) : undefined;
  expect(wheel).toBeDefined();
  const site = path.join(ROOT, APP, '.venv', 'lib');
  const metadata = fs.readdirSync(site).map((py) => path.join(site, py, 'site-packages', 'cdktf_prefect_aws-0.0.0.dist-info', 'METADATA')).find((f) => fs.existsSync(f))!;
  const requires = fs.readFileSync(metadata, 'utf8').split('\n').filter((l) => l.startsWith('Requires-Dist: ')).map((l) => l.slice(15).split(/[ <>=~]/)[0]).sort();
  expect(requires).toEqual(['cdktf', 'cdktf-prefect', 'constructs', 'jsii', 'publication']);
});
