import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './app';
import { describeSameStack, runScript } from './same-stack';

const MINUTES = 60_000;

/**
 * A cloud package in Python: scripts/python-example.sh builds the wheels of the core and of the
 * package (each only when its library changed) and installs both into the example's virtualenv
 * with cdktf, constructs and jsii from PyPI; the Python twin of the package's TypeScript example
 * must synthesize the same Terraform JSON, metadata removed. No provider package is installed:
 * the provider classes are part of the wheel.
 * @param cloud the package's folder under packages/, e.g. "aws"
 * @param example the example's name (packages/<cloud>/examples/<example> and examples/python/<example>)
 * @param stack the stack both apps synthesize
 */
export function describePackagePythonTwin(cloud: string, example: string, stack: string): void {
  const app = `packages/${cloud}/examples/python/${example}`;
  describeSameStack({
    language: 'Python',
    app,
    typescriptApp: `packages/${cloud}/examples/${example}`,
    stack,
    minutes: 30,
    prepare: async () => {
      await runScript(`bash scripts/python-example.sh ${app}`, 20 * MINUTES);
      return {};
    },
  });

  test('the wheel requires the core, cdktf, constructs and the jsii runtime, and no provider package', () => {
    const dist = path.join(ROOT, 'packages', cloud, 'dist', 'python');
    const wheel = fs.existsSync(dist) ? fs.readdirSync(dist).find((f) => f.endsWith('.whl')) : undefined;
    expect(wheel).toBeDefined();
    const site = path.join(ROOT, app, '.venv', 'lib');
    const info = `cdktf_prefect_${cloud}-0.0.0.dist-info`;
    const metadata = fs.readdirSync(site).map((py) => path.join(site, py, 'site-packages', info, 'METADATA')).find((f) => fs.existsSync(f))!;
    const requires = fs.readFileSync(metadata, 'utf8').split('\n').filter((l) => l.startsWith('Requires-Dist: ')).map((l) => l.slice(15).split(/[ <>=~]/)[0]).sort();
    expect(requires).toEqual(['cdktf', 'cdktf-prefect', 'constructs', 'jsii', 'publication']);
  });
}
