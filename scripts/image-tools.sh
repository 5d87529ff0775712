#!/usr/bin/env bash
# The image tools of the DeploymentImage e2e test, from Debian's packages, without root: buildah
# and podman (daemonless builders) and docker-registry (an OCI registry), unpacked with
# `apt-get download` + `dpkg -x` into .toolchain/image-tools (git-ignored), with the direct
# dependencies the machine lacks (libraries, conmon).
# Idempotent: a second run checks a stamp and the binaries, and takes well under a second.
#
#   bash scripts/image-tools.sh install
#       installs; writes .toolchain/image-tools/status: "ok", or why the tools cannot run here
#       (and status-podman, the same for podman)
#   bash scripts/image-tools.sh registry-start DIR [--owner-pid PID]
#       starts docker-registry on 127.0.0.1 on a free port, with its config and storage in DIR;
#       prints host:port. With --owner-pid, it stops when that process exits.
#   bash scripts/image-tools.sh registry-stop DIR
#   bash scripts/image-tools.sh docker-service-start DIR [--insecure-registry HOST:PORT]... [--owner-pid PID]
#       starts podman's Docker-compatible API service (`podman system service`, vfs storage in DIR)
#       on the socket DIR/docker.sock and prints its DOCKER_HOST (unix://DIR/docker.sock): the
#       docker CLI (and docker-py, which prefect-docker uses) build and push through it, with no
#       Docker daemon. Each --insecure-registry is pushed to over plain HTTP (the service reads a
#       registries.conf of its own, in DIR). With --owner-pid, it stops when that process exits.
#   bash scripts/image-tools.sh docker-service-stop DIR
#
# bin/buildah and bin/podman are wrappers around the unpacked binaries: they set the library path
# and point the tools at the unpacked containers-common package's signature policy (a machine
# without the package has no /etc/containers/policy.json): buildah through --signature-policy,
# podman (which has no such flag on push) through a HOME of its own that holds it, and a
# containers.conf (CONTAINERS_CONF) naming the unpacked conmon.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-server.sh"

TOOLS="$TOOLCHAIN/image-tools"
PACKAGES=(buildah podman docker-registry golang-github-containers-common)
STAMP_TEXT="v2 ${PACKAGES[*]} $(uname -m)"

installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]; }

# the packages' direct dependencies that the machine does not have (libraries, mostly)
missing_deps() {
  apt-cache depends "${PACKAGES[@]}" 2>/dev/null | awk '/^ *Depends: [^<]/ { print $2 }' | sort -u | while read -r dep; do
    [[ " ${PACKAGES[*]} " == *" $dep "* ]] || installed "$dep" || printf '%s\n' "$dep"
  done
}

write_status() { printf '%s\n' "$1" > "$TOOLS/status"; }

install_tools() {
  mkdir -p "$TOOLS"
  if [[ "$(cat "$TOOLS/.stamp" 2>/dev/null || true)" == "$STAMP_TEXT" && -x "$TOOLS/bin/buildah" && -x "$TOOLS/bin/docker-registry" ]] \
    && "$TOOLS/bin/buildah" --version >/dev/null 2>&1; then
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || { write_status "no apt-get/dpkg on this machine: scripts/image-tools.sh unpacks Debian's buildah and docker-registry"; return 1; }
  local debs="$TOOLS/debs" root="$TOOLS/root" deps
  rm -rf "$debs" "$root" && mkdir -p "$debs" "$root" "$TOOLS/bin"
  mapfile -t deps < <(missing_deps)
  log "image tools: downloading ${PACKAGES[*]} ${deps[*]} (Debian packages) into $TOOLS"
  if ! (cd "$debs" && apt-get download "${PACKAGES[@]}" "${deps[@]}" >"$TOOLS/download.log" 2>&1); then
    write_status "apt-get download ${PACKAGES[*]} failed: $(grep -m1 -E '^E:' "$TOOLS/download.log" || tail -n1 "$TOOLS/download.log")"
    return 1
  fi
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$root"; done
  local libdir="$root/usr/lib/$(uname -m)-linux-gnu"
  local missing
  missing="$(LD_LIBRARY_PATH="$libdir" ldd "$root/usr/bin/buildah" 2>&1 | awk '/not found/ { print $1 }' | tr '\n' ' ')"
  if [[ -n "$missing" ]]; then
    write_status "buildah needs libraries that neither the machine nor the downloaded packages have: $missing"
    return 1
  fi
  printf 'unqualified-search-registries = []\n' > "$TOOLS/registries.conf"
  cat > "$TOOLS/bin/buildah" <<WRAP
#!/usr/bin/env bash
# written by scripts/image-tools.sh: Debian's buildah, unpacked in $root
export LD_LIBRARY_PATH="$libdir\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export CONTAINERS_REGISTRIES_CONF="\${CONTAINERS_REGISTRIES_CONF:-$TOOLS/registries.conf}"
policy="$root/etc/containers/policy.json"
# global flags that take a value come before the subcommand
args=()
while [[ \$# -gt 0 && "\$1" == -* ]]; do
  case "\$1" in
    --root|--runroot|--storage-driver|--storage-opt|--registries-conf|--registries-conf-dir|--log-level|--cgroup-manager|--userns-uid-map|--userns-gid-map|--default-mounts-file|--short-name-alias-conf)
      args+=("\$1" "\$2"); shift 2 ;;
    *) args+=("\$1"); shift ;;
  esac
done
if [[ \$# -gt 0 ]]; then
  sub="\$1"; shift
  case "\$sub" in
    bud|build|push|pull|from|commit) set -- "\$sub" --signature-policy "\$policy" "\$@" ;;
    *) set -- "\$sub" "\$@" ;;
  esac
fi
exec "$root/usr/bin/buildah" "\${args[@]}" "\$@"
WRAP
  ln -sf "$root/usr/bin/docker-registry" "$TOOLS/bin/docker-registry"
  mkdir -p "$TOOLS/podman-home/.config/containers"
  cp "$root/etc/containers/policy.json" "$TOOLS/podman-home/.config/containers/policy.json"
  {
    echo '[engine]'
    echo "conmon_path = [\"$root/usr/bin/conmon\"]"
    echo 'cgroup_manager = "cgroupfs"'
    echo 'events_logger = "file"'
    if [[ -x "$root/usr/sbin/runc" ]]; then echo 'runtime = "runc"'; echo '[engine.runtimes]'; echo "runc = [\"$root/usr/sbin/runc\"]"; fi
  } > "$TOOLS/containers.conf"
  cat > "$TOOLS/bin/podman" <<WRAP
#!/usr/bin/env bash
# written by scripts/image-tools.sh: Debian's podman, unpacked in $root
export LD_LIBRARY_PATH="$libdir\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export CONTAINERS_CONF="\${CONTAINERS_CONF:-$TOOLS/containers.conf}"
export CONTAINERS_REGISTRIES_CONF="\${CONTAINERS_REGISTRIES_CONF:-$TOOLS/registries.conf}"
export HOME="$TOOLS/podman-home"
exec "$root/usr/bin/podman" "\$@"
WRAP
  chmod +x "$TOOLS/bin/buildah" "$TOOLS/bin/podman"
  if out="$("$TOOLS/bin/podman" --version 2>&1)"; then
    printf 'ok\n' > "$TOOLS/status-podman"
  else
    printf 'the unpacked podman does not run here: %s\n' "$out" > "$TOOLS/status-podman"
  fi
  if ! out="$("$TOOLS/bin/buildah" --version 2>&1)"; then
    write_status "the unpacked buildah does not run here: $out"
    return 1
  fi
  rm -rf "$debs"
  echo "$STAMP_TEXT" > "$TOOLS/.stamp"
  write_status ok
  log "image tools: $out; docker-registry $("$TOOLS/bin/docker-registry" --version 2>&1 | awk '{ print $NF }')"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

registry_start() {
  local dir="${1:?registry-start needs a directory}" owner="" port pid
  shift
  [[ "${1:-}" == --owner-pid ]] && owner="${2:?--owner-pid needs a pid}"
  [[ -x "$TOOLS/bin/docker-registry" ]] || die "docker-registry is not installed: run scripts/image-tools.sh install"
  mkdir -p "$dir/data"
  port="$(free_port)"
  cat > "$dir/config.yml" <<CONF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
CONF
  setsid "$TOOLS/bin/docker-registry" serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" > "$dir/pid"
  [[ -n "$owner" ]] && start_watchdog "$owner" "$pid" "$dir/pid"
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null; then echo "127.0.0.1:$port"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { cat "$dir/registry.log" >&2; die "docker-registry exited"; }
    sleep 0.1
  done
  cat "$dir/registry.log" >&2
  die "docker-registry did not answer on 127.0.0.1:$port within 10 s"
}

registry_stop() {
  local dir="${1:?registry-stop needs a directory}" pid
  [[ -f "$dir/pid" ]] || return 0
  pid="$(cat "$dir/pid")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

docker_service_start() {
  local dir="${1:?docker-service-start needs a directory}" owner="" pid
  shift
  mkdir -p "$dir"
  printf 'unqualified-search-registries = []\n' > "$dir/registries.conf"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --owner-pid) owner="${2:?--owner-pid needs a pid}"; shift 2 ;;
      --insecure-registry) printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "${2:?--insecure-registry needs host:port}" >> "$dir/registries.conf"; shift 2 ;;
      *) die "docker-service-start: unknown argument $1" ;;
    esac
  done
  [[ -x "$TOOLS/bin/podman" && "$(cat "$TOOLS/status-podman" 2>/dev/null)" == ok ]] || die "podman is not installed or does not run: $(cat "$TOOLS/status-podman" 2>/dev/null || echo 'run scripts/image-tools.sh install')"
  rm -f "$dir/docker.sock"
  CONTAINERS_REGISTRIES_CONF="$dir/registries.conf" setsid "$TOOLS/bin/podman" --storage-driver vfs --root "$dir/storage" --runroot "$dir/run" \
    system service --time=0 "unix://$dir/docker.sock" >"$dir/service.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" > "$dir/pid"
  [[ -n "$owner" ]] && start_watchdog "$owner" "$pid" "$dir/pid"
  for _ in $(seq 1 100); do
    if [[ -S "$dir/docker.sock" ]] && curl -fsS -o /dev/null --unix-socket "$dir/docker.sock" http://d/_ping 2>/dev/null; then echo "unix://$dir/docker.sock"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { cat "$dir/service.log" >&2; die "podman system service exited"; }
    sleep 0.1
  done
  cat "$dir/service.log" >&2
  die "podman system service did not answer on $dir/docker.sock within 10 s"
}

case "${1:-}" in
  install) install_tools ;;
  registry-start) shift; registry_start "$@" ;;
  registry-stop) shift; registry_stop "$@" ;;
  docker-service-start) shift; docker_service_start "$@" ;;
  # the same as a registry: one process group, its leader's pid in DIR/pid
  docker-service-stop) shift; registry_stop "$@" ;;
  *) die "usage: scripts/image-tools.sh install | registry-start DIR [--owner-pid PID] | registry-stop DIR | docker-service-start DIR [--insecure-registry HOST:PORT]... [--owner-pid PID] | docker-service-stop DIR" ;;
esac
