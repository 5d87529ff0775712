#!/usr/bin/env bash
# Packages Prefect's Helm charts (prefect-worker, prometheus-prefect-exporter, prefect-server)
# from a prefect-helm checkout, with the charts they depend on, into a machine-level cache
# outside this repository, where the cdktf-prefect-kubernetes e2e test (and
# PrefectChart.fromLocalPath(dir)) finds them: <cache>/<chart>-<version>.tgz. For machines that
# reach no chart repository; like install-provider.sh, nothing is written into this repository.
#
#   scripts/install-chart.sh <prefect-helm checkout> --common <bitnami common chart dir> [options]
#
# options:
#   --common DIR      the bitnami `common` library chart (bitnami/charts: bitnami/common), which
#                     every prefect-helm chart depends on
#   --dependency DIR  another chart a prefect-helm chart depends on (prefect-server: postgresql,
#                     redis); repeatable. A chart whose dependencies are not all given is skipped,
#                     saying which are missing (Helm refuses to install it without them)
#   --version V       the chart version to write into each Chart.yaml (prefect-helm's release
#                     workflow does the same; the sources say 0.0.0). Default: PrefectChart's
#                     PINNED_VERSION (packages/kubernetes/src/prefect-chart.ts)
#   --out DIR         the cache (default: $CDKTF_PREFECT_CHART_DIR, else ~/.cache/cdktf-prefect/charts)
#   --force           take a git checkout that is not at the tag named by the version
#
# Each package gets a <chart>-<version>.source file beside it: the prefect-helm commit, and the
# name and version of each dependency packaged with it. When a dependency's version is not the
# one the chart's Chart.yaml asks for, the script says so there and on stderr: Helm checks
# dependencies by name only, so the chart installs, but it renders with that version.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

src="" version="" out="${CDKTF_PREFECT_CHART_DIR:-$HOME/.cache/cdktf-prefect/charts}" force=0
deps=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --common | --dependency) deps+=("${2:?$1 needs a directory}"); shift 2 ;;
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --force) force=1; shift ;;
    -h | --help) usage ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [[ -z "$src" ]] || die "one prefect-helm checkout at a time"; src="$1"; shift ;;
  esac
done
[[ -n "$src" ]] || usage
[[ -d "$src/charts/prefect-worker" ]] || die "$src is not a prefect-helm checkout (no charts/prefect-worker)"
src="$(cd "$src" && pwd)"
if [[ -z "$version" ]]; then
  version="$(sed -n "s/.*PINNED_VERSION = '\([^']*\)'.*/\1/p" "$ROOT/packages/kubernetes/src/prefect-chart.ts")"
  [[ -n "$version" ]] || die "cannot read PINNED_VERSION from packages/kubernetes/src/prefect-chart.ts: pass --version"
fi

# the checkout must be at the release tag of that version (where git can tell)
commit="unknown (not a git checkout)"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  commit="$(git -C "$src" rev-parse HEAD)"
  tagged="$(git -C "$src" rev-parse -q --verify "refs/tags/$version^{commit}" || true)"
  if [[ "$tagged" != "$commit" && $force -eq 0 ]]; then
    die "$src is at $commit, not at prefect-helm's tag $version (${tagged:-no such tag}): check out the tag, or pass --force"
  fi
else
  warn "$src is not a git checkout: cannot check that it is prefect-helm $version"
fi

# name and version of a chart directory, from its Chart.yaml
chart_field() { sed -n "s/^$2:[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" "$1/Chart.yaml" | head -n1; }
declare -A dep_dir=()
for d in "${deps[@]}"; do
  [[ -f "$d/Chart.yaml" ]] || die "$d has no Chart.yaml"
  dep_dir["$(chart_field "$d" name)"]="$(cd "$d" && pwd)"
done

# the dependencies a chart's Chart.yaml names: "name version" per line
dependencies_of() {
  awk '/^dependencies:/ {d=1; next} d && /^[^ -]/ {d=0} d && /- name:/ {n=$3} d && /version:/ {print n, $2}' "$1/Chart.yaml"
}
# copies a chart directory (without .git and its own charts/, which this script fills)
copy_chart() {
  mkdir -p "$2"
  (cd "$1" && tar --exclude=./.git --exclude=./charts -cf - .) | (cd "$2" && tar -xf -)
}

mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
installed=0
for chart in prefect-worker prometheus-prefect-exporter prefect-server; do
  dir="$src/charts/$chart"
  [[ -d "$dir" ]] || { warn "$chart: not in $src"; continue; }
  wanted="$(dependencies_of "$dir")"
  missing=""
  while read -r name want; do
    [[ -z "$name" || -n "${dep_dir[$name]:-}" ]] || missing+=" $name $want"
  done <<<"$wanted"
  if [[ -n "$missing" ]]; then
    warn "$chart: skipped, its dependencies are missing:$missing (pass each with --dependency <chart dir>)"
    continue
  fi
  stage="$work/$chart"
  mkdir -p "$stage/charts"
  # the chart's files, without its helm-unittest suites (helm package drops nothing else of ours)
  (cd "$dir" && tar --exclude=./tests --exclude=./charts -cf - .) | (cd "$stage" && tar -xf -)
  sed -i "s/^version:.*/version: $version/" "$stage/Chart.yaml"
  provenance="chart $chart $version from prefect-helm $commit"
  while read -r name want; do
    [[ -n "$name" ]] || continue
    have="$(chart_field "${dep_dir[$name]}" version)"
    copy_chart "${dep_dir[$name]}" "$stage/charts/$name"
    provenance+=$'\n'"dependency $name $have (Chart.yaml asks for $want)"
    [[ "$have" == "$want" ]] || warn "$chart: packaged with $name $have; its Chart.yaml asks for $want (Helm checks names only; it renders with $have)"
    # the dependency's own dependencies (bitnami's charts need common too), one level down
    while read -r sub subwant; do
      [[ -n "$sub" ]] || continue
      [[ -n "${dep_dir[$sub]:-}" ]] || { warn "$chart: $name's dependency $sub is not given (--dependency); left out"; continue; }
      copy_chart "${dep_dir[$sub]}" "$stage/charts/$name/charts/$sub"
      provenance+=$'\n'"dependency $name/$sub $(chart_field "${dep_dir[$sub]}" version) ($name's Chart.yaml asks for $subwant)"
    done <<<"$(dependencies_of "${dep_dir[$name]}")"
  done <<<"$wanted"
  tgz="$out/$chart-$version.tgz"
  # reproducible: sorted names, no times or owners
  (cd "$work" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - "$chart") | gzip -n >"$tgz.tmp"
  mv "$tgz.tmp" "$tgz"
  printf '%s\n' "$provenance" >"$out/$chart-$version.source"
  log "installed $tgz"
  installed=$((installed + 1))
done
[[ $installed -gt 0 ]] || die "no chart was installed"
