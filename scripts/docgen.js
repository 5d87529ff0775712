#!/usr/bin/env node
// API.md of a cloud package (packages/<cloud>): jsii-docgen's CLI looks for the assemblies the
// package depends on only in the package's own node_modules, and a workspace package has its
// dependencies in the root's. This runs the same generator on a folder that holds just the
// assemblies it needs (the package's and its dependency closure's .jsii files): globbing the
// root instead, node_modules and all, took 15 s.
//
//   node ../../scripts/docgen.js       (from packages/<cloud>; writes API.md, the root module only)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Documentation, Language } = require('jsii-docgen');

async function main() {
  const pkgDir = process.cwd();
  const { name } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const assembly = JSON.parse(fs.readFileSync(path.join(pkgDir, '.jsii'), 'utf8'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-docgen-'));
  try {
    // each assembly's .jsii (and a compressed assembly's .jsii.gz, which .jsii points to)
    for (const dep of [name, ...Object.keys(assembly.dependencyClosure ?? {})]) {
      const dir = dep === name ? pkgDir : path.dirname(require.resolve(`${dep}/package.json`, { paths: [pkgDir] }));
      fs.mkdirSync(path.join(home, dep), { recursive: true });
      for (const f of fs.readdirSync(dir).filter((x) => x.startsWith('.jsii'))) fs.copyFileSync(path.join(dir, f), path.join(home, dep, f));
    }
    const docs = await Documentation.forAssembly(name, home);
    const md = await docs.toMarkdown({ language: Language.TYPESCRIPT, allSubmodules: false, readme: false });
    fs.writeFileSync(path.join(pkgDir, 'API.md'), md.render());
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
