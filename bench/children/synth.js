// One measured synth, in a fresh process:
//   node bench/children/synth.js <workload> <variant> <n> <outdir>
// Prints one JSON line: wall and CPU time of building the construct tree + synthesizing (module
// loading excluded: that is the import benchmark), and the process's peak RSS.
'use strict';
const path = require('path');

const [workloadId, variant, nArg, outdir] = process.argv.slice(2);
const workload = require(path.join(__dirname, '..', 'workloads', `${workloadId}.js`));
const make = workload.variants[variant];
if (!make) throw new Error(`unknown variant ${variant} of ${workloadId}`);
const n = Number(nArg);

const t0 = process.hrtime.bigint();
const run = make(n, outdir); // loads the modules the variant needs
const t1 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
run();
const cpu = process.cpuUsage(cpu0);
const t2 = process.hrtime.bigint();
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({
  workload: workloadId,
  variant,
  n,
  loadMs: Number(t1 - t0) / 1e6,
  wallMs: Number(t2 - t1) / 1e6,
  // user + system CPU of the same span (all threads, GC helpers included): less sensitive than
  // wall time to other load on the machine
  cpuMs: (cpu.user + cpu.system) / 1000,
  maxRssMb: usage.maxRSS / 1024,
  heapUsedMb: process.memoryUsage().heapUsed / 1048576,
})}\n`);
