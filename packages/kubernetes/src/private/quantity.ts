import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Checks } from 'cdktf-prefect';

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const FACTORS: Record<string, number> = {
  '': 1, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/**
 * The value of a literal Kubernetes quantity (`250m` → 0.25, `1Gi` → 1073741824); undefined for
 * a token; fails at `scope` on anything Kubernetes would refuse, or on zero. @internal
 */
export function quantity(scope: IConstruct, prop: string, value: string, example: string): number | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const m = QUANTITY.exec(value);
  if (!m) {
    Checks.fail(scope, `invalid ${prop} ${Checks.show(value)}: use a Kubernetes quantity, e.g. ${Checks.show(example)}`);
    return undefined;
  }
  const n = Number(m[1]) * FACTORS[m[2] ?? ''];
  if (n <= 0) Checks.fail(scope, `invalid ${prop} ${Checks.show(value)}: it must be more than zero, e.g. ${Checks.show(example)}`);
  return n;
}
