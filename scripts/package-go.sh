#!/usr/bin/env bash
# Builds the Go module of cdktf-prefect, github.com/cdktf-prefect/cdktf-prefect-go/cdktfprefect,
# into dist/go/cdktfprefect with jsii-pacmak, and compiles every package of it.
#
# The code is generated with --code-only; jsii-upstream.sh checks that the module proxy serves
# every upstream module (cdktf, constructs: it does, asked for their exact versions) and would
# generate one it lacks; the module is compiled (`go build ./...`, what pacmak's build does) with
# any replace directives in a local modfile outside dist/ (scripts/go-modfile.sh): dist/go holds
# exactly what would be published.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/lib-jsii.sh"
cd "$ROOT"
require_built_library
require_go
start=$(date +%s)

if package_fresh go && [[ -f "$GO_REPLACES" ]]; then
  log "package go: dist/go is up to date"
  exit 0
fi
log "package go: jsii-pacmak --target go --code-only"
rm -rf dist/go
"$PACMAK" --target go --code-only --outdir dist --force-subdirectory --no-npmignore --no-fingerprint
bash "$ROOT/scripts/jsii-upstream.sh" go

log "package go: go build ./... (every package of the module)"
modfile="$(bash "$ROOT/scripts/go-modfile.sh" dist/go/cdktfprefect)"
(cd dist/go/cdktfprefect && go build -modfile="$modfile" -mod=mod ./...) || die "the generated Go module does not compile"
package_built go
log "package go: dist/go/cdktfprefect built in $(($(date +%s) - start))s"
