#!/usr/bin/env node
// Post-compile step: makes parts of lib/ load on first use, so that `require('cdktf-prefect')`
// pays only for what an app uses. The same idea as aws-cdk-lib's lazy submodule index.
//
// 1. The namespace re-exports that tsc emits for `export * as ns from './x'` (an eager require)
//    become getters that require on first access: the root does not load all 47 L1 bindings.
// 2. The `export * from './x'` of the modules in LAZY_STAR become one getter per exported name,
//    which requires the module that defines the name: in cdktf-prefect-aws, EcsWorker and
//    S3BucketSensor each load only their own AWS classes. The names are read from the compiled
//    modules, so the package exports exactly what it did; only the loading moves.
//
// Only index.js files outside lib/.gen are touched; the .d.ts files are unchanged.
const fs = require('fs');
const path = require('path');

// node scripts/lazify.js [lib dir]: the core's lib/ by default, or a cloud package's
const lib = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'lib'));
const packageName = JSON.parse(fs.readFileSync(path.join(lib, '..', 'package.json'), 'utf8')).name;
const EAGER = /^exports\.([A-Za-z_$][\w$]*) = __importStar\(require\("([^"]+)"\)\);$/gm;
const STAR = /^__exportStar\(require\("([^"]+)"\), exports\);$/gm;

/** `export *` re-exports loaded on first use, per package: index file (relative to lib/) -> targets. */
const LAZY_STAR = {
  'cdktf-prefect': {},
  // each pattern loads its own AWS classes: EcsWorker does not load S3BucketSensor's
  'cdktf-prefect-aws': { 'index.js': ['./ecs-worker', './s3-bucket-sensor', './ecr-image-repository'] },
}[packageName] ?? {};

function* indexFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.gen' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* indexFiles(full);
    else if (entry.name === 'index.js') yield full;
  }
}

/**
 * The getters that replace `__exportStar(require(target), exports)` in `file`: one per name, each
 * requiring the module of the target that defines it (the target's own `export *` modules), so
 * that using EcsWorker does not load the AWS modules of S3BucketSensor.
 */
function lazyStar(file, target) {
  const resolve = (from, spec) => require.resolve(path.resolve(path.dirname(from), spec));
  const targetFile = resolve(file, target);
  const rel = (absolute) => {
    const r = path.relative(path.dirname(file), absolute).split(path.sep).join('/').replace(/\.js$/, '');
    return r.startsWith('.') ? r : `./${r}`;
  };
  // what __exportStar would copy: the enumerable names but "default", the first module winning
  const owner = new Map();
  const subs = [...fs.readFileSync(targetFile, 'utf8').matchAll(STAR)].map((m) => resolve(targetFile, m[1]));
  for (const sub of subs) {
    for (const name of Object.keys(require(sub))) if (name !== 'default' && !owner.has(name)) owner.set(name, rel(sub));
  }
  const names = Object.keys(require(targetFile)).filter((n) => n !== 'default');
  for (const name of names) if (!owner.has(name)) owner.set(name, target);
  if (names.length === 0 || names.length !== owner.size) throw new Error(`lazify: cannot map the exports of ${target} in ${file}`);
  return names
    .map((n) => `Object.defineProperty(exports, ${JSON.stringify(n)}, { enumerable: true, configurable: true, get: () => require(${JSON.stringify(owner.get(n))})[${JSON.stringify(n)}] });`)
    .join('\n');
}

let namespaces = 0;
let stars = 0;
for (const file of indexFiles(lib)) {
  const before = fs.readFileSync(file, 'utf8');
  const lazyTargets = LAZY_STAR[path.relative(lib, file).split(path.sep).join('/')] ?? [];
  let after = before.replace(EAGER, (_m, name, target) => {
    namespaces++;
    return `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, configurable: true, get: () => __importStar(require(${JSON.stringify(target)})) });`;
  });
  after = after.replace(STAR, (line, target) => {
    if (!lazyTargets.includes(target)) return line;
    stars++;
    return lazyStar(file, target);
  });
  if (after !== before) fs.writeFileSync(file, after);
}
// a second run finds nothing to do; an eager line left over means the compiled output changed shape
for (const [file, targets] of Object.entries(LAZY_STAR)) {
  const text = fs.readFileSync(path.join(lib, file), 'utf8');
  for (const target of targets) {
    if (text.includes(`__exportStar(require(${JSON.stringify(target)}), exports);`)) {
      throw new Error(`lazify: export * from ${target} in lib/${file} is still eager`);
    }
  }
}
console.error(`[${packageName}] lazify: ${namespaces} namespace exports and ${stars} export * made lazy`);
