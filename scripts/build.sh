#!/usr/bin/env bash
# Everything a fresh clone needs before any npm script can run: node modules, the toolchain
# (terraform CLI config, providers, Prefect virtualenv), the bindings and the compiled library.
# Each step checks what is already in place, so a second run takes seconds.
#
#   bash scripts/build.sh            (npm test, npm run demo, bench, package and docs:python start with it)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash "$ROOT/scripts/install-deps.sh"
bash "$ROOT/scripts/toolchain.sh"
log "building the library (bindings, jsii, lazy exports, API.md)"
npx projen pre-compile >/dev/null
npx projen compile
npx projen post-compile >/dev/null
