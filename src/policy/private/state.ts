// What the policy remembers about constructs: suppressions, Cloud-only markers, workspaces.
// Kept outside the construct tree (no metadata), so nothing of it reaches the synthesized JSON.
import { IConstruct } from 'constructs';

/** Rule id → reason, per construct (applies to the construct and everything below it). */
export const SUPPRESSIONS = new WeakMap<IConstruct, Map<string, string>>();

/** Cloud-only features a construct uses, each as a phrase such as "a webhook (prefect_webhook)". */
export const CLOUD_ONLY = new WeakMap<IConstruct, string[]>();

/** The workspace id given for a scope. */
export const WORKSPACES = new WeakMap<IConstruct, string>();

/** The nearest suppression of a rule for a construct: the reason and where it was given. */
export function findSuppression(construct: IConstruct, ruleId: string): { reason: string; at: IConstruct } | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const reason = SUPPRESSIONS.get(scopes[i])?.get(ruleId);
    if (reason !== undefined) return { reason, at: scopes[i] };
  }
  return undefined;
}

/** The nearest workspace for a construct, and the scope it was given on. */
export function findWorkspace(construct: IConstruct): { workspaceId: string; at: IConstruct } | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const workspaceId = WORKSPACES.get(scopes[i]);
    if (workspaceId !== undefined) return { workspaceId, at: scopes[i] };
  }
  return undefined;
}

/** Every PrefectTarget, with its name (the runner finds targets among aspects through it). */
export const TARGETS = new WeakMap<object, string>();

/** Every RulePack, with its name and rules (the runner finds packs among aspects through it). */
export const PACKS = new WeakMap<object, { packName: string; rules: import('../rule').Rule[] }>();
