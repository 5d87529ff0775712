#!/usr/bin/env node
// Trims a provider's `terraform providers schema -json` to the resources and data sources a
// package uses, without the provider's descriptions (its prose stays the provider's own), so
// that `cdktf get` generates bindings for just those (scripts/bindings.sh).
//
//   node scripts/trim-schema.js <full.json> <trimmed.json>
//       keeps the resource and data source types that <trimmed.json> lists today (re-trim)
//   node scripts/trim-schema.js <full.json> <trimmed.json> --resources a,b --data-sources c,d
//       sets the lists
//   node scripts/trim-schema.js --check <full.json> <trimmed.json>
//       exits 1, naming each difference, when <trimmed.json> is not what trimming <full.json> gives
const fs = require('fs');

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    // a type expression (a string or an array; an attribute named "type" is an object) is kept as
    // it is: its object types have members named "description" too
    if (k === 'type' && (typeof v === 'string' || Array.isArray(v))) {
      out[k] = v;
      continue;
    }
    // the provider's prose; an attribute that is called "description" is an object, and stays
    if ((k === 'description' || k === 'description_kind' || k === 'deprecation_message') && typeof v === 'string') continue;
    out[k] = strip(v);
  }
  return out;
}

function trim(full, resources, dataSources) {
  const [address] = Object.keys(full.provider_schemas);
  const p = full.provider_schemas[address];
  const pick = (all, names, kind) => Object.fromEntries(names.sort().map((n) => {
    if (!all?.[n]) throw new Error(`${address} has no ${kind} ${n}`);
    return [n, strip(all[n])];
  }));
  return {
    format_version: full.format_version,
    provider_schemas: {
      [address]: {
        provider: strip(p.provider),
        resource_schemas: pick(p.resource_schemas, resources, 'resource'),
        data_source_schemas: pick(p.data_source_schemas, dataSources, 'data source'),
      },
    },
    ...(full.provider_versions ? { provider_versions: full.provider_versions } : {}),
  };
}

function lists(trimmed) {
  const p = Object.values(trimmed.provider_schemas)[0];
  return [Object.keys(p.resource_schemas), Object.keys(p.data_source_schemas)];
}

const args = process.argv.slice(2);
const check = args[0] === '--check';
if (check) args.shift();
const [fullFile, outFile] = args;
const opt = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1].split(',').filter(Boolean);
};
const full = JSON.parse(fs.readFileSync(fullFile, 'utf8'));
const current = fs.existsSync(outFile) ? JSON.parse(fs.readFileSync(outFile, 'utf8')) : undefined;
const [r0, d0] = current ? lists(current) : [[], []];
const result = trim(full, opt('--resources') ?? r0, opt('--data-sources') ?? d0);
const text = `${JSON.stringify(result, null, 1)}\n`;
if (check) {
  if (current && JSON.stringify(result) === JSON.stringify(current)) process.exit(0);
  console.error(`${outFile} differs from the schema of the provider binary (${fullFile}): run scripts/bindings.sh --retrim`);
  process.exit(1);
}
fs.writeFileSync(outFile, text);
const [r, d] = lists(result);
console.error(`${outFile}: ${r.length} resources, ${d.length} data sources, ${Math.round(text.length / 1024)} KiB`);
