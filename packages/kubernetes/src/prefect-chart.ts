import * as path from 'path';
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Checks } from 'cdktf-prefect';

/** Options of `PrefectChart.fromRepository`. */
export interface PrefectChartRepositoryOptions {
  /**
   * The chart version, a prefect-helm release (its tags are date-based versions such as
   * `2026.8.18172642`). Always an exact version: a range would let a re-plan pick a new chart.
   * @default PrefectChart.PINNED_VERSION
   */
  readonly version?: string;

  /**
   * The Helm chart repository, for a mirror of prefect-helm inside your network.
   * @default PrefectChart.PREFECT_HELM_REPOSITORY
   */
  readonly repositoryUrl?: string;
}

/** Where a release gets its chart: what `helm_release` takes as `chart`, `repository` and `version`. */
export interface ChartLocation {
  /** The chart's name in the repository, or the path of a packaged chart. */
  readonly chart: string;
  /**
   * The repository URL.
   * @default - none (a local chart)
   */
  readonly repository?: string;
  /** The exact chart version. */
  readonly version: string;
}

const SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Where the charts of Prefect's prefect-helm project (`prefect-worker`, `prefect-server`,
 * `prometheus-prefect-exporter`) come from, always at one exact version.
 *
 * `PrefectChart.fromRepository()` is prefect-helm's public repository at the version this
 * library was written and tested against; `fromLocalPath(dir)` is a directory of packaged
 * charts (`helm package` output, `<chart>-<version>.tgz`), for clusters without internet access
 * and for tests. Every release of one app can share one `PrefectChart`.
 */
export class PrefectChart {
  /** prefect-helm's public Helm repository. */
  public static readonly PREFECT_HELM_REPOSITORY = 'https://prefecthq.github.io/prefect-helm';

  /**
   * The prefect-helm release the typed values follow (read from its `values.yaml` and
   * `values.schema.json`), the default of every release.
   */
  public static readonly PINNED_VERSION = '2026.8.18172642';

  /**
   * The charts from a Helm repository: prefect-helm's own by default, at `PINNED_VERSION`.
   * @param options version and repository
   */
  public static fromRepository(options: PrefectChartRepositoryOptions = {}): PrefectChart {
    return new PrefectChart(options.version ?? PrefectChart.PINNED_VERSION, options.repositoryUrl ?? PrefectChart.PREFECT_HELM_REPOSITORY, undefined);
  }

  /**
   * Packaged charts in a local directory, `<dir>/<chart>-<version>.tgz` (what `helm package`
   * writes, with the `common` dependency inside). The path must be absolute: Terraform runs in
   * the stack's output directory, not where you synthesize.
   * @param dir an absolute directory path
   * @param version the charts' version (the `version` of their Chart.yaml)
   * @default version PrefectChart.PINNED_VERSION
   */
  public static fromLocalPath(dir: string, version?: string): PrefectChart {
    return new PrefectChart(version ?? PrefectChart.PINNED_VERSION, undefined, dir);
  }

  /** The chart version every release of this source installs. */
  public readonly version: string;
  /** The repository URL, undefined for a local directory. */
  public readonly repositoryUrl?: string;
  /** The local directory, undefined for a repository. */
  public readonly localDirectory?: string;

  private constructor(version: string, repositoryUrl?: string, localDirectory?: string) {
    this.version = version;
    this.repositoryUrl = repositoryUrl;
    this.localDirectory = localDirectory;
  }

  /**
   * Where `chartName` comes from, after checking this source at `scope`.
   * @param scope the construct whose release it is (failures name it)
   * @param chartName e.g. `prefect-worker`
   */
  public locate(scope: IConstruct, chartName: string): ChartLocation {
    const version = this.version;
    if (!Token.isUnresolved(version) && !SEMVER.test(version)) {
      Checks.fail(scope, `invalid chart version ${Checks.show(version)}: give one exact version, a prefect-helm release such as ${Checks.show(PrefectChart.PINNED_VERSION)} (ranges and "latest" would let a re-plan install another chart)`);
    }
    const repo = this.repositoryUrl;
    if (repo !== undefined && !Token.isUnresolved(repo) && !/^(https?|oci):\/\/[^\s/]+/.test(repo)) {
      Checks.fail(scope, `invalid chart repository ${Checks.show(repo)}: use an http(s):// or oci:// URL, e.g. ${Checks.show(PrefectChart.PREFECT_HELM_REPOSITORY)}`);
    }
    const dir = this.localDirectory;
    if (dir !== undefined) {
      if (!Token.isUnresolved(dir) && !path.isAbsolute(dir)) {
        Checks.fail(scope, `PrefectChart.fromLocalPath(${Checks.show(dir)}) is a relative path, which Terraform would resolve in the stack's output directory: pass an absolute one, e.g. path.resolve(${Checks.show(dir)})`);
      }
      return { chart: `${dir.replace(/\/+$/, '')}/${chartName}-${version}.tgz`, version };
    }
    return { chart: chartName, repository: repo, version };
  }
}
