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
source "$(dirname "${BASH_SOURCE[0]}")/lib-server.sh"

server_parse_args "$@"
state="$STATE_DIR/prefect-server-$name.env"

healthy() { curl -fsS -m 2 "$1/health" >/dev/null 2>&1; }

stop_group() { # pgid home
  kill_group "$1"
  [[ -n "$2" && "$2" == "$TOOLCHAIN"/prefect-home.* ]] && rm -rf "$2"
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
    [[ -n "$port" ]] || port="$(free_port "$VENV/bin/python")"
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
    [[ -n "$owner" ]] && start_watchdog "$owner" "$pid" "$home" "$state"
    wait_healthy "prefect server" healthy "$url" "$pid" "$home/server.log" 120 && exit 0
    stop_group "$pid" "$home"; rm -f "$state"
    die "prefect server did not start (log above)"
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
