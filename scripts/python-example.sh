#!/usr/bin/env bash
# Prepares a Python example app: builds the wheels of this repository's packages it uses
# (scripts/package.sh python, skipped when dist/python is up to date; the core only, or the
# package directories listed in the example's local-packages.txt) and installs them into the
# example's own virtualenv, <dir>/.venv (git-ignored), next to its requirements.txt from PyPI.
#
#   bash scripts/python-example.sh [examples/python/<name>]   (default: the scheduled-deployment example)
#
# Two layers, each re-done only when it changed: the PyPI requirements (cdktf, constructs and
# the jsii runtime) and the wheel.
# A run with nothing changed takes about a second.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

dir="$(cd "${1:-examples/python/scheduled-deployment}" && pwd)"
[[ -f "$dir/requirements.txt" ]] || die "$dir/requirements.txt is missing"
# one at a time (jest runs the unit and e2e Python tests in parallel workers)
mkdir -p "$TOOLCHAIN/state"
exec 9>"$TOOLCHAIN/state/python-example.lock"
flock 9
venv="$dir/.venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check --no-input)

packages=(.)
[[ -f "$dir/local-packages.txt" ]] && mapfile -t packages < <(grep -v '^\s*\(#\|$\)' "$dir/local-packages.txt")
wheels=()
for pkg in "${packages[@]}"; do
  bash "$ROOT/scripts/package.sh" --package "$pkg" python
  wheel="$(ls "$ROOT/$pkg"/dist/python/*-py3-none-any.whl 2>/dev/null | head -1)"
  [[ -n "$wheel" ]] || die "no wheel in $pkg/dist/python"
  wheels+=("$wheel")
done

# layer 1: the requirements from PyPI
deps_stamp="$(sha256sum "$dir/requirements.txt" | cut -c1-16) $(python3 --version 2>&1)"
if [[ ! -x "$venv/bin/python" || "$(cat "$venv/.cdktf-prefect-deps" 2>/dev/null || true)" != "$deps_stamp" ]]; then
  log "python example: installing $(basename "$dir")/requirements.txt into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "${pip[@]}" install --quiet --no-compile -r "$dir/requirements.txt" \
    || die "pip could not install $dir/requirements.txt"
  # Byte-compiled once here, on both cores (pip would do it on one): without .pyc files (none are
  # written under PYTHONDONTWRITEBYTECODE=1) every synth would compile the packages again.
  "$venv/bin/python" -m compileall -q -j 0 "$venv/lib" >/dev/null || die "compileall failed in $venv"
  echo "$deps_stamp" > "$venv/.cdktf-prefect-deps"
  rm -f "$venv/.cdktf-prefect-wheel"
fi

# layer 2: the wheels built from this repository (their version stays 0.0.0 between releases,
# so they are force-reinstalled, without touching the requirements)
wheel_stamp="$(sha256sum "${wheels[@]}" | sha256sum | cut -c1-16)"
if [[ "$(cat "$venv/.cdktf-prefect-wheel" 2>/dev/null || true)" != "$wheel_stamp" ]]; then
  log "python example: installing $(for w in "${wheels[@]}"; do basename "$w"; done | tr '\n' ' ')"
  "${pip[@]}" install --quiet --force-reinstall --no-deps "${wheels[@]}" || die "pip could not install ${wheels[*]}"
  # the wheels' own requirements (install_requires) must be met by requirements.txt and each other
  "${pip[@]}" check || die "the wheel's requirements are not met by $dir/requirements.txt (pip check above)"
  echo "$wheel_stamp" > "$venv/.cdktf-prefect-wheel"
fi
