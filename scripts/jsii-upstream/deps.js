#!/usr/bin/env node
// Facts about the jsii dependencies of our assembly (.jsii), for scripts/jsii-upstream.sh.
//
//   node deps.js list
//       one line per package of the dependency closure, dependencies before dependents,
//       tab-separated: npm name, installed version, package directory, Go module prefix,
//       Maven groupId:artifactId
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function packageDir(name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [ROOT] }));
  } catch {
    // packages with an "exports" map that hides package.json
    return path.join(ROOT, 'node_modules', name);
  }
}

const assembly = readJson(path.join(ROOT, '.jsii'));
const [command] = process.argv.slice(2);

if (command === 'list') {
  const closure = Object.keys(assembly.dependencyClosure ?? {}).sort();
  const packages = new Map(closure.map((name) => {
    const dir = packageDir(name);
    return [name, { dir, pkg: readJson(path.join(dir, 'package.json')) }];
  }));
  const ordered = [];
  const visit = (name) => {
    if (ordered.includes(name)) return;
    const { pkg } = packages.get(name);
    const deps = { ...pkg.dependencies, ...pkg.peerDependencies };
    for (const dep of closure) if (dep in deps) visit(dep);
    ordered.push(name);
  };
  closure.forEach(visit);
  for (const name of ordered) {
    const { dir, pkg } = packages.get(name);
    const targets = pkg.jsii?.targets ?? {};
    const maven = targets.java?.maven;
    console.log([
      name,
      pkg.version,
      dir,
      targets.go?.moduleName ?? '-',
      maven ? `${maven.groupId}:${maven.artifactId}` : '-',
    ].join('\t'));
  }
} else {
  console.error('usage: deps.js list');
  process.exit(2);
}
