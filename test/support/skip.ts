import * as fs from 'fs';
import * as path from 'path';

// Every skipped suite or test goes through these helpers, so that its reason is in its title,
// where the summary reporter (test/support/summary-reporter.js) finds it and lists it at the end
// of `npm test`. A plain `describe.skip` is refused by test/toolchain/skips.test.ts.

/** The text that opens a reason in a skipped title; the reporter looks for it. */
export const SKIP_MARK = '[skipped: ';

const ROOT = path.resolve(__dirname, '..', '..');

/** Why the compiled library is not there (undefined when lib/ and .jsii are built). */
export function libNotBuilt(): string | undefined {
  const built = fs.existsSync(path.join(ROOT, 'lib', 'index.js')) && fs.existsSync(path.join(ROOT, '.jsii'));
  return built ? undefined : 'lib/ and .jsii are not built; run `npx projen compile && npx projen post-compile` (npm test does)';
}

function titled(name: string, reason: string): string {
  return `${name} ${SKIP_MARK}${reason}]`;
}

/** `describe`, or `describe.skip` with the reason in its title when `reason` is set. */
export function describeUnless(reason: string | undefined): (name: string, fn: () => void) => void {
  return (name, fn) => (reason ? describe.skip(titled(name, reason), fn) : describe(name, fn));
}

/** `test`, or `test.skip` with the reason in its title when `reason` is set. */
export function testUnless(reason: string | undefined): (name: string, fn: jest.ProvidesCallback, timeout?: number) => void {
  return (name, fn, timeout) => (reason ? test.skip(titled(name, reason), fn) : test(name, fn, timeout));
}
