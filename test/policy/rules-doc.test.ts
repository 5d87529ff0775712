import * as fs from 'fs';
import * as path from 'path';
import { AwsRules } from '../../packages/aws/src';
import { AzureRules } from '../../packages/azure/src';
import { PrefectRules } from '../../src/policy';
import { renderRulesDoc } from './rules-doc';

// docs/rules.md is generated from the rules: this test fails when it is stale.
const DOC = path.join(__dirname, '..', '..', 'docs', 'rules.md');

test('docs/rules.md lists every rule with its id, rationale and fix, and is up to date', () => {
  const text = renderRulesDoc([
    {
      heading: 'cdktf-prefect',
      pack: 'PF-TGT-001, PF-COR-001 to 015 and PF-SEC-004 to 006 run by default; the others come with `PrefectRules.security()` and `PrefectRules.operations()` (PF-OPS-003 with `{ requireFailureAutomation: true }`).',
      rules: PrefectRules.all(),
      packs: [
        { call: 'default', pack: PrefectRules.defaults() },
        { call: 'PrefectRules.correctness()', pack: PrefectRules.correctness() },
        { call: 'PrefectRules.security()', pack: PrefectRules.security() },
        { call: 'PrefectRules.operations()', pack: PrefectRules.operations({ requireFailureAutomation: true }) },
      ],
    },
    {
      heading: 'cdktf-prefect-aws',
      pack: '`AwsRules.security()` and `AwsRules.correctness()` from cdktf-prefect-aws; S3BucketSensor runs the correctness pack on itself.',
      rules: AwsRules.all() as any,
      packs: [
        { call: 'default (S3BucketSensor)', pack: AwsRules.correctness() as any },
        { call: 'AwsRules.correctness()', pack: AwsRules.correctness() as any },
        { call: 'AwsRules.security()', pack: AwsRules.security() as any },
      ],
    },
    {
      heading: 'cdktf-prefect-azure',
      pack: '`AzureRules.correctness()` from cdktf-prefect-azure; AciWorker runs it on itself.',
      rules: AzureRules.all() as any,
      packs: [
        { call: 'default (AciWorker)', pack: AzureRules.correctness() as any },
        { call: 'AzureRules.correctness()', pack: AzureRules.correctness() as any },
      ],
    },
  ]);
  if (process.env.UPDATE_RULES_DOC) fs.writeFileSync(DOC, text);
  const current = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
  expect(current).toBe(text);
  for (const r of [...PrefectRules.all(), ...AwsRules.all(), ...AzureRules.all()]) {
    expect(current).toContain(`### ${r.ruleId}`);
    expect(current).toContain(r.rationale);
    expect(current).toContain(r.fix);
  }
});
