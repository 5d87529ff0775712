#!/usr/bin/env bash
# A real Kubernetes API server for the cdktf-prefect-kubernetes e2e test, without root and
# without nodes: kube-apiserver built from k8s.io/kubernetes, with kine serving the etcd API on
# SQLite. Everything goes into .toolchain/kube (git-ignored); nothing in /etc.
#
#   bash scripts/kube-tools.sh install
#       builds kine and kube-apiserver with the Go module proxy into .toolchain/kube/bin
#       (about 2-3 min on 2 cores the first time; a second run checks a stamp and takes well
#       under a second). Writes .toolchain/kube/status: "ok", or why it cannot install here.
#   bash scripts/kube-tools.sh install-nodes
#       builds kube-controller-manager and kube-scheduler (the same module and stamping as
#       kube-apiserver) and kwok (sigs.k8s.io/kwok, which simulates nodes and their pods) into
#       .toolchain/kube/bin; its own stamp and status (.toolchain/kube/nodes-status)
#   bash scripts/kube-tools.sh install-helm
#       builds the helm CLI (helm.sh/helm/v3, the version the helm provider 3.1.1 is built with)
#       into .toolchain/kube/bin, for `helm template` of the charts; its own stamp and status
#       (.toolchain/kube/helm-status)
#   bash scripts/kube-tools.sh start DIR [--owner-pid PID] [--nodes]
#       starts kine and kube-apiserver on free 127.0.0.1 ports with their data, keys, token file
#       and logs in DIR, waits until the API server is ready, writes DIR/kubeconfig (an admin
#       token) and DIR/state.env, and prints the kubeconfig's path. With --owner-pid, both stop
#       when that process exits. With --nodes (after install-nodes), also kube-controller-manager,
#       kube-scheduler and kwok with one simulated node, and waits until the node is Ready.
#   bash scripts/kube-tools.sh stop DIR
#       stops them (by the process group written in DIR/state.env)
#
# kube-apiserver is built from a module of our own that requires k8s.io/kubernetes and replaces
# each of its k8s.io/<staging> modules (which k8s.io/kubernetes replaces with directories of
# its own tree) with the published v0.x release of the same minor: `go install` of the module
# itself refuses those replace lines.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-server.sh"

KUBE="$TOOLCHAIN/kube"
KUBERNETES_VERSION="v1.34.2"
STAGING_VERSION="v0.34.2"
KINE_VERSION="v0.17.5"
KWOK_VERSION="v0.8.0"
NODES_STAMP_TEXT="v1 kubernetes $KUBERNETES_VERSION staging $STAGING_VERSION kwok $KWOK_VERSION $(uname -m)"
HELM_VERSION="v3.18.4"
STAMP_TEXT="v2 kubernetes $KUBERNETES_VERSION staging $STAGING_VERSION kine $KINE_VERSION $(uname -m)"

write_status() { mkdir -p "$KUBE"; printf '%s\n' "$1" > "$KUBE/status"; }

# The module kube-apiserver, kube-controller-manager and kube-scheduler are built from: it
# requires k8s.io/kubernetes and replaces each staging module with its published release.
kube_module() {
  local src="$KUBE/src"
  if [[ "$(cat "$src/.module" 2>/dev/null || true)" == "$KUBERNETES_VERSION $STAGING_VERSION" ]]; then return 0; fi
  rm -rf "$src" && mkdir -p "$src"
  (
    cd "$src"
    go mod init cdktf-prefect.local/kube-apiserver >/dev/null 2>&1
    # the staging modules k8s.io/kubernetes replaces with its own directories
    go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" >download.json
    gomod="$(python3 -c 'import json,sys; print(json.load(open("download.json"))["GoMod"])')"
    {
      echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
      sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\) => \./staging/.*#replace \1 => \1 '"$STAGING_VERSION"'#p' "$gomod"
    } >>go.mod
    grep -c '^replace' go.mod >replaces.count
    printf 'package main\n\nimport (\n\t_ "k8s.io/kubernetes/cmd/kube-apiserver/app"\n\t_ "k8s.io/kubernetes/cmd/kube-controller-manager/app"\n\t_ "k8s.io/kubernetes/cmd/kube-scheduler/app"\n)\n\nfunc main() {}\n' >tools.go
    go mod tidy
  ) && printf '%s %s\n' "$KUBERNETES_VERSION" "$STAGING_VERSION" >"$src/.module"
}

# go build of k8s.io/kubernetes/cmd/<name> from that module, stamped with the version the server
# reports (/version): without it, v0.0.0-master, and charts that pick API versions by the
# cluster's version (bitnami common's capabilities) pick long-gone ones
build_kube_command() {
  local name="$1" major minor pkg=k8s.io/component-base/version
  kube_module || return 1
  major="${KUBERNETES_VERSION#v}"; minor="${major#*.}"; major="${major%%.*}"; minor="${minor%%.*}"
  (cd "$KUBE/src" && nice go build -o "$KUBE/bin/$name" \
    -ldflags "-X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean" \
    "k8s.io/kubernetes/cmd/$name")
}

install_nodes() {
  mkdir -p "$KUBE/bin"
  exec 7>"$KUBE/nodes-install.lock"
  flock 7
  if [[ "$(cat "$KUBE/.nodes-stamp" 2>/dev/null || true)" == "$NODES_STAMP_TEXT" && -x "$KUBE/bin/kube-controller-manager" && -x "$KUBE/bin/kube-scheduler" && -x "$KUBE/bin/kwok" ]]; then
    return 0
  fi
  nodes_status() { printf '%s\n' "$1" >"$KUBE/nodes-status"; }
  command -v go >/dev/null 2>&1 || { nodes_status "no go on PATH: scripts/kube-tools.sh builds the controller manager, the scheduler and kwok with Go"; return 1; }
  local name
  for name in kube-controller-manager kube-scheduler; do
    log "kube tools: building $name $KUBERNETES_VERSION"
    build_kube_command "$name" >"$KUBE/$name-build.log" 2>&1 || {
      nodes_status "building $name $KUBERNETES_VERSION failed: $(go_install_error "$KUBE/$name-build.log")"
      return 1
    }
  done
  log "kube tools: building kwok $KWOK_VERSION"
  if ! GOBIN="$KUBE/bin" GOFLAGS=-buildvcs=false nice go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" >"$KUBE/kwok-build.log" 2>&1; then
    nodes_status "go install sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION failed: $(go_install_error "$KUBE/kwok-build.log")"
    return 1
  fi
  # kwok's own "fast" stages, as its module ships them (kwokctl's defaults): node-initialize,
  # pod-ready, pod-complete (a Job's pods), pod-delete
  local kwok_dir
  kwok_dir="$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')" || {
    nodes_status "go mod download sigs.k8s.io/kwok@$KWOK_VERSION failed"; return 1; }
  local f first=yes
  : >"$KUBE/kwok-stages.yaml"
  for f in node/fast/node-initialize.yaml pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    [[ -f "$kwok_dir/kustomize/stage/$f" ]] || { nodes_status "kwok $KWOK_VERSION has no stage $f"; return 1; }
    [[ "$first" == yes ]] || echo '---' >>"$KUBE/kwok-stages.yaml"
    cat "$kwok_dir/kustomize/stage/$f" >>"$KUBE/kwok-stages.yaml"; first=no
  done
  printf '%s\n' "$NODES_STAMP_TEXT" >"$KUBE/.nodes-stamp"
  nodes_status ok
}

install_tools() {
  mkdir -p "$KUBE/bin"
  # one install at a time (jest runs the e2e files in parallel workers): the second waits and
  # finds the first's binaries
  exec 9>"$KUBE/install.lock"
  flock 9
  if [[ "$(cat "$KUBE/.stamp" 2>/dev/null || true)" == "$STAMP_TEXT" && -x "$KUBE/bin/kube-apiserver" && -x "$KUBE/bin/kine" ]]; then
    return 0
  fi
  command -v go >/dev/null 2>&1 || { write_status "no go on PATH: scripts/kube-tools.sh builds kube-apiserver and kine with Go"; return 1; }
  command -v openssl >/dev/null 2>&1 || { write_status "no openssl on PATH: the API server's service-account key is made with it"; return 1; }
  log "kube tools: building kine $KINE_VERSION into $KUBE/bin"
  if ! GOBIN="$KUBE/bin" GOFLAGS=-buildvcs=false nice go install "github.com/k3s-io/kine@$KINE_VERSION" >"$KUBE/kine-build.log" 2>&1; then
    write_status "go install github.com/k3s-io/kine@$KINE_VERSION failed: $(go_install_error "$KUBE/kine-build.log")"
    return 1
  fi
  log "kube tools: building kube-apiserver $KUBERNETES_VERSION (a few minutes the first time)"
  build_kube_command kube-apiserver >"$KUBE/apiserver-build.log" 2>&1 || {
    write_status "building kube-apiserver $KUBERNETES_VERSION failed: $(go_install_error "$KUBE/apiserver-build.log")"
    return 1
  }
  printf '%s\n' "$STAMP_TEXT" > "$KUBE/.stamp"
  write_status ok
  log "kube tools: $("$KUBE/bin/kube-apiserver" --version) with $(cat "$KUBE/src/replaces.count") staging modules at $STAGING_VERSION, kine $KINE_VERSION"
}

install_helm() {
  mkdir -p "$KUBE/bin"
  exec 8>"$KUBE/helm-install.lock"
  flock 8
  local stamp="helm $HELM_VERSION $(uname -m)"
  if [[ "$(cat "$KUBE/.helm-stamp" 2>/dev/null || true)" == "$stamp" && -x "$KUBE/bin/helm" ]]; then
    return 0
  fi
  command -v go >/dev/null 2>&1 || { printf '%s\n' "no go on PATH: scripts/kube-tools.sh builds helm with Go" >"$KUBE/helm-status"; return 1; }
  log "kube tools: building helm $HELM_VERSION into $KUBE/bin"
  # stamped as helm's Makefile does: its version, and the Kubernetes minor `helm template`
  # assumes without --kube-version (that of its client-go, 0.33)
  local pkg=helm.sh/helm/v3
  if ! GOBIN="$KUBE/bin" GOFLAGS=-buildvcs=false nice go install \
      -ldflags "-X $pkg/internal/version.version=$HELM_VERSION -X $pkg/internal/version.gitTreeState=clean -X $pkg/pkg/chartutil.k8sVersionMajor=1 -X $pkg/pkg/chartutil.k8sVersionMinor=33" \
      "$pkg/cmd/helm@$HELM_VERSION" >"$KUBE/helm-build.log" 2>&1; then
    printf '%s\n' "go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION failed: $(go_install_error "$KUBE/helm-build.log")" >"$KUBE/helm-status"
    return 1
  fi
  printf '%s\n' "$stamp" >"$KUBE/.helm-stamp"
  echo ok >"$KUBE/helm-status"
  log "kube tools: $("$KUBE/bin/helm" version --short)"
}

ready() { curl -ksf -H "Authorization: Bearer $TOKEN" "$1/readyz" >/dev/null 2>&1; }
kine_ready() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_servers() {
  local dir="$1" owner="$2"
  [[ -x "$KUBE/bin/kube-apiserver" ]] || die "kube-apiserver is not installed: run bash scripts/kube-tools.sh install ($(cat "$KUBE/status" 2>/dev/null || echo 'no status'))"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  [[ ! -f "$dir/state.env" ]] || stop_servers "$dir"
  mkdir -p "$dir/certs" "$dir/kine"
  local kine_port api_port metrics_port
  kine_port="$(free_port python3)"; api_port="$(free_port python3)"; metrics_port="$(free_port python3)"
  TOKEN="$(openssl rand -hex 24)"
  printf '%s,admin,admin,"system:masters"\n' "$TOKEN" >"$dir/tokens.csv"
  openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  # one process group for both, so that stop (and the watchdog) end them together
  setsid bash -c '
    "$0/kine" --listen-address "127.0.0.1:$1" --metrics-bind-address "127.0.0.1:$2" \
      --endpoint "sqlite://$3/kine/state.db?_journal=WAL&cache=shared" >"$3/kine.log" 2>&1 &
    for i in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && break; sleep 0.1; done
    exec "$0/kube-apiserver" --etcd-servers "http://127.0.0.1:$1" --storage-media-type application/json \
      --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$4" --cert-dir "$3/certs" \
      --service-account-issuer https://kubernetes.default.svc.cluster.local \
      --service-account-key-file "$3/sa.pub" --service-account-signing-key-file "$3/sa.key" \
      --token-auth-file "$3/tokens.csv" --authorization-mode RBAC \
      --service-cluster-ip-range 10.96.0.0/16 \
      >"$3/apiserver.log" 2>&1' "$KUBE/bin" "$kine_port" "$metrics_port" "$dir" "$api_port" </dev/null &
  local pgid=$!
  cat >"$dir/state.env" <<EOF
KUBE_PGID=$pgid
KUBE_API_URL=https://127.0.0.1:$api_port
KINE_PORT=$kine_port
EOF
  cat >"$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$api_port
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    token: $TOKEN
contexts:
- name: local
  context:
    cluster: local
    user: admin
current-context: local
EOF
  [[ -z "$owner" ]] || start_watchdog "$owner" "$pgid" "$dir/kine" "$dir/certs"
  wait_healthy "kube-apiserver" ready "https://127.0.0.1:$api_port" "$pgid" "$dir/apiserver.log" 90 >/dev/null \
    || { kill_group "$pgid"; die "kube-apiserver did not start (see $dir/apiserver.log, $dir/kine.log)"; }
  [[ "$nodes" != yes ]] || start_nodes "$dir" "$owner" || { stop_servers "$dir"; die "the simulated node did not start (see $dir/kwok.log, $dir/controller-manager.log, $dir/scheduler.log)"; }
  echo "$dir/kubeconfig"
}

# kube-controller-manager (only the controllers releases need: Deployments, ReplicaSets, Jobs,
# service accounts and their tokens, namespaces, garbage collection; no node lifecycle, so the
# simulated node is never tainted), kube-scheduler and kwok managing one node object
# (annotation kwok.x-k8s.io/node=fake) with kwok's own "fast" stages: pods are Ready as soon as
# they are scheduled, a Job's pods then succeed, deleted pods go.
start_nodes() {
  local dir="$1" owner="$2"
  [[ -x "$KUBE/bin/kwok" && -f "$KUBE/kwok-stages.yaml" ]] || { echo "the node tools are not installed: run bash scripts/kube-tools.sh install-nodes ($(cat "$KUBE/nodes-status" 2>/dev/null || echo 'no status'))" >&2; return 1; }
  setsid bash -c '
    "$0/kube-controller-manager" --kubeconfig "$1/kubeconfig" --leader-elect=false \
      --controllers deployment-controller,replicaset-controller,job-controller,garbage-collector-controller,serviceaccount-controller,serviceaccount-token-controller,namespace-controller \
      --service-account-private-key-file "$1/sa.key" --use-service-account-credentials=false \
      --bind-address 127.0.0.1 --secure-port 0 >"$1/controller-manager.log" 2>&1 &
    "$0/kube-scheduler" --kubeconfig "$1/kubeconfig" --leader-elect=false --bind-address 127.0.0.1 --secure-port 0 \
      >"$1/scheduler.log" 2>&1 &
    exec "$0/kwok" --kubeconfig "$1/kubeconfig" --config "$2" \
      --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake --cidr 10.244.0.0/16 --node-ip 10.244.0.1 \
      >"$1/kwok.log" 2>&1' "$KUBE/bin" "$dir" "$KUBE/kwok-stages.yaml" </dev/null &
  local pgid=$!
  echo "NODES_PGID=$pgid" >>"$dir/state.env"
  [[ -z "$owner" ]] || start_watchdog "$owner" "$pgid"
  # the node: capacity enough for every release the tests install
  local api; api="$(sed -n 's/^KUBE_API_URL=//p' "$dir/state.env")"
  curl -ksf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$api/api/v1/nodes" -d '{
    "apiVersion": "v1", "kind": "Node",
    "metadata": {"name": "kwok-node-0", "annotations": {"kwok.x-k8s.io/node": "fake"}, "labels": {"kubernetes.io/hostname": "kwok-node-0", "kubernetes.io/os": "linux", "type": "kwok"}},
    "status": {"allocatable": {"cpu": "32", "memory": "256Gi", "pods": "110"}, "capacity": {"cpu": "32", "memory": "256Gi", "pods": "110"}}
  }' >/dev/null || return 1
  local i
  for i in $(seq 1 120); do
    kill -0 "$pgid" 2>/dev/null || return 1
    if curl -ksf -H "Authorization: Bearer $TOKEN" "$api/api/v1/nodes/kwok-node-0" | python3 -c 'import json,sys; n=json.load(sys.stdin); sys.exit(0 if any(c["type"]=="Ready" and c["status"]=="True" for c in n.get("status",{}).get("conditions",[])) else 1)' 2>/dev/null; then
      # the API server taints a new node not-ready (TaintNodesByCondition); the node lifecycle
      # controller, which would lift it, is not run (it would want heartbeats): lift it here
      curl -ksf -X PATCH -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/merge-patch+json' \
        "$api/api/v1/nodes/kwok-node-0" -d '{"spec": {"taints": null}}' >/dev/null || return 1
      return 0
    fi
    sleep 0.5
  done
  return 1
}

stop_servers() {
  local dir="$1"
  [[ -f "$dir/state.env" ]] || return 0
  # shellcheck disable=SC1091
  source "$dir/state.env"
  [[ -z "${NODES_PGID:-}" ]] || kill_group "$NODES_PGID"
  kill_group "$KUBE_PGID"
  rm -f "$dir/state.env"
}

cmd="${1:-}"
case "$cmd" in
  install) install_tools ;;
  install-helm) install_helm ;;
  install-nodes) install_nodes ;;
  start)
    dir="${2:?usage: kube-tools.sh start DIR [--owner-pid PID] [--nodes]}"; owner=""; nodes=no
    shift 2
    while [[ $# -gt 0 ]]; do
      case "$1" in
        --owner-pid) owner="${2:?--owner-pid needs a PID}"; shift 2 ;;
        --nodes) nodes=yes; shift ;;
        *) die "unknown option $1" ;;
      esac
    done
    start_servers "$dir" "$owner" ;;
  stop) stop_servers "${2:?usage: kube-tools.sh stop DIR}" ;;
  *) die "usage: kube-tools.sh install | install-nodes | install-helm | start DIR [--owner-pid PID] | stop DIR" ;;
esac
