// The per-stack policy runner. cdktf invokes aspects from each stack down and never those of the
// App, so the runner is installed on every stack that holds a Prefect construct (usePolicy) and
// looks for rule packs and targets among the aspects of each construct's scopes, the App
// included. Packs and targets added to a stack or a subtree are invoked by cdktf as well; they
// hand the construct to the same runner, which checks each construct once.
import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Aspects, IAspect, ISynthesisSession, TerraformElement, TerraformStack } from 'cdktf';
// (cdktf does not export addCustomSynthesis from its entry point)
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct, IConstruct } from 'constructs';
import { fail } from '../../core';
import { Rule } from '../rule';
import { RuleSeverity } from '../rule-severity';
import { forgetL1Bodies, l1Type } from './attributes';
import { DEFAULT_RULES } from './defaults';
import { PACKS, TARGETS, WORKSPACES, findSuppression, findWorkspace } from './state';
import { WORKSPACE_TYPES } from './workspace-types';

/** The rules that run without a pack (PrefectRules.defaults()). */
const BUILTIN: Rule[] = DEFAULT_RULES;

interface Finding { readonly ruleId: string; readonly severity: string; readonly path: string; readonly message: string; readonly fix: string }
interface Suppressed { readonly ruleId: string; readonly path: string; readonly reason: string; readonly suppressedAt: string }

const RUNNERS = new WeakMap<TerraformStack, StackPolicy>();

/** The name of the nearest declared target of a construct, or undefined. */
export function targetNameOf(construct: IConstruct): string | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const all = Aspects.of(scopes[i]).all;
    for (let j = all.length - 1; j >= 0; j--) {
      const name = TARGETS.get(all[j]);
      if (name !== undefined) return name;
    }
  }
  return undefined;
}

/** The rules of every pack on a construct and its scopes, each rule once. */
function rulesFor(construct: IConstruct): Rule[] {
  const rules = new Map<string, Rule>(BUILTIN.map((r) => [r.ruleId, r]));
  for (const scope of construct.node.scopes) {
    for (const aspect of Aspects.of(scope).all) {
      for (const rule of PACKS.get(aspect)?.rules ?? []) if (!rules.has(rule.ruleId)) rules.set(rule.ruleId, rule);
    }
  }
  return [...rules.values()];
}

class StackPolicy implements IAspect {
  private readonly visited = new WeakSet<IConstruct>();
  private readonly findings: Finding[] = [];
  private readonly suppressed: Suppressed[] = [];
  private readonly rulesRun = new Set<string>();

  constructor(private readonly stack: TerraformStack) {
    // on a child of its own: cdktf keeps one custom synthesis per construct and cannot redefine it,
    // so the stack's stays free for its owner
    addCustomSynthesis(new Construct(stack, 'PolicyReport'), { onSynthesize: (session: ISynthesisSession) => this.report(session) });
  }

  public visit(node: IConstruct): void {
    if (this.visited.has(node)) return;
    this.visited.add(node);
    const targetName = targetNameOf(node);
    applyWorkspace(node, targetName);
    forgetL1Bodies(); // the rules below share one serialization of this node (after the workspace)
    for (const rule of rulesFor(node)) {
      this.rulesRun.add(rule.ruleId);
      for (const finding of rule.evaluate(node, { targetName })) {
        const severity = finding.severity ?? rule.severity;
        const suppression = findSuppression(node, rule.ruleId);
        if (suppression) {
          this.suppressed.push({ ruleId: rule.ruleId, path: node.node.path, reason: suppression.reason, suppressedAt: suppression.at.node.path });
          continue;
        }
        const fix = finding.fix ?? rule.fix;
        const text = `${finding.message}; ${fix} [${rule.ruleId}]`;
        if (severity === RuleSeverity.ERROR) Annotations.of(node).addError(text);
        else Annotations.of(node).addWarning(text);
        this.findings.push({ ruleId: rule.ruleId, severity: severity.name, path: node.node.path, message: finding.message, fix });
      }
    }
  }

  private report(session: ISynthesisSession): void {
    const errors = this.findings.filter((f) => f.severity === 'error').length;
    const warnings = this.findings.length - errors;
    const report = {
      stack: this.stack.node.path,
      rules: [...this.rulesRun].sort(),
      summary: { errors, warnings, suppressed: this.suppressed.length },
      findings: this.findings,
      suppressions: this.suppressed,
    };
    const dir = path.join(session.outdir, session.manifest.forStack(this.stack).workingDirectory);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'policy-report.json'), JSON.stringify(report, null, 2) + '\n');
    if (this.findings.length + this.suppressed.length > 0) {
      const ids = [...new Set([...this.findings, ...this.suppressed].map((f) => f.ruleId))].sort();
      Annotations.of(this.stack).addInfo(`policy: ${errors} error(s), ${warnings} warning(s), ${this.suppressed.length} suppressed (${ids.join(', ')}); details in policy-report.json`);
    }
  }
}

/**
 * The runner of a construct's stack (created once per stack), or undefined outside a stack.
 * `install` adds it to the stack's aspects; a pack or target calling from its own `visit` does
 * not (cdktf warns about an aspect added while aspects run, and the pack visits the subtree).
 */
function runnerOf(scope: IConstruct, install: boolean): StackPolicy | undefined {
  let stack: TerraformStack;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    return undefined;
  }
  let runner = RUNNERS.get(stack);
  if (!runner) {
    runner = new StackPolicy(stack);
    RUNNERS.set(stack, runner);
  }
  if (install && !Aspects.of(stack).all.includes(runner)) Aspects.of(stack).add(runner);
  return runner;
}

/**
 * Makes sure the policy runs for the stack of `scope`. Every Prefect construct calls it; packs
 * and targets call it from `visit` with `fromAspect`, to check the construct right away.
 */
export function usePolicy(scope: IConstruct, fromAspect: boolean = false): void {
  const runner = runnerOf(scope, !fromAspect);
  if (fromAspect) runner?.visit(scope);
}

/** Sets workspace_id on a Prefect L1 construct from the nearest workspace scope. */
function applyWorkspace(node: IConstruct, targetName: string | undefined): void {
  const given = WORKSPACES.get(node);
  if (given !== undefined && targetName === 'self-hosted') {
    fail(node, `workspace ${JSON.stringify(given)} is given for a scope whose target is a self-hosted Prefect server, which has no workspaces: drop Workspaces.of(...).use(...), or declare PrefectTarget.cloud()`);
  }
  const type = l1Type(node);
  if (type === undefined || !WORKSPACE_TYPES.has(type)) return;
  const found = findWorkspace(node);
  if (!found) return;
  if (targetName === 'self-hosted') {
    fail(found.at, `workspace ${JSON.stringify(found.workspaceId)} applies to ${node.node.path}, whose target is a self-hosted Prefect server, which has no workspaces: drop Workspaces.of(...).use(...), or declare PrefectTarget.cloud()`);
  }
  // a workspace_id given to the L1 resource itself wins over one given for a scope above it
  if (found.at !== node && ownWorkspaceId(node as TerraformElement) !== undefined) return;
  (node as TerraformElement).addOverride('workspace_id', found.workspaceId);
}

function ownWorkspaceId(element: TerraformElement): unknown {
  const json = element.toTerraform();
  const byType: any = json.resource ?? json.data;
  const body: any = byType ? Object.values(Object.values(byType)[0] as any)[0] : undefined;
  return body?.workspace_id;
}
