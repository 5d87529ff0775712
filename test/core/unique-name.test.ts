import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { UniqueName } from '../../src';

function scopes() {
  const app = new App();
  const stack = new TerraformStack(app, 'Prod');
  const other = new TerraformStack(app, 'Dev');
  return { stack, other };
}

describe('UniqueName', () => {
  test('the path below the stack in lowercase, then 8 hex characters of a hash of the whole path', () => {
    const { stack } = scopes();
    const sensor = new Construct(new Construct(stack, 'Orders'), 'Landing_Sensor');
    expect(UniqueName.of(sensor)).toMatch(/^orders-landing-sensor-[0-9a-f]{8}$/);
    expect(UniqueName.of(sensor, { prefix: 'webhook-' })).toMatch(/^webhook-orders-landing-sensor-[0-9a-f]{8}$/);
  });

  test('the same path gives the same name; another stack or construct another one', () => {
    const { stack, other } = scopes();
    const a = new Construct(stack, 'Sensor');
    const b = new Construct(other, 'Sensor');
    const c = new Construct(stack, 'Sensor2');
    expect(UniqueName.of(a)).toBe(UniqueName.of(a));
    expect(new Set([UniqueName.of(a), UniqueName.of(b), UniqueName.of(c)]).size).toBe(3);
    // the hash tells apart what the readable part does not
    expect(UniqueName.of(a).replace(/-[0-9a-f]{8}$/, '')).toBe(UniqueName.of(b).replace(/-[0-9a-f]{8}$/, ''));
  });

  test('a long path is cut to maxLength, never in the hash, and never ends the readable part with "-"', () => {
    const { stack } = scopes();
    const deep = new Construct(new Construct(stack, 'A'.repeat(40)), 'B'.repeat(40));
    for (const max of [20, 63, 51]) {
      const name = UniqueName.of(deep, { maxLength: max });
      expect(name.length).toBeLessThanOrEqual(max);
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{8}$/);
    }
    expect(() => UniqueName.of(deep, { maxLength: 9 })).toThrow(/leaves no room/);
  });
});
