// The Prefect half of a cloud pattern's stack, for e2e tests on machines that reach no cloud: the
// synthesized stack cut down to its Prefect resources, each reference to a cloud resource replaced
// by the value the cloud would give it; and Prefect's own templating of a pool's job configuration.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { TOOLCHAIN } from './env';

/**
 * Keeps the Prefect provider, the work pools and their `terraform_data` triggers of a synthesized
 * stack, and replaces each reference that `reference` matches with the HCL string literal of
 * `valueOf(stack, reference)`. Returns the new stack JSON and the values used, by reference.
 */
export function prefectHalf(
  stackJson: string, reference: RegExp, valueOf: (stack: any, reference: string) => string,
): { json: string; values: Record<string, string> } {
  const json = JSON.parse(stackJson);
  const values: Record<string, string> = {};
  const replace = (text: string) => text.replace(reference, (ref) => {
    values[ref] = valueOf(json, ref);
    return JSON.stringify(values[ref]);
  });
  const kept = {
    terraform: { required_providers: { prefect: json.terraform.required_providers.prefect } },
    provider: { prefect: json.provider.prefect },
    resource: { prefect_work_pool: json.resource.prefect_work_pool, terraform_data: json.resource.terraform_data },
  };
  // each string is a Terraform expression: a reference becomes an HCL string literal
  const walk = (v: any): any => (typeof v === 'string' ? replace(v) : Array.isArray(v) ? v.map(walk)
    : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v);
  return { json: JSON.stringify(walk(kept)), values };
}

/** Prefect's own templating (a worker's first step): the job configuration with the pool's defaults. */
export function renderWithPrefect(template: any): any {
  const python = path.join(TOOLCHAIN, 'venv', 'bin', 'python');
  const script = [
    'import json, sys',
    'from prefect.utilities.templating import apply_values',
    't = json.load(sys.stdin)',
    "defaults = {k: v['default'] for k, v in t['variables']['properties'].items() if 'default' in v}",
    "print(json.dumps(apply_values(t['job_configuration'], defaults)))",
  ].join('\n');
  return JSON.parse(execFileSync(python, ['-c', script], { input: JSON.stringify(template), encoding: 'utf8' }));
}

/** What else to cut from a stack with {@link withoutCloud}. */
export interface WithoutCloudOptions {
  /** Also Prefect Cloud's webhooks (a self-hosted server has none). @default false */
  readonly dropWebhooks?: boolean;
  /** Also the stack's variables (a webhook's key, say, that the cut resources read). @default false */
  readonly dropVariables?: boolean;
}

/**
 * The stack JSON without what only one cloud can apply: the provider named `provider` (`google`,
 * `azurerm`), its data sources and its resources (types `<provider>_*`).
 */
export function withoutCloud(stackJson: string, provider: string, options: WithoutCloudOptions = {}): string {
  const json = JSON.parse(stackJson);
  const cut = (type: string) => type.startsWith(`${provider}_`) || (options.dropWebhooks === true && type === 'prefect_webhook');
  delete json.provider[provider];
  delete json.terraform.required_providers[provider];
  if (options.dropVariables) delete json.variable;
  for (const type of Object.keys(json.data ?? {})) if (cut(type)) delete json.data[type];
  if (json.data && Object.keys(json.data).length === 0) delete json.data;
  for (const type of Object.keys(json.resource)) if (cut(type)) delete json.resource[type];
  return JSON.stringify(json, null, 2);
}
