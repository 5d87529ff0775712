#!/usr/bin/env bash
# `npm test`: the whole suite, from a fresh clone. Installs what is missing (node modules,
# toolchain, bindings), builds the library with jsii, then runs both jest projects:
#   unit  synthesized JSON, validation errors, terraform validate, import cost
#   e2e   a real local Prefect server; the Terraform lifecycle tests need the provider binary
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
start=$(date +%s)

bash "$ROOT/scripts/install-deps.sh"
bash "$ROOT/scripts/toolchain.sh"
log "building the library (bindings, jsii, lazy exports, API.md)"
npx projen pre-compile >/dev/null
npx projen compile
npx projen post-compile >/dev/null

log "running jest (unit + e2e)"
npx jest --ci --passWithNoTests "$@"
log "npm test finished in $(( $(date +%s) - start ))s"
