#!/usr/bin/env node
// Post-compile step: turns the namespace re-exports that tsc emits for
// `export * as ns from './x'` (an eager require) into getters that require on
// first access, so that `require('cdktf-prefect')` does not load all 47 L1
// bindings. The same idea as aws-cdk-lib's lazy submodule index.
// Only index.js files outside lib/.gen are touched; the .d.ts files are unchanged.
const fs = require('fs');
const path = require('path');

const lib = path.join(__dirname, '..', 'lib');
const EAGER = /^exports\.([A-Za-z_$][\w$]*) = __importStar\(require\("([^"]+)"\)\);$/gm;

function* indexFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.gen' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* indexFiles(full);
    else if (entry.name === 'index.js') yield full;
  }
}

let count = 0;
for (const file of indexFiles(lib)) {
  const before = fs.readFileSync(file, 'utf8');
  const after = before.replace(EAGER, (_m, name, target) => {
    count++;
    return `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, configurable: true, get: () => __importStar(require(${JSON.stringify(target)})) });`;
  });
  if (after !== before) fs.writeFileSync(file, after);
}
console.error(`[cdktf-prefect] lazify: ${count} namespace exports made lazy`);
