#!/usr/bin/env bash
# `npm run demo`: sets everything up, starts a local Prefect server, deploys
# examples/scheduled-deployment onto it with `cdktf deploy`, and shows what it created.
#
# In a terminal the server stays up until Ctrl-C. Without one (CI, no stdin) the demo
# checks that a re-plan is empty, destroys what it deployed, stops the server and exits.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
EXAMPLE="$ROOT/examples/scheduled-deployment"
SERVER_NAME="demo"

bash "$ROOT/scripts/install-deps.sh"
bash "$ROOT/scripts/toolchain.sh"
load_toolchain_env
log "building the library"
npx projen pre-compile >/dev/null
npx projen compile >/dev/null
npx projen post-compile >/dev/null

log "terraform CLI used: $CDKTF_PREFECT_TERRAFORM ($("$CDKTF_PREFECT_TERRAFORM" version | head -n1))"

if ! prefect_provider_available; then
  log "synthesizing the example (cdktf synth)"
  (cd "$EXAMPLE" && "$ROOT/node_modules/.bin/cdktf" synth --output cdktf.out >/dev/null)
  log "synthesized: $(find "$EXAMPLE/cdktf.out/stacks" -name cdk.tf.json)"
  die "cannot deploy: the prefecthq/prefect $PREFECT_PROVIDER_VERSION provider binary is not available.
  The Go module proxy refused $PREFECT_PROVIDER_MODULE (see .toolchain/state/provider-install.log).
  Set CDKTF_PREFECT_PROVIDER_BINARY to a terraform-provider-prefect v$PREFECT_PROVIDER_VERSION linux_amd64 binary and run npm run demo again."
fi

interactive=0
[[ -t 0 && -t 1 && -z "${CI:-}" ]] && interactive=1

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [[ -n "${PREFECT_API_URL:-}" && -f "$EXAMPLE/terraform.scheduled-deployment.tfstate" ]]; then
    log "destroying the example"
    (cd "$EXAMPLE" && "$ROOT/node_modules/.bin/cdktf" destroy --auto-approve --skip-provider-lock >/dev/null 2>&1) || warn "cdktf destroy failed"
  fi
  rm -f "$EXAMPLE"/terraform.*.tfstate*
  bash "$ROOT/scripts/prefect-server.sh" stop --name "$SERVER_NAME"
  log "Prefect server stopped"
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
(cd "$EXAMPLE" && "$ROOT/node_modules/.bin/cdktf" deploy --auto-approve --skip-provider-lock)

log "re-plan after deploy (must be empty)"
(cd "$EXAMPLE/cdktf.out/stacks/scheduled-deployment" && "$CDKTF_PREFECT_TERRAFORM" plan -detailed-exitcode -input=false -no-color -state="$EXAMPLE/terraform.scheduled-deployment.tfstate" >/dev/null) \
  && log "no changes" || die "the plan after deploy is not empty"

"$VENV/bin/python" "$ROOT/scripts/show-deployed.py" "$PREFECT_API_URL" "$SERVER_UI_URL"

if [[ "$interactive" == 1 ]]; then
  log "the server keeps running: open $SERVER_UI_URL in a browser. Press Ctrl-C to destroy the example and stop the server."
  while kill -0 "$SERVER_PID" 2>/dev/null; do sleep 1; done
else
  log "no terminal: destroying the example and stopping the server"
fi
