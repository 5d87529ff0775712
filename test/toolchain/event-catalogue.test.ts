import * as fs from 'fs';
import * as path from 'path';
import { CATALOGUE_PREFECT_VERSION, PREFECT_EVENT_PATTERNS, RUN_STATE_NAMES } from '../../src/automations/private/event-catalogue';
import { checkEventName } from '../../src/automations/private/event-names';
import { describeUnless } from '../support/skip';

// Greps the Prefect installed in the toolchain's virtualenv for every event it emits and checks
// that the library's catalogue (src/automations/private/event-catalogue.ts) knows each one, so a
// Prefect upgrade cannot leave triggers on its new events refused, or its renamed ones accepted.
const ROOT = path.resolve(__dirname, '..', '..');
const TOOLCHAIN = process.env.CDKTF_PREFECT_TOOLCHAIN ?? path.join(ROOT, '.toolchain');

function sitePackages(): string | undefined {
  const lib = path.join(TOOLCHAIN, 'venv', 'lib');
  if (!fs.existsSync(lib)) return undefined;
  const python = fs.readdirSync(lib).find((d) => d.startsWith('python') && fs.existsSync(path.join(lib, d, 'site-packages', 'prefect')));
  return python && path.join(lib, python, 'site-packages');
}

const SITE = sitePackages();
const PREFECT = SITE && path.join(SITE, 'prefect');

function pythonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'ui' || e.name === 'testing' || e.name === '__pycache__' ? [] : pythonFiles(p);
    return e.name.endsWith('.py') ? [p] : [];
  });
}

const read = (rel: string) => fs.readFileSync(path.join(PREFECT!, rel), 'utf8');

/** The member names of `class <name>(AutoEnum)` (or Enum) in a file. */
function enumMembers(rel: string, name: string): { names: string[]; values: string[] } {
  const text = read(rel);
  const start = text.indexOf(`class ${name}(`);
  if (start < 0) throw new Error(`class ${name} not found in ${rel}: Prefect changed; re-read its events`);
  const body = text.slice(start).split('\n').slice(1);
  const names: string[] = [];
  const values: string[] = [];
  for (const line of body) {
    if (/^\S/.test(line)) break;
    const m = line.match(/^ {4}([A-Z_][A-Z0-9_a-z]*)\s*=\s*(.*)$/);
    if (m) {
      names.push(m[1]);
      const quoted = m[2].match(/^"([^"]*)"/);
      values.push(quoted ? quoted[1] : m[1]);
    }
  }
  return { names, values };
}

/** Every state name Prefect gives runs. */
function stateNames(): string[] {
  const defaults = enumMembers('client/schemas/objects.py', 'StateType').names
    .map((n) => n.split('_').map((w) => w[0] + w.slice(1).toLowerCase()).join(' '));
  const named = new Set<string>();
  const files = ['states.py', 'server/schemas/states.py', 'flow_engine.py', 'task_engine.py']
    .concat(pythonFiles(path.join(PREFECT!, 'server', 'orchestration')).map((f) => path.relative(PREFECT!, f)))
    .concat(pythonFiles(path.join(PREFECT!, 'server', 'api')).map((f) => path.relative(PREFECT!, f)));
  for (const rel of files) {
    for (const m of read(rel).matchAll(/(?:\bname\s*=\s*|\.name\s*=\s*)"([A-Z][A-Za-z]+)"/g)) named.add(m[1]);
  }
  named.delete('Marvin'); // a parameter value in a docstring example of task_engine.py
  return [...defaults, ...named];
}

const kebab = (n: string) => n.toLowerCase().replace(/_/g, '-');

/** The names an f-string event template of Prefect's stands for; undefined for an unknown one. */
function expand(template: string, file: string): string[] | undefined {
  const statuses = (cls: string) => enumMembers('server/schemas/statuses.py', cls).names.map(kebab);
  switch (template) {
    case 'prefect.flow-run.{validated_state.name}': return stateNames().map((s) => `prefect.flow-run.${s}`);
    case 'prefect.task-run.{validated_state.name}': return stateNames().map((s) => `prefect.task-run.${s}`);
    case 'prefect.deployment.{status.in_kebab_case()}': return statuses('DeploymentStatus').map((s) => `prefect.deployment.${s}`);
    case 'prefect.work-queue.{work_queue.status.in_kebab_case()}': return statuses('WorkQueueStatus').map((s) => `prefect.work-queue.${s}`);
    case 'prefect.work-pool.{work_pool.status.in_kebab_case()}': return statuses('WorkPoolStatus').map((s) => `prefect.work-pool.${s}`);
    case 'prefect.automation.{trigger_state.value.lower()}':
      return enumMembers('server/events/schemas/automations.py', 'TriggerState').values.map((v) => `prefect.automation.${v.toLowerCase()}`);
    case 'prefect.{kind}.{action}': {
      const text = read(file);
      const kinds = [...new Set([...text.matchAll(/\bkind="([a-z-]+)"/g)].map((m) => m[1]))];
      const actions = [...new Set([...text.matchAll(/_event\("([a-z]+)"/g)].map((m) => m[1]))];
      return kinds.flatMap((k) => actions.map((a) => `prefect.${k}.${a}`));
    }
    case 'prefect.concurrency-limit.{phase}':
    case 'prefect.concurrency-limit.v1.{phase}': {
      const phases = [...new Set([...read(file).matchAll(/Literal\["([a-z]+)"\]/g)].map((m) => m[1]))];
      return phases.map((p) => template.replace('{phase}', p));
    }
    case 'prefect.asset.materialization.{event_status}':
      return [...new Set([...read(file).matchAll(/event_status = "([a-z]+)"/g)].map((m) => m[1]))].map((s) => template.replace('{event_status}', s));
    default: return undefined;
  }
}

interface Emitted {
  readonly name: string;
  readonly where: string;
}

/** Every event name Prefect's source emits, with f-string templates expanded. */
function emitted(): { names: Emitted[]; unknownTemplates: string[] } {
  const names: Emitted[] = [];
  const unknownTemplates: string[] = [];
  for (const file of pythonFiles(PREFECT!)) {
    const rel = path.relative(PREFECT!, file);
    const text = fs.readFileSync(file, 'utf8');
    const sites = [
      ...text.matchAll(/\bevent\s*=\s*(f?)"(prefect\.[^"]*)"/g),
      ...text.matchAll(/\bemit_event\(\s*(f?)"(prefect\.[^"]*)"/g),
    ];
    for (const m of sites) {
      const where = `prefect/${rel}`;
      if (m[1] !== 'f' || !m[2].includes('{')) {
        names.push({ name: m[2], where });
        continue;
      }
      const expanded = expand(m[2], rel);
      if (expanded === undefined) unknownTemplates.push(`${where}: f"${m[2]}"`);
      else names.push(...expanded.map((name) => ({ name, where })));
    }
    // blocks: `f"{kind}.loaded"` where `_event_kind()` is `prefect.block.<slug>`
    if (/f"\{kind\}\.loaded"/.test(text)) names.push({ name: 'prefect.block.s3-bucket.loaded', where: `prefect/${rel}` });
  }
  return { names, unknownTemplates };
}

describeUnless(PREFECT ? undefined : `no Prefect in ${TOOLCHAIN}/venv; run scripts/build.sh`)('the event catalogue against the installed Prefect', () => {
  const found = PREFECT ? emitted() : { names: [], unknownTemplates: [] };

  test('it was read from the Prefect version the toolchain installs', () => {
    const dist = fs.readdirSync(SITE!).find((d) => /^prefect-\d.*\.dist-info$/.test(d));
    const version = dist?.match(/^prefect-(.*)\.dist-info$/)?.[1];
    // after an upgrade: let the other tests here pass, then set CATALOGUE_PREFECT_VERSION
    expect(version).toBe(CATALOGUE_PREFECT_VERSION);
  });

  test('the grep finds Prefect\'s event emission sites', () => {
    expect(found.names.length).toBeGreaterThan(60);
    expect(found.names.map((n) => n.name)).toEqual(expect.arrayContaining(['prefect.flow-run.Failed', 'prefect.worker.submitted-flow-run', 'prefect.work-pool.not-ready']));
  });

  test('every templated event name is understood', () => {
    // a new f-string: add what its placeholder takes to expand() above and to the catalogue
    expect(found.unknownTemplates).toEqual([]);
  });

  test('every event Prefect emits is in the catalogue, case included', () => {
    const missing = found.names.filter((n) => {
      const check = checkEventName(n.name);
      return check.error !== undefined || check.warning !== undefined;
    }).map((n) => `${n.name} (${n.where})`);
    expect([...new Set(missing)]).toEqual([]);
  });

  test('every state name is in the catalogue, and the catalogue invents none', () => {
    expect([...stateNames()].sort()).toEqual([...RUN_STATE_NAMES].sort());
  });

  test('the catalogue invents no event', () => {
    const emittedNames = new Set(found.names.map((n) => n.name));
    const notEmitted = PREFECT_EVENT_PATTERNS
      .filter((p) => !p.includes('{'))
      // logs become events on the server's messaging (server/events/triggers.py skips them by name)
      .filter((p) => p !== 'prefect.log.write')
      .filter((p) => !emittedNames.has(p));
    expect(notEmitted).toEqual([]);
  });
});
