#!/usr/bin/env bash
# Installs what the project needs into .toolchain/ (git-ignored). Idempotent:
# a second run only checks that everything is in place.
#
#   terraform CLI      the one on PATH; if none, OpenTofu built from the Go module proxy
#   Prefect provider   prefecthq/prefect 3.4.1 from the Go module proxy (by commit), served
#                      from a project-local filesystem mirror
#   AWS provider       hashicorp/aws 5.100.0 from the machine image's filesystem mirror when
#                      present, else built once from the Go module proxy (by commit) into the
#                      project-local filesystem mirror
#   terraform.rc       our CLI config (TF_CLI_CONFIG_FILE), never the user's
#   Prefect            a virtualenv with an exact prefect pin from PyPI
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$TOOLCHAIN" "$STATE_DIR"

# ---- terraform CLI -----------------------------------------------------------
tf_bin=""
if command -v terraform >/dev/null 2>&1; then
  tf_bin="$(command -v terraform)"
elif [[ -x "$TOOLCHAIN/bin/tofu" ]]; then
  tf_bin="$TOOLCHAIN/bin/tofu"
else
  log "no terraform on PATH: building OpenTofu $OPENTOFU_VERSION from the Go module proxy"
  command -v go >/dev/null 2>&1 || die "neither terraform nor go is installed: install one of them"
  build="$TOOLCHAIN/tofu-build"
  mkdir -p "$build" "$TOOLCHAIN/bin"
  gomod="$(cd "$build" && GOFLAGS=-mod=mod go mod download -json "github.com/opentofu/opentofu@$OPENTOFU_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  [[ -f "$gomod" ]] || die "could not download github.com/opentofu/opentofu@$OPENTOFU_VERSION"
  {
    echo "module local/tofu-build"
    grep -E '^go [0-9]' "$gomod"
    echo "require github.com/opentofu/opentofu $OPENTOFU_VERSION"
    # opentofu's own replace directives (hcl fork) must be repeated in the main module
    grep -E '^replace ' "$gomod" || true
  } > "$build/go.mod"
  (cd "$build" && GOFLAGS=-mod=mod go build -o "$TOOLCHAIN/bin/tofu" github.com/opentofu/opentofu/cmd/tofu) \
    || die "building OpenTofu failed"
  tf_bin="$TOOLCHAIN/bin/tofu"
fi

# ---- Prefect provider ------------------------------------------------------------
if ! prefect_provider_available; then
  mkdir -p "$PREFECT_PROVIDER_DIR"
  if [[ -n "${CDKTF_PREFECT_PROVIDER_BINARY:-}" ]]; then
    # a provider binary you already have (e.g. from the official release zip)
    [[ -x "$CDKTF_PREFECT_PROVIDER_BINARY" ]] || die "CDKTF_PREFECT_PROVIDER_BINARY=$CDKTF_PREFECT_PROVIDER_BINARY is not an executable file"
    install -m 0755 "$CDKTF_PREFECT_PROVIDER_BINARY" "$PREFECT_PROVIDER_BIN"
    log "prefect provider $PREFECT_PROVIDER_VERSION taken from CDKTF_PREFECT_PROVIDER_BINARY"
  elif command -v go >/dev/null 2>&1; then
    log "building prefecthq/prefect $PREFECT_PROVIDER_VERSION with go install (commit $PREFECT_PROVIDER_COMMIT)"
    if GOBIN="$TOOLCHAIN/gobin" GOFLAGS=-mod=mod go install "$PREFECT_PROVIDER_MODULE@$PREFECT_PROVIDER_COMMIT" 2> "$STATE_DIR/provider-install.log"; then
      install -m 0755 "$TOOLCHAIN/gobin/terraform-provider-prefect" "$PREFECT_PROVIDER_BIN"
    else
      warn "the Go module proxy did not serve $PREFECT_PROVIDER_MODULE: $(go_install_error "$STATE_DIR/provider-install.log")"
    fi
  else
    warn "go is not installed: cannot build the Prefect provider"
  fi
  if ! prefect_provider_available; then
    rmdir -p "$PREFECT_PROVIDER_DIR" 2>/dev/null || true
    warn "no Prefect provider binary: bindings come from schema/prefect-$PREFECT_PROVIDER_VERSION.schema.json, and everything that needs the provider (terraform validate of Prefect resources, apply, e2e) is skipped."
    warn "to enable it, set CDKTF_PREFECT_PROVIDER_BINARY to a terraform-provider-prefect v$PREFECT_PROVIDER_VERSION linux_amd64 binary and run again."
  fi
fi

# ---- AWS provider ----------------------------------------------------------------
# The first that applies: a binary you name (CDKTF_PREFECT_AWS_PROVIDER_BINARY, copied into the
# project mirror); one copied or built there before; the machine image's filesystem mirror,
# referenced in place (CDKTF_PREFECT_AWS_MIRROR names another; CDKTF_PREFECT_AWS_BUILD=1
# ignores them); else built once with go install at the v5.100.0 commit into the project mirror.
if [[ -n "${CDKTF_PREFECT_AWS_PROVIDER_BINARY:-}" ]]; then
  [[ -x "$CDKTF_PREFECT_AWS_PROVIDER_BINARY" ]] || die "CDKTF_PREFECT_AWS_PROVIDER_BINARY=$CDKTF_PREFECT_AWS_PROVIDER_BINARY is not an executable file"
  if ! cmp -s "$CDKTF_PREFECT_AWS_PROVIDER_BINARY" "$AWS_PROVIDER_BIN"; then
    check_aws_provider_commit "$CDKTF_PREFECT_AWS_PROVIDER_BINARY"
    mkdir -p "$AWS_PROVIDER_DIR"
    install -m 0755 "$CDKTF_PREFECT_AWS_PROVIDER_BINARY" "$AWS_PROVIDER_BIN.tmp"
    mv "$AWS_PROVIDER_BIN.tmp" "$AWS_PROVIDER_BIN"
    log "aws provider $AWS_PROVIDER_VERSION taken from CDKTF_PREFECT_AWS_PROVIDER_BINARY"
  fi
fi
aws_mirror=""
if aws_provider_built; then
  aws_mirror="$MIRROR"
elif [[ -z "${CDKTF_PREFECT_AWS_BUILD:-}" ]]; then
  for candidate in "${CDKTF_PREFECT_AWS_MIRROR:-}" /opt/tf-plugins /usr/share/terraform/plugins /usr/local/share/terraform/plugins; do
    if [[ -n "$candidate" && "$candidate" != "$MIRROR" && -d "$candidate/registry.terraform.io/hashicorp/aws/$AWS_PROVIDER_VERSION" ]]; then
      aws_mirror="$candidate"
      break
    fi
  done
fi
if [[ -z "$aws_mirror" ]]; then
  if command -v go >/dev/null 2>&1; then
    log "building hashicorp/aws $AWS_PROVIDER_VERSION with go install (commit $AWS_PROVIDER_COMMIT): a large build, 10 to 30 minutes, once"
    started=$(date +%s)
    # the release's build flags: static, -trimpath, no symbol table or DWARF
    if GOBIN="$TOOLCHAIN/gobin" GOFLAGS="-mod=mod -trimpath" CGO_ENABLED=0 nice -n 10 \
      go install -ldflags="-s -w" "$AWS_PROVIDER_MODULE@$AWS_PROVIDER_COMMIT" 2> "$STATE_DIR/aws-provider-install.log"; then
      check_aws_provider_commit "$TOOLCHAIN/gobin/terraform-provider-aws"
      mkdir -p "$AWS_PROVIDER_DIR"
      mv "$TOOLCHAIN/gobin/terraform-provider-aws" "$AWS_PROVIDER_BIN"
      aws_mirror="$MIRROR"
      log "built hashicorp/aws $AWS_PROVIDER_VERSION in $(( $(date +%s) - started ))s ($(du -m "$AWS_PROVIDER_BIN" | cut -f1) MB)"
    else
      warn "could not build $AWS_PROVIDER_MODULE@$AWS_PROVIDER_COMMIT: $(go_install_error "$STATE_DIR/aws-provider-install.log")"
    fi
  else
    warn "go is not installed: cannot build the AWS provider"
  fi
  if [[ -z "$aws_mirror" ]]; then
    warn "no hashicorp/aws $AWS_PROVIDER_VERSION provider: terraform validate of the AWS patterns and their e2e tests are skipped."
    warn "to enable them, set CDKTF_PREFECT_AWS_PROVIDER_BINARY to a terraform-provider-aws v$AWS_PROVIDER_VERSION linux_amd64 binary (or CDKTF_PREFECT_AWS_MIRROR to a filesystem mirror holding one) and run again."
  fi
fi

# ---- terraform.rc ------------------------------------------------------------------
{
  echo "# written by scripts/toolchain.sh: providers come only from local filesystem mirrors"
  echo "provider_installation {"
  echo "  filesystem_mirror {"
  echo "    path    = \"$MIRROR\""
  if [[ "$aws_mirror" == "$MIRROR" ]]; then
    echo "    include = [\"registry.terraform.io/prefecthq/prefect\", \"registry.terraform.io/hashicorp/aws\"]"
  else
    echo "    include = [\"registry.terraform.io/prefecthq/prefect\"]"
  fi
  echo "  }"
  if [[ -n "$aws_mirror" && "$aws_mirror" != "$MIRROR" ]]; then
    echo "  filesystem_mirror {"
    echo "    path    = \"$aws_mirror\""
    echo "    include = [\"registry.terraform.io/hashicorp/aws\"]"
    echo "  }"
  fi
  echo "}"
} > "$TFRC.tmp"
mv "$TFRC.tmp" "$TFRC"
mkdir -p "$MIRROR"

# ---- Prefect virtualenv --------------------------------------------------------------
if [[ -z "${SKIP_PREFECT_VENV:-}" ]]; then
venv_stamp="$PREFECT_VERSION $(sha256sum "$ROOT/scripts/prefect-constraints.txt" | cut -c1-16)"
if [[ "$(cat "$VENV/.cdktf-prefect-stamp" 2>/dev/null || true)" != "$venv_stamp" ]]; then
  log "installing prefect==$PREFECT_VERSION into $VENV"
  command -v python3 >/dev/null 2>&1 || die "python3 is required for the local Prefect server"
  [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -c "$ROOT/scripts/prefect-constraints.txt" "prefect==$PREFECT_VERSION" \
    || die "pip could not install prefect==$PREFECT_VERSION"
  echo "$venv_stamp" > "$VENV/.cdktf-prefect-stamp"
fi
fi

# ---- env.sh ------------------------------------------------------------------------
tf_name="terraform"
[[ "$(basename "$tf_bin")" == tofu ]] && tf_name="$tf_bin"
cat > "$TOOLCHAIN/env.sh" <<ENV
# written by scripts/toolchain.sh
export TF_CLI_CONFIG_FILE="$TFRC"
export TERRAFORM_BINARY_NAME="$tf_name"
export CDKTF_PREFECT_TERRAFORM="$tf_bin"
export CDKTF_PREFECT_PROVIDER_AVAILABLE="$(prefect_provider_available && echo 1 || echo 0)"
export CDKTF_PREFECT_AWS_MIRROR="$aws_mirror"
export CDKTF_PREFECT_AWS_PROVIDER_AVAILABLE="$([[ -n "$aws_mirror" ]] && echo 1 || echo 0)"
export CDKTF_PREFECT_VENV="$VENV"
ENV

log "terraform CLI: $tf_bin ($("$tf_bin" version | head -n1))"
log "prefect provider $PREFECT_PROVIDER_VERSION: $(prefect_provider_available && echo "$PREFECT_PROVIDER_BIN" || echo 'not available')"
log "aws provider $AWS_PROVIDER_VERSION: ${aws_mirror:-not available}"
[[ -n "${SKIP_PREFECT_VENV:-}" ]] || log "prefect: $("$VENV/bin/prefect" --version 2>/dev/null) in $VENV"
