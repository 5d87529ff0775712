import { TerraformVariable, Testing } from 'cdktf';
import { Action, Automation, CompoundRequire, Duration, MetricName, MetricOperator, Posture, Trigger } from '../../src';
import { warnings } from '../blocks/warnings';
import { newStack, onlyResource, synthJson } from '../support/synth';

/** The synthesized trigger of an automation built around `trigger`. */
function triggerJson(trigger: Trigger): any {
  const stack = newStack();
  new Automation(stack, 'A', { automationName: 'a', trigger, actions: [Action.doNothing()] });
  return onlyResource(synthJson(stack), 'prefect_automation').trigger;
}

const reactiveDefaults = { posture: 'Reactive', threshold: 1, within: 0 };

describe('Trigger.event', () => {
  test('every option, literal', () => {
    expect(triggerJson(Trigger.event({
      expect: ['prefect.flow-run.Failed', 'prefect.flow-run.Crashed'],
      after: ['prefect.flow-run.Running'],
      match: { 'prefect.resource.id': 'prefect.flow-run.*', 'prefect.resource.name': ['!test-*'] },
      matchRelated: { 'prefect.resource.role': 'deployment', 'prefect.resource.id': 'prefect.deployment.abc' },
      forEach: ['prefect.resource.id', 'related:deployment:prefect.resource.id'],
      threshold: 3,
      within: Duration.minutes(10),
    }))).toEqual({
      event: {
        posture: 'Reactive',
        expect: ['prefect.flow-run.Failed', 'prefect.flow-run.Crashed'],
        after: ['prefect.flow-run.Running'],
        match: '{"prefect.resource.id":"prefect.flow-run.*","prefect.resource.name":["!test-*"]}',
        match_related: '{"prefect.resource.id":"prefect.deployment.abc","prefect.resource.role":"deployment"}',
        for_each: ['prefect.resource.id', 'related:deployment:prefect.resource.id'],
        threshold: 3,
        within: 600,
      },
    });
  });

  test('defaults: reactive, threshold 1, no window; threshold and window always written (no drift)', () => {
    expect(triggerJson(Trigger.event({ expect: ['acme.ping'] }))).toEqual({ event: { ...reactiveDefaults, expect: ['acme.ping'] } });
  });

  test('proactive with a window', () => {
    expect(triggerJson(Trigger.event({ expect: ['acme.heartbeat'], posture: Posture.PROACTIVE, within: Duration.seconds(10) })))
      .toEqual({ event: { posture: 'Proactive', expect: ['acme.heartbeat'], threshold: 1, within: 10 } });
  });

  test('a match holding a token goes through jsonencode', () => {
    const stack = newStack();
    const bucket = new TerraformVariable(stack, 'bucket', { type: 'string' });
    new Automation(stack, 'A', {
      automationName: 'a',
      trigger: Trigger.event({ expect: ['acme.x'], match: { 'prefect.resource.id': bucket.stringValue } }),
      actions: [Action.doNothing()],
    });
    expect(onlyResource(synthJson(stack), 'prefect_automation').trigger.event.match)
      .toBe('${jsonencode({"prefect.resource.id" = var.bucket})}');
  });

  test('an empty expect warns loudly; a matchRelated without a role warns', () => {
    const stack = newStack();
    const a = new Automation(stack, 'A', {
      automationName: 'a',
      trigger: Trigger.event({ matchRelated: { 'prefect.resource.id': 'prefect.flow.x' } }),
      actions: [Action.doNothing()],
    });
    expect(warnings(a)).toEqual([]); // rules PF-COR-012 and PF-COR-013 report at synth
    synthJson(stack);
    expect(warnings(a)).toEqual([
      expect.stringMatching(/^Stack\/A: !!! event trigger has an empty expect, so it matches EVERY event .*only match\/matchRelated narrow it.*; list the events .* \[PF-COR-012\]$/),
      expect.stringMatching(/^Stack\/A: event trigger matchRelated .* has no "prefect.resource.role".*; add "prefect.resource.role" .* \[PF-COR-013\]$/),
    ]);
  });

  test('a full expect raises no warning', () => {
    const stack = newStack();
    const a = new Automation(stack, 'A', { automationName: 'a', trigger: Trigger.event({ expect: ['x'] }), actions: [Action.doNothing()] });
    synthJson(stack);
    expect(warnings(a)).toEqual([]);
  });
});

describe('Trigger.compound', () => {
  const a = Trigger.event({ expect: ['acme.a'] });
  const b = Trigger.event({ expect: ['acme.b'], posture: Posture.PROACTIVE, within: Duration.minutes(1) });

  test.each([
    ['any', CompoundRequire.ANY, 'any'],
    ['all', CompoundRequire.ALL, 'all'],
    ['a count', CompoundRequire.atLeast(2), 2],
  ])('require %s synthesizes natively (not as {})', (_what, require, expected) => {
    expect(triggerJson(Trigger.compound({ require, triggers: [a, b], within: Duration.minutes(5) }))).toEqual({
      compound: {
        require: expected,
        within: 300,
        triggers: [
          { event: { ...reactiveDefaults, expect: ['acme.a'] } },
          { event: { posture: 'Proactive', expect: ['acme.b'], threshold: 1, within: 60 } },
        ],
      },
    });
  });

  test('metric children are allowed and warned as Cloud-only', () => {
    const stack = newStack();
    const auto = new Automation(stack, 'A', {
      automationName: 'a',
      trigger: Trigger.compound({
        require: CompoundRequire.ANY,
        triggers: [a, Trigger.metric({
          metric: MetricName.SUCCESSES, operator: MetricOperator.LESS_THAN, threshold: 0.9, range: Duration.hours(1), firingFor: Duration.minutes(5),
        })],
      }),
      actions: [Action.doNothing()],
    });
    expect(onlyResource(synthJson(stack), 'prefect_automation').trigger.compound.triggers[1]).toEqual({
      metric: { metric: { name: 'successes', operator: '<', threshold: 0.9, range: 3600, firing_for: 300 } },
    });
    expect(warnings(auto)).toEqual([expect.stringContaining('compound trigger 2 (Trigger.metric) is available on Prefect Cloud only')]);
  });
});

describe('Trigger.sequence', () => {
  test('children in order, with a window', () => {
    expect(triggerJson(Trigger.sequence([Trigger.event({ expect: ['acme.start'] }), Trigger.event({ expect: ['acme.end'] })], { within: Duration.hours(2) })))
      .toEqual({
        sequence: {
          within: 7200,
          triggers: [
            { event: { ...reactiveDefaults, expect: ['acme.start'] } },
            { event: { ...reactiveDefaults, expect: ['acme.end'] } },
          ],
        },
      });
  });

  test('no window', () => {
    expect(triggerJson(Trigger.sequence([Trigger.event({ expect: ['acme.start'] })]))).toEqual({
      sequence: { triggers: [{ event: { ...reactiveDefaults, expect: ['acme.start'] } }] },
    });
  });
});

describe('Trigger.metric (Prefect Cloud only)', () => {
  test('synthesizes and warns', () => {
    const stack = newStack();
    const auto = new Automation(stack, 'A', {
      automationName: 'a',
      trigger: Trigger.metric({
        metric: MetricName.LATENESS, operator: MetricOperator.GREATER_THAN_OR_EQUAL, threshold: 600,
        range: Duration.minutes(30), firingFor: Duration.minutes(5),
        match: { 'prefect.resource.id': 'prefect.flow-run.*' },
        matchRelated: { 'prefect.resource.role': 'deployment', 'prefect.resource.id': 'prefect.deployment.x' },
      }),
      actions: [Action.doNothing()],
    });
    expect(onlyResource(synthJson(stack), 'prefect_automation').trigger).toEqual({
      metric: {
        match: '{"prefect.resource.id":"prefect.flow-run.*"}',
        match_related: '{"prefect.resource.id":"prefect.deployment.x","prefect.resource.role":"deployment"}',
        metric: { name: 'lateness', operator: '>=', threshold: 600, range: 1800, firing_for: 300 },
      },
    });
    expect(warnings(auto)).toEqual([expect.stringMatching(/^Stack\/A: the metric trigger \(Trigger.metric\) is available on Prefect Cloud only/)]);
  });
});

test('snapshot of one automation per trigger kind', () => {
  const stack = newStack();
  const kinds: Record<string, Trigger> = {
    Event: Trigger.event({ expect: ['acme.x'], match: { 'prefect.resource.id': 'acme.*' } }),
    Compound: Trigger.compound({ require: CompoundRequire.ALL, triggers: [Trigger.event({ expect: ['a'] }), Trigger.event({ expect: ['b'] })] }),
    Sequence: Trigger.sequence([Trigger.event({ expect: ['a'] }), Trigger.event({ expect: ['b'] })]),
    Metric: Trigger.metric({
      metric: MetricName.DURATION, operator: MetricOperator.GREATER_THAN, threshold: 60, range: Duration.minutes(5), firingFor: Duration.minutes(5),
    }),
  };
  for (const [id, trigger] of Object.entries(kinds)) {
    new Automation(stack, id, { automationName: id.toLowerCase(), trigger, actions: [Action.doNothing()] });
  }
  expect(Testing.synth(stack)).toMatchSnapshot();
});
