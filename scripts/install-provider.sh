#!/usr/bin/env bash
# Installs a Terraform provider the project pins (scripts/providers.tsv) into your implied local
# mirror, ~/.terraform.d/plugins, where Terraform, `npm test`, `npm run demo` and CI find it with
# no env var set.
#
#   scripts/install-provider.sh <source-dir>   builds a source checkout of the provider with go build
#   scripts/install-provider.sh <binary>       takes a binary you have (e.g. from the release zip)
#
# options:
#   --name NAME     the provider (prefect, aws, null, helm, ...); by default read from the source's
#                   go.mod or from the binary's name (terraform-provider-<type>[_v<version>])
#   --mirror DIR    another mirror directory (default: $HOME/.terraform.d/plugins, or
#                   CDKTF_PREFECT_PLUGIN_DIR)
#   --force         take a source checkout (or a binary) built at another commit than the pinned one
#
# A source checkout must be at the pinned release commit (git HEAD), and a binary's Go build info
# must name the provider's module (and that commit, where it records one). The build happens in
# the source directory you give; nothing is written into this repository.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-providers.sh"

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

src="" name="" mirror="" force=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --name) name="${2:?--name needs a value}"; shift 2 ;;
    --mirror) mirror="${2:?--mirror needs a value}"; shift 2 ;;
    --force) force=1; PROVIDER_ANY_COMMIT=1; shift ;;
    -h | --help) usage ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [[ -z "$src" ]] || die "one source directory or binary at a time"; src="$1"; shift ;;
  esac
done
[[ -n "$src" ]] || usage
[[ -e "$src" ]] || die "$src does not exist"
src="$(cd "$(dirname "$src")" && pwd)/$(basename "$src")"
mirror="${mirror:-$(provider_user_mirror)}"

if [[ -d "$src" ]]; then
  [[ -f "$src/go.mod" ]] || die "$src has no go.mod: give the root of a provider's source checkout"
  module="$(sed -n 's/^module[[:space:]]*//p' "$src/go.mod" | head -n1)"
  if [[ -z "$name" ]]; then
    name="$(provider_for_module "$module")"
    [[ -n "$name" ]] || die "$src is the Go module $module, which is no provider in scripts/providers.tsv"
  fi
  provider_row "$name"
  [[ "$module" == "$P_MODULE" ]] || die "$src is the Go module $module, not $P_MODULE ($P_SOURCE)"
  if [[ -n "$P_COMMIT" ]]; then
    head="$(git -C "$src" rev-parse HEAD 2>/dev/null || true)"
    if [[ "$head" != "$P_COMMIT" && "$force" != 1 ]]; then
      die "$src is at commit ${head:-unknown (not a git checkout)}, not $P_COMMIT (v$P_VERSION): run git -C $src checkout $P_COMMIT, or pass --force"
    fi
  fi
  command -v go >/dev/null 2>&1 || die "go is needed to build $src"
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
  log "building $P_SOURCE $P_VERSION from $src (go build)"
  started=$(date +%s)
  # the release's build flags: static, -trimpath, version stamped as goreleaser does
  (cd "$src" && CGO_ENABLED=0 GOFLAGS="-mod=mod" nice -n 10 go build -trimpath -buildvcs=auto \
    -ldflags="-s -w -X main.version=$P_VERSION -X main.Version=$P_VERSION -X main.commit=${P_COMMIT:-unknown}" \
    -o "$out/terraform-provider-$P_TYPE" .) || die "go build failed in $src"
  log "built in $(( $(date +%s) - started ))s"
  bin="$out/terraform-provider-$P_TYPE"
else
  if [[ -z "$name" ]]; then
    base="$(basename "$src")"
    type="${base#terraform-provider-}"
    type="${type%%_*}"
    [[ "$base" == terraform-provider-* ]] && name="$(provider_for_type "$type")"
    [[ -n "$name" ]] || die "cannot tell which provider $src is from its name: pass --name (one of $(provider_names | tr '\n' ' '))"
  fi
  provider_row "$name"
  bin="$src"
fi

provider_check_binary "$bin"
dest="$(provider_install_binary "$bin" "$mirror")"
log "installed $P_SOURCE $P_VERSION: $dest"
