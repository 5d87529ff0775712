import { Rule, RulePack } from '../../src/policy';

/** A pack as users add it: the call that makes it, and the pack. */
export interface DocPack { readonly call: string; readonly pack: RulePack }

/** docs/rules.md, rendered from the rules themselves (id, severity, pack, rationale, fix). */
export function renderRulesDoc(sections: { heading: string; pack: string; rules: Rule[]; packs: DocPack[] }[]): string {
  const lines = [
    '# Policy rules',
    '',
    '<!-- Generated from the rules by test/policy/rules-doc.test.ts: do not edit by hand.',
    '     Regenerate with `UPDATE_RULES_DOC=1 npx jest test/policy/rules-doc.test.ts`. -->',
    '',
    'Rule packs are Aspects: `Aspects.of(app).add(PrefectRules.security())`. Findings are error or',
    'warning annotations that read `<problem>; <fix> [<rule id>]`; `Suppressions.of(construct).add(ruleId, reason)`',
    'silences one for a construct and everything below it. Each stack\'s `policy-report.json` (next to',
    '`cdk.tf.json`) lists the findings and the suppressions with their reasons. Declare the target',
    'with `Aspects.of(app).add(PrefectTarget.cloud())` or `PrefectTarget.selfHosted()`.',
    '',
    'A pack added to the App runs for every stack that holds a cdktf-prefect construct (cdktf itself',
    'never invokes the App\'s aspects; our constructs install a runner on their stack). For a stack of',
    'bare L1 resources only, add the pack to the stack.',
    '',
    'Some rules run with no pack added ("default" below): `PrefectRules.defaults()` (PF-TGT-001, the',
    'correctness pack and the block secret checks) for every stack that holds a cdktf-prefect construct,',
    'and each cloud package\'s correctness pack for its own constructs (S3BucketSensor, AciWorker).',
    'Adding a pack that holds one of them as well reports nothing twice: each rule runs once per construct.',
    'No construct of the library annotates a warning itself: every warning is a finding of one of these',
    'rules, and can be suppressed.',
    '',
    '## Workspaces (Prefect Cloud)',
    '',
    '`Workspaces.of(scope).use(workspaceId)` gives a Cloud workspace for a stack or any subtree: every',
    'Prefect resource and data source below it whose provider schema has `workspace_id` gets it at synth;',
    'a workspace given closer to a resource, or `workspace_id` on an L1 resource itself, wins. Synth',
    'refuses a workspace under `PrefectTarget.selfHosted()`. Checked with `terraform validate` through the',
    'real provider only: no Prefect Cloud is reachable from the test machine.',
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.heading}`, '', section.pack, '');
    const packsOf = (r: Rule) => section.packs.filter((p) => p.pack.rules.some((x) => x.ruleId === r.ruleId)).map((p) => (p.call.startsWith('default') ? p.call : `\`${p.call}\``)).join(', ');
    lines.push('| id | title | severity | runs with |', '|---|---|---|---|');
    for (const r of section.rules) lines.push(`| [${r.ruleId}](#${r.ruleId.toLowerCase()}) | ${r.title} | ${r.severity.name} | ${packsOf(r)} |`);
    lines.push('');
    for (const r of section.rules) {
      lines.push(`### ${r.ruleId}`, '', `**${r.title}** (${r.severity.name}; runs with ${packsOf(r)})`, '', `Why: ${r.rationale}`, '', `Fix: ${r.fix}`, '');
    }
  }
  return lines.join('\n');
}
