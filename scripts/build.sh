#!/usr/bin/env bash
# Everything a fresh clone needs before any npm script can run: node modules (one `npm ci` for the
# root and its workspaces), the toolchain (terraform CLI config, providers, Prefect virtualenv),
# then each package's bindings and compiled library: the core first, then every packages/<cloud>,
# which takes the compiled core as a peer. Each step checks what is in place already, so a second
# run takes seconds.
#
#   bash scripts/build.sh            (npm test, npm run demo, bench, package and docs:python start with it)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash "$ROOT/scripts/install-deps.sh"
bash "$ROOT/scripts/toolchain.sh"
log "building the core (bindings, jsii, lazy exports, API.md)"
npx projen pre-compile >/dev/null
npx projen compile
npx projen post-compile >/dev/null
for pkg in "$ROOT"/packages/*/; do
  log "building $(basename "$pkg") ($(node -p "require('$pkg/package.json').name"))"
  (cd "$pkg" && npx projen pre-compile >/dev/null && npx projen compile && npx projen post-compile >/dev/null)
done
