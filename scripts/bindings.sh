#!/usr/bin/env bash
# Generates the L1 bindings of prefecthq/prefect 3.4.1 into src/.gen with the real `cdktf get`.
#
# When the toolchain found the provider (a mirror, or a registry that answers), `cdktf get` runs
# terraform init + providers schema against it, and the schema it reads is compared with
# schema/prefect-3.4.1.schema.json. Without it, `cdktf get` reads that committed schema through
# its schema cache (CDKTF_EXPERIMENTAL_PROVIDER_SCHEMA_CACHE_PATH).
#
#   bash scripts/bindings.sh           generate when missing or out of date
#   bash scripts/bindings.sh --force   always regenerate
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-providers.sh"
provider_row prefect
cd "$ROOT"

SCHEMA="$ROOT/schema/prefect-$P_VERSION.schema.json"
OUT="$ROOT/src/.gen"
STAMP="$OUT/.cdktf-prefect-stamp"

[[ -x node_modules/.bin/cdktf ]] || die "node_modules is missing: run npm ci first"

SKIP_PREFECT_VENV=1 bash "$ROOT/scripts/toolchain.sh" 2>"$TOOLCHAIN/toolchain.log" || { cat "$TOOLCHAIN/toolchain.log" >&2; exit 1; }
load_toolchain_env

# regenerate when the schema, cdktf.json or the schema's source (binary or file) changed
source_kind="$(provider_available prefect && echo provider-binary || echo schema-file)"
want_stamp="$( (sha256sum "$SCHEMA" cdktf.json; echo "$source_kind") | sha256sum | cut -c1-16)"
if [[ "${1:-}" != "--force" && -f "$STAMP" && "$(cat "$STAMP")" == "$want_stamp" ]]; then
  exit 0
fi

cache="$STATE_DIR/schema-cache"
rm -rf "$cache" && mkdir -p "$cache"
if provider_available prefect; then
  log "cdktf get: reading the schema from the provider ($(awk -F'\t' '$1 == "prefect" { print $5 }' "$PROVIDERS_REPORT"))"
else
  log "cdktf get: provider binary not available, reading schema/$(basename "$SCHEMA")"
  cp "$SCHEMA" "$cache/prefect@$P_VERSION.json"
fi

rm -rf "$OUT"
start=$(date +%s)
CI=1 CDKTF_EXPERIMENTAL_PROVIDER_SCHEMA_CACHE_PATH="$cache" node_modules/.bin/cdktf get --force --language typescript --output "$OUT" --experimental-provider-schema-cache-path "$cache" >"$STATE_DIR/cdktf-get.log" 2>&1 \
  || { cat "$STATE_DIR/cdktf-get.log" >&2; die "cdktf get failed"; }
[[ -f "$OUT/providers/prefect/index.ts" ]] || { cat "$STATE_DIR/cdktf-get.log" >&2; die "cdktf get wrote no bindings for prefecthq/prefect"; }

if provider_available prefect; then
  node "$ROOT/scripts/schema-diff.js" "$SCHEMA" "$cache"/*.json
fi
echo "$want_stamp" > "$STAMP"
log "bindings in src/.gen ($(find "$OUT/providers/prefect" -mindepth 1 -maxdepth 1 -type d | wc -l) resources and data sources) in $(( $(date +%s) - start ))s"
