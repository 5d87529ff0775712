#!/usr/bin/env bash
# `npm test`: the whole suite, from a fresh clone. Installs what is missing and builds the library
# (scripts/build.sh), lints (eslint: the import graph's layering rules in .projenrc.ts; an error
# fails the run before any test), then runs both jest projects:
#   unit  synthesized JSON, validation errors, terraform validate, import cost, packages
#   e2e   a real local Prefect server; the Terraform lifecycle tests need the providers
# With no arguments the two projects run side by side (two jest processes); with arguments, one
# jest run takes them as given (e.g. `npm test -- test/deployments --selectProjects unit`).
# It prints where each provider came from at the start (toolchain.sh) and again at the end, with
# every suite that skipped tests and why (test/support/summary-reporter.js).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-providers.sh"
cd "$ROOT"
start=$(date +%s)

bash "$ROOT/scripts/build.sh"

log "linting (eslint, rules in .projenrc.ts)"
npx projen eslint

summary="$STATE_DIR/test-summary.txt"
rm -f "$summary" "$STATE_DIR"/test-summary-*.txt
code=0
if [[ $# -gt 0 ]]; then
  # arguments (a path, -t, --selectProjects ...): one jest run, as given
  log "running jest $*"
  CDKTF_PREFECT_TEST_SUMMARY="$summary" npx jest --ci --passWithNoTests "$@" || code=$?
else
  # The e2e project spends most of its time waiting on Terraform, Prefect and moto, one suite
  # at a time against one server; the unit project is CPU work. So the two run side by side, as
  # two jest processes with one worker each: e2e in the foreground, unit into a log printed
  # when both are done (its failures are in that log and in the summary).
  unit_log="$STATE_DIR/jest-unit.log"
  log "running jest: e2e here, unit alongside (its output: $unit_log, printed at the end)"
  CDKTF_PREFECT_TEST_SUMMARY="$STATE_DIR/test-summary-unit.txt" JEST_JUNIT_OUTPUT_NAME=junit-unit.xml \
    npx jest --ci --passWithNoTests --selectProjects unit >"$unit_log" 2>&1 &
  unit_pid=$!
  trap 'kill "$unit_pid" 2>/dev/null || true' EXIT
  CDKTF_PREFECT_TEST_SUMMARY="$STATE_DIR/test-summary-e2e.txt" JEST_JUNIT_OUTPUT_NAME=junit-e2e.xml \
    npx jest --ci --passWithNoTests --selectProjects e2e || code=$?
  unit_code=0
  wait "$unit_pid" || unit_code=$?
  echo
  log "unit project (exit code $unit_code):"
  cat "$unit_log"
  [[ "$code" != 0 ]] || code=$unit_code
  for part in unit e2e; do
    f="$STATE_DIR/test-summary-$part.txt"
    if [[ -f "$f" ]]; then { echo "[$part]"; cat "$f"; } >>"$summary"; else echo "[$part] jest wrote no summary" >>"$summary"; fi
  done
fi

echo
log "providers:"
provider_summary >&2
log "npm test finished in $(( $(date +%s) - start ))s (jest exit code $code)"
if [[ -f "$summary" ]]; then
  cat "$summary"
else
  echo "jest wrote no summary ($summary)"
fi
exit "$code"
