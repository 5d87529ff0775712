#!/usr/bin/env bash
# A local moto server (AWS API stand-in) for the AWS pattern e2e tests: 127.0.0.1, a free
# port, its own process group, stopped by PID. moto[server] is installed from PyPI into its
# own virtualenv ($TOOLCHAIN/moto-venv) on the first start.
#
#   moto-server.sh start [--name N] [--owner-pid PID] [--port P]   prints the endpoint URL
#   moto-server.sh stop  [--name N]
#   moto-server.sh status [--name N]
#
# With --owner-pid, a watchdog stops the server as soon as that process is gone, so a
# crashed or killed test run leaves no server running and no port taken.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MOTO_VERSION="${CDKTF_PREFECT_MOTO_VERSION:-5.2.1}"
MOTO_VENV="$TOOLCHAIN/moto-venv"

source "$(dirname "${BASH_SOURCE[0]}")/lib-server.sh"
server_parse_args "$@"
state="$STATE_DIR/moto-server-$name.env"

healthy() { curl -fsS -m 2 "$1/moto-api/data.json" >/dev/null 2>&1; }

stop_group() { # pgid log
  kill_group "$1"
  [[ -n "$2" && "$2" == "$STATE_DIR"/moto-* ]] && rm -f "$2"
  return 0
}

# idempotent: a second start finds the venv and the pinned version in place
install_moto() {
  if [[ -x "$MOTO_VENV/bin/moto_server" ]] \
    && [[ "$("$MOTO_VENV/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" == "$MOTO_VERSION" ]]; then
    return 0
  fi
  log "installing moto[server]==$MOTO_VERSION into $MOTO_VENV"
  local py
  py="$(command -v python3.11 || command -v python3)" || die "python3 is required for moto"
  [[ -x "$MOTO_VENV/bin/python" ]] || "$py" -m venv "$MOTO_VENV"
  "$MOTO_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2 \
    || die "pip could not install moto[server]==$MOTO_VERSION"
}

case "$cmd" in
  start)
    mkdir -p "$STATE_DIR"
    if [[ -f "$state" ]]; then
      # shellcheck disable=SC1090
      source "$state"
      if alive "$MOTO_PID" && healthy "$MOTO_URL"; then echo "$MOTO_URL"; exit 0; fi
      stop_group "$MOTO_PID" "$MOTO_LOG"; rm -f "$state"
    fi
    install_moto
    [[ -n "$port" ]] || port="$(free_port "$MOTO_VENV/bin/python")"
    url="http://127.0.0.1:$port"
    logfile="$STATE_DIR/moto-server-$name.log"
    # setsid: the server gets its own process group, stopped as one
    setsid "$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$logfile" 2>&1 </dev/null &
    pid=$!
    printf 'MOTO_PID=%s\nMOTO_URL=%s\nMOTO_PORT=%s\nMOTO_LOG=%s\n' "$pid" "$url" "$port" "$logfile" > "$state"
    [[ -n "$owner" ]] && start_watchdog "$owner" "$pid" "$logfile" "$state"
    wait_healthy "moto server" healthy "$url" "$pid" "$logfile" 60 && exit 0
    stop_group "$pid" "$logfile"; rm -f "$state"
    die "moto server did not start (log above)"
    ;;
  stop)
    [[ -f "$state" ]] || exit 0
    # shellcheck disable=SC1090
    source "$state"
    stop_group "$MOTO_PID" "$MOTO_LOG"
    rm -f "$state"
    ;;
  status)
    [[ -f "$state" ]] || { echo "stopped"; exit 1; }
    # shellcheck disable=SC1090
    source "$state"
    if alive "$MOTO_PID" && healthy "$MOTO_URL"; then echo "running $MOTO_URL (pid $MOTO_PID)"; else echo "stopped"; exit 1; fi
    ;;
  *) die "usage: moto-server.sh start|stop|status [--name N] [--owner-pid PID] [--port P]" ;;
esac
