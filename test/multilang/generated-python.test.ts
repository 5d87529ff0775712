import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './support/app';
import { jsonDifferences, normalizeStack } from './support/compare';
import { LIB_BUILT, runScript } from './support/same-stack';
import { appFiles } from '../../src/cli/convert/app';
import { pascal } from '../../src/cli/convert/code';
import { convertPrefectYaml, Issue } from '../../src/cli/convert/convert';
import { RECIPES, recipeApp } from '../../src/cli/init/recipes';
import { libNotBuilt, testUnless } from '../support/skip';

// The Python that `cdktf-prefect init` and `cdktf-prefect convert` write, executed: every recipe
// and every corpus project is written in both languages into one directory (main.ts beside
// main.py, so both see the same files at the same absolute paths), the TypeScript apps are
// synthesized in one Node process and the Python apps in one Python process (the jsii runtime
// starts once), with the wheels of the core and of cdktf-prefect-aws built here (the ecs recipe
// imports the AWS package). Each Python stack must equal its TypeScript twin's, metadata removed:
// the same resources with the same attributes.

const MINUTES = 60_000;
/** A virtualenv with both wheels: the one of the AWS package's Python example (scripts/python-example.sh). */
const VENV_APP = 'packages/aws/examples/python/ecs-worker';
const PYTHON = path.join(ROOT, VENV_APP, '.venv', 'bin', 'python');
const OUT = path.join(__dirname, '.out', 'generated');
const CORPUS = path.join(ROOT, 'test', 'convert', 'corpus');
const AWS_LIB = path.join(ROOT, 'packages', 'aws', 'lib', 'index.js');
/** What corpora 10-env-templating and 12-docker-build read as {{ $NAME }} (the parity test's values; its registry is a local one). */
const ENV = { CORPUS_TEAM: 'data', CORPUS_BUCKET: 'raw-bucket', CORPUS_POOL: 'corpus-process', CORPUS_REGISTRY: 'registry.local' };

interface GeneratedApp {
  /** `init-<recipe>` or `convert-<project>` */
  readonly name: string;
  readonly dir: string;
  /** the stack both apps synthesize */
  readonly stack: string;
  /** what the converter reported for the Python app only (each a null the Python app leaves out) */
  readonly pythonOnly: Issue[];
}

/** Writes every recipe and corpus project as a TypeScript and a Python app in one directory. */
function writeApps(): GeneratedApp[] {
  fs.rmSync(OUT, { recursive: true, force: true });
  const apps: GeneratedApp[] = [];
  const write = (dir: string, files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
  };
  for (const recipe of Object.keys(RECIPES)) {
    const dir = path.join(OUT, `init-${recipe}`);
    // cdktf.json of the TypeScript app, then of the Python one: neither is read here
    write(dir, recipeApp(recipe, 'typescript', '0.0.0'));
    write(dir, recipeApp(recipe, 'python', '0.0.0'));
    apps.push({ name: `init-${recipe}`, dir, stack: 'prefect', pythonOnly: [] });
  }
  const projects = fs.readdirSync(CORPUS).filter((p) => fs.existsSync(path.join(CORPUS, p, 'prefect.yaml'))).sort();
  for (const project of projects) {
    const dir = path.join(OUT, `convert-${project}`);
    const yaml = path.join(CORPUS, project, 'prefect.yaml');
    const conversion = convertPrefectYaml(yaml, fs.readFileSync(yaml, 'utf8'), dir);
    const spec = {
      stackName: `${pascal(conversion.projectName ?? project)}Stack`, header: [], body: conversion.body,
      imports: conversion.imports, usesEnvironment: conversion.usesEnvironment, usesAppPath: conversion.usesAppPath, version: '0.0.0',
    };
    write(dir, { 'main.ts': appFiles('typescript', spec)['main.ts'], 'main.py': appFiles('python', spec)['main.py'] });
    apps.push({ name: `convert-${project}`, dir, stack: conversion.projectName!, pythonOnly: conversion.issues.filter((i) => i.pythonOnly) });
  }
  return apps;
}

const outdir = (app: GeneratedApp, language: 'ts' | 'py') => path.join(OUT, `${app.name}.${language}.out`);

/** The TypeScript apps in one Node process, each from its own directory, as `cdktf synth` runs it. */
function synthTypeScript(apps: GeneratedApp[]): void {
  const program = apps.map((app) => [
    `process.env.CDKTF_OUTDIR = ${JSON.stringify(outdir(app, 'ts'))};`,
    `process.chdir(${JSON.stringify(app.dir)});`,
    `require(${JSON.stringify(path.join(app.dir, 'main.ts'))});`,
  ].join(' ')).join('\n');
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', program], { cwd: ROOT, env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'inherit'] });
}

/**
 * The Python apps in one interpreter. `App()` takes its outdir from CDKTF_OUTDIR, which the jsii
 * runtime (a Node process started at the first import) reads once, so the program hands each app
 * its own outdir through a wrapper of cdktf.App; everything else runs as written. An app that
 * fails does not stop the others: each prints one JSON line, its name and its error or null.
 */
function synthPython(apps: GeneratedApp[]): Record<string, string | null> {
  const program = [
    'import json, os, runpy, sys, traceback',
    'import cdktf',
    'real_app = cdktf.App',
    'current = {}',
    'def App(*args, **kwargs):',
    '    kwargs.setdefault("outdir", current["outdir"])',
    '    return real_app(*args, **kwargs)',
    'cdktf.App = App',
    `for name, main, out in json.loads(${JSON.stringify(JSON.stringify(apps.map((a) => [a.name, path.join(a.dir, 'main.py'), outdir(a, 'py')])))}):`,
    '    current["outdir"] = out',
    '    sys.path.insert(0, os.path.dirname(main))',
    '    try:',
    '        runpy.run_path(main, run_name="__main__")',
    '        error = None',
    '    except BaseException:',
    '        error = traceback.format_exc()',
    '    sys.path.pop(0)',
    '    print(json.dumps({"app": name, "error": error}), flush=True)',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', program], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, ...ENV, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] },
  });
  if (r.status !== 0) throw new Error(`the Python apps' interpreter exited ${r.status ?? r.signal}:\n${r.stderr}\n${r.stdout}`);
  const results = r.stdout.trim().split('\n').filter((l) => l.startsWith('{"app"')).map((l) => JSON.parse(l));
  return Object.fromEntries(results.map((x) => [x.app, x.error]));
}

const readStack = (dir: string, stack: string): any => {
  const file = path.join(dir, 'stacks', stack, 'cdk.tf.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
};

const missing = libNotBuilt() ?? (fs.existsSync(AWS_LIB) ? undefined : 'packages/aws/lib is not built; run bash scripts/build.sh');

if (!LIB_BUILT || missing) {
  testUnless(missing ?? libNotBuilt())('python: the apps of init and convert synthesize what their TypeScript twins do', () => undefined);
} else {
  describe('python: the apps of init and convert synthesize what their TypeScript twins do', () => {
    const apps = writeApps();
    let errors: Record<string, string | null> = {};

    beforeAll(async () => {
      const t0 = Date.now();
      await runScript(`bash scripts/python-example.sh ${VENV_APP}`, 20 * MINUTES);
      const t1 = Date.now();
      synthTypeScript(apps);
      const t2 = Date.now();
      errors = synthPython(apps);
      const t3 = Date.now();
      // eslint-disable-next-line no-console
      console.log(`[generated python] ${apps.length} apps: wheels + virtualenv ${((t1 - t0) / 1000).toFixed(1)} s, TypeScript synth ${((t2 - t1) / 1000).toFixed(1)} s, Python synth ${((t3 - t2) / 1000).toFixed(1)} s (one process each)`);
    }, 30 * MINUTES);

    afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

    test('every recipe and every corpus project is among the apps', () => {
      expect(apps.filter((a) => a.name.startsWith('init-')).map((a) => a.name.slice(5)).sort()).toEqual(Object.keys(RECIPES).sort());
      expect(apps.filter((a) => a.name.startsWith('convert-'))).toHaveLength(fs.readdirSync(CORPUS).length);
    });

    test.each(apps.map((a) => [a.name, a] as const))('%s: main.py runs, and its stack equals main.ts\'s', (_name, app) => {
      expect({ app: app.name, error: errors[app.name] }).toEqual({ app: app.name, error: null });
      const ts = readStack(outdir(app, 'ts'), app.stack);
      const py = readStack(outdir(app, 'py'), app.stack);
      expect(ts).toBeDefined();
      expect(py).toBeDefined();
      // not vacuous: the TypeScript stack has resources
      expect(Object.keys(ts.resource ?? {}).length).toBeGreaterThan(0);
      // the one kind of difference there may be: a null in a mapping, which the converter
      // reported with its line for the Python app (jsii drops the key), and nothing else
      const keys = app.pythonOnly.map((i) => /^"([^"]+)" is null/.exec(i.message)![1]);
      const differences = jsonDifferences(normalizeStack(ts), normalizeStack(py));
      const reported = (d: string) => keys.some((k) => d.endsWith(`.${k}: null <- (missing)`));
      expect(differences.filter((d) => !reported(d))).toEqual([]);
      expect(differences).toHaveLength(keys.length);
    });

    test('a null in a mapping is reported for the Python app with its line, and the Python stack lacks just that key', () => {
      const app = apps.find((a) => a.name === 'convert-11-queue-job-variables')!;
      expect(app.pythonOnly.map((i) => [i.line, i.kind, i.message.split(':')[0]])).toEqual([[13, 'not-converted', '"label" is null']]);
      const [ts, py] = (['ts', 'py'] as const).map((l) => readStack(outdir(app, l), app.stack));
      const parameters = (stack: any) => JSON.parse((Object.values(stack.resource.prefect_deployment)[0] as any).parameters);
      expect(parameters(ts)).toHaveProperty('label', null);
      expect(parameters(py)).not.toHaveProperty('label');
      expect({ ...parameters(py), label: null }).toEqual(parameters(ts));
    });
  });
}
