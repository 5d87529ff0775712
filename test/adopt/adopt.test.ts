import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { adoptEstate, glob } from '../../src/cli/adopt/adopt';
import { adoptionFiles, AdoptCommand, OLD_SCHEDULES_FILE, REPORT_FILE } from '../../src/cli/adopt/command';
import { Estate } from '../../src/cli/adopt/estate';
import { main } from '../../src/cli/main';

// `cdktf-prefect adopt` on an estate recorded from a real Prefect 3.8.8 server (test/adopt/estate,
// deployed with prefect deploy; a variable, a concurrency limit, a custom pool, an automation and
// a secret block added through the REST API and the SDK).
const ESTATE: Estate = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'estate.json'), 'utf8'));
const COMMAND: AdoptCommand = { apiUrl: 'http://127.0.0.1:4200/api', language: 'typescript', outDir: path.resolve('adopted'), version: '0.0.0' };

describe('adopt: the app for a recorded estate', () => {
  test.each(['typescript', 'python'] as const)('the %s app, with --replace-unimportable', (language) => {
    const { files } = adoptionFiles(ESTATE, { ...COMMAND, language, replaceSchedules: true });
    const mainFile = files[language === 'python' ? 'main.py' : 'main.ts'];
    expect(mainFile).toMatchSnapshot();
    expect(files['README.md']).toMatchSnapshot();
  });

  test('every adoptable object gets an importFrom with the provider\'s import ID format', () => {
    const adoption = adoptEstate(ESTATE, { replaceSchedules: true });
    const ids = Object.fromEntries(adoption.adopted.map((a) => [`${a.kind} ${a.name}`, a.importId]));
    const byName = (list: any[], name: string) => list.find((x) => x.name === name).id;
    expect(ids).toEqual({
      'work pool adopt-custom': 'adopt-custom',
      'work pool adopt-process': 'adopt-process',
      'work queue adopt-process/adopt-critical': 'adopt-process,adopt-critical',
      'global concurrency limit adopt-warehouse': byName(ESTATE.globalConcurrencyLimits, 'adopt-warehouse'),
      'variable adopt_settings': byName(ESTATE.variables, 'adopt_settings'),
      'flow adopt-etl': byName(ESTATE.flows, 'adopt-etl'),
      'deployment adopt-etl/adopt-nightly': byName(ESTATE.deployments, 'adopt-nightly'),
      'block secret/adopt-db-password': ESTATE.blocks[0].id,
      'automation adopt-on-failure': ESTATE.automations[0].id,
    });
    const { files } = adoptionFiles(ESTATE, { ...COMMAND, replaceSchedules: true });
    for (const id of Object.values(ids)) expect(files['main.ts']).toContain(`.resource.importFrom('${id}');`);
  });

  test('the report lists what is not adopted, with reasons; nothing is dropped', () => {
    const report = adoptEstate(ESTATE).report.map((i) => `${i.kind} ${i.subject}: ${i.message}`);
    expect(report).toEqual(expect.arrayContaining([
      expect.stringMatching(/^note block secret\/adopt-db-password: its secret field\(s\) value come from sensitive Terraform variables \(TF_VAR_adopt_db_password_value\)/),
      expect.stringMatching(/^not-adopted deployment adopt-etl\/adopt-nightly: schedule hourly .*cannot import schedules; it stays on the server/),
      expect.stringMatching(/^not-adopted deployment adopt-etl\/adopt-nightly: schedule nightly /),
      expect.stringMatching(/^note work pool adopt-custom: the provider does not read a pool's base job template on import/),
    ]));
    expect(report.filter((r) => r.startsWith('replaced'))).toEqual([]);
  });

  test('without --replace-unimportable the app declares no schedule and lists none to delete', () => {
    const { files, adoption } = adoptionFiles(ESTATE, COMMAND);
    expect(files['main.ts']).not.toContain('addSchedule');
    expect(files[OLD_SCHEDULES_FILE]).toBeUndefined();
    expect(adoption.oldSchedules).toEqual([]);
  });

  test('with --replace-unimportable the old schedules are recorded for deletion, and reported as replaced', () => {
    const { files, adoption } = adoptionFiles(ESTATE, { ...COMMAND, replaceSchedules: true });
    const deployment = ESTATE.deployments[0];
    const recorded = JSON.parse(files[OLD_SCHEDULES_FILE]);
    expect(recorded.schedules.map((s: any) => [s.deploymentId, s.scheduleId]).sort())
      .toEqual(deployment.schedules.map((s: any) => [deployment.id, s.id]).sort());
    expect(adoption.report.filter((i) => i.kind === 'replaced').map((i) => i.message))
      .toEqual(expect.arrayContaining(deployment.schedules.map((s: any) => expect.stringContaining(`(id ${s.id}) is deleted right before the first apply`))));
    expect(files[REPORT_FILE]).toContain('Replaced by the first apply (not importable) (2):');
  });

  test('secret block fields come from sensitive Terraform variables, listed in the README; values are never written', () => {
    const { files, adoption } = adoptionFiles(ESTATE, { ...COMMAND, replaceSchedules: true });
    expect(adoption.secrets).toEqual([{ name: 'adopt_db_password_value', block: 'secret/adopt-db-password', field: 'value' }]);
    expect(files['main.ts']).toContain("new TerraformVariable(this, 'adopt_db_password_value', {");
    expect(files['main.ts']).toContain('secretData: { value: BlockSecretValue.fromVariable(adoptDbPasswordValue) },');
    expect(files['main.ts']).toMatch(/^import \{ App, TerraformStack, TerraformVariable \} from 'cdktf';$/m);
    expect(files['README.md']).toContain('- `TF_VAR_adopt_db_password_value`: the `value` of block `secret/adopt-db-password`');
    // the API masks secret values ("********") and adopt never asks for them
    for (const content of Object.values(files)) {
      expect(content).not.toContain('s3cr3t-value');
      expect(content).not.toContain('********');
    }
  });

  test('the Python app is valid Python', () => {
    const { files } = adoptionFiles(ESTATE, { ...COMMAND, language: 'python', replaceSchedules: true });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-py-')), 'main.py');
    fs.writeFileSync(file, files['main.py']);
    execFileSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', file]);
  });
});

describe('adopt: what the server has that the app cannot express is reported', () => {
  /** The recorded estate with its one deployment (and pool queues) changed. */
  const variant = (deployment: Record<string, any>, extra: Partial<Estate> = {}): Estate => ({
    ...ESTATE, deployments: [{ ...ESTATE.deployments[0], ...deployment }], ...extra,
  });
  const report = (estate: Estate) => adoptEstate(estate, { replaceSchedules: true }).report.map((i) => `${i.kind} ${i.subject}: ${i.message}`);

  test('a deployment\'s own concurrency limit (Prefect keeps it as the global limit deployment:<id>) becomes concurrencyLimit', () => {
    const d = ESTATE.deployments[0];
    const owned = { id: 'd0c60fc3-4170-4d99-85c6-d1e43359cc20', name: `deployment:${d.id}`, limit: 2, active: true };
    const estate = variant({ concurrency_limit: null, global_concurrency_limit: owned, concurrency_options: { collision_strategy: 'CANCEL_NEW', grace_period_seconds: null } },
      { globalConcurrencyLimits: [...ESTATE.globalConcurrencyLimits, owned] });
    const { files, adoption } = adoptionFiles(estate, COMMAND);
    expect(files['main.ts']).toContain('      concurrencyLimit: 2,\n      collisionStrategy: CollisionStrategy.CANCEL_NEW,\n');
    expect(adoption.adopted.filter((a) => a.kind === 'global concurrency limit').map((a) => a.name)).toEqual(['adopt-warehouse']);
  });

  test('pull steps without a PullStep factory, unknown fields, Prefect 2 infrastructure, day_or false', () => {
    const d = ESTATE.deployments[0];
    const items = report(variant({
      pull_steps: [...d.pull_steps, { 'prefect.deployments.steps.git_clone': { repository: 'https://example.com/r.git' } }],
      infrastructure_document_id: '5d77fada-2798-4ff8-8055-53f6c901ecea',
      sla_policies: ['x'],
      schedules: [{ ...d.schedules[0], schedule: { cron: '0 1 * * *', timezone: 'UTC', day_or: false } }],
    }));
    expect(items).toEqual(expect.arrayContaining([
      expect.stringMatching(/^not-adopted deployment adopt-etl\/adopt-nightly: pull step .*git_clone.*add it by hand/),
      expect.stringMatching(/^not-adopted deployment adopt-etl\/adopt-nightly: infrastructure_document_id: a Prefect 2 infrastructure block/),
      expect.stringMatching(/^not-adopted deployment adopt-etl\/adopt-nightly: field sla_policies \["x"\]: adopt does not know it/),
      expect.stringMatching(/^not-adopted deployment adopt-etl\/adopt-nightly: schedule .* not expressible .* not deleted/),
    ]));
  });

  test('automations: event, compound and sequence triggers and their actions are written, with references to adopted objects; the rest is reported', () => {
    const a = ESTATE.automations[0];
    const deployment = ESTATE.deployments[0];
    const pool = ESTATE.workPools.find((p: any) => p.name === 'adopt-process')!;
    const event = (name: string) => ({ type: 'event', expect: [`prefect.flow-run.${name}`], match: {}, match_related: {}, after: [], for_each: [], posture: 'Reactive', threshold: 1, within: 0 });
    const estate = {
      ...ESTATE,
      automations: [
        { ...a, trigger: { ...a.trigger, posture: 'Proactive', threshold: 2, within: 60, match: { 'prefect.resource.id': 'prefect.flow-run.*' } }, actions: [{ type: 'pause-deployment', source: 'inferred', deployment_id: null }] },
        {
          ...a, id: 'c1', name: 'adopt-compound', trigger: { type: 'compound', triggers: [event('Failed'), event('Crashed')], require: 'any', within: 300 },
          actions: [{ type: 'run-deployment', source: 'selected', deployment_id: deployment.id, parameters: { full: true }, job_variables: null }],
          actions_on_trigger: [{ type: 'pause-work-pool', source: 'selected', work_pool_id: pool.id }],
        },
        {
          ...a, id: 'c2', name: 'adopt-sequence', trigger: { type: 'sequence', triggers: [event('Running'), { type: 'compound', triggers: [event('Failed')], require: 1, within: 0 }], within: 0 },
          actions: [{ type: 'change-flow-run-state', state: 'CANCELLED', name: 'Cancelled', message: 'stopped by adopt-sequence' }],
        },
        { ...a, id: 'c3', name: 'adopt-run', actions: [{ type: 'run-deployment', source: 'selected', deployment_id: 'x', parameters: null, job_variables: null }] },
        { ...a, id: 'c4', name: 'adopt-metric', trigger: { type: 'metric', metric: { name: 'lateness', threshold: 60, operator: '>', range: 300, firing_for: 60 } } },
        { ...a, id: 'c5', name: 'adopt-custom-state', actions: [{ type: 'change-flow-run-state', state: 'FAILED', name: 'Quarantined', message: null }] },
      ],
    };
    const { files, adoption } = adoptionFiles(estate, { ...COMMAND, replaceSchedules: true });
    const ts = files['main.ts'];
    expect(ts).toContain([
      "    const adoptOnFailureAutomation = new Automation(this, 'AdoptOnFailure', {",
      "      automationName: 'adopt-on-failure',",
      '      trigger: Trigger.event({',
      "        expect: ['prefect.flow-run.Failed'],",
      "        match: { 'prefect.resource.id': 'prefect.flow-run.*' },",
      '        posture: Posture.PROACTIVE,',
      '        threshold: 2,',
      '        within: Duration.seconds(60),',
      '      }),',
      '      actions: [Action.pauseDeployment()],',
      '    });',
    ].join('\n'));
    expect(ts).toContain([
      "    const adoptCompoundAutomation = new Automation(this, 'AdoptCompound', {",
      "      automationName: 'adopt-compound',",
      '      trigger: Trigger.compound({',
      '        require: CompoundRequire.ANY,',
      '        triggers: [',
      "          Trigger.event({ expect: ['prefect.flow-run.Failed'] }),",
      "          Trigger.event({ expect: ['prefect.flow-run.Crashed'] }),",
      '        ],',
      '        within: Duration.seconds(300),',
      '      }),',
      '      actions: [Action.runDeployment({ deployment: adoptEtlAdoptNightly, parameters: { full: true } })],',
      '      actionsOnTrigger: [Action.pauseWorkPool(adoptProcessPool)],',
      '    });',
    ].join('\n'));
    expect(ts).toContain([
      '      trigger: Trigger.sequence([',
      "        Trigger.event({ expect: ['prefect.flow-run.Running'] }),",
      '        Trigger.compound({',
      '          require: CompoundRequire.atLeast(1),',
      "          triggers: [Trigger.event({ expect: ['prefect.flow-run.Failed'] })],",
      '        }),',
      '      ]),',
      '      actions: [',
      "        Action.changeFlowRunState({ state: FlowRunState.CANCELLED, message: 'stopped by adopt-sequence' }),",
      '      ],',
    ].join('\n'));
    expect(ts).toMatch(/^import \{ .*CompoundRequire.*FlowRunState.* \} from 'cdktf-prefect';$/m);
    expect(adoption.report.map((i) => `${i.kind} ${i.subject}: ${i.message}`)).toEqual(expect.arrayContaining([
      'not-adopted automation adopt-run: action 1 (run-deployment) acts on deployment x, which is not in this adoption (adopt it too, or write the action by hand); importable as prefect_automation with id c3',
      'not-adopted automation adopt-metric: its trigger is a metric trigger, which adopt does not write yet (a Prefect Cloud feature); importable as prefect_automation with id c4',
      'not-adopted automation adopt-custom-state: action 1 (change-flow-run-state) sets state "Quarantined" of type FAILED, which is not one of FlowRunState\'s named states; importable as prefect_automation with id c5',
    ]));
    // provider 3.4.1 crashes importing compound and sequence automations: they are replaced
    expect(adoption.adopted.filter((x) => x.kind === 'automation').map((x) => x.name)).toEqual(['adopt-on-failure']);
    expect(adoption.oldAutomations).toEqual([{ id: 'c1', name: 'adopt-compound' }, { id: 'c2', name: 'adopt-sequence' }]);
    expect(ts).not.toContain(".importFrom('c1')");
    expect(adoption.report.filter((i) => i.kind === 'replaced' && i.subject.startsWith('automation')).map((i) => i.subject)).toEqual(['automation adopt-compound', 'automation adopt-sequence']);
    expect(JSON.parse(files[OLD_SCHEDULES_FILE]).automations).toEqual(adoption.oldAutomations);

    // without --replace-unimportable they stay on the server, each with the reason
    const plain = adoptionFiles(estate, COMMAND);
    expect(plain.files['main.ts']).not.toContain('Trigger.compound');
    expect(plain.adoption.oldAutomations).toEqual([]);
    expect(plain.adoption.report.map((i) => `${i.kind} ${i.subject}: ${i.message}`)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^not-adopted automation adopt-compound: prefecthq\/prefect 3.4.1 cannot import a compound automation \(its import crashes\); re-run with --replace-unimportable/),
      expect.stringMatching(/^not-adopted automation adopt-sequence: prefecthq\/prefect 3.4.1 cannot import a sequence automation/),
    ]));
  });

  test('a deployment\'s storage block is a reference to the adopted block, or its id when the block is not adopted', () => {
    const block = ESTATE.blocks[0];
    const withStorage = (id: string) => ({ ...ESTATE, deployments: ESTATE.deployments.map((d: any) => ({ ...d, storage_document_id: id })) });
    expect(adoptionFiles(withStorage(block.id), COMMAND).files['main.ts']).toContain('storageDocumentId: adoptDbPasswordBlock.blockId,');
    const other = '0f0e0d0c-0b0a-4909-8807-060504030201';
    expect(adoptionFiles(withStorage(other), COMMAND).files['main.ts']).toContain(`storageDocumentId: '${other}',`);
  });

  test('the default queue\'s changed settings, queue filters, nested blocks', () => {
    const queues = ESTATE.workQueues['adopt-process'].map((q: any) => (q.name === 'default' ? { ...q, priority: 5 } : { ...q, filter: { tags: ['x'] } }));
    const block = { ...ESTATE.blocks[0], block_document_references: { credentials: { block_document: { id: 'x' } } } };
    const items = report({ ...ESTATE, workQueues: { ...ESTATE.workQueues, 'adopt-process': queues }, blocks: [block] });
    expect(items).toEqual(expect.arrayContaining([
      expect.stringMatching(/^not-adopted work queue adopt-process\/default: settings of the default queue \(priority 5/),
      expect.stringMatching(/^not-adopted work queue adopt-process\/adopt-critical: filter \{"tags":\["x"\]\}/),
      expect.stringMatching(/^not-adopted block secret\/adopt-db-password: it nests other blocks \(credentials\)/),
    ]));
  });
});

describe('adopt: filters', () => {
  const kinds = (options: Parameters<typeof adoptEstate>[1]) => adoptEstate(ESTATE, options).adopted.map((a) => `${a.kind} ${a.name}`);

  test('--work-pool keeps the pool, its queues, its deployments and their flows', () => {
    const adoption = adoptEstate(ESTATE, { workPool: 'adopt-process' });
    expect(adoption.adopted.map((a) => `${a.kind} ${a.name}`)).toEqual([
      'work pool adopt-process', 'work queue adopt-process/adopt-critical', 'flow adopt-etl', 'deployment adopt-etl/adopt-nightly',
    ]);
    expect(adoption.filteredOut).toEqual({ 'work pools': 1, 'global concurrency limits': 1, 'variables': 1, 'blocks': 1, 'automations': 1 });
  });

  test('--tag and --name select deployments (and what they use)', () => {
    expect(kinds({ tag: 'nope' })).toEqual([]);
    expect(kinds({ name: 'adopt-etl/*' })).toContain('deployment adopt-etl/adopt-nightly');
    const pipeline = ['work pool adopt-process', 'work queue adopt-process/adopt-critical', 'flow adopt-etl', 'deployment adopt-etl/adopt-nightly'];
    expect(kinds({ tag: 'etl' })).toEqual(pipeline);
    // variables carry tags too
    expect(kinds({ tag: 'adopt' })).toEqual([...pipeline.slice(0, 2), 'variable adopt_settings', ...pipeline.slice(2)]);
    expect(kinds({ name: 'adopt_*' })).toEqual(['variable adopt_settings']);
  });

  test('glob', () => {
    expect(glob('a*-?').test('abc-1')).toBe(true);
    expect(glob('a.b').test('axb')).toBe(false);
  });

  test('an estate the filters empty is refused', () => {
    expect(() => adoptionFiles(ESTATE, { ...COMMAND, tag: 'nope' })).toThrow('nothing to adopt at http://127.0.0.1:4200/api (--tag nope)');
  });
});

describe('adopt: the command line', () => {
  const run = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['adopt', ...argv], { write: (s: string) => (out += s) } as any, { write: (s: string) => (err += s) } as any);
    return { code, out, err };
  };

  test('needs --api-url', async () => {
    expect(await run()).toMatchObject({ code: 2, err: expect.stringContaining('adopt needs --api-url') });
  });

  test('refuses unknown options', async () => {
    expect(await run('--api-url', 'http://x/api', '--pool', 'p')).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --pool') });
  });

  test('says which server it cannot reach, and never prints the API key', async () => {
    const key = process.env.PREFECT_API_KEY;
    process.env.PREFECT_API_KEY = 'pnu_not_a_real_key_1234';
    try {
      const r = await run('--api-url', 'http://127.0.0.1:9/api', '--out', fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-')));
      expect(r).toMatchObject({ code: 1, err: expect.stringContaining('POST http://127.0.0.1:9/api/work_pools/filter') });
      expect(r.err + r.out).not.toContain('pnu_not_a_real_key_1234');
    } finally {
      if (key === undefined) delete process.env.PREFECT_API_KEY;
      else process.env.PREFECT_API_KEY = key;
    }
  });

  test('--delete-replaced (and its old name --delete-old-schedules) needs the file adopt wrote', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-'));
    for (const flag of ['--delete-replaced', '--delete-old-schedules']) {
      expect(await run(flag, '--out', dir)).toMatchObject({ code: 1, err: expect.stringContaining(`${OLD_SCHEDULES_FILE}: no such file`) });
    }
  });
});
