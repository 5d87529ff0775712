#!/usr/bin/env node
// API.md of a cloud package (packages/<cloud>): jsii-docgen's CLI looks for the assemblies the
// package depends on only in the package's own node_modules, and a workspace package has its
// dependencies in the root's. This runs the same generator with the root as the assemblies' home.
//
//   node ../../scripts/docgen.js       (from packages/<cloud>; writes API.md, the root module only)
const fs = require('fs');
const path = require('path');
const { Documentation, Language } = require('jsii-docgen');

async function main() {
  const pkgDir = process.cwd();
  const root = path.resolve(__dirname, '..');
  const { name } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  // the package itself and its dependencies, as docgen expects them under one node_modules
  const docs = await Documentation.forAssembly(name, root);
  const md = await docs.toMarkdown({ language: Language.TYPESCRIPT, allSubmodules: false, readme: false });
  fs.writeFileSync(path.join(pkgDir, 'API.md'), md.render());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
