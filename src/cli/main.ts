#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { AdoptError, adoptFromServer, deleteOldSchedules, summary } from './adopt/command';
import { PrefectApiError } from './adopt/estate';
import { appFiles, Language } from './convert/app';
import { pascal } from './convert/code';
import { convertPrefectYaml, ConvertError, Issue, issuesFor } from './convert/convert';
import { YamlSyntaxError } from './convert/yaml-source';
import { RECIPES, recipeApp } from './init/recipes';
import { RepairError, repairSchedules } from './repair/schedules';

const USAGE = `cdktf-prefect: cdktf apps for Prefect, from a prefect.yaml, a recipe or a running server

usage:
  cdktf-prefect convert <prefect.yaml> [--language typescript|python] [--out DIR] [--force]
      writes a cdktf app (main.ts or main.py, cdktf.json, package.json or requirements.txt)
      with the deployments of the prefect.yaml, and lists, with their lines, what it did not
      convert. --out defaults to ./cdktf-app.
  cdktf-prefect init --recipe ${Object.keys(RECIPES).join('|')} [--language typescript|python] [--force] [DIR]
      writes a starter app for a recipe into DIR (default: the current directory):
${Object.entries(RECIPES).map(([name, r]) => `        ${name.padEnd(11)} ${r.summary}`).join('\n')}
  cdktf-prefect adopt --api-url URL [--language typescript|python] [--out DIR] [--force]
                      [--work-pool P] [--tag T] [--name GLOB] [--replace-unimportable]
      reads the server's work pools and queues, flows, deployments, variables, global and
      task-run concurrency limits, blocks (secret fields become sensitive Terraform variables;
      their values are never read) and automations (PREFECT_API_KEY, if set, is sent as a
      bearer token) and writes an app that imports them (importFrom) at the first cdktf
      deploy, with README.md and adopt-report.md listing everything it could not adopt.
      Filters narrow the deployments (and what they use). Schedules, and compound and sequence
      automations, cannot be imported (provider 3.4.1): by default they stay on the server,
      unmanaged; with --replace-unimportable (or its old name --replace-schedules) the app
      declares them, and the old copies are deleted right before the first deploy with:
  cdktf-prefect adopt --delete-replaced [--out DIR] [--api-url URL]   (old name: --delete-old-schedules)
  cdktf-prefect repair-schedules --api-url URL [--dir DIR] [--state-json FILE] [--dry-run]
      after an apply that was cut short (a crash of the server or of Terraform), deletes the
      schedules the server saved but Terraform's state lacks, which make every later apply fail
      with a 409 on the schedule (schedules cannot be imported). Only a schedule
      whose slug the configuration declares, on a deployment of the state, and whose id the
      state does not know is deleted. DIR is the stack's directory (cdk.tf.json, terraform init
      done; default: .); --state-json takes a saved \`terraform show -json\` instead.
  cdktf-prefect --help
`;

/** Bad command-line usage: the message, then the usage. */
class UsageError extends Error {}

interface Args {
  readonly positional: string[];
  readonly options: Record<string, string | true>;
}

function parseArgs(argv: string[], valued: string[], flags: string[]): Args {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.includes(name)) {
      options[name] = true;
    } else if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { positional, options };
}

function language(options: Args['options']): Language {
  const lang = options.language ?? 'typescript';
  if (lang !== 'typescript' && lang !== 'python') throw new UsageError(`--language ${String(lang)}: write typescript or python`);
  return lang;
}

function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Writes the files into `dir`, refusing to overwrite any unless `force`. */
function writeFiles(dir: string, files: Record<string, string>, force: boolean): void {
  const existing = Object.keys(files).filter((f) => fs.existsSync(path.join(dir, f)));
  if (existing.length > 0 && !force) {
    throw new UsageError(`${dir} already has ${existing.join(', ')}; choose another directory, or pass --force to overwrite`);
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

function convertCommand(argv: string[], out: NodeJS.WritableStream): number {
  const args = parseArgs(argv, ['language', 'out'], ['force']);
  if (args.positional.length !== 1) throw new UsageError('convert takes one prefect.yaml, e.g. cdktf-prefect convert prefect.yaml');
  const file = args.positional[0];
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  const lang = language(args.options);
  const outDir = path.resolve(typeof args.options.out === 'string' ? args.options.out : 'cdktf-app');
  const conversion = convertPrefectYaml(file, fs.readFileSync(file, 'utf8'), outDir);
  const base = conversion.projectName ?? path.basename(path.dirname(path.resolve(file)));
  const issues = issuesFor(conversion.issues, lang);
  const notConverted = issues.filter((i) => i.kind === 'not-converted');
  const files = appFiles(lang, {
    stackName: `${pascal(base)}Stack`,
    header: [
      `Converted from ${path.basename(file)} by \`cdktf-prefect convert\`. Review it before the first cdktf deploy.`,
      ...(notConverted.length > 0 ? ['', `Not converted (${notConverted.length}):`, ...notConverted.map((i) => `  line ${i.line}: ${i.message}`)] : []),
    ],
    body: conversion.body,
    imports: conversion.imports,
    usesEnvironment: conversion.usesEnvironment,
    usesAppPath: conversion.usesAppPath,
    version: version(),
  });
  writeFiles(outDir, files, args.options.force === true);
  out.write(`wrote ${Object.keys(files).map((f) => path.join(path.relative(process.cwd(), outDir) || '.', f)).join(', ')}\n`);
  out.write(report(file, issues));
  return 0;
}

/** The issues, not-converted first, one per line with the yaml's file and line. */
export function report(file: string, issues: Issue[]): string {
  if (issues.length === 0) return 'everything was converted\n';
  const lines: string[] = [];
  for (const kind of ['not-converted', 'note'] as const) {
    const of = issues.filter((i) => i.kind === kind);
    if (of.length === 0) continue;
    lines.push(kind === 'not-converted' ? `not converted (${of.length}):` : `notes (${of.length}):`);
    for (const i of of) lines.push(`  ${file}:${i.line}: ${i.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Runs an async command: its own errors print their message (exit 1), bad usage the usage (exit 2). */
async function reported(run: () => Promise<number>, known: Array<new (...args: any[]) => Error>, err: NodeJS.WritableStream): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (known.some((k) => e instanceof k)) {
      err.write(`cdktf-prefect: ${(e as Error).message}\n`);
      return 1;
    }
    if (e instanceof UsageError) {
      err.write(`cdktf-prefect: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

async function adopt(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const args = parseArgs(argv, ['api-url', 'language', 'out', 'work-pool', 'tag', 'name'],
    ['force', 'replace-unimportable', 'replace-schedules', 'delete-replaced', 'delete-old-schedules']);
  if (args.positional.length > 0) throw new UsageError(`adopt takes no positional arguments (got ${args.positional.join(' ')})`);
  const value = (name: string) => (typeof args.options[name] === 'string' ? args.options[name] as string : undefined);
  const outDir = path.resolve(value('out') ?? 'cdktf-app');
  const apiKey = process.env.PREFECT_API_KEY || undefined;
  if (args.options['delete-replaced'] === true || args.options['delete-old-schedules'] === true) return deleteOldSchedules(outDir, value('api-url'), apiKey, out);
  const apiUrl = value('api-url');
  if (apiUrl === undefined) throw new UsageError('adopt needs --api-url, e.g. --api-url http://127.0.0.1:4200/api');
  const lang = language(args.options);
  const { files, adoption } = await adoptFromServer({
    apiUrl, language: lang, outDir, version: version(),
    workPool: value('work-pool'), tag: value('tag'), name: value('name'), replaceSchedules: args.options['replace-unimportable'] === true || args.options['replace-schedules'] === true,
  }, apiKey);
  writeFiles(outDir, files, args.options.force === true);
  out.write(`wrote ${Object.keys(files).map((f) => path.join(path.relative(process.cwd(), outDir) || '.', f)).join(', ')}\n`);
  out.write(summary(adoption, outDir, lang));
  return 0;
}

async function repair(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const args = parseArgs(argv, ['api-url', 'dir', 'state-json'], ['dry-run']);
  if (args.positional.length > 0) throw new UsageError(`repair-schedules takes no positional arguments (got ${args.positional.join(' ')})`);
  const value = (name: string) => (typeof args.options[name] === 'string' ? args.options[name] as string : undefined);
  const apiUrl = value('api-url');
  if (apiUrl === undefined) throw new UsageError('repair-schedules needs --api-url, e.g. --api-url http://127.0.0.1:4200/api');
  const stateJson = value('state-json');
  await repairSchedules({
    apiUrl, apiKey: process.env.PREFECT_API_KEY || undefined, dir: path.resolve(value('dir') ?? '.'),
    stateJson: stateJson ? path.resolve(stateJson) : undefined, dryRun: args.options['dry-run'] === true,
  }, out);
  return 0;
}

function initCommand(argv: string[], out: NodeJS.WritableStream): number {
  const args = parseArgs(argv, ['recipe', 'language'], ['force']);
  const recipe = args.options.recipe;
  if (typeof recipe !== 'string') throw new UsageError(`init needs --recipe ${Object.keys(RECIPES).join('|')}`);
  if (!(recipe in RECIPES)) throw new UsageError(`unknown recipe "${recipe}": choose one of ${Object.keys(RECIPES).join(', ')}`);
  if (args.positional.length > 1) throw new UsageError('init takes at most one directory');
  const dir = path.resolve(args.positional[0] ?? '.');
  const files = recipeApp(recipe, language(args.options), version());
  writeFiles(dir, files, args.options.force === true);
  out.write(`wrote the ${recipe} recipe into ${dir}: ${Object.keys(files).join(', ')}\n${RECIPES[recipe].next}\n`);
  return 0;
}

/** Runs the command line; returns the exit code (a promise of it for `adopt`, which reads a server). */
export function main(
  argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr,
): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      out.write(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      out.write(USAGE);
      return 0;
    }
    if (command === 'convert') return convertCommand(rest, out);
    if (command === 'init') return initCommand(rest, out);
    if (command === 'adopt') return reported(() => adopt(rest, out), [AdoptError, PrefectApiError], err);
    if (command === 'repair-schedules') return reported(() => repair(rest, out), [RepairError, PrefectApiError], err);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`cdktf-prefect: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof YamlSyntaxError || e instanceof ConvertError) {
      err.write(`cdktf-prefect: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  void Promise.resolve(main(process.argv.slice(2))).then((code) => { process.exitCode = code; });
}
