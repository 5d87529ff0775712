import * as fs from 'fs';
import * as path from 'path';

// A skipped test must say why, in a way the summary at the end of `npm test` can list: through
// describeUnless / testUnless (test/support/skip.ts), which put the reason in the title.
const TEST = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === '__snapshots__' ? [] : files(full);
    return /\.(ts|js)$/.test(e.name) ? [full] : [];
  });
}

test('no test or suite is skipped but through test/support/skip.ts', () => {
  const helper = path.join(TEST, 'support', 'skip.ts');
  const bare = /\b(describe|test|it)\.skip\b|\bx(describe|it|test)\(/;
  const offenders = files(TEST)
    .filter((f) => f !== helper && f !== __filename)
    .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').map((line, i) => [f, i + 1, line] as const))
    .filter(([, , line]) => bare.test(line))
    .map(([f, n, line]) => `${path.relative(TEST, f)}:${n}: ${line.trim()}`);
  expect(offenders).toEqual([]);
});
