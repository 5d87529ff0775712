#!/usr/bin/env bash
# Installs what the project needs into .toolchain/ (git-ignored). Idempotent:
# a second run only checks that everything is in place.
#
#   terraform CLI      the one on PATH; if none, OpenTofu built from the Go module proxy
#   providers          each one in scripts/providers.tsv, found the way Terraform finds it
#                      (scripts/lib-providers.sh); the report goes to .toolchain/providers.tsv
#   terraform.rc       our CLI config (TF_CLI_CONFIG_FILE), never the user's: a filesystem_mirror
#                      block per mirror that has a pinned provider, and `direct` for the rest
#   Prefect            a virtualenv with an exact prefect pin from PyPI
#   image tools        buildah and docker-registry from Debian packages, for the image e2e (scripts/image-tools.sh)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-providers.sh"
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

# ---- providers ------------------------------------------------------------------------
# For each provider in scripts/providers.tsv, the first source that has it (scripts/lib-providers.sh):
# an explicit binary, Terraform's implied local mirrors, the machine image's mirror, the registry
# (`direct`), a Go module proxy build. What was found, and why anything is missing, goes into
# $PROVIDERS_REPORT, which `npm test` and `npm run demo` print.
mirror_dirs=()      # filesystem mirrors for terraform.rc, in lookup order
mirror_includes=()  # the providers each one serves (same index)
direct_excludes=()  # everything a mirror serves: never asked of the registry
add_mirror() { # dir provider-address
  local i
  for i in "${!mirror_dirs[@]}"; do
    if [[ "${mirror_dirs[$i]}" == "$1" ]]; then mirror_includes[$i]+=" \"$2\""; return 0; fi
  done
  mirror_dirs+=("$1"); mirror_includes+=("\"$2\"")
}
go_build_allowed() {
  [[ "$P_PROXY" == yes || "${CDKTF_PREFECT_GO_BUILD:-}" == 1 || " ${CDKTF_PREFECT_GO_BUILD:-} " == *" $P_NAME "* ]]
}

mkdir -p "$MIRROR"
report="$PROVIDERS_REPORT.tmp"
printf '# name\tsource\tversion\tstatus\twhere\treason\tlooked in\tused by the suite\n' > "$report"
for name in $(provider_names); do
  provider_row "$name"
  address="$REGISTRY_HOST/$P_SOURCE"
  var="$(provider_env_var "$name")"
  status="" where="" reason="" looked=()
  if [[ -n "${!var:-}" ]]; then
    provider_check_binary "${!var}"
    provider_install_binary "${!var}" "$MIRROR" >/dev/null
    status=mirror where="$var=${!var} (copied into $MIRROR)"
    add_mirror "$MIRROR" "$address"
  else
    # the project mirror holds only what an env var names in this run
    rm -rf "${MIRROR:?}/$address"
    while IFS= read -r dir; do
      looked+=("$dir")
      if provider_in_mirror "$dir"; then status=mirror where="implied local mirror $dir"; add_mirror "$dir" "$address"; break; fi
    done < <(provider_implied_mirrors)
    if [[ -z "$status" && -n "$IMAGE_MIRROR" ]]; then
      looked+=("$IMAGE_MIRROR")
      if provider_in_mirror "$IMAGE_MIRROR"; then status=mirror where="machine image's mirror $IMAGE_MIRROR"; add_mirror "$IMAGE_MIRROR" "$address"; fi
    fi
  fi
  if [[ -z "$status" ]]; then
    registry_probe
    if [[ -z "$REGISTRY_ERROR" ]]; then
      status=registry where="the registry ($REGISTRY_HOST): terraform init downloads it"
    elif go_build_allowed && command -v go >/dev/null 2>&1 && [[ -n "$P_COMMIT" ]]; then
      log "building $P_SOURCE $P_VERSION with go install ($P_MODULE@$P_COMMIT)"
      gobin="$TOOLCHAIN/gobin-$name"
      rm -rf "$gobin"
      if GOBIN="$gobin" GOFLAGS="-mod=mod -trimpath" CGO_ENABLED=0 nice -n 10 \
        go install -ldflags="-s -w -X main.version=$P_VERSION -X main.Version=$P_VERSION" "$P_MODULE@$P_COMMIT" 2> "$STATE_DIR/go-build-$name.log"; then
        user_mirror="$(provider_user_mirror)"
        provider_check_binary "$gobin/terraform-provider-$P_TYPE"
        provider_install_binary "$gobin/terraform-provider-$P_TYPE" "$user_mirror" >/dev/null
        status=mirror where="built with go install into the implied local mirror $user_mirror"
        add_mirror "$user_mirror" "$address"
      else
        reason="the Go module proxy did not build $P_MODULE@$P_COMMIT: $(go_install_error "$STATE_DIR/go-build-$name.log"); "
      fi
      rm -rf "$gobin"
    fi
  fi
  if [[ -z "$status" ]]; then
    status=missing
    reason="${reason}in no local mirror, and the registry is unreachable ($REGISTRY_ERROR)"
  fi
  [[ "$status" == mirror ]] && direct_excludes+=("\"$address\"")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$P_SOURCE" "$P_VERSION" "$status" "$where" "$reason" "${looked[*]:-}" "$P_USED" >> "$report"
done
mv "$report" "$PROVIDERS_REPORT"

# ---- terraform.rc ------------------------------------------------------------------
{
  echo "# written by scripts/toolchain.sh: each pinned provider from the first mirror that has it"
  echo "# (see $PROVIDERS_REPORT), everything else from the registry"
  echo "provider_installation {"
  for i in "${!mirror_dirs[@]}"; do
    echo "  filesystem_mirror {"
    echo "    path    = \"${mirror_dirs[$i]}\""
    echo "    include = [$(sed 's/" "/", "/g' <<<"${mirror_includes[$i]}")]"
    echo "  }"
  done
  echo "  direct {"
  if [[ ${#direct_excludes[@]} -gt 0 ]]; then
    echo "    exclude = [$(IFS=,; sed 's/,/, /g' <<<"${direct_excludes[*]}")]"
  fi
  echo "  }"
  echo "}"
} > "$TFRC.tmp"
mv "$TFRC.tmp" "$TFRC"

# ---- Prefect virtualenv --------------------------------------------------------------
if [[ -z "${SKIP_PREFECT_VENV:-}" ]]; then
venv_stamp="$PREFECT_VERSION prefect-docker $PREFECT_DOCKER_VERSION $(sha256sum "$ROOT/scripts/prefect-constraints.txt" | cut -c1-16)"
if [[ "$(cat "$VENV/.cdktf-prefect-stamp" 2>/dev/null || true)" != "$venv_stamp" ]]; then
  log "installing prefect==$PREFECT_VERSION and prefect-docker==$PREFECT_DOCKER_VERSION into $VENV"
  command -v python3 >/dev/null 2>&1 || die "python3 is required for the local Prefect server"
  [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
  # in one command, so that prefect-docker cannot move prefect off its pin
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -c "$ROOT/scripts/prefect-constraints.txt" "prefect==$PREFECT_VERSION" "prefect-docker==$PREFECT_DOCKER_VERSION" \
    || die "pip could not install prefect==$PREFECT_VERSION prefect-docker==$PREFECT_DOCKER_VERSION"
  echo "$venv_stamp" > "$VENV/.cdktf-prefect-stamp"
fi
fi

# ---- image tools (buildah, docker-registry) for the DeploymentImage e2e test ------------------
# Unpacked from Debian's packages without root (scripts/image-tools.sh); when they cannot be had,
# the toolchain goes on and that test skips with the reason.
if [[ -z "${SKIP_PREFECT_VENV:-}${SKIP_IMAGE_TOOLS:-}" ]]; then
  bash "$ROOT/scripts/image-tools.sh" install || warn "image tools: $(cat "$TOOLCHAIN/image-tools/status" 2>/dev/null || echo 'not installed'); the DeploymentImage e2e test skips"
fi

# ---- env.sh ------------------------------------------------------------------------
tf_name="terraform"
[[ "$(basename "$tf_bin")" == tofu ]] && tf_name="$tf_bin"
cat > "$TOOLCHAIN/env.sh" <<ENV
# written by scripts/toolchain.sh
export TF_CLI_CONFIG_FILE="$TFRC"
export TERRAFORM_BINARY_NAME="$tf_name"
export CDKTF_PREFECT_TERRAFORM="$tf_bin"
export TF_REGISTRY_CLIENT_TIMEOUT="$TF_REGISTRY_CLIENT_TIMEOUT"
export TF_REGISTRY_DISCOVERY_RETRY="$TF_REGISTRY_DISCOVERY_RETRY"
export CDKTF_PREFECT_PROVIDERS_REPORT="$PROVIDERS_REPORT"
export CDKTF_PREFECT_VENV="$VENV"
ENV

log "terraform CLI: $tf_bin ($("$tf_bin" version | head -n1))"
log "providers (scripts/providers.tsv; install a missing one with scripts/install-provider.sh):"
provider_summary >&2
[[ -n "${SKIP_PREFECT_VENV:-}" ]] || log "prefect: $("$VENV/bin/prefect" --version 2>/dev/null) in $VENV"
