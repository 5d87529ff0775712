import { Release } from '../.gen/providers/helm/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Checks, JsonString, UniqueName } from 'cdktf-prefect';
import { PrefectChart } from '../prefect-chart';
import { PrefectReleaseProps } from '../prefect-release-props';
import { checkNamespace, checkReleaseName, RELEASE_NAME_MAX } from './checks';

/** A release's name and namespace. @internal */
export interface ReleaseNames {
  readonly releaseName: string;
  readonly namespace: string;
}

/** The release's name (unique to the construct's path by default) and namespace, checked. @internal */
export function releaseNames(scope: Construct, props: PrefectReleaseProps, example: string): ReleaseNames {
  checkReleaseName(scope, props.releaseName, example);
  checkNamespace(scope, 'namespace', props.namespace);
  Checks.integer(scope, { name: 'timeoutSeconds', value: props.timeoutSeconds, min: 1 });
  return { releaseName: props.releaseName ?? UniqueName.of(scope, { maxLength: RELEASE_NAME_MAX }), namespace: props.namespace ?? 'prefect' };
}

/** What a release adds to its props. @internal */
export interface ReleaseSpec {
  readonly chartName: string;
  readonly names: ReleaseNames;
  readonly values: Record<string, any>;
  readonly defaultTimeoutSeconds?: number;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The `helm_release` (child "Release") of one of Prefect's charts, its values one sorted JSON
 * document (JSON is YAML; `jsonencode` when a value holds a token). @internal
 */
export function prefectRelease(scope: Construct, props: PrefectReleaseProps, spec: ReleaseSpec): { release: Release; valuesDocument: string } {
  const chart = (props.chart ?? PrefectChart.fromRepository()).locate(scope, spec.chartName);
  const valuesDocument = JsonString.of(spec.values);
  const release = new Release(scope, 'Release', {
    name: spec.names.releaseName,
    namespace: spec.names.namespace,
    createNamespace: props.createNamespace ?? true,
    chart: chart.chart,
    repository: chart.repository,
    version: chart.version,
    values: [valuesDocument],
    wait: props.wait ?? true,
    timeout: props.timeoutSeconds ?? spec.defaultTimeoutSeconds ?? 300,
    dependsOn: spec.dependsOn,
  });
  return { release, valuesDocument };
}
