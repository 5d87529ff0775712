#!/usr/bin/env bash
# Builds the jsii packages into dist/ from the compiled library (lib/ and .jsii):
#
#   dist/js/      the npm tarball                    (jsii-pacmak --target js)
#   dist/python/  a wheel and an sdist                (jsii-pacmak --code-only, then `python -m build`)
#   dist/java/    the Maven artifacts                 (scripts/package-java.sh)
#   dist/go/      the Go module                       (scripts/package-go.sh)
#
#   bash scripts/package.sh [--force] [--package DIR] [js|python|java|go ...]   (no target: all four)
#
# --package packages/<cloud> builds a cloud package into packages/<cloud>/dist/ (js and python;
# its Java and Go packages are not built here yet).
#
# Each target is rebuilt only when what goes into it changed: a fingerprint of lib/, .jsii,
# package.json, README.md, LICENSE, the packaging scripts and jsii-pacmak's version is kept in
# dist/<target>/.cdktf-prefect-fingerprint. A second run with nothing changed takes a second.
#
# Python: jsii-pacmak's own build makes a fresh virtualenv in a temporary directory on every run
# and pip-installs setuptools, build and twine into it (and `python -m build` then installs
# setuptools once more into an isolated build environment). Here the same pinned tools
# (jsii-pacmak's requirements-dev.txt) live in one project-local, git-ignored virtualenv,
# $TOOLCHAIN/pybuild, installed once; the wheel is built from pacmak's generated sources with
# `python -m build --no-isolation` and checked with `twine check`, as pacmak does. In between,
# scripts/pypi-metadata.js adds what jsii leaves out of setup.py (keywords, issue tracker URL).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PKG="$ROOT"
args=()
while [[ $# -gt 0 ]]; do
  if [[ "$1" == --package ]]; then PKG="$(cd "$ROOT/${2:?--package needs a directory}" && pwd)"; shift 2; else args+=("$1"); shift; fi
done
set -- "${args[@]+"${args[@]}"}"
source "$ROOT/scripts/lib-jsii.sh" # PACMAK, the fingerprint of dist/<target>, require_built_library
cd "$PKG"

force=0
targets=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    js | python | java | go) targets+=("$arg") ;;
    all) targets+=(js python java go) ;;
    *) die "package.sh: unknown argument '$arg' (expected --force, js, python, java, go or all)" ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(js python java go)

require_built_library

fresh() { [[ $force -eq 0 ]] && package_fresh "$1"; }

# jsii-pacmak for one target, its own build included (js, java, go)
pacmak() {
  local target=$1
  log "package $target: jsii-pacmak --target $target"
  "$PACMAK" --target "$target" --outdir dist --force-subdirectory --no-npmignore
}

package_python() {
  local venv="$TOOLCHAIN/pybuild"
  local reqs="$ROOT/node_modules/jsii-pacmak/lib/targets/python/requirements-dev.txt"
  local stamp
  stamp="$(sha256sum "$reqs" | cut -c1-16) $(python3 --version 2>&1)"
  if [[ ! -x "$venv/bin/python" || "$(cat "$venv/.cdktf-prefect-stamp" 2>/dev/null || true)" != "$stamp" ]]; then
    log "package python: installing the build tools (jsii-pacmak's requirements-dev.txt) into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --no-input --disable-pip-version-check -r "$reqs" \
      || die "pip could not install the Python build tools from $reqs"
    echo "$stamp" > "$venv/.cdktf-prefect-stamp"
  fi

  local src="$TOOLCHAIN/package-src-$(basename "$PKG")"
  log "package python: jsii-pacmak --target python --code-only"
  rm -rf "$src"
  "$PACMAK" --target python --code-only --outdir "$src" --force-subdirectory --no-npmignore --force
  node "$ROOT/scripts/pypi-metadata.js" "$src/python/setup.py" "$PKG"
  log "package python: python -m build (wheel + sdist), twine check"
  rm -rf dist/python && mkdir -p dist/python
  "$venv/bin/python" -m build --no-isolation --outdir dist/python "$src/python" >"$TOOLCHAIN/package-python.log" 2>&1 \
    || { cat "$TOOLCHAIN/package-python.log" >&2; die "python -m build failed"; }
  "$venv/bin/python" -m twine check --strict dist/python/* || die "twine check failed on dist/python"
  rm -rf "$src"
}

mkdir -p "$TOOLCHAIN/state" dist
exec 8>"$TOOLCHAIN/state/package-$(basename "$PKG").lock"
flock 8 # one build at a time; a second caller then finds dist/ up to date
for target in "${targets[@]}"; do
  case "$target" in
    # Java and Go need upstream packages no reachable registry serves; their scripts build
    # those too, and keep their own up-to-date checks
    java | go) [[ "$PKG" == "$ROOT" ]] || { log "package $target: not built for $(basename "$PKG") yet"; continue; } ;;&
    java) bash "$ROOT/scripts/package-java.sh"; continue ;;
    go) bash "$ROOT/scripts/package-go.sh"; continue ;;
  esac
  if fresh "$target"; then
    log "package $target: dist/$target is up to date"
    continue
  fi
  start=$(date +%s)
  case "$target" in
    python) package_python ;;
    *) pacmak "$target" ;;
  esac
  package_built "$target"
  log "package $target: dist/$target built in $(($(date +%s) - start))s"
done
