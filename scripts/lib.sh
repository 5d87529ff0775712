# Shared settings for the project's scripts. Source it; do not run it.
# Everything the scripts install lives in $TOOLCHAIN (git-ignored), so a fresh
# clone sets itself up and a second run finds everything in place.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="${CDKTF_PREFECT_TOOLCHAIN:-$ROOT/.toolchain}"

# pins (the providers' are in scripts/providers.tsv)
PREFECT_VERSION="3.8.8"   # newest prefect on PyPI that installs here (3.9.x needs certifi>=2026.10.19)
PREFECT_DOCKER_VERSION="0.7.4"   # prefect-docker: the docker build and push steps of prefect.yaml (the convert parity test's oracle)
OPENTOFU_VERSION="v1.10.6" # only built when no terraform is on PATH

# the project mirror: only the provider binaries that env vars name (scripts/lib-providers.sh)
MIRROR="$TOOLCHAIN/mirror"
TFRC="$TOOLCHAIN/terraform.rc"
VENV="$TOOLCHAIN/venv"
STATE_DIR="$TOOLCHAIN/state"

export CHECKPOINT_DISABLE=1
export CDKTF_DISABLE_PLUGIN_CACHE_ENV=1
export DISABLE_VERSION_CHECK=1
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
export TF_IN_AUTOMATION=1
mkdir -p "$TOOLCHAIN" "$STATE_DIR"
# our own CLI config, never the user's ~/.terraformrc
export TF_CLI_CONFIG_FILE="$TFRC"

log() { printf '\033[1;34m[cdktf-prefect]\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33m[cdktf-prefect] warning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[cdktf-prefect] error:\033[0m %s\n' "$*" >&2; exit 1; }

# the terraform CLI picked by toolchain.sh (terraform on PATH, else a locally built tofu)
load_toolchain_env() {
  if [[ -f "$TOOLCHAIN/env.sh" ]]; then
    # shellcheck disable=SC1091
    source "$TOOLCHAIN/env.sh"
  fi
}

# Why a `go install` failed, from its log: the proxy's status and answer, else the last line.
go_install_error() {
  local status answer
  status="$(grep -m1 -o '[0-9]\{3\} [A-Z][A-Za-z ]*' "$1" || true)"
  answer="$(sed -n 's/.*server response: //p' "$1" | head -n1)"
  if [[ -n "$status$answer" ]]; then
    echo "${status}${status:+${answer:+: }}${answer}"
  else
    tail -n1 "$1"
  fi
}
