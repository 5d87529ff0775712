import * as fs from 'fs';
import * as path from 'path';
import { AwsRules } from '../../packages/aws/src';
import { PrefectRules } from '../../src/policy';
import { renderRulesDoc } from './rules-doc';

// docs/rules.md is generated from the rules: this test fails when it is stale.
const DOC = path.join(__dirname, '..', '..', 'docs', 'rules.md');

test('docs/rules.md lists every rule with its id, rationale and fix, and is up to date', () => {
  const text = renderRulesDoc([
    { heading: 'cdktf-prefect', pack: 'PF-TGT-001 always runs; the others come with `PrefectRules.security()`, `PrefectRules.operations()` and `PrefectRules.operations({ requireFailureAutomation: true })` (PF-OPS-003).', rules: PrefectRules.all() },
    { heading: 'cdktf-prefect-aws', pack: '`AwsRules.security()` from cdktf-prefect-aws.', rules: AwsRules.all() as any },
  ]);
  if (process.env.UPDATE_RULES_DOC) fs.writeFileSync(DOC, text);
  const current = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
  expect(current).toBe(text);
  for (const r of [...PrefectRules.all(), ...AwsRules.all()]) {
    expect(current).toContain(`### ${r.ruleId}`);
    expect(current).toContain(r.rationale);
    expect(current).toContain(r.fix);
  }
});
