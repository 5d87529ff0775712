import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppRun, EXAMPLES, expectSuccess, readStack, removeRun, ROOT, runApp, stackAnnotations } from './support/app';
import { jsonDifferences, normalizeStack } from './support/compare';
import { docSnippetsProgram, preparePythonExample, PYTHON_EXAMPLE, PYTHON_SETUP_TIMEOUT, pythonBlocks } from './support/python';
import { libNotBuilt, testUnless } from '../support/skip';

// The Python package, proven by an app: scripts/python-example.sh builds the wheel
// (dist/python, rebuilt only when the library changed) and installs it into the example's
// virtualenv with cdktf, constructs, jsii and the AWS provider from PyPI; the Python app then
// synthesizes, and its Terraform JSON must equal the TypeScript example's, metadata removed.
const LIB_BUILT = fs.existsSync(path.join(ROOT, 'lib', 'index.js')) && fs.existsSync(path.join(ROOT, '.jsii'));
const STACK = 'scheduled-deployment';

if (!LIB_BUILT) {
  testUnless(libNotBuilt())('python: examples/python/scheduled-deployment', () => undefined);
} else {
  describe('examples/python/scheduled-deployment', () => {
    let setupSeconds = 0;
    let py: AppRun;
    let ts: AppRun;

    beforeAll(() => {
      setupSeconds = preparePythonExample();
      py = runApp(PYTHON_EXAMPLE);
      ts = runApp(path.join(EXAMPLES, 'scheduled-deployment'));
      // eslint-disable-next-line no-console
      console.log(`[python] setup (wheel + virtualenv) ${setupSeconds.toFixed(1)}s, Python synth ${py.seconds.toFixed(1)}s, TypeScript synth ${ts.seconds.toFixed(1)}s`);
    }, PYTHON_SETUP_TIMEOUT);

    afterAll(() => {
      removeRun(py);
      removeRun(ts);
    });

    test('dist/python holds a wheel and an sdist of cdktf-prefect', () => {
      const files = fs.readdirSync(path.join(ROOT, 'dist', 'python')).filter((f) => !f.startsWith('.')).sort();
      const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
      expect(files).toEqual([`cdktf_prefect-${version}-py3-none-any.whl`, `cdktf_prefect-${version}.tar.gz`]);
    });

    test('the installed distribution carries the PyPI metadata', () => {
      const r = spawnSync(path.join(PYTHON_EXAMPLE, '.venv', 'bin', 'python'), ['-c', [
        'import importlib.metadata as m, json',
        'md = m.metadata("cdktf-prefect")',
        'print(json.dumps({k: md.get_all(k) for k in set(md.keys())}))',
      ].join('\n')], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const md = JSON.parse(r.stdout);
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      expect(md.Name).toEqual(['cdktf-prefect']);
      expect(md.Summary).toEqual([pkg.description]);
      expect(md.License).toEqual(['Apache-2.0']);
      expect(md['Home-page']).toEqual([pkg.homepage]);
      expect(md.Author[0]).toContain(pkg.author.name);
      expect(md.Keywords[0].split(',')).toEqual(pkg.keywords);
      expect(md['Project-URL']).toEqual(expect.arrayContaining([
        `Source, ${pkg.repository.url}`,
        `Issues, ${pkg.bugs.url}`,
      ]));
      // the peer dependencies become requirements, with the ranges of package.json: cdktf,
      // constructs and the jsii runtime, and no provider package (the AWS patterns are cdktf-prefect-aws)
      expect(md['Requires-Dist'].map((req: string) => req.split(/[ <>=~]/)[0]).sort()).toEqual(['cdktf', 'constructs', 'jsii', 'publication']);
      expect(md['Requires-Dist']).toEqual(expect.arrayContaining([
        expect.stringMatching(/^cdktf <0\.22\.0,\s*>=0\.21\.0$/),
        expect.stringMatching(/^constructs <11\.0\.0,\s*>=10\.4\.2$/),
        expect.stringMatching(/^jsii /),
      ]));
    });

    test('the Python app exits 0 and writes stacks/scheduled-deployment/cdk.tf.json', () => {
      expectSuccess(py);
      expect(readStack(py, STACK)).toBeDefined();
    });

    test('no warnings or errors at synth', () => {
      expect(stackAnnotations(py, STACK)).toEqual([]);
      expect(py.stderr).not.toMatch(/warn|error/i);
    });

    test('its Terraform JSON equals the TypeScript example\'s, metadata removed', () => {
      expectSuccess(ts);
      const expected = normalizeStack(readStack(ts, STACK));
      const actual = normalizeStack(readStack(py, STACK));
      // one line per difference, "path: TypeScript <- Python"
      expect(jsonDifferences(expected, actual)).toEqual([]);
      // and the comparison is not vacuous
      expect(Object.keys((actual as any).resource).sort()).toEqual([
        'prefect_deployment', 'prefect_deployment_schedule', 'prefect_flow', 'prefect_work_pool', 'prefect_work_queue', 'terraform_data',
      ]);
    });

    // A plain string where a block is expected: the jsii kernel refuses it before the library's
    // own check runs, so the error names the prop (in its TypeScript spelling) and the type it
    // needs, but carries no construct path and no fix (docs/constructs.md says so).
    test('a string in a block slot (access_token) fails naming the prop and the type it must be', () => {
      const python = path.join(PYTHON_EXAMPLE, '.venv', 'bin', 'python');
      const r = spawnSync(python, ['-c', [
        'from cdktf_prefect import PullStep',
        'try:',
        '    PullStep.git_clone(repository="https://github.com/acme/flows.git", access_token="not-a-block")',
        '    print("accepted")',
        'except Exception as e:',
        '    print(type(e).__name__)',
        '    print(e)',
      ].join('\n')], {
        encoding: 'utf8',
        env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] },
      });
      expect(r.status).toBe(0);
      const [kind, ...lines] = r.stdout.trim().split('\n');
      const message = lines.join('\n');
      expect(kind).toBe('RuntimeError');
      expect(message).toContain('Passed to parameter options of static method cdktf-prefect.PullStep.gitClone');
      expect(message).toContain("Key 'accessToken': Unable to deserialize value as cdktf-prefect.IBlock | undefined");
      expect(message).toContain("'not-a-block'");
      expect(message).toContain('Value does not have the "$jsii.byref" key');
    });

    // The Python blocks of the docs are jsii-rosetta's translation of the TypeScript blocks
    // (scripts/docs-python.js), and they run.
    test('README.md and docs/constructs.md hold rosetta\'s current Python translation of every TypeScript block', () => {
      const r = spawnSync('node', [path.join(ROOT, 'scripts', 'docs-python.js'), '--check'], { encoding: 'utf8' });
      expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    });

    test('the README\'s Python program and every Python block of docs/constructs.md run and synthesize', () => {
      const python = path.join(PYTHON_EXAMPLE, '.venv', 'bin', 'python');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-py-docs-'));
      try {
        const readme = pythonBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
        const guide = pythonBlocks(fs.readFileSync(path.join(ROOT, 'docs', 'constructs.md'), 'utf8'));
        // the README's Python blocks: the sample app of the sample error (a fragment), and the program
        expect([readme.length, guide.length > 10]).toEqual([2, true]);
        const readmeProgram = readme.filter((block) => block.includes('.synth()'));
        expect(readmeProgram).toHaveLength(1);
        fs.writeFileSync(path.join(dir, 'readme.py'), readmeProgram[0]);
        fs.writeFileSync(path.join(dir, 'guide.py'), docSnippetsProgram(guide, path.join(dir, 'guide.out')));
        // both programs in one interpreter: importing the AWS provider's package takes most of the time
        const program = [
          'import os, runpy',
          `os.environ["CDKTF_OUTDIR"] = ${JSON.stringify(path.join(dir, 'readme.out'))}`,
          `runpy.run_path(${JSON.stringify(path.join(dir, 'readme.py'))})`,
          `runpy.run_path(${JSON.stringify(path.join(dir, 'guide.py'))})`,
        ].join('\n');
        const r = spawnSync(python, ['-c', program], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] },
        });
        if (r.status !== 0) throw new Error(`the Python docs snippets failed (${dir}/guide.py):\n${r.stderr}\n${r.stdout}`);
        expect(r.stdout.trim()).toBe(`ran ${guide.length}`);
        expect(fs.existsSync(path.join(dir, 'readme.out', 'stacks', 'etl', 'cdk.tf.json'))).toBe(true);
        for (let i = 1; i <= guide.length; i++) {
          expect([i, fs.existsSync(path.join(dir, 'guide.out', String(i), 'stacks', `snippet-${i}`, 'cdk.tf.json'))]).toEqual([i, true]);
        }
        // runOnDeploy from Python: the run script was copied into the stack's assets while the
        // jsii runtime had the package unpacked, and is still there after the interpreter exited
        const runs = guide.findIndex((block) => block.includes('run_on_deploy')) + 1;
        const stackDir = path.join(dir, 'guide.out', String(runs), 'stacks', `snippet-${runs}`);
        const stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
        const commands = Object.values(stack.resource.terraform_data as Record<string, any>)
          .filter((res) => res.provisioner).map((res) => res.provisioner[0]['local-exec'].command as string);
        expect(commands.length).toBeGreaterThan(0);
        for (const command of commands) {
          expect(fs.readFileSync(path.join(stackDir, command), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'assets', 'run-deployment.js'), 'utf8'));
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
