#!/usr/bin/env bash
# Builds the Maven artifact of cdktf-prefect (io.github.cdktf-prefect:cdktf-prefect: jar,
# sources, javadoc, pom) into dist/java with jsii-pacmak's own Maven build, and installs it into
# the project's local Maven repository ($MAVEN_REPO) for the Java examples.
#
# Maven Central lacks cdktf 0.21.0 for Java: jsii-upstream.sh builds it into $MAVEN_REPO first,
# and pacmak's build uses that repository (--maven-local-repository). No provider package is built.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/lib-jsii.sh"
cd "$ROOT"
require_built_library
require_jdk
start=$(date +%s)

bash "$ROOT/scripts/jsii-upstream.sh" java
coords="$(node -p "const m = JSON.parse(require('fs').readFileSync('.jsii', 'utf8')).targets.java.maven; m.groupId.replace(/\./g, '/') + '/' + m.artifactId")"
version="$(node -p "require('./package.json').version")"
jar="$coords/$version/$(basename "$coords")-$version.jar"
if package_fresh java && cmp -s "dist/java/$jar" "$MAVEN_REPO/$jar"; then
  log "package java: dist/java is up to date and installed"
  exit 0
fi

log "package java: jsii-pacmak --target java (mvn: compile, sources, javadoc)"
rm -rf dist/java
mkdir -p "$TOOLCHAIN/logs"
"$PACMAK" --target java --outdir dist --force-subdirectory --no-npmignore --no-fingerprint \
  --maven-local-repository="$MAVEN_REPO" >"$TOOLCHAIN/logs/package-java.log" 2>&1 \
  || { tail -n 60 "$TOOLCHAIN/logs/package-java.log" >&2; die "jsii-pacmak --target java failed (log: $TOOLCHAIN/logs/package-java.log)"; }

# install: the release layout of dist/java is the local repository's layout
[[ -f "dist/java/$jar" ]] || die "jsii-pacmak wrote no jar into dist/java/$coords/$version"
rm -rf "${MAVEN_REPO:?}/$coords/$version"
mkdir -p "$MAVEN_REPO/$coords/$version"
cp "dist/java/$coords/$version/"*.{jar,pom} "$MAVEN_REPO/$coords/$version/"
package_built java
log "package java: dist/java built and installed into $MAVEN_REPO in $(($(date +%s) - start))s"
