import { HelmProvider } from '../src/.gen/providers/helm/provider';
import { TerraformStack } from 'cdktf';
import { PrefectApi } from 'cdktf-prefect';
import { KubernetesAuth, KubernetesWorkerProps } from '../src';
import { newStack } from '../../../test/support/synth';

/** A stack with the Prefect and helm providers, as users configure it. */
export function k8sStack(): TerraformStack {
  return newStack((stack) => new HelmProvider(stack, 'helm', { kubernetes: { configPath: '~/.kube/config' } }));
}

/** Minimal props for a self-hosted server without auth. */
export function selfHosted(extra: Partial<KubernetesWorkerProps> = {}): KubernetesWorkerProps {
  return { workPoolName: 'k8s-pool', api: PrefectApi.selfHosted('http://prefect-server.prefect.svc.cluster.local:4200/api'), ...extra };
}

/** Minimal props for Prefect Cloud with the key in a Secret. */
export function cloud(extra: Partial<KubernetesWorkerProps> = {}): KubernetesWorkerProps {
  return {
    workPoolName: 'k8s-pool',
    api: PrefectApi.cloud('0eb2d9a6-5b8c-4f3e-9d1a-2c3b4d5e6f70', '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d'),
    auth: KubernetesAuth.apiKeyFromSecret('prefect-api-key', 'key'),
    ...extra,
  };
}

/** The values document of the one helm_release in a synthesized stack, parsed. */
export function releaseValues(json: any): any {
  const releases = Object.values(json.resource.helm_release) as any[];
  expect(releases).toHaveLength(1);
  expect(releases[0].values).toHaveLength(1);
  return JSON.parse(releases[0].values[0]);
}
