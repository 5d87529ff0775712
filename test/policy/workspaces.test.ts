import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { PrefectProvider } from '../../src/.gen/providers/prefect/provider';
import { Team } from '../../src/.gen/providers/prefect/team';
import { Variable as VariableL1 } from '../../src/.gen/providers/prefect/variable';
import { Deployment, Flow } from '../../src/deployments';
import { PrefectTarget, Workspaces } from '../../src/policy';
import { WORKSPACE_TYPES } from '../../src/policy/private/workspace-types';
import { Variable, VariableValue } from '../../src/variables';
import { WorkPool, WorkPoolType } from '../../src/work-pools';
import { missingProviders } from '../e2e/support/env';
import { validateStack } from '../e2e/support/terraform';
import { describeUnless } from '../support/skip';
import { resourcesOf, synthJson } from '../support/synth';

const WS_A = '11111111-2222-4333-8444-555555555555';
const WS_B = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const FLOW_ID = '0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f';

function appStack(outdir?: string): { app: App; stack: TerraformStack } {
  const app = outdir ? new App({ outdir }) : Testing.app();
  const stack = new TerraformStack(app, 'Stack');
  new PrefectProvider(stack, 'prefect', { endpoint: 'https://api.prefect.cloud/api', accountId: FLOW_ID });
  return { app, stack };
}

/** An estate: a pool, an imported pool, a flow with a deployment, a variable, and a team (no workspace_id). */
function estate(scope: Construct): void {
  new WorkPool(scope, 'Pool', { workPoolName: 'pool', workPoolType: WorkPoolType.PROCESS });
  WorkPool.fromWorkPoolName(scope, 'Imported', 'shared');
  const flow = new Flow(scope, 'Flow', { flowName: 'etl' });
  new Deployment(scope, 'Dep', { flow, entrypoint: 'a.py:f', deploymentName: 'nightly' });
  new Variable(scope, 'Var', { variableName: 'region', value: VariableValue.fromString('eu') });
  new Team(scope, 'Team', { name: 'data' });
}

function workspaceIds(json: any): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kind of ['resource', 'data']) {
    for (const [type, byId] of Object.entries<any>(json[kind] ?? {})) {
      for (const [id, body] of Object.entries<any>(byId)) out[`${kind === 'data' ? 'data.' : ''}${type}.${id}`] = body.workspace_id;
    }
  }
  return out;
}

describe('Workspaces', () => {
  test('the list of types with workspace_id matches the committed provider schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'prefect-3.4.1.schema.json'), 'utf8'));
    const provider: any = Object.values(schema.provider_schemas)[0];
    const has = (block: any) => 'workspace_id' in (block.block.attributes ?? {});
    const expected = [
      ...Object.entries<any>(provider.resource_schemas).filter(([, b]) => has(b)).map(([t]) => t),
      ...Object.entries<any>(provider.data_source_schemas).filter(([, b]) => has(b)).map(([t]) => `data.${t}`),
    ];
    expect([...WORKSPACE_TYPES].sort()).toEqual(expected.sort());
  });

  test('a workspace given for the stack reaches every Prefect resource and data source that has workspace_id', () => {
    const { stack } = appStack();
    Workspaces.of(stack).use(WS_A);
    estate(stack);
    const json = synthJson(stack);
    const ids = Object.fromEntries(Object.entries(workspaceIds(json)).filter(([k]) => /^(data\.)?prefect_/.test(k)));
    expect(Object.keys(ids).map((k) => k.replace(/\.[^.]+$/, '')).sort()).toEqual(
      ['data.prefect_work_pool', 'prefect_deployment', 'prefect_flow', 'prefect_team', 'prefect_variable', 'prefect_work_pool']);
    for (const [key, ws] of Object.entries(ids)) expect([key, ws]).toEqual([key, key.startsWith('prefect_team.') ? undefined : WS_A]);
  });

  test('a subtree and a single construct override the stack, and a workspace_id on the L1 resource wins', () => {
    const { stack } = appStack();
    Workspaces.of(stack).use(WS_A);
    const team = new Construct(stack, 'Analytics');
    Workspaces.of(team).use(WS_B);
    new Variable(team, 'InTeam', { variableName: 'in_team', value: VariableValue.fromNumber(1) });
    const single = new Variable(stack, 'Single', { variableName: 'single', value: VariableValue.fromNumber(1) });
    Workspaces.of(single).use(WS_B);
    new Variable(stack, 'Plain', { variableName: 'plain', value: VariableValue.fromNumber(1) });
    new VariableL1(stack, 'Own', { name: 'own', value: 1 as any, workspaceId: FLOW_ID });
    const vars = resourcesOf(synthJson(stack), 'prefect_variable');
    const byName = Object.fromEntries(Object.values<any>(vars).map((v) => [v.name, v.workspace_id]));
    expect(byName).toEqual({ in_team: WS_B, single: WS_B, plain: WS_A, own: FLOW_ID });
    expect(Workspaces.of(team.node.findChild('InTeam')).workspaceId).toBe(WS_B);
  });

  test('a token (a Terraform variable) is accepted', () => {
    const { stack } = appStack();
    const ws = new TerraformVariable(stack, 'workspace', { type: 'string' });
    Workspaces.of(stack).use(ws.stringValue);
    new Variable(stack, 'V', { variableName: 'v', value: VariableValue.fromNumber(1) });
    expect(Object.values<any>(resourcesOf(synthJson(stack), 'prefect_variable'))[0].workspace_id).toBe('${var.workspace}');
  });

  test('on Cloud the workspace applies; giving the same id twice is fine', () => {
    const { app, stack } = appStack();
    Aspects.of(app).add(PrefectTarget.cloud());
    Workspaces.of(stack).use(WS_A);
    Workspaces.of(stack).use(WS_A);
    new Variable(stack, 'V', { variableName: 'v', value: VariableValue.fromNumber(1) });
    expect(Object.values<any>(resourcesOf(synthJson(stack), 'prefect_variable'))[0].workspace_id).toBe(WS_A);
  });

  // bad input: each row must fail at synth with a message naming the value and the fix
  test.each<[string, (app: App, stack: TerraformStack) => void, RegExp]>([
    ['empty id', (_a, s) => Workspaces.of(s).use(''), /invalid workspace id "": it must be the workspace's UUID/],
    ['blank id', (_a, s) => Workspaces.of(s).use('   '), /invalid workspace id "   "/],
    ['a name, not an id', (_a, s) => Workspaces.of(s).use('production'), /invalid workspace id "production".*Prefect Cloud shows it in the workspace's URL/],
    ['braces', (_a, s) => Workspaces.of(s).use(`{${WS_A}}`), /invalid workspace id "\{11111111/],
    ['trailing space', (_a, s) => Workspaces.of(s).use(`${WS_A} `), /invalid workspace id "11111111-2222-4333-8444-555555555555 "/],
    ['no dashes', (_a, s) => Workspaces.of(s).use(WS_A.replace(/-/g, '')), /invalid workspace id "11111111222243338444555555555555"/],
    ['a group short', (_a, s) => Workspaces.of(s).use('11111111-2222-4333-8444-55555555555'), /8-4-4-4-12 hex digits/],
    ['not hex', (_a, s) => Workspaces.of(s).use('g1111111-2222-4333-8444-555555555555'), /invalid workspace id "g1111111/],
    ['a number', (_a, s) => Workspaces.of(s).use(42 as any), /invalid workspace id 42: give the workspace's UUID as a string/],
    ['two workspaces for one scope', (_a, s) => { Workspaces.of(s).use(WS_A); Workspaces.of(s).use(WS_B); }, /workspace "aaaaaaaa-.*" is given for a scope that already uses "11111111-.*": give one workspace per scope/],
    ['self-hosted target on the App', (a, s) => {
      Aspects.of(a).add(PrefectTarget.selfHosted()); Workspaces.of(s).use(WS_A); new Variable(s, 'V', { variableName: 'v', value: VariableValue.fromNumber(1) });
    }, /^Stack: workspace "11111111-.*" .*self-hosted Prefect server, which has no workspaces/],
    ['self-hosted target on the stack, workspace on a subtree', (_a, s) => {
      Aspects.of(s).add(PrefectTarget.selfHosted()); const t = new Construct(s, 'T'); Workspaces.of(t).use(WS_A); new Variable(t, 'V', { variableName: 'v', value: VariableValue.fromNumber(1) });
    }, /^Stack\/T: workspace .* self-hosted Prefect server/],
    ['self-hosted subtree under a Cloud App', (a, s) => {
      Aspects.of(a).add(PrefectTarget.cloud()); Workspaces.of(s).use(WS_A); const t = new Construct(s, 'OnPrem'); Aspects.of(t).add(PrefectTarget.selfHosted());
      new Variable(t, 'V', { variableName: 'v', value: VariableValue.fromNumber(1) });
    }, /^Stack: workspace .* applies to Stack\/OnPrem\/V\/Resource, whose target is a self-hosted/],
    ['self-hosted, workspace on a scope with no Prefect resource below', (_a, s) => {
      Aspects.of(s).add(PrefectTarget.selfHosted()); const t = new Construct(s, 'Empty'); Workspaces.of(t).use(WS_A);
    }, /^Stack\/Empty: workspace .* self-hosted Prefect server, which has no workspaces: drop Workspaces.of/],
  ])('refused: %s', (_name, build, error) => {
    const { app, stack } = appStack();
    let message = '';
    try {
      build(app, stack);
      Testing.synth(stack, true);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(error);
  });
});

describeUnless(missingProviders('prefect'))('Workspaces through the real provider (terraform validate; no Prefect Cloud here, so nothing is applied)', () => {
  test('every resource and data source with a workspace validates', () => {
    const { stack } = appStack(Testing.app().outdir);
    Workspaces.of(stack).use(WS_A);
    estate(stack);
    const json = Testing.synth(stack, true);
    expect(Object.values(workspaceIds(JSON.parse(json))).filter((w) => w === WS_A)).toHaveLength(5);
    expect(validateStack(json)).toEqual({ valid: true, diagnostics: [] });
  });

  test('control: workspace_id on a type whose schema lacks it is rejected by validate', () => {
    const { stack } = appStack(Testing.app().outdir);
    new Team(stack, 'Team', { name: 'data' }).addOverride('workspace_id', WS_A);
    const result = validateStack(Testing.synth(stack, true));
    expect(result.valid).toBe(false);
    expect(result.diagnostics.join('\n')).toMatch(/workspace_id/);
  });
});
