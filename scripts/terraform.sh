#!/usr/bin/env bash
# terraform (or the toolchain's tofu) with the project's CLI config (.toolchain/terraform.rc):
# the pinned providers from the mirrors that have them, the rest from the registry.
#
#   scripts/terraform.sh <terraform arguments>      e.g. in a cdktf.out/stacks/<stack> folder
#
# When `init` fails because a provider is in no local mirror and the registry cannot be
# reached, it says which provider and how to install it, after Terraform's own error.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-providers.sh"
[[ -f "$TOOLCHAIN/env.sh" ]] || die "$TOOLCHAIN/env.sh is missing: run scripts/toolchain.sh first (npm test and npm run demo do)"
load_toolchain_env
tf="${CDKTF_PREFECT_TERRAFORM:-terraform}"
[[ "${1:-}" == init ]] || exec "$tf" "$@"

err="$(mktemp)"
trap 'rm -f "$err"' EXIT
code=0
"$tf" "$@" 2>"$err" || code=$?
cat "$err" >&2
if [[ "$code" != 0 ]] && grep -qE 'Failed to query available provider packages|could not connect to|Failed to install provider' "$err"; then
  explained=0
  while IFS= read -r name; do
    provider_row "$name"
    reason="$(provider_missing_reason "$name")"
    if [[ -n "$reason" ]] && grep -q "$P_SOURCE" "$err"; then
      explained=1
      printf '\033[1;31m[cdktf-prefect] error:\033[0m terraform init could not get %s %s: %s.\n' "$P_SOURCE" "$P_VERSION" "$reason" >&2
      printf '  Install it with scripts/install-provider.sh <source checkout of %s at v%s, or a binary>: it goes into\n' "$P_MODULE" "$P_VERSION" >&2
      printf '  %s, where Terraform, npm test and CI find it (README, "Providers").\n' "$(provider_user_mirror)" >&2
    fi
  done < <(provider_names)
  if [[ "$explained" == 0 ]]; then
    printf '\033[1;31m[cdktf-prefect] error:\033[0m terraform init could not reach the registry for a provider that scripts/providers.tsv does not pin: put it into a filesystem mirror (see %s)\n' "$TFRC" >&2
  fi
fi
exit "$code"
