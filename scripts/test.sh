#!/usr/bin/env bash
# `npm test`: the whole suite, from a fresh clone. Installs what is missing and builds the library
# (scripts/build.sh), lints (eslint: the import graph's layering rules in .projenrc.ts; an error
# fails the run before any test), then runs both jest projects:
#   unit  synthesized JSON, validation errors, terraform validate, import cost, packages
#   e2e   a real local Prefect server; the Terraform lifecycle tests need the providers
# It prints where each provider came from at the start (toolchain.sh) and again at the end, with
# every suite that skipped tests and why (test/support/summary-reporter.js).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-providers.sh"
cd "$ROOT"
start=$(date +%s)

bash "$ROOT/scripts/build.sh"

log "linting (eslint, rules in .projenrc.ts)"
npx projen eslint

export CDKTF_PREFECT_TEST_SUMMARY="$STATE_DIR/test-summary.txt"
rm -f "$CDKTF_PREFECT_TEST_SUMMARY"
log "running jest (unit + e2e)"
code=0
npx jest --ci --passWithNoTests "$@" || code=$?

echo
log "providers:"
provider_summary >&2
log "npm test finished in $(( $(date +%s) - start ))s (jest exit code $code)"
if [[ -f "$CDKTF_PREFECT_TEST_SUMMARY" ]]; then
  cat "$CDKTF_PREFECT_TEST_SUMMARY"
else
  echo "jest wrote no summary ($CDKTF_PREFECT_TEST_SUMMARY)"
fi
exit "$code"
