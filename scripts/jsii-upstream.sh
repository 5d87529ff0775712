#!/usr/bin/env bash
# Makes the jsii dependencies of cdktf-prefect (cdktf, constructs) available
# to the Go or Java build. Each one comes from the language's registry when it serves the version
# installed in node_modules; otherwise it is generated here with jsii-pacmak from the npm
# package's own jsii assembly, into git-ignored, cached folders of $TOOLCHAIN:
#
#   bash scripts/jsii-upstream.sh go     Go module proxy; else the module is generated into
#                                        $UPSTREAM/go/<package>-<version>/ and a replace
#                                        directive for it written to $GO_REPLACES
#   bash scripts/jsii-upstream.sh java   Maven Central; else the artifact is built and installed
#                                        into the local repository $MAVEN_REPO
#
# In 2026 Maven Central lacks com.hashicorp:cdktf 0.21.0 (it stops at 0.19.2), so the Java build
# makes it here; the Go module proxy serves everything (asked for exact versions). No provider
# package is ever built: the core has none, and each cloud package carries its own generated
# provider classes (scripts/bindings.sh).
#
# A second run only checks the registries and the stamps (a few seconds).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/lib-jsii.sh"
cd "$ROOT"
lang="${1:-}"
require_built_library

# jsii-pacmak saving ~100,000 files at once runs out of file descriptors: cap the saves in flight
pacmak_upstream() { # pacmak_upstream PACKAGE_DIR TARGET OUTDIR
  node -r "$ROOT/scripts/jsii-upstream/save-limit.js" "$PACMAK" "$1" --target="$2" --code-only \
    --outdir "$3" --force-subdirectory --no-npmignore --no-fingerprint
}

slug() { echo "${1#@}" | tr '/' '-'; } # @cdktf/provider-aws -> cdktf-provider-aws

# ---- Go ----------------------------------------------------------------------------
go_upstream() {
  require_go
  local gomod="$ROOT/dist/go/cdktfprefect/go.mod"
  [[ -f "$gomod" ]] || die "$gomod is missing: generate the Go package first (bash scripts/package-go.sh)"
  mkdir -p "$UPSTREAM/go"
  local probe="$UPSTREAM/go/.probe"
  mkdir -p "$probe"
  local replaces=()

  # every module our go.mod requires, except the jsii runtime (a Go module, not a jsii package)
  local module version
  while read -r module version; do
    [[ "$module" == github.com/aws/jsii-runtime-go ]] && continue
    if (cd "$probe" && go mod download -json "$module@$version" >"$probe/out.json" 2>&1); then
      continue
    fi
    local reason
    reason="$(grep -o '"Error": "[^"]*' "$probe/out.json" | sed 's/"Error": "//; s/\\n.*//' | head -n1)"
    # the npm package whose Go module prefix this module path starts with
    local name npm_version dir prefix maven found=""
    while IFS=$'\t' read -r name npm_version dir prefix maven; do
      [[ "$prefix" != - && "$module" == "$prefix/"* ]] && { found=1; break; }
    done < <(node "$ROOT/scripts/jsii-upstream/deps.js" list)
    [[ -n "$found" ]] || die "the Go module proxy does not serve $module@$version ($reason), and no jsii dependency generates it"
    local out="$UPSTREAM/go/$(slug "$name")-$npm_version"
    local stamp="$name@$npm_version jsii-pacmak@$PACMAK_VERSION"
    if [[ "$(cat "$out/.cdktf-prefect-stamp" 2>/dev/null || true)" != "$stamp" ]]; then
      log "go: the module proxy does not serve $module@$version ($reason)"
      log "go: generating it from $name@$npm_version with jsii-pacmak (a provider takes minutes)"
      local start tmp
      start=$(date +%s)
      tmp="$UPSTREAM/go/.tmp-$(slug "$name")"
      rm -rf "$tmp" "$out"
      pacmak_upstream "$dir" go "$tmp" || die "jsii-pacmak could not generate Go code for $name"
      local generated
      generated="$(find "$tmp/go" -mindepth 1 -maxdepth 1 -type d)"
      [[ -f "$generated/go.mod" ]] || die "jsii-pacmak wrote no Go module for $name into $tmp/go"
      grep -qx "module $module" "$generated/go.mod" || die "$generated/go.mod is not module $module"
      mv "$generated" "$out"
      rm -rf "$tmp"
      echo "$stamp" >"$out/.cdktf-prefect-stamp"
      log "go: $module generated into $out in $(($(date +%s) - start))s"
    fi
    replaces+=("$module => $out")
  done < <(sed -n '/^require (/,/^)/{/^\t/p}' "$gomod" | awk '{print $1, $2}')

  : >"$GO_REPLACES"
  local replace
  for replace in "${replaces[@]}"; do echo "$replace" >>"$GO_REPLACES"; done
  rm -rf "$probe"
}

# ---- Java --------------------------------------------------------------------------
maven_served() { # maven_served GROUP ARTIFACT VERSION: Maven Central has the pom
  local url="https://repo.maven.apache.org/maven2/${1//.//}/$2/$3/$2-$3.pom"
  curl -fsL --retry 2 -o /dev/null "$url"
}

java_upstream() {
  require_jdk
  mkdir -p "$UPSTREAM/java" "$MAVEN_REPO"
  local name version dir prefix maven
  # dependencies before dependents (deps.js orders them): constructs, cdktf
  while IFS=$'\t' read -r name version dir prefix maven; do
    [[ "$maven" == - ]] && continue
    local group="${maven%%:*}" artifact="${maven#*:}"
    local installed="$MAVEN_REPO/${group//.//}/$artifact/$version/$artifact-$version.jar"
    local stampfile="$UPSTREAM/java/$(slug "$name")-$version.stamp"
    if maven_served "$group" "$artifact" "$version"; then
      continue
    fi
    if [[ "$name" == @cdktf/provider-* ]]; then
      die "$name is a jsii dependency, but provider packages are never built here: a package's provider classes are generated into it (scripts/bindings.sh)"
    fi
    local stamp="$name@$version jsii-pacmak@$PACMAK_VERSION"
    [[ -f "$installed" && "$(cat "$stampfile" 2>/dev/null || true)" == "$stamp" ]] && continue
    log "java: Maven Central does not serve $group:$artifact:$version: building it from $name@$version with jsii-pacmak"
    local start tmp
    start=$(date +%s)
    tmp="$UPSTREAM/java/.tmp-$(slug "$name")"
    rm -rf "$tmp"
    # pacmak's own Maven build (compile, sources, javadoc) installs into our local repository
    "$PACMAK" "$dir" --target=java --outdir "$tmp" --force-subdirectory --no-npmignore --no-fingerprint \
      --maven-local-repository="$MAVEN_REPO" >"$UPSTREAM/java/$(slug "$name").log" 2>&1 \
      || { tail -n 60 "$UPSTREAM/java/$(slug "$name").log" >&2; die "jsii-pacmak could not build the Java package of $name"; }
    [[ -f "$installed" ]] || die "jsii-pacmak built $name but $installed is missing"
    rm -rf "$tmp"
    echo "$stamp" >"$stampfile"
    log "java: $group:$artifact:$version installed into $MAVEN_REPO in $(($(date +%s) - start))s"
  done < <(node "$ROOT/scripts/jsii-upstream/deps.js" list)
}

case "$lang" in
  go) go_upstream ;;
  java) java_upstream ;;
  *) die "usage: jsii-upstream.sh go|java" ;;
esac
