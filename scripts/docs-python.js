#!/usr/bin/env node
// The Python version of every TypeScript snippet in README.md and docs/constructs.md, written
// by jsii-rosetta (the translator jsii-pacmak uses for docstrings) as a ```python block right
// after each ```ts block.
//
//   node scripts/docs-python.js          (re)write the Python blocks   (npx projen docs:python)
//   node scripts/docs-python.js --check  exit 1 when a Python block is missing or stale
//
// rosetta needs types to translate well (a struct becomes keyword arguments, a map a dict, a
// property snake_case), so each snippet is compiled against the built library: a complete
// program as it is; a fragment inside a stack's constructor, after every type of the library
// imported and the names earlier sections of docs/constructs.md make (pool, hourly, ...)
// declared — hidden from the translation with rosetta's `/// !hide` markers. A snippet that
// does not compile, or that rosetta cannot translate, fails the run.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { PythonVisitor, Translator, typeScriptSnippetFromCompleteSource, SnippetParameters } = require('jsii-rosetta');

const ROOT = path.resolve(__dirname, '..');
const FILES = ['README.md', 'docs/constructs.md'];
/** A ```ts block, and the ```python block generated after it, if any. */
const BLOCK = /```ts\n([\s\S]*?)```\n(?:\n?```python\n[\s\S]*?```\n)?/g;

const check = process.argv.includes('--check');

/** The names the snippets of docs/constructs.md use without making them (its "conventions"). */
const DECLARED = [
  'pool: WorkPool', 'critical: WorkQueue', 'warehouse: GlobalConcurrencyLimit', 'etl: Flow', 'hourly: Deployment',
  'token: Block', 'slack: Block', 'ingest: Deployment', 'orders: IDeployment', 'payments: IDeployment', 'report: IDeployment',
];

function fragmentSource(snippet) {
  const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8'));
  const names = Object.values(assembly.types)
    .filter((t) => t.namespace === undefined)
    .map((t) => t.name);
  return [
    '', // a first line of `///` would be read as snippet parameters
    '/// !hide',
    'import { Fn, TerraformStack, TerraformVariable, Token } from \'cdktf\';',
    'import { Construct } from \'constructs\';',
    `import { ${names.join(', ')} } from 'cdktf-prefect';`,
    ...DECLARED.map((d) => `declare const ${d};`),
    'export class Snippet extends TerraformStack {',
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    '/// !show',
    snippet.trimEnd(),
    '/// !hide',
    '  }',
    '}',
    '/// !show',
    '',
  ].join('\n');
}

/** A directory where `import ... from 'cdktf-prefect'` resolves to this package. */
function compilationDirectory() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-rosetta-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'cdktf-prefect'), 'dir');
  for (const dep of ['cdktf', 'constructs', '@types']) {
    fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(dir, 'node_modules', dep), 'dir');
  }
  return dir;
}

function main() {
  if (!fs.existsSync(path.join(ROOT, '.jsii'))) {
    console.error('[cdktf-prefect] docs-python: .jsii is missing; build the library first (npx projen compile)');
    process.exit(1);
  }
  const dir = compilationDirectory();
  const translator = new Translator(true);
  const problems = [];
  const stale = [];
  try {
    for (const file of FILES) {
      const full = path.join(ROOT, file);
      const text = fs.readFileSync(full, 'utf8');
      let n = 0;
      const updated = text.replace(BLOCK, (_block, ts) => {
        n++;
        const complete = /^import /m.test(ts);
        const source = complete ? ts : fragmentSource(ts);
        const snippet = typeScriptSnippetFromCompleteSource(source, { api: { api: 'file', fileName: file }, field: { field: 'markdown', line: n } }, true, {
          [SnippetParameters.$COMPILATION_DIRECTORY]: dir,
        });
        const t = translator.translatorFor(snippet);
        const python = t.renderUsing(new PythonVisitor());
        for (const d of t.diagnostics) {
          if (d.category === 1 /* error */) {
            const msg = typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText;
            problems.push(`${file}, ts snippet ${n}: ${msg}`);
          }
        }
        return `\`\`\`ts\n${ts}\`\`\`\n\n\`\`\`python\n${python.trimEnd()}\n\`\`\`\n`;
      });
      if (updated !== text) {
        stale.push(file);
        if (!check) fs.writeFileSync(full, updated);
      }
      console.error(`[cdktf-prefect] docs-python: ${file}: ${n} snippets${updated !== text ? (check ? ', Python blocks stale' : ', Python blocks rewritten') : ', up to date'}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error(`[cdktf-prefect] docs-python: jsii-rosetta could not translate:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  if (check && stale.length > 0) {
    console.error(`[cdktf-prefect] docs-python: the Python blocks of ${stale.join(', ')} are not rosetta's translation of the TypeScript: run \`npx projen docs:python\``);
    process.exit(1);
  }
}

main();
