#!/usr/bin/env node
// Compares the committed provider schema with the one `cdktf get` read from the real
// provider binary. Names, types, flags and nesting must match; descriptions may differ
// (ours are written in our own words). Exit 1 on drift.
const fs = require('fs');
const [committedPath, realPath] = process.argv.slice(2);
const FQN = 'registry.terraform.io/prefecthq/prefect';
const load = (p) => JSON.parse(fs.readFileSync(p, 'utf8')).provider_schemas[FQN];

function shape(node) {
  if (Array.isArray(node)) return node.map(shape);
  if (node && typeof node === 'object') {
    const out = {};
    for (const key of Object.keys(node).sort()) {
      // a type expression (a string or an array; an attribute named "type" is an object) is compared
      // as it is: its object types may have a "description" member
      if (key === 'type' && (typeof node[key] === 'string' || Array.isArray(node[key]))) {
        out[key] = node[key];
        continue;
      }
      // prose (ours differs from the provider's); an attribute named "description" is an object and is compared
      if ((key === 'description' || key === 'description_kind') && typeof node[key] === 'string') continue;
      out[key] = shape(node[key]);
    }
    return out;
  }
  return node;
}

const committed = load(committedPath);
const real = load(realPath);
const drift = [];
if (JSON.stringify(shape(committed.provider)) !== JSON.stringify(shape(real.provider))) drift.push('provider');
for (const group of ['resource_schemas', 'data_source_schemas']) {
  const names = new Set([...Object.keys(committed[group]), ...Object.keys(real[group])]);
  for (const name of [...names].sort()) {
    if (JSON.stringify(shape(committed[group][name])) !== JSON.stringify(shape(real[group][name]))) {
      drift.push(`${group}.${name}`);
    }
  }
}
if (drift.length) {
  console.error(`schema drift between ${committedPath} and the provider binary:\n  ${drift.join('\n  ')}`);
  process.exit(1);
}
console.error(`[cdktf-prefect] committed schema matches the provider binary (${Object.keys(real.resource_schemas).length} resources, ${Object.keys(real.data_source_schemas).length} data sources)`);
