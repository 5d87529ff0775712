// The bad-input tables of issue 13: every row builds a small stack, synthesizes it with
// validations on, and asserts the construct path, the bad value as the message shows it, and the
// fix; a good-input row must synthesize. Used by test/checks and the cloud packages' tests.
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { newStack, synthError } from './synth';

/** A bad input: what it is, how to build it, and what the message must say. */
export interface Row {
  readonly what: string;
  readonly build: (scope: Construct) => unknown;
  /** the construct path the message starts with */
  readonly path: string;
  /** the bad value, as the message shows it */
  readonly value: string;
  /** (part of) the fix the message gives */
  readonly fix: string;
  /** text that must NOT be in the message (a secret) */
  readonly hidden?: string;
}

/** A good input: it must synthesize. */
export interface Good {
  readonly what: string;
  readonly build: (scope: Construct) => unknown;
}

/**
 * One describe block with a test per row.
 * @param stack makes the stack each row is built in (a cloud package adds its provider)
 */
export function runTable(name: string, rows: Row[], good: Good[] = [], stack: () => TerraformStack = newStack): void {
  describe(name, () => {
    it.each(rows.map((r) => [r.what, r] as const))('refuses %s', (_what, row) => {
      const message = synthError(row.build, stack);
      expect(message.startsWith(`${row.path}: `)).toBe(true);
      expect(message).toContain(row.value);
      expect(message).toContain(row.fix);
      if (row.hidden) expect(message).not.toContain(row.hidden);
    });
    if (good.length > 0) {
      it.each(good.map((g) => [g.what, g] as const))('accepts %s', (_what, g) => {
        const scope = stack();
        g.build(scope);
        expect(() => Testing.synth(scope, true)).not.toThrow();
      });
    }
  });
}
