// A jest reporter that writes what ran and what was skipped, with the reasons that the skip
// helpers (test/support/skip.ts) put in skipped titles. scripts/test.sh prints it at the end
// of `npm test`, after the provider report, so that no skipped suite goes unsaid.
const fs = require('fs');
const path = require('path');

const MARK = /\[skipped: (.*)\]$/;

class SummaryReporter {
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.output = options.output || process.env.CDKTF_PREFECT_TEST_SUMMARY || path.join(this.rootDir, '.toolchain', 'state', 'test-summary.txt');
    this.files = [];
  }

  onTestResult(_test, result) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const reasons = new Set();
    for (const t of result.testResults) {
      if (t.status === 'passed') counts.passed++;
      else if (t.status === 'failed') counts.failed++;
      else {
        counts.skipped++;
        const titles = [...t.ancestorTitles, t.title];
        const marked = titles.map((x) => x.match(MARK)).find(Boolean);
        reasons.add(marked ? marked[1] : 'no reason given (skipped without test/support/skip.ts)');
      }
    }
    this.files.push({ file: path.relative(this.rootDir, result.testFilePath), error: result.testExecError, counts, reasons: [...reasons] });
  }

  onRunComplete() {
    const files = this.files.sort((a, b) => a.file.localeCompare(b.file));
    const total = { passed: 0, failed: 0, skipped: 0 };
    for (const f of files) for (const k of Object.keys(total)) total[k] += f.counts[k];
    const lines = [];
    const ran = files.filter((f) => f.counts.skipped === 0 && !f.error);
    const skipped = files.filter((f) => f.counts.skipped > 0);
    const broken = files.filter((f) => f.error);
    lines.push(`suites: ${files.length} ran, ${skipped.length} of them with skipped tests, ${broken.length} failed to run`);
    for (const f of skipped) {
      const all = f.counts.passed + f.counts.failed === 0 ? 'all' : `${f.counts.skipped} of ${f.counts.passed + f.counts.failed + f.counts.skipped}`;
      lines.push(`  SKIPPED ${all} tests in ${f.file}`);
      for (const r of f.reasons) lines.push(`    because ${r}`);
    }
    for (const f of broken) lines.push(`  FAILED TO RUN ${f.file}: ${String(f.error.message || f.error).split('\n')[0]}`);
    lines.push(`  ran every test in ${ran.length} suites`);
    lines.push(`jest: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    fs.mkdirSync(path.dirname(this.output), { recursive: true });
    fs.writeFileSync(this.output, lines.join('\n') + '\n');
  }
}

module.exports = SummaryReporter;
