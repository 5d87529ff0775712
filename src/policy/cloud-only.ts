import { IConstruct } from 'constructs';
import { CLOUD_ONLY } from './private/state';
import { usePolicy } from './private/runner';

/**
 * Records that `scope` uses a Cloud-only feature (`what`, e.g. "a webhook (prefect_webhook)"):
 * rule PF-TGT-001 reports it at synth according to the declared PrefectTarget.
 * For the constructs of this library; not part of the public API.
 */
export function markCloudOnly(scope: IConstruct, what: string): void {
  const list = CLOUD_ONLY.get(scope) ?? [];
  if (!list.includes(what)) list.push(what);
  CLOUD_ONLY.set(scope, list);
  usePolicy(scope);
}
