#!/usr/bin/env bash
# `npm run demo`: sets everything up, starts a local Prefect server, deploys
# examples/scheduled-deployment onto it with `cdktf deploy`, and shows what it created.
#
# In a terminal the server stays up until Ctrl-C. Without one (CI, no stdin) the demo checks
# that a re-plan is empty, destroys what it deployed, reads back that nothing is left, stops the
# server and exits. It prints plain progress lines; cdktf's full output goes to .toolchain/state/.
# Where each provider came from is printed at the start (toolchain.sh) and again at the end.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-providers.sh"
cd "$ROOT"
EXAMPLE="$ROOT/examples/scheduled-deployment"
STACK="scheduled-deployment"
SERVER_NAME="demo"
CDKTF="$ROOT/node_modules/.bin/cdktf"

bash "$ROOT/scripts/build.sh"
load_toolchain_env
log "terraform CLI used: $CDKTF_PREFECT_TERRAFORM ($("$CDKTF_PREFECT_TERRAFORM" version | head -n1))"

if ! provider_available prefect; then
  log "synthesizing the example (cdktf synth)"
  (cd "$EXAMPLE" && "$CDKTF" synth --output cdktf.out >/dev/null)
  log "synthesized: $(find "$EXAMPLE/cdktf.out/stacks" -name cdk.tf.json)"
  provider_row prefect
  die "cannot deploy: no $P_SOURCE $P_VERSION provider: $(provider_missing_reason prefect).
  Install it with scripts/install-provider.sh <source checkout of $P_MODULE at v$P_VERSION, or a binary>
  (it goes into $(provider_user_mirror), where Terraform finds it), then run npm run demo again."
fi

interactive=0
[[ -t 0 && -t 1 && -z "${CI:-}" ]] && interactive=1

# Runs a cdktf command in the example. In a terminal, cdktf's own display; without one, its
# output goes to a log and only the progress lines are printed (one per resource and step).
cdktf_in_example() { # log-name cdktf-args...
  local logfile="$STATE_DIR/demo-$1.log"
  shift
  if [[ "$interactive" == 1 ]]; then
    (cd "$EXAMPLE" && "$CDKTF" "$@")
    return
  fi
  local code=0
  (cd "$EXAMPLE" && CI=1 FORCE_COLOR=0 "$CDKTF" "$@") >"$logfile" 2>&1 || code=$?
  sed 's/\x1b\[[0-9;]*m//g; s/^[A-Za-z0-9_-]*  *//' "$logfile" \
    | grep -E '^(Plan:|Apply complete|Destroy complete|No changes|Error|.*: (Creating|Creation complete|Modifying|Modifications complete|Destroying|Destruction complete))' \
    | sed 's/^/  /' >&2 || true
  [[ "$code" == 0 ]] || { tail -n 40 "$logfile" >&2; warn "cdktf $1 failed (full output: $logfile)"; }
  return "$code"
}

destroyed=0
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [[ "$destroyed" == 0 && -n "${PREFECT_API_URL:-}" && -f "$EXAMPLE/terraform.$STACK.tfstate" ]]; then
    log "destroying the example (cdktf destroy)"
    cdktf_in_example destroy destroy --auto-approve --skip-provider-lock || code=1
  fi
  rm -f "$EXAMPLE"/terraform.*.tfstate*
  bash "$ROOT/scripts/prefect-server.sh" stop --name "$SERVER_NAME"
  log "Prefect server stopped"
  log "providers:"
  provider_summary >&2
  exit "$code"
}
trap cleanup EXIT INT TERM

# the server is new every run, so old state would point at objects that do not exist
rm -f "$EXAMPLE"/terraform.*.tfstate*
log "starting a local Prefect server"
PREFECT_API_URL="$(bash "$ROOT/scripts/prefect-server.sh" start --name "$SERVER_NAME" --owner-pid $$)"
export PREFECT_API_URL
source "$STATE_DIR/prefect-server-$SERVER_NAME.env"
log "Prefect server: $PREFECT_API_URL (pid $SERVER_PID)"

log "cdktf deploy (examples/scheduled-deployment)"
cdktf_in_example deploy deploy --auto-approve --skip-provider-lock

log "re-plan after deploy (must be empty)"
(cd "$EXAMPLE/cdktf.out/stacks/$STACK" && bash "$ROOT/scripts/terraform.sh" plan -detailed-exitcode -input=false -no-color -state="$EXAMPLE/terraform.$STACK.tfstate" >/dev/null) \
  && log "no changes" || die "the plan after deploy is not empty"

"$VENV/bin/python" "$ROOT/scripts/show-deployed.py" "$PREFECT_API_URL" "$SERVER_UI_URL"

if [[ "$interactive" == 1 ]]; then
  log "the server keeps running: open $SERVER_UI_URL in a browser. Press Ctrl-C to destroy the example and stop the server."
  while kill -0 "$SERVER_PID" 2>/dev/null; do sleep 1; done
else
  log "no terminal: destroying the example (cdktf destroy)"
  cdktf_in_example destroy destroy --auto-approve --skip-provider-lock
  destroyed=1
  log "reading back what is left on the server (must be nothing)"
  "$VENV/bin/python" "$ROOT/scripts/show-deployed.py" "$PREFECT_API_URL" "$SERVER_UI_URL" --expect-empty \
    || die "the destroy left objects on the server (listed above)"
fi
