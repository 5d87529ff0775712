import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { appFiles, Language } from '../../src/cli/convert/app';
import { pascal } from '../../src/cli/convert/code';
import { convertPrefectYaml, durationSeconds, issuesFor } from '../../src/cli/convert/convert';
import { main, report } from '../../src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = path.join(__dirname, 'corpus');
const PROJECTS = fs.readdirSync(CORPUS).filter((p) => fs.existsSync(path.join(CORPUS, p, 'prefect.yaml'))).sort();

/** Converts a corpus project as the CLI does, with the app in <project>/cdktf-app (not written). */
function convertProject(project: string, language: Language): string {
  const yaml = path.join(CORPUS, project, 'prefect.yaml');
  const conversion = convertPrefectYaml(yaml, fs.readFileSync(yaml, 'utf8'), path.join(CORPUS, project, 'cdktf-app'));
  const files = appFiles(language, {
    stackName: `${pascal(conversion.projectName ?? project)}Stack`, header: ['Converted (test)'], body: conversion.body,
    imports: conversion.imports, usesEnvironment: conversion.usesEnvironment, usesAppPath: conversion.usesAppPath, version: '0.0.0',
  });
  const mainFile = files[language === 'python' ? 'main.py' : 'main.ts'];
  return `${mainFile}\n---- report ----\n${report('prefect.yaml', issuesFor(conversion.issues, language))}`.split(ROOT).join('<root>');
}

/** Converts yaml text written to a temporary project; returns the report or the error. */
function convertText(yaml: string, flows: Record<string, string> = {}): { main?: string; report?: string; error?: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-'));
  try {
    fs.writeFileSync(path.join(dir, 'prefect.yaml'), yaml);
    for (const [file, text] of Object.entries(flows)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const out = { text: '', write(s: string) { this.text += s; return true; } } as any;
    const err = { text: '', write(s: string) { this.text += s; return true; } } as any;
    const code = main(['convert', path.join(dir, 'prefect.yaml'), '--out', path.join(dir, 'app')], out, err);
    if (code !== 0) return { error: err.text.split(dir).join('<dir>') };
    return { main: fs.readFileSync(path.join(dir, 'app', 'main.ts'), 'utf8'), report: out.text.split(dir).join('<dir>') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A project with one deployment "name" of flows/f.py:f on pool p, then `more` lines. */
function deploymentYaml(name: string, ...more: string[]): string {
  return ['deployments:', `  - name: ${name}`, '    entrypoint: flows/f.py:f', '    work_pool: {name: p}', ...more, ''].join('\n');
}

const FLOW = { 'flows/f.py': 'from prefect import flow\n\n@flow\ndef f():\n    pass\n' };

describe('convert: the corpus, as TypeScript', () => {
  test.each(PROJECTS)('%s', (project) => {
    expect(convertProject(project, 'typescript')).toMatchSnapshot();
  });
});

describe('convert: the corpus, as Python', () => {
  test.each(['02-cron-schedules', '05-blocks-variables', '07-triggers', '10-env-templating', '11-queue-job-variables', '12-docker-build'])('%s', (project) => {
    expect(convertProject(project, 'python')).toMatchSnapshot();
  });
});

describe('convert: bad input', () => {
  test('yaml it cannot parse: the file and line', () => {
    const r = convertText('deployments:\n  - name: a\n    entrypoint: [unclosed\n    work_pool: {name: p}\n');
    expect(r.error).toMatch(/<dir>\/prefect\.yaml:\d+: cannot parse the YAML/);
    expect(r.error).toMatch(/prefect\.yaml:(3|4|5):/);
  });

  test('a duplicate key is refused with its line', () => {
    const r = convertText('deployments:\n  - name: a\n    name: b\n');
    expect(r.error).toMatch(/prefect\.yaml:3: cannot parse the YAML: Map keys must be unique/);
  });

  test('an unknown pull step is listed with its line, and the rest is converted', () => {
    const r = convertText(deploymentYaml('a',
      '    pull:',
      '      - acme.steps.fetch_code:',
      '          url: https://example.com/code.zip',
      '      - prefect.deployments.steps.set_working_directory:',
      '          directory: /opt/code'), FLOW);
    expect(r.report).toContain('prefect.yaml:6: deployment "a": pull step "acme.steps.fetch_code" is not supported');
    expect(r.main).toContain("PullStep.workingDirectory('/opt/code')");
    expect(r.main).toContain('line 6: deployment "a": pull step "acme.steps.fetch_code"');
  });

  test('unknown keys, unnamed deployments and step outputs are listed, never dropped silently', () => {
    const r = convertText([
      'colour: blue',
      'deployments:',
      '  - entrypoint: flows/f.py:f',
      '  - name: b',
      '    entrypoint: flows/f.py:f',
      '    frobnicate: true',
      '    version: "{{ get-sha.stdout }}"',
      '    work_pool: {name: p}',
      '',
    ].join('\n'), FLOW);
    expect(r.report).toContain('prefect.yaml:1: unknown top-level key "colour"');
    expect(r.report).toContain('prefect.yaml:3: deployment 1 has no name: skipped');
    expect(r.report).toContain('prefect.yaml:6: deployment "b": unknown key "frobnicate"');
    expect(r.report).toContain('prefect.yaml:7: "{{ get-sha.stdout }}" is the output of a build or push step');
  });

  test.each([
    ['a literal password', '      env: {DB_PASSWORD: hunter2}', 'prefect.yaml:6: "DB_PASSWORD" is a literal value (not shown)'],
    ['a Prefect API key', '      env: {X: pnu_abcdefghijklmnopqrstuvwxyz}', 'prefect.yaml:6: "X" looks like an API key or token (not shown)'],
    ['a token in a git URL', '      env: {REPO: "https://bot:s3cr3t@github.com/acme/x.git"}', 'prefect.yaml:6: the URL embeds a user and password or token (https://***@github.com/acme/x.git)'],
  ])('%s is refused with its line, and never written', (_what, line, message) => {
    const r = convertText(['deployments:', '  - name: a', '    entrypoint: flows/f.py:f', '    work_pool:', '      name: p', line.replace('      env', '      job_variables').replace('job_variables: {', 'job_variables: {env: {').replace(/}$/, '}}'), ''].join('\n'), FLOW);
    expect(r.error).toContain(message);
    expect(r.error).toContain('Store each one in a Secret block');
    expect(r.error).not.toMatch(/hunter2|pnu_abc|s3cr3t/);
  });

  test('a secret given by reference is fine', () => {
    const r = convertText(['deployments:', '  - name: a', '    entrypoint: flows/f.py:f', '    work_pool:', '      name: p',
      '      job_variables: {env: {DB_PASSWORD: "{{ prefect.blocks.secret.db-password }}"}}', ''].join('\n'), FLOW);
    expect(r.main).toContain("Block.fromBlockName(this, 'DbPasswordSecret', BlockType.SECRET, 'db-password')");
    expect(r.main).toContain('DB_PASSWORD: dbPasswordSecret.templateReference');
  });

  test('the command line: --help, unknown commands and options', () => {
    const sink = () => ({ text: '', write(s: string) { this.text += s; return true; } }) as any;
    const out = sink();
    expect(main(['--help'], out, sink())).toBe(0);
    expect(out.text).toContain('cdktf-prefect convert <prefect.yaml>');
    const err = sink();
    expect(main(['frob'], sink(), err)).toBe(2);
    expect(err.text).toContain('unknown command "frob"');
    const err2 = sink();
    expect(main(['convert', 'prefect.yaml', '--language', 'cobol'], sink(), err2)).toBe(2);
    expect(err2.text).toMatch(/no such file|--language cobol/);
    const err3 = sink();
    expect(main(['init', '--recipe', 'mainframe'], sink(), err3)).toBe(2);
    expect(err3.text).toContain('unknown recipe "mainframe"');
  });
});

describe('convert: durations as pydantic reads them', () => {
  test.each([[3600, 3600], ['3600', 3600], ['PT30M', 1800], ['P1DT2H', 93600], ['01:30:00', 5400], ['1 day, 00:00:10', 86410], ['soon', undefined]])('%s', (input, seconds) => {
    expect(durationSeconds(input)).toBe(seconds);
  });
});
