#!/usr/bin/env bash
# A local Prefect server for the demo and the e2e tests: 127.0.0.1, a free port, a throwaway
# PREFECT_HOME (SQLite), its own process group, stopped by PID.
#
#   prefect-server.sh start [--name N] [--owner-pid PID] [--port P]   prints the API URL
#   prefect-server.sh stop  [--name N]
#   prefect-server.sh status [--name N]
#
# With --owner-pid, a watchdog stops the server as soon as that process is gone, so a
# crashed or killed test run leaves no server running and no port taken.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cmd="${1:-}"; shift || true
name="default"; owner=""; port=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --owner-pid) owner="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
state="$STATE_DIR/prefect-server-$name.env"

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }
healthy() { curl -fsS -m 2 "$1/health" >/dev/null 2>&1; }

stop_group() { # pgid home
  local pgid="$1" home="$2"
  if alive "$pgid"; then
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$pgid" || break; sleep 0.2; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  fi
  [[ -n "$home" && "$home" == "$TOOLCHAIN"/prefect-home.* ]] && rm -rf "$home"
  return 0
}

case "$cmd" in
  start)
    mkdir -p "$STATE_DIR"
    if [[ -f "$state" ]]; then
      # shellcheck disable=SC1090
      source "$state"
      if alive "$SERVER_PID" && healthy "$SERVER_API_URL"; then echo "$SERVER_API_URL"; exit 0; fi
      stop_group "$SERVER_PID" "$SERVER_HOME"; rm -f "$state"
    fi
    [[ -x "$VENV/bin/prefect" ]] || die "no Prefect virtualenv: run 'npx projen toolchain' (or npm test / npm run demo) first"
    [[ -n "$port" ]] || port="$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    home="$(mktemp -d "$TOOLCHAIN/prefect-home.XXXXXX")"
    url="http://127.0.0.1:$port/api"
    # setsid: the server and its workers get their own process group, stopped as one
    setsid env PREFECT_HOME="$home" \
      PREFECT_SERVER_ANALYTICS_ENABLED=false \
      PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT=false \
      PREFECT_API_URL="$url" \
      PREFECT_UI_API_URL="$url" \
      "$VENV/bin/prefect" server start --host 127.0.0.1 --port "$port" >"$home/server.log" 2>&1 </dev/null &
    pid=$!
    printf 'SERVER_PID=%s\nSERVER_API_URL=%s\nSERVER_UI_URL=%s\nSERVER_HOME=%s\nSERVER_PORT=%s\n' \
      "$pid" "$url" "http://127.0.0.1:$port" "$home" "$port" > "$state"
    if [[ -n "$owner" ]]; then
      # watchdog, detached from our own process group: outlives this script, not its owner
      setsid bash -c "while kill -0 $owner 2>/dev/null && kill -0 $pid 2>/dev/null; do sleep 1; done
        kill -TERM -- -$pid 2>/dev/null; for i in \$(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done
        kill -KILL -- -$pid 2>/dev/null; rm -rf '$home' '$state'" >/dev/null 2>&1 </dev/null &
    fi
    for _ in $(seq 1 240); do
      if healthy "$url"; then echo "$url"; exit 0; fi
      alive "$pid" || { cat "$home/server.log" >&2; rm -f "$state"; rm -rf "$home"; die "prefect server exited during start-up (log above)"; }
      sleep 0.5
    done
    tail -n 40 "$home/server.log" >&2
    stop_group "$pid" "$home"; rm -f "$state"
    die "prefect server did not answer $url/health within 120 s"
    ;;
  stop)
    [[ -f "$state" ]] || exit 0
    # shellcheck disable=SC1090
    source "$state"
    stop_group "$SERVER_PID" "$SERVER_HOME"
    rm -f "$state"
    ;;
  status)
    [[ -f "$state" ]] || { echo "stopped"; exit 1; }
    # shellcheck disable=SC1090
    source "$state"
    if alive "$SERVER_PID" && healthy "$SERVER_API_URL"; then echo "running $SERVER_API_URL (pid $SERVER_PID)"; else echo "stopped"; exit 1; fi
    ;;
  *) die "usage: prefect-server.sh start|stop|status [--name N] [--owner-pid PID] [--port P]" ;;
esac
