import * as fs from 'fs';
import * as path from 'path';
import { appFiles, Language } from '../convert/app';
import { adoptEstate, AdoptOptions, Adoption, OldAutomation, OldSchedule, ReportItem } from './adopt';
import { Estate, EstateReader } from './estate';

/**
 * The file, in the app's directory, that lists the server's copies of what the first apply
 * replaces: schedules, and compound and sequence automations.
 */
export const OLD_SCHEDULES_FILE = 'adopt-old-schedules.json';
/** The report, in the app's directory. */
export const REPORT_FILE = 'adopt-report.md';

/** What `cdktf-prefect adopt` was asked to do. */
export interface AdoptCommand extends AdoptOptions {
  readonly apiUrl: string;
  readonly language: Language;
  readonly outDir: string;
  readonly version: string;
}

/** An adoption that cannot be done as asked (bad filters, a changed server). */
export class AdoptError extends Error {}

/** The app's files for an estate: main file, project files, README, report, old schedules. */
export function adoptionFiles(estate: Estate, command: AdoptCommand): { files: Record<string, string>; adoption: Adoption } {
  const adoption = adoptEstate(estate, command);
  if (adoption.adopted.length === 0) {
    throw new AdoptError(`nothing to adopt at ${command.apiUrl}${filterText(command)}`);
  }
  const report = reportText(adoption);
  const files = appFiles(command.language, {
    stackName: 'AdoptedStack',
    header: [
      `Adopted from ${command.apiUrl} by \`cdktf-prefect adopt\`${filterText(command)}.`,
      `The first \`cdktf deploy\` imports the ${adoption.adopted.length} existing objects (importFrom) instead of creating them;`,
      'remove the importFrom lines after it. What could not be adopted: README.md.',
    ],
    body: adoption.body,
    imports: adoption.imports,
    cdktfImports: adoption.cdktfImports,
    version: command.version,
  });
  files['README.md'] = readme(command, adoption, report);
  files[REPORT_FILE] = report;
  if (replacedCount(adoption) > 0) {
    files[OLD_SCHEDULES_FILE] = `${JSON.stringify({ apiUrl: command.apiUrl, schedules: adoption.oldSchedules, automations: adoption.oldAutomations }, null, 2)}\n`;
  }
  return { files, adoption };
}

/** Reads the estate from the server and returns the app's files. */
export async function adoptFromServer(command: AdoptCommand, apiKey?: string): Promise<{ files: Record<string, string>; adoption: Adoption }> {
  const estate = await new EstateReader(command.apiUrl, apiKey).read();
  return adoptionFiles(estate, command);
}

/** What the command prints after writing the app: counts, the report, and the next steps. */
export function summary(adoption: Adoption, outDir: string, language: Language): string {
  const lines = [`adopting ${adoption.adopted.length} objects through importFrom: ${countByKind(adoption.adopted.map((a) => a.kind))}`];
  const filtered = Object.entries(adoption.filteredOut);
  if (filtered.length > 0) lines.push(`left out by the filters: ${filtered.map(([k, n]) => `${n} ${k}`).join(', ')}`);
  lines.push('', reportText(adoption).trimEnd(), '', 'next:', ...steps(adoption, outDir, language).map((s, i) => `  ${i + 1}. ${s}`));
  return `${lines.join('\n')}\n`;
}

/**
 * Deletes the server's copies of what the app replaces (recorded by adopt in
 * `adopt-old-schedules.json`: schedules, compound and sequence automations), right before the
 * first apply. It refuses, deleting nothing, when a deployment has a schedule adopt did not see
 * (the app would not declare it) or a recorded automation was renamed since.
 */
export async function deleteOldSchedules(
  outDir: string, apiUrl: string | undefined, apiKey: string | undefined, out: NodeJS.WritableStream,
): Promise<number> {
  const file = path.join(outDir, OLD_SCHEDULES_FILE);
  if (!fs.existsSync(file)) throw new AdoptError(`${file}: no such file; it is written by cdktf-prefect adopt --replace-unimportable`);
  const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as { apiUrl: string; schedules: OldSchedule[]; automations?: OldAutomation[] };
  const url = apiUrl ?? recorded.apiUrl;
  const api = new EstateReader(url, apiKey);
  const byDeployment = new Map<string, OldSchedule[]>();
  for (const s of recorded.schedules) byDeployment.set(s.deploymentId, [...(byDeployment.get(s.deploymentId) ?? []), s]);
  const toDelete: Array<{ deployment: OldSchedule; id: string }> = [];
  for (const [deploymentId, schedules] of byDeployment) {
    const current: Array<{ id: string; slug?: string }> = await api.request('GET', `/deployments/${deploymentId}/schedules`);
    const known = new Set(schedules.map((s) => s.scheduleId));
    const unknown = current.filter((s) => !known.has(s.id));
    if (unknown.length > 0) {
      throw new AdoptError(`deployment ${schedules[0].deployment} has schedule(s) adopt did not see (${unknown.map((s) => s.slug ?? s.id).sort().join(', ')}): nothing was deleted; run cdktf-prefect adopt --replace-unimportable again so the app declares them`);
    }
    for (const s of current) toDelete.push({ deployment: schedules[0], id: s.id });
  }
  const automations: OldAutomation[] = [];
  for (const a of recorded.automations ?? []) {
    const found: { name: string } | undefined = await api.find(`/automations/${a.id}`);
    if (found && found.name !== a.name) {
      throw new AdoptError(`automation ${a.id} is now named ${JSON.stringify(found.name)}, not ${JSON.stringify(a.name)} as adopt read it: nothing was deleted; run cdktf-prefect adopt --replace-unimportable again`);
    }
    if (found) automations.push(a);
  }
  for (const { deployment, id } of toDelete) {
    await api.request('DELETE', `/deployments/${deployment.deploymentId}/schedules/${id}`);
    const slug = recorded.schedules.find((s) => s.scheduleId === id)?.slug;
    out.write(`deleted schedule ${slug ?? id} (id ${id}) of deployment ${deployment.deployment}\n`);
  }
  for (const a of automations) {
    await api.request('DELETE', `/automations/${a.id}`);
    out.write(`deleted automation ${a.name} (id ${a.id})\n`);
  }
  const gone = recorded.schedules.length + (recorded.automations ?? []).length - toDelete.length - automations.length;
  out.write(`${toDelete.length} old schedule(s) and ${automations.length} old automation(s) deleted${gone > 0 ? `, ${gone} already gone` : ''}; now run cdktf deploy: it creates the app's copies\n`);
  return 0;
}

/** How many server objects the first apply replaces (schedules and automations). */
function replacedCount(adoption: Adoption): number {
  return adoption.oldSchedules.length + adoption.oldAutomations.length;
}

/** The report: what is not adopted, what is replaced, and notes; nothing left out. */
export function reportText(adoption: Adoption): string {
  const sections: Array<[ReportItem['kind'], string]> = [
    ['not-adopted', 'Not adopted (left on the server as it is, unmanaged)'],
    ['replaced', 'Replaced by the first apply (not importable)'],
    ['note', 'Notes'],
  ];
  const lines: string[] = [];
  for (const [kind, title] of sections) {
    const items = adoption.report.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    lines.push(`${title} (${items.length}):`, ...items.map((i) => `- ${i.subject}: ${i.message}`), '');
  }
  if (lines.length === 0) lines.push('Everything read from the server is adopted.', '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function steps(adoption: Adoption, outDir: string, language: Language): string[] {
  const dir = path.relative(process.cwd(), outDir) || '.';
  const install = language === 'python' ? 'pip install -r requirements.txt' : 'npm install';
  const out = [
    `cd ${dir} && ${install}`,
    ...(adoption.secrets.length > 0 ? [`export ${adoption.secrets.map((s) => `TF_VAR_${s.name}=...`).join(' ')} (the secret block fields; README.md)`] : []),
    `PREFECT_API_URL=<the same server> cdktf diff: expect "${adoption.adopted.length} to import", no "to destroy"; only terraform_data bookkeeping${replacedCount(adoption) > 0 ? ` and the ${replaced(adoption)}` : ''} "to add"`,
  ];
  if (replacedCount(adoption) > 0) {
    out.push(`right before deploying: npx cdktf-prefect adopt --delete-replaced --out ${dir} (deletes the old copies of the ${replaced(adoption)} listed in ${OLD_SCHEDULES_FILE}${adoption.oldSchedules.length > 0 ? '; their future scheduled runs go with them' : ''})`);
  }
  out.push('cdktf deploy; then remove the importFrom lines (they do nothing once the objects are in the state)');
  return out;
}

/** "2 schedule(s)", "1 automation(s)", or both. */
function replaced(adoption: Adoption): string {
  const parts = [[adoption.oldSchedules.length, 'schedule(s)'], [adoption.oldAutomations.length, 'automation(s)']] as const;
  return parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`).join(' and ');
}

function readme(command: AdoptCommand, adoption: Adoption, report: string): string {
  return [
    '# An adopted Prefect estate',
    '',
    `Written by \`cdktf-prefect adopt\` from ${command.apiUrl}${filterText(command)}. The app declares ${adoption.adopted.length} existing`,
    'objects on the library\'s constructs, each with an `importFrom`, so the first `cdktf deploy` takes them into the',
    'Terraform state with their ids instead of creating new ones.',
    '',
    '## Steps',
    '',
    ...steps(adoption, command.outDir, command.language).map((s, i) => `${i + 1}. ${s}`),
    '',
    '## Adopted (import IDs)',
    '',
    ...adoption.adopted.map((a) => `- ${a.kind} \`${a.name}\`: \`${a.importId}\``),
    '',
    '## Secrets',
    '',
    'adopt never reads or writes secret values: blocks are read without them. Each secret field of an adopted block',
    'comes from a sensitive Terraform variable, sent through the block\'s write-only `data_wo` (Terraform 1.11 or later),',
    'so it stays out of cdk.tf.json and the state. Supply each before `cdktf diff`/`deploy` (the first apply writes it):',
    '',
    ...(adoption.secrets.length > 0
      ? adoption.secrets.map((s) => `- \`TF_VAR_${s.name}\`: the \`${s.field}\` of block \`${s.block}\` (the value it has on the server today, or a new one)`)
      : ['- none: no adopted block has secret fields']),
    '',
    'A secret that holds JSON rather than a string: change its `BlockSecretValue.fromVariable` to `fromJsonVariable`.',
    '',
    '## Report',
    '',
    report,
  ].join('\n');
}

function filterText(o: AdoptOptions): string {
  const f = [o.workPool && `--work-pool ${o.workPool}`, o.tag && `--tag ${o.tag}`, o.name && `--name ${o.name}`].filter(Boolean);
  return f.length > 0 ? ` (${f.join(' ')})` : '';
}

function countByKind(kinds: string[]): string {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`).join(', ');
}
