# Shared settings for the project's scripts. Source it; do not run it.
# Everything the scripts install lives in $TOOLCHAIN (git-ignored), so a fresh
# clone sets itself up and a second run finds everything in place.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="${CDKTF_PREFECT_TOOLCHAIN:-$ROOT/.toolchain}"

# pins
PREFECT_PROVIDER_VERSION="3.4.1"
PREFECT_PROVIDER_MODULE="github.com/prefecthq/terraform-provider-prefect"
PREFECT_PROVIDER_COMMIT="79035d9576daf8f28c1ff94b6b64563b967f93fc" # = v3.4.1 (the tag's go.mod lacks /v3)
AWS_PROVIDER_VERSION="5.100.0"
AWS_PROVIDER_MODULE="github.com/hashicorp/terraform-provider-aws"
# = v5.100.0: the vcs.revision that `go version -m` reads from the official 5.100.0 release
# binary (its go.mod lacks /v5, so the tag itself is no valid module version)
AWS_PROVIDER_COMMIT="f7a3b98da589ab1d52756b0dcee0dbf2de83d635"
PREFECT_VERSION="3.8.8"   # newest prefect on PyPI that installs here (3.9.x needs certifi>=2026.10.19)
OPENTOFU_VERSION="v1.10.6" # only built when no terraform is on PATH

MIRROR="$TOOLCHAIN/mirror"
PREFECT_PROVIDER_DIR="$MIRROR/registry.terraform.io/prefecthq/prefect/$PREFECT_PROVIDER_VERSION/linux_amd64"
PREFECT_PROVIDER_BIN="$PREFECT_PROVIDER_DIR/terraform-provider-prefect_v$PREFECT_PROVIDER_VERSION"
AWS_PROVIDER_DIR="$MIRROR/registry.terraform.io/hashicorp/aws/$AWS_PROVIDER_VERSION/linux_amd64"
AWS_PROVIDER_BIN="$AWS_PROVIDER_DIR/terraform-provider-aws_v$AWS_PROVIDER_VERSION"
TFRC="$TOOLCHAIN/terraform.rc"
VENV="$TOOLCHAIN/venv"
STATE_DIR="$TOOLCHAIN/state"

export CHECKPOINT_DISABLE=1
export CDKTF_DISABLE_PLUGIN_CACHE_ENV=1
export DISABLE_VERSION_CHECK=1
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
export TF_IN_AUTOMATION=1
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

prefect_provider_available() { [[ -x "$PREFECT_PROVIDER_BIN" ]]; }
aws_provider_built() { [[ -x "$AWS_PROVIDER_BIN" ]]; }

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

# Dies when a binary's Go build info names another program, or another commit than the
# pinned one: `vcs.revision` in release builds, the pseudo-version's hash in go install builds.
# Says nothing without go or build info.
check_aws_provider_commit() {
  local info commit
  command -v go >/dev/null 2>&1 || return 0
  info="$(go version -m "$1" 2>/dev/null)" || return 0
  grep -q "^\s*path\s*$AWS_PROVIDER_MODULE\s*$" <<<"$info" \
    || die "$1 is not a terraform-provider-aws binary (its Go build info names $(sed -n 's/^\s*path\s*//p' <<<"$info"))"
  commit="$(sed -n 's/^\s*build\s*vcs\.revision=\([0-9a-f]*\).*/\1/p' <<<"$info")"
  [[ -n "$commit" ]] || commit="$(sed -n "s|^\s*mod\s*$AWS_PROVIDER_MODULE\s*v[^[:space:]]*-\([0-9a-f]\{12\}\)\s.*|\1|p" <<<"$info")"
  if [[ -n "$commit" && "$AWS_PROVIDER_COMMIT" != "$commit"* ]]; then
    die "$1 was built from commit $commit, not $AWS_PROVIDER_COMMIT (hashicorp/aws v$AWS_PROVIDER_VERSION): use a v$AWS_PROVIDER_VERSION binary"
  fi
}
