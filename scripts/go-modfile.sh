#!/usr/bin/env bash
# Prints the path of a local copy of DIR/go.mod with replace directives for the modules built
# here: cdktf-prefect's own (dist/go/cdktfprefect) and the upstream modules that the module
# proxy does not serve (jsii-upstream.sh). Use it as `go build -modfile=<path>`, or in
# GOFLAGS="-modfile=<path> -mod=mod" for commands like `go run .`; DIR/go.mod stays what a user
# of the published module writes. The copy (and its go.sum) lives in $TOOLCHAIN/go-modfiles.
#
#   bash scripts/go-modfile.sh DIR      (run package-go.sh first)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/lib-jsii.sh"
dir="$(cd "${1:?usage: go-modfile.sh DIR}" && pwd)"
[[ -f "$dir/go.mod" ]] || die "$dir has no go.mod"
[[ -f "$GO_REPLACES" ]] || die "$GO_REPLACES is missing: run bash scripts/package-go.sh first"
own="$ROOT/dist/go/cdktfprefect"
[[ -f "$own/go.mod" ]] || die "$own is missing: run bash scripts/package-go.sh first"

out="$TOOLCHAIN/go-modfiles/$(echo "${dir#"$ROOT"/}" | tr '/' '-').go.mod"
mkdir -p "$(dirname "$out")"
{
  cat "$dir/go.mod"
  echo
  echo "// written by scripts/go-modfile.sh: modules built in this checkout"
  [[ "$dir" == "$own" ]] || echo "replace $(sed -n 's/^module //p' "$own/go.mod") => $own"
  sed 's/^/replace /' "$GO_REPLACES"
} >"$out"
echo "$out"
