#!/usr/bin/env node
// Post-compile step: moves the source maps jsii inlines at the end of every lib/**/*.js
// (`//# sourceMappingURL=data:application/json;base64,...`) into a `.js.map` file next to it.
//
// An inline map is part of the module's source text, and V8 keeps a module's source in memory
// for as long as the process runs (plus a copy of the URL): in lib/ the inline maps are about
// 70 % of the JavaScript (2.4 of 3.5 MB). Measured: `require('cdktf-prefect')` adds 5.7 MB less
// RSS with external maps (BENCHMARKS.md). The maps themselves are unchanged, and
// `node --enable-source-maps` reads external ones as it read inline ones.
const fs = require('fs');
const path = require('path');

// node scripts/external-source-maps.js [lib dir]: the core's lib/ by default, or a cloud package's
const lib = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'lib'));
const INLINE = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

function* jsFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(full);
    else if (entry.name.endsWith('.js')) yield full;
  }
}

let moved = 0;
let bytes = 0;
for (const file of jsFiles(lib)) {
  const text = fs.readFileSync(file, 'utf8');
  const m = text.match(INLINE);
  if (!m) continue;
  const map = Buffer.from(m[1], 'base64').toString('utf8');
  JSON.parse(map); // a map, not something else that happens to match
  fs.writeFileSync(`${file}.map`, map);
  fs.writeFileSync(file, `${text.slice(0, m.index)}\n//# sourceMappingURL=${path.basename(file)}.map\n`);
  moved++;
  bytes += text.length - m.index;
}
console.error(`[cdktf-prefect] external-source-maps: ${moved} source maps moved out of lib/**/*.js (${(bytes / 1048576).toFixed(1)} MB of inline text)`);
