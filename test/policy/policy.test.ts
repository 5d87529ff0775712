import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { Variable as VariableL1 } from '../../src/.gen/providers/prefect/variable';
import { Webhook, WebhookTemplate } from '../../src/automations';
import { PrefectRules, PrefectTarget, Rule, RulePack, RuleSeverity, Suppressions } from '../../src/policy';
import { Variable, VariableValue } from '../../src/variables';
import { synthError, synthJson } from '../support/synth';
import { annotations, findingsOf } from './support';

function appAndStack(outdir?: string): { app: App; stack: TerraformStack } {
  const app = outdir ? new App({ outdir }) : Testing.app();
  const stack = new TerraformStack(app, 'Stack');
  new PrefectProvider(stack, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
  return { app, stack };
}

function webhook(scope: Construct, id = 'W'): Webhook {
  return new Webhook(scope, id, { webhookName: 'w', template: WebhookTemplate.cloudEvent() });
}

/** A rule that flags every construct whose id is "Bad". */
const BAD_ID = new Rule({
  ruleId: 'TEST-BAD-001', title: 'bad id', severity: RuleSeverity.WARNING, rationale: 'r', fix: 'rename it',
  check: { check: (c) => (c.node.id === 'Bad' ? [{ message: `construct ${c.node.path} is bad` }] : []) },
});

describe('rule packs as aspects', () => {
  test('a pack added to the App runs on Testing.synth (cdktf itself never invokes App aspects)', () => {
    const { app, stack } = appAndStack();
    Aspects.of(app).add(new RulePack({ packName: 'test', rules: [BAD_ID] }));
    new Variable(stack, 'Bad', { variableName: 'x', value: VariableValue.fromNumber(1) });
    synthJson(stack);
    expect(findingsOf(stack, 'TEST-BAD-001')).toEqual(['warning Stack/Bad: construct Stack/Bad is bad; rename it [TEST-BAD-001]']);
  });

  test('a pack added to the App runs on app.synth(), once per construct even if also added to the stack', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
    const { app, stack } = appAndStack(outdir);
    const pack = new RulePack({ packName: 'test', rules: [BAD_ID] });
    Aspects.of(app).add(pack);
    Aspects.of(stack).add(new RulePack({ packName: 'again', rules: [BAD_ID] }));
    new Variable(stack, 'Bad', { variableName: 'x', value: VariableValue.fromNumber(1) });
    app.synth();
    expect(findingsOf(stack, 'TEST-BAD-001')).toHaveLength(1);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'Stack', 'policy-report.json'), 'utf8'));
    expect(report.summary).toEqual({ errors: 0, warnings: 1, suppressed: 0 });
    expect(report.findings).toEqual([{ ruleId: 'TEST-BAD-001', severity: 'warning', path: 'Stack/Bad', message: 'construct Stack/Bad is bad', fix: expect.any(String) }]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('a pack on a subtree checks only that subtree, and works on a stack without Prefect constructs', () => {
    const { stack } = appAndStack();
    const team = new Construct(stack, 'Team');
    new Construct(team, 'Bad');
    new Construct(stack, 'Other').node.id;
    const outside = new Construct(new Construct(stack, 'Elsewhere'), 'Bad');
    Aspects.of(team).add(new RulePack({ packName: 'test', rules: [BAD_ID] }));
    synthJson(stack);
    expect(findingsOf(stack, 'TEST-BAD-001')).toEqual(['warning Stack/Team/Bad: construct Stack/Team/Bad is bad; rename it [TEST-BAD-001]']);
    expect(findingsOf(outside, 'TEST-BAD-001')).toEqual([]);
  });

  test('a pack on a stack of bare L1 resources runs, and cdktf does not warn about an aspect added by an aspect', () => {
    const { stack } = appAndStack();
    Aspects.of(stack).add(new RulePack({ packName: 'test', rules: [BAD_ID] }));
    new VariableL1(stack, 'Bad', { name: 'x', value: 1 as any });
    synthJson(stack);
    expect(annotations(stack)).toEqual(['warning Stack/Bad: construct Stack/Bad is bad; rename it [TEST-BAD-001]']);
  });

  test('the stack keeps its own custom synthesis free', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
    const { app, stack } = appAndStack(outdir);
    let called = 0;
    addCustomSynthesis(stack, { onSynthesize: () => { called++; } });
    new Variable(stack, 'Bad', { variableName: 'x', value: VariableValue.fromNumber(1) });
    app.synth();
    expect(called).toBe(1);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'Stack', 'policy-report.json'))).toBe(true);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('synthesizing twice adds no second finding', () => {
    const { app, stack } = appAndStack();
    Aspects.of(app).add(new RulePack({ packName: 'test', rules: [BAD_ID] }));
    new Variable(stack, 'Bad', { variableName: 'x', value: VariableValue.fromNumber(1) });
    synthJson(stack);
    synthJson(stack);
    expect(findingsOf(stack, 'TEST-BAD-001')).toHaveLength(1);
  });

  test('an error finding fails app.synth()', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
    const { app, stack } = appAndStack(outdir);
    Aspects.of(app).add(PrefectTarget.selfHosted());
    webhook(stack);
    expect(() => app.synth()).toThrow(/a webhook \(prefect_webhook\) is available on Prefect Cloud only.*\[PF-TGT-001\]/);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('rule ids and packs are checked', () => {
    expect(() => new Rule({ ...BAD_ID, ruleId: 'pf-1', check: { check: () => [] } })).toThrow(/invalid rule id "pf-1"/);
    expect(() => new RulePack({ packName: 'p', rules: [BAD_ID, BAD_ID] })).toThrow(/holds rule TEST-BAD-001 twice/);
  });
});

describe('PrefectTarget and Cloud-only features (PF-TGT-001)', () => {
  test('no target: one warning, not two', () => {
    const { stack } = appAndStack();
    webhook(stack);
    synthJson(stack);
    expect(annotations(stack)).toEqual([expect.stringMatching(/^warning Stack\/W: a webhook \(prefect_webhook\) is available on Prefect Cloud only: .*\[PF-TGT-001\]$/)]);
  });

  test('self-hosted: an error', () => {
    const { app, stack } = appAndStack();
    Aspects.of(app).add(PrefectTarget.selfHosted());
    webhook(stack);
    synthJson(stack);
    expect(annotations(stack)).toEqual([expect.stringMatching(/^error Stack\/W: a webhook .* this scope targets a self-hosted server; .*\[PF-TGT-001\]$/)]);
  });

  test('Cloud: silent; the nearest declaration wins', () => {
    const { app, stack } = appAndStack();
    Aspects.of(app).add(PrefectTarget.selfHosted());
    const cloudPart = new Construct(stack, 'CloudPart');
    Aspects.of(cloudPart).add(PrefectTarget.cloud());
    webhook(cloudPart);
    synthJson(stack);
    expect(annotations(stack)).toEqual([]);
    expect(PrefectTarget.nameOf(cloudPart)).toBe('cloud');
    expect(PrefectTarget.nameOf(stack)).toBe('self-hosted');
  });

  test('a suppression silences it, with its reason in the report', () => {
    const { stack } = appAndStack();
    const w = webhook(stack);
    Suppressions.of(w).add('PF-TGT-001', 'this stack is applied to Prefect Cloud by another pipeline');
    synthJson(stack);
    expect(annotations(stack)).toEqual([]);
  });
});

describe('Suppressions', () => {
  test('apply to the construct and below, are listed in the summary and the report', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
    const { app, stack } = appAndStack(outdir);
    Aspects.of(app).add(new RulePack({ packName: 'test', rules: [BAD_ID] }));
    const team = new Construct(stack, 'Team');
    new Variable(team, 'Bad', { variableName: 'x', value: VariableValue.fromNumber(1) });
    new Variable(stack, 'Bad', { variableName: 'y', value: VariableValue.fromNumber(1) });
    Suppressions.of(team).add('TEST-BAD-001', 'legacy name, kept for the dashboards');
    app.synth();
    expect(findingsOf(stack, 'TEST-BAD-001')).toEqual(['warning Stack/Bad: construct Stack/Bad is bad; rename it [TEST-BAD-001]']);
    expect(Suppressions.of(team.node.findChild('Bad')).reasonFor('TEST-BAD-001')).toBe('legacy name, kept for the dashboards');
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'Stack', 'policy-report.json'), 'utf8'));
    expect(report.suppressions).toEqual([{ ruleId: 'TEST-BAD-001', path: 'Stack/Team/Bad', reason: 'legacy name, kept for the dashboards', suppressedAt: 'Stack/Team' }]);
    expect(report.summary).toEqual({ errors: 0, warnings: 1, suppressed: 1 });
    const info = stack.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => m.data);
    expect(info).toEqual(['policy: 0 error(s), 1 warning(s), 1 suppressed (TEST-BAD-001); details in policy-report.json']);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test.each([
    ['', 'empty reason', /suppression of PF-SEC-001 has no reason/],
    ['   ', 'blank reason', /suppression of PF-SEC-001 has no reason/],
  ])('a suppression needs a reason (%j: %s)', (reason, _what, error) => {
    expect(synthError((s) => Suppressions.of(s).add('PF-SEC-001', reason))).toMatch(error);
  });

  test.each(['', 'pf-sec-001', 'PF', 'PF SEC 001'])('a suppression names a rule id (%j)', (id) => {
    expect(synthError((s) => Suppressions.of(s).add(id, 'because'))).toMatch(/^Stack: invalid rule id .*name a rule by its id/);
  });
});

describe('PrefectRules', () => {
  test('the packs hold their rules; all() lists every rule once', () => {
    expect(PrefectRules.security().rules.map((r) => r.ruleId)).toEqual(['PF-SEC-001', 'PF-SEC-002', 'PF-SEC-003', 'PF-SEC-004', 'PF-SEC-005', 'PF-SEC-006']);
    expect(PrefectRules.correctness().rules.map((r) => r.ruleId)).toEqual(Array.from({ length: 15 }, (_, i) => `PF-COR-${String(i + 1).padStart(3, '0')}`));
    expect(PrefectRules.defaults().rules.map((r) => r.ruleId)).toEqual(['PF-TGT-001', ...PrefectRules.correctness().rules.map((r) => r.ruleId), 'PF-SEC-004', 'PF-SEC-005', 'PF-SEC-006']);
    expect(PrefectRules.operations().rules.map((r) => r.ruleId)).toEqual(['PF-OPS-001', 'PF-OPS-002']);
    expect(PrefectRules.operations({ requireFailureAutomation: true }).rules.map((r) => r.ruleId)).toEqual(['PF-OPS-001', 'PF-OPS-002', 'PF-OPS-003']);
    const ids = PrefectRules.all().map((r) => r.ruleId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
