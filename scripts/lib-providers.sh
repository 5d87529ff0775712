# Terraform providers: the pinned table (scripts/providers.tsv), where Terraform itself looks for
# them, and how a binary is checked and installed. Source it after lib.sh; do not run it.
#
# Lookup order, for each provider (scripts/toolchain.sh):
#   1. an explicit binary: CDKTF_PREFECT_<NAME>_PROVIDER_BINARY (prefect: CDKTF_PREFECT_PROVIDER_BINARY)
#   2. Terraform's implied local mirror directories (provider_implied_mirrors)
#   3. the machine image's filesystem mirror (CDKTF_PREFECT_IMAGE_MIRROR, default /opt/tf-plugins)
#   4. the registry, through the CLI config's `direct {}` block, for whatever no mirror has
#   5. a Go module proxy build, only where providers.tsv says the proxy serves the module
#      (CDKTF_PREFECT_GO_BUILD=1 tries the others too), installed into the implied local mirror

PROVIDERS_TABLE="$ROOT/scripts/providers.tsv"
PROVIDERS_REPORT="$TOOLCHAIN/providers.tsv"
REGISTRY_HOST="registry.terraform.io"
IMAGE_MIRROR="${CDKTF_PREFECT_IMAGE_MIRROR-/opt/tf-plugins}"
# Terraform's registry client: no long waits when the registry cannot be reached
export TF_REGISTRY_CLIENT_TIMEOUT="${TF_REGISTRY_CLIENT_TIMEOUT:-15}"
export TF_REGISTRY_DISCOVERY_RETRY="${TF_REGISTRY_DISCOVERY_RETRY:-1}"

provider_names() { awk -F'\t' '!/^#/ && NF { print $1 }' "$PROVIDERS_TABLE"; }

# Sets P_NAME P_SOURCE P_TYPE P_VERSION P_MODULE P_COMMIT P_PROXY P_USED for one provider.
provider_row() {
  local row
  row="$(awk -F'\t' -v n="$1" '!/^#/ && $1 == n' "$PROVIDERS_TABLE")"
  [[ -n "$row" ]] || die "unknown provider '$1': scripts/providers.tsv lists $(provider_names | tr '\n' ' ')"
  IFS=$'\t' read -r P_NAME P_SOURCE P_VERSION P_MODULE P_COMMIT P_PROXY P_USED <<<"$row"
  P_TYPE="${P_SOURCE#*/}"
  [[ "$P_COMMIT" != "-" ]] || P_COMMIT=""
}

# The provider whose Go module path (or binary name terraform-provider-<type>) this is.
provider_for_module() { awk -F'\t' -v m="$1" '!/^#/ && NF && $4 == m { print $1 }' "$PROVIDERS_TABLE"; }
provider_for_type() { awk -F'\t' -v t="$1" '!/^#/ && NF { split($2, s, "/"); if (s[2] == t) print $1 }' "$PROVIDERS_TABLE"; }

provider_env_var() {
  if [[ "$1" == prefect ]]; then echo CDKTF_PREFECT_PROVIDER_BINARY; else echo "CDKTF_PREFECT_$(tr '[:lower:]' '[:upper:]' <<<"$1")_PROVIDER_BINARY"; fi
}

provider_platform() {
  local os arch
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch="$(uname -m)" ;;
  esac
  echo "${os}_${arch}"
}
PROVIDER_PLATFORM="$(provider_platform)"

# Terraform's implied local mirror directories on Unix, in the order Terraform documents them
# (its CLI configuration docs, "Implied Local Mirror Directories"). The current directory's
# terraform.d/plugins is left out: it differs for every working directory.
provider_implied_mirrors() {
  local dirs xdg
  echo "$HOME/.terraform.d/plugins"
  echo "${XDG_DATA_HOME:-$HOME/.local/share}/terraform/plugins"
  IFS=: read -r -a dirs <<<"${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
  for xdg in "${dirs[@]}"; do [[ -n "$xdg" ]] && echo "$xdg/terraform/plugins"; done
}

# Where the implied local mirror that install-provider.sh writes to is: the first one above.
provider_user_mirror() { echo "${CDKTF_PREFECT_PLUGIN_DIR:-$HOME/.terraform.d/plugins}"; }

# The unpacked path of the current provider's binary in a mirror directory.
provider_path_in() { echo "$1/$REGISTRY_HOST/$P_SOURCE/$P_VERSION/$PROVIDER_PLATFORM/terraform-provider-${P_TYPE}_v$P_VERSION"; }

# True when a filesystem mirror directory holds the current provider at its pinned version, in
# either of Terraform's layouts (unpacked directory with an executable, or packed zip).
provider_in_mirror() {
  local dir="$1" f
  [[ -d "$dir/$REGISTRY_HOST/$P_SOURCE" ]] || return 1
  for f in "$dir/$REGISTRY_HOST/$P_SOURCE/$P_VERSION/$PROVIDER_PLATFORM"/terraform-provider-"$P_TYPE"*; do
    [[ -f "$f" && -x "$f" ]] && return 0
  done
  [[ -f "$dir/$REGISTRY_HOST/$P_SOURCE/terraform-provider-${P_TYPE}_${P_VERSION}_${PROVIDER_PLATFORM}.zip" ]]
}

# Refuses a binary whose Go build info names another program, or another commit than the pinned
# one (vcs.revision in release builds; the pseudo-version's hash in `go install` builds). Says
# nothing for a binary without build info, or when go is not installed.
provider_check_binary() {
  local bin="$1" info path commit
  [[ -f "$bin" && -x "$bin" ]] || die "$bin is not an executable file"
  command -v go >/dev/null 2>&1 || return 0
  info="$(go version -m "$bin" 2>/dev/null)" || return 0
  path="$(sed -n 's/^\s*path\s*//p' <<<"$info" | head -n1)"
  [[ "$path" == "$P_MODULE" ]] || die "$bin is not a build of $P_SOURCE: its Go build info names $path, not $P_MODULE"
  [[ -n "$P_COMMIT" ]] || return 0
  commit="$(sed -n 's/^\s*build\s*vcs\.revision=\([0-9a-f]*\).*/\1/p' <<<"$info")"
  [[ -n "$commit" ]] || commit="$(sed -n "s|^\s*mod\s*$P_MODULE\s*v[^[:space:]]*-\([0-9a-f]\{12\}\)\s.*|\1|p" <<<"$info")"
  if [[ -n "$commit" && "$P_COMMIT" != "$commit"* ]]; then
    if [[ -n "${PROVIDER_ANY_COMMIT:-}" ]]; then
      warn "$bin was built from commit $commit, not the pinned $P_COMMIT ($P_SOURCE v$P_VERSION): taken because of --force"
      return 0
    fi
    die "$bin was built from commit $commit, not $P_COMMIT ($P_SOURCE v$P_VERSION): use a v$P_VERSION build"
  fi
}

# Copies a checked binary into a mirror directory (unpacked layout), atomically; nothing when
# the same file is there already. Prints the installed path.
provider_install_binary() {
  local bin="$1" mirror="$2" dest
  dest="$(provider_path_in "$mirror")"
  if ! cmp -s "$bin" "$dest" 2>/dev/null; then
    mkdir -p "$(dirname "$dest")"
    install -m 0755 "$bin" "$dest.tmp.$$"
    mv "$dest.tmp.$$" "$dest"
  fi
  echo "$dest"
}

# Whether the registry answers, asked once per run: sets REGISTRY_ERROR ("" when it answers).
# Bounded by a short timeout, so an unreachable registry costs seconds, never a hang.
registry_probe() {
  [[ -n "${REGISTRY_PROBED:-}" ]] && return 0
  REGISTRY_PROBED=1
  if REGISTRY_ERROR="$(curl -fsS -o /dev/null --connect-timeout 5 -m 10 "https://$REGISTRY_HOST/.well-known/terraform.json" 2>&1)"; then
    REGISTRY_ERROR=""
  else
    REGISTRY_ERROR="$(tail -n1 <<<"${REGISTRY_ERROR:-no answer}")"
  fi
}

# Prints the report that toolchain.sh wrote, one line per provider.
provider_summary() {
  [[ -f "$PROVIDERS_REPORT" ]] || { echo "  (no provider report: run scripts/toolchain.sh)"; return 0; }
  awk -F'\t' '!/^#/ && NF {
    label = sprintf("%s %s", $2, $3)
    if ($4 != "missing") printf "  %-28s %s\n", label, $5
    else if ($8 == "yes") printf "  %-28s MISSING, lifecycle tests that need it are skipped: %s\n", label, $6
    else printf "  %-28s not installed (not used by the suite yet): %s\n", label, $6
    if ($4 == "missing") missing++
  } END {
    if (missing) printf "  looked in: %s\n  to install one: scripts/install-provider.sh <source checkout at the pinned release, or a binary> (README, \"Providers\")\n", looked
  } $4 == "missing" { looked = $7 }' "$PROVIDERS_REPORT"
}

# True when the last toolchain run found the provider (in a mirror, or the registry will serve it).
provider_available() {
  [[ -f "$PROVIDERS_REPORT" ]] && awk -F'\t' -v n="$1" '$1 == n && $4 != "missing" { found = 1 } END { exit !found }' "$PROVIDERS_REPORT"
}
# Why it is missing (empty when it is not).
provider_missing_reason() { [[ -f "$PROVIDERS_REPORT" ]] && awk -F'\t' -v n="$1" '$1 == n && $4 == "missing" { print $6 }' "$PROVIDERS_REPORT"; }
