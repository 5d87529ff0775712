import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail } from '../core';
import { usePolicy } from './private/runner';
import { WORKSPACES } from './private/state';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Prefect Cloud workspace of a scope (a stack or any subtree): every Prefect resource and
 * data source below it whose provider schema has `workspace_id` gets it at synth. A workspace
 * given closer to a resource (or on the resource itself) overrides one given above it. Refused
 * at synth under PrefectTarget.selfHosted().
 */
export class Workspaces {
  /** The workspace setting of a scope. */
  public static of(scope: IConstruct): Workspaces {
    return new Workspaces(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /** Uses workspace `workspaceId` (a UUID, or a token such as a variable) for this scope. */
  public use(workspaceId: string): void {
    if (typeof workspaceId !== 'string') {
      fail(this.scope, `invalid workspace id ${JSON.stringify(workspaceId)}: give the workspace's UUID as a string, e.g. "0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f"`);
    }
    if (!Token.isUnresolved(workspaceId) && !UUID.test(workspaceId)) {
      fail(this.scope, `invalid workspace id ${JSON.stringify(workspaceId)}: it must be the workspace's UUID (8-4-4-4-12 hex digits), e.g. "0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f"; Prefect Cloud shows it in the workspace's URL`);
    }
    const existing = WORKSPACES.get(this.scope);
    if (existing !== undefined && existing !== workspaceId) {
      fail(this.scope, `workspace ${JSON.stringify(workspaceId)} is given for a scope that already uses ${JSON.stringify(existing)}: give one workspace per scope, and override it on a construct below`);
    }
    WORKSPACES.set(this.scope, workspaceId);
    usePolicy(this.scope);
  }

  /** The workspace id for this scope: given here or on a scope above, or undefined. */
  public get workspaceId(): string | undefined {
    const scopes = this.scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const id = WORKSPACES.get(scopes[i]);
      if (id !== undefined) return id;
    }
    return undefined;
  }
}
