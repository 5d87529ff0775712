// One measured require(), in a fresh process:
//   node bench/children/import.js <module: "cdktf" or an absolute path>
// Prints one JSON line: the time of the require() call, the RSS it added, the peak RSS, and
// which generated bindings and provider barrels it loaded.
'use strict';
const path = require('path');

const target = process.argv[2];
const ROOT = path.resolve(__dirname, '..', '..');

const rss0 = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
require(target);
const t1 = process.hrtime.bigint();
const cpu = process.cpuUsage(cpu0);
const rss1 = process.memoryUsage().rss;

const loaded = Object.keys(require.cache);
const rel = (f) => path.relative(ROOT, f);
// a provider barrel: the index (or lazy index) at the root of a provider's bindings
const BARRELS = [
  /[\\/]\.gen[\\/]providers[\\/][^\\/]+[\\/](lazy-)?index\.js$/,
  /[\\/]node_modules[\\/]@cdktf[\\/]provider-[^\\/]+[\\/]lib[\\/](lazy-)?index\.js$/,
];
const barrels = loaded.filter((f) => BARRELS.some((re) => re.test(f))).map(rel);
const prefectBindings = loaded.filter((f) => /[\\/]\.gen[\\/]providers[\\/]prefect[\\/][^\\/]+[\\/]index\.js$/.test(f)).length;
const awsModules = loaded.filter((f) => /[\\/]\.gen[\\/]providers[\\/]aws[\\/]/.test(f)).length;

process.stdout.write(`${JSON.stringify({
  target,
  requireMs: Number(t1 - t0) / 1e6,
  // user + system CPU of the same call: less sensitive than wall time to other load
  cpuMs: (cpu.user + cpu.system) / 1000,
  rssDeltaMb: (rss1 - rss0) / 1048576,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  modules: loaded.length,
  prefectBindings,
  awsModules,
  barrels,
})}\n`);
