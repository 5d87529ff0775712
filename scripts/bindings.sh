#!/usr/bin/env bash
# Generates the L1 bindings of a package with the real `cdktf get`:
#   the core (default)   prefecthq/prefect 3.4.1 into src/.gen, and hashicorp/null 3.2.4 trimmed to
#                        null_resource (schema/null-3.2.4.schema.json: DeploymentImage builds with it)
#   --package packages/<cloud>   each provider the package has a trimmed schema of (packages/<cloud>/schema/
#                        <provider>-<version>.schema.json: aws for packages/aws, helm for packages/kubernetes ...),
#                        trimmed to what the package uses, into packages/<cloud>/src/.gen
#
# The core: when the toolchain found the provider (a mirror, or a registry that answers), `cdktf
# get` runs terraform init + providers schema against it, and the schema it reads is compared with
# schema/prefect-3.4.1.schema.json. Without it, `cdktf get` reads that committed schema through
# its schema cache (CDKTF_EXPERIMENTAL_PROVIDER_SCHEMA_CACHE_PATH).
#
# A trimmed provider (a cloud package's, or the core's null): `cdktf get` always reads its committed, trimmed schema (packages/<cloud>/schema,
# made by scripts/trim-schema.js: only the resources it uses, no descriptions), so it generates a
# few classes instead of the provider's thousands. When the provider is in a mirror, the trimmed
# schema is checked against the binary's (`--retrim` rewrites it from the binary).
#
#   bash scripts/bindings.sh [--package DIR] [--force] [--retrim]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-providers.sh"
provider_row prefect
cd "$ROOT"

pkg="." force=0 retrim=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --package) pkg="${2:?--package needs a directory}"; shift 2 ;;
    --force) force=1; shift ;;
    --retrim) retrim=1; force=1; shift ;;
    *) die "unknown option $1" ;;
  esac
done
PKG="$(cd "$ROOT/$pkg" && pwd)"
if [[ "$PKG" == "$ROOT" ]]; then
  name=prefect mode=full
else
  # the package's providers are the schemas it commits; the first one (by name) is the main one
  mode=trimmed name=""
  for f in "$PKG"/schema/*.schema.json; do
    [[ -f "$f" ]] || continue
    n="$(basename "$f")"; name="${n%%-*}"; break
  done
  [[ -n "$name" ]] || die "$pkg has no schema/<provider>-<version>.schema.json"
fi
provider_row "$name"
SCHEMA="$PKG/schema/$name-$P_VERSION.schema.json"
OUT="$PKG/src/.gen"
STAMP="$OUT/.cdktf-prefect-stamp"
[[ -f "$SCHEMA" ]] || die "$SCHEMA is missing"

[[ -x node_modules/.bin/cdktf ]] || die "node_modules is missing: run npm ci first"

# the provider lookup of scripts/toolchain.sh, which scripts/build.sh has just run: run again only
# when its report is missing, or to regenerate (--force), not once more for every package
if [[ "$force" == 1 || ! -f "$TOOLCHAIN/env.sh" || ! -f "$PROVIDERS_REPORT" ]]; then
  SKIP_PREFECT_VENV=1 bash "$ROOT/scripts/toolchain.sh" 2>"$TOOLCHAIN/toolchain.log" || { cat "$TOOLCHAIN/toolchain.log" >&2; exit 1; }
fi
load_toolchain_env

# regenerate when the schema, cdktf.json or the schema's source (binary or file) changed
source_kind="$(provider_available "$name" && echo provider-binary || echo schema-file)"
# the package's other trimmed providers (schema/<name>-<version>.schema.json): null in the core
extra=()
for f in "$PKG"/schema/*.schema.json; do
  n="$(basename "$f")"; n="${n%%-*}"
  [[ "$n" == "$name" ]] || extra+=("$n")
done
want_stamp="$( (sha256sum "$SCHEMA" "$PKG"/schema/*.schema.json "$PKG/cdktf.json"; echo "$source_kind $mode"; for n in "${extra[@]}"; do if provider_available "$n"; then echo "$n provider-binary"; fi; done) | sha256sum | cut -c1-16)"
if [[ "$force" == 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$want_stamp" ]]; then
  exit 0
fi

cache="$STATE_DIR/schema-cache-$name"
rm -rf "$cache" && mkdir -p "$cache"
# A trimmed schema into the schema cache. When a mirror has the provider, the trimmed schema is
# checked against the binary's whole one (--retrim rewrites it from there). Uses provider_row's P_*.
trimmed_schema_to_cache() { # name schema-file
  local name="$1" schema="$2" probe where
  where="$(awk -F'\t' -v n="$name" '$1 == n { print $5 }' "$PROVIDERS_REPORT")"
  if provider_available "$name" && [[ "$(awk -F'\t' -v n="$name" '$1 == n { print $4 }' "$PROVIDERS_REPORT")" == mirror ]]; then
    probe="$STATE_DIR/schema-probe-$name"
    rm -rf "$probe" && mkdir -p "$probe"
    printf '{"terraform":{"required_providers":{"%s":{"source":"%s","version":"%s"}}}}\n' "$P_TYPE" "$P_SOURCE" "$P_VERSION" > "$probe/main.tf.json"
    (cd "$probe" && "$CDKTF_PREFECT_TERRAFORM" init -input=false >/dev/null && "$CDKTF_PREFECT_TERRAFORM" providers schema -json > full.json) \
      || die "could not read the schema of $P_SOURCE $P_VERSION ($where)"
    if [[ "$retrim" == 1 ]]; then
      node "$ROOT/scripts/trim-schema.js" "$probe/full.json" "$schema"
    else
      node "$ROOT/scripts/trim-schema.js" --check "$probe/full.json" "$schema"
    fi
    rm -rf "$probe"
  fi
  cp "$schema" "$cache/$P_TYPE@$P_VERSION.json"
}

where="$(awk -F'\t' -v n="$name" '$1 == n { print $5 }' "$PROVIDERS_REPORT")"
if [[ "$mode" == trimmed ]]; then
  trimmed_schema_to_cache "$name" "$SCHEMA"
  log "cdktf get ($pkg): reading $(realpath --relative-to="$ROOT" "$SCHEMA")"
elif provider_available "$name"; then
  log "cdktf get: reading the schema from the provider ($where)"
else
  log "cdktf get: provider binary not available, reading schema/$(basename "$SCHEMA")"
  cp "$SCHEMA" "$cache/$P_TYPE@$P_VERSION.json"
fi
# the other trimmed providers (cdktf.json lists them too), then the main one's row again
for n in "${extra[@]}"; do
  provider_row "$n"
  log "cdktf get: reading schema/$(basename "$PKG/schema/$n-$P_VERSION.schema.json") (trimmed)"
  trimmed_schema_to_cache "$n" "$PKG/schema/$n-$P_VERSION.schema.json"
done
provider_row "$name"

rm -rf "$OUT"
start=$(date +%s)
(cd "$PKG" && CI=1 CDKTF_EXPERIMENTAL_PROVIDER_SCHEMA_CACHE_PATH="$cache" "$ROOT/node_modules/.bin/cdktf" get --force --language typescript --output "$OUT" --experimental-provider-schema-cache-path "$cache") >"$STATE_DIR/cdktf-get-$name.log" 2>&1 \
  || { cat "$STATE_DIR/cdktf-get-$name.log" >&2; die "cdktf get failed"; }
for n in "$name" "${extra[@]}"; do
  provider_row "$n"
  [[ -f "$OUT/providers/$P_TYPE/index.ts" ]] || { cat "$STATE_DIR/cdktf-get-$name.log" >&2; die "cdktf get wrote no bindings for $P_SOURCE"; }
done
provider_row "$name"

if [[ "$mode" == full ]] && provider_available "$name"; then
  node "$ROOT/scripts/schema-diff.js" "$SCHEMA" "$cache/$P_TYPE@$P_VERSION.json"
fi
echo "$want_stamp" > "$STAMP"
log "bindings in $(realpath --relative-to="$ROOT" "$OUT") ($(find "$OUT/providers/$P_TYPE" -mindepth 1 -maxdepth 1 -type d | wc -l) resources and data sources) in $(( $(date +%s) - start ))s"
