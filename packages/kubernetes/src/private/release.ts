import { Release } from '../.gen/providers/helm/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { JsonString } from 'cdktf-prefect';
import { PrefectChart } from '../prefect-chart';

/** What one of this package's releases is made of. @internal */
export interface ReleaseSpec {
  readonly chartName: string;
  readonly chart?: PrefectChart;
  readonly releaseName: string;
  readonly namespace: string;
  readonly createNamespace?: boolean;
  readonly values: Record<string, any>;
  readonly wait?: boolean;
  readonly timeoutSeconds?: number;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The `helm_release` (child "Release") of one of Prefect's charts, its values one sorted JSON
 * document (JSON is YAML; `jsonencode` when a value holds a token). @internal
 */
export function prefectRelease(scope: Construct, spec: ReleaseSpec): { release: Release; valuesDocument: string } {
  const chart = (spec.chart ?? PrefectChart.fromRepository()).locate(scope, spec.chartName);
  const valuesDocument = JsonString.of(spec.values);
  const release = new Release(scope, 'Release', {
    name: spec.releaseName,
    namespace: spec.namespace,
    createNamespace: spec.createNamespace ?? true,
    chart: chart.chart,
    repository: chart.repository,
    version: chart.version,
    values: [valuesDocument],
    wait: spec.wait ?? true,
    timeout: spec.timeoutSeconds ?? 300,
    dependsOn: spec.dependsOn,
  });
  return { release, valuesDocument };
}
