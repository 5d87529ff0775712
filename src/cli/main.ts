#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { appFiles, Language } from './convert/app';
import { pascal } from './convert/code';
import { convertPrefectYaml, ConvertError, Issue } from './convert/convert';
import { YamlSyntaxError } from './convert/yaml-source';
import { RECIPES, recipeApp } from './init/recipes';

const USAGE = `cdktf-prefect: cdktf apps for Prefect, from a prefect.yaml or from a recipe

usage:
  cdktf-prefect convert <prefect.yaml> [--language typescript|python] [--out DIR] [--force]
      writes a cdktf app (main.ts or main.py, cdktf.json, package.json or requirements.txt)
      with the deployments of the prefect.yaml, and lists, with their lines, what it did not
      convert. --out defaults to ./cdktf-app.
  cdktf-prefect init --recipe ${Object.keys(RECIPES).join('|')} [--language typescript|python] [--force] [DIR]
      writes a starter app for a recipe into DIR (default: the current directory):
${Object.entries(RECIPES).map(([name, r]) => `        ${name.padEnd(11)} ${r.summary}`).join('\n')}
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
  const notConverted = conversion.issues.filter((i) => i.kind === 'not-converted');
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
  out.write(report(file, conversion.issues));
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

/** Runs the command line; returns the exit code. */
export function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
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
  process.exitCode = main(process.argv.slice(2));
}
