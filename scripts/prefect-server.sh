#!/usr/bin/env bash
# A local Prefect server for the demo and the e2e tests: 127.0.0.1, a free port, a throwaway
# PREFECT_HOME, its own process group, stopped by PID. Its database is SQLite in that home, or
# with --db postgres a throwaway PostgreSQL cluster (scripts/lib-postgres.sh) on 127.0.0.1.
#
#   prefect-server.sh start   [--name N] [--owner-pid PID] [--port P] [--db sqlite|postgres]   prints the API URL
#   prefect-server.sh restart [--name N] [--owner-pid PID]   prints the API URL
#   prefect-server.sh stop    [--name N]
#   prefect-server.sh status  [--name N]
#
# `start` always begins with a fresh home and database (it reuses a healthy server of that name).
# `restart` brings a server back on the same home, database and port, after a crash or not: it
# ends what is left of the Prefect processes, starts PostgreSQL again on its cluster and port if
# it is gone too, then starts Prefect. `stop` ends both and removes the home and the cluster.
#
# With --owner-pid, a watchdog stops the server (and its database) as soon as that process is
# gone, so a crashed or killed test run leaves no server running and no port taken. The watchdog
# follows the state file, so it keeps covering a restarted server.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-server.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-postgres.sh"

server_parse_args "$@"
state="$STATE_DIR/prefect-server-$name.env"

healthy() { curl -fsS -m 2 "$1/health" >/dev/null 2>&1; }

load_state() {
  SERVER_PID=""; SERVER_API_URL=""; SERVER_HOME=""; SERVER_PORT=""; SERVER_DB="sqlite"; SERVER_OWNER=""; WATCHDOG_ID=""
  PG_PID=""; PG_DIR=""; PG_PORT=""
  # shellcheck disable=SC1090
  source "$state"
}

# written whole, then renamed: the watchdog never reads a half-written file
save_state() {
  printf 'SERVER_PID=%s\nSERVER_API_URL=%s\nSERVER_UI_URL=%s\nSERVER_HOME=%s\nSERVER_PORT=%s\nSERVER_DB=%s\nSERVER_OWNER=%s\nWATCHDOG_ID=%s\nPG_PID=%s\nPG_DIR=%s\nPG_PORT=%s\n' \
    "$SERVER_PID" "$SERVER_API_URL" "http://127.0.0.1:$SERVER_PORT" "$SERVER_HOME" "$SERVER_PORT" \
    "$SERVER_DB" "$SERVER_OWNER" "$WATCHDOG_ID" "$PG_PID" "$PG_DIR" "$PG_PORT" > "$state.tmp.$$"
  mv -f "$state.tmp.$$" "$state"
}

# ends the Prefect group and the PostgreSQL group of the loaded state, removes home and cluster
stop_all() {
  kill_group "$SERVER_PID"
  [[ -n "$SERVER_HOME" && "$SERVER_HOME" == "$TOOLCHAIN"/prefect-home.* ]] && rm -rf "$SERVER_HOME"
  [[ -n "$PG_DIR" || -n "$PG_PID" ]] && pg_stop "$PG_PID" "$PG_DIR"
  rm -f "$state"
}

# starts Prefect on the loaded state's home, port and database (setsid: the server and its
# workers get their own process group, stopped as one); sets SERVER_PID
launch_prefect() {
  local url="$SERVER_API_URL" dbenv=()
  [[ "$SERVER_DB" == postgres ]] && dbenv=("PREFECT_API_DATABASE_CONNECTION_URL=$(pg_url "$PG_PORT")")
  setsid env PREFECT_HOME="$SERVER_HOME" \
    PREFECT_SERVER_ANALYTICS_ENABLED=false \
    PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT=false \
    PREFECT_API_URL="$url" \
    PREFECT_UI_API_URL="$url" \
    "${dbenv[@]}" \
    "$VENV/bin/prefect" server start --host 127.0.0.1 --port "$SERVER_PORT" >>"$SERVER_HOME/server.log" 2>&1 </dev/null &
  SERVER_PID=$!
}

watch_owner() {
  [[ -n "$owner" ]] || return 0
  SERVER_OWNER="$owner"
  WATCHDOG_ID="$$-$RANDOM$RANDOM"
  save_state
  start_state_watchdog "$owner" "$state" "$WATCHDOG_ID" bash "$ROOT/scripts/prefect-server.sh" stop --name "$name"
}

case "$cmd" in
  start)
    mkdir -p "$STATE_DIR"
    [[ "$db" == sqlite || "$db" == postgres ]] || die "--db takes sqlite or postgres, not '$db'"
    if [[ -f "$state" ]]; then
      load_state
      if alive "$SERVER_PID" && healthy "$SERVER_API_URL"; then echo "$SERVER_API_URL"; exit 0; fi
      stop_all
    fi
    [[ -x "$VENV/bin/prefect" ]] || die "no Prefect virtualenv: run 'npx projen toolchain' (or npm test / npm run demo) first"
    SERVER_PID=""; SERVER_OWNER=""; WATCHDOG_ID=""; PG_PID=""; PG_DIR=""; PG_PORT=""
    SERVER_DB="$db"
    SERVER_PORT="${port:-$(free_port "$VENV/bin/python")}"
    SERVER_API_URL="http://127.0.0.1:$SERVER_PORT/api"
    SERVER_HOME="$(mktemp -d "$TOOLCHAIN/prefect-home.XXXXXX")"
    save_state # from here on, stop (or the watchdog) cleans up whatever was started
    watch_owner
    if [[ "$db" == postgres ]]; then
      PG_DIR="$(mktemp -d "$TOOLCHAIN/pg.XXXXXX")"
      PG_PORT="$(free_port "$VENV/bin/python")"
      save_state
      pg_init "$PG_DIR" || { stop_all; die "initdb failed (log above)"; }
      PG_PID="$(pg_launch "$PG_DIR" "$PG_PORT")" || { stop_all; die "postgres did not start (log above)"; }
      save_state
    fi
    launch_prefect
    save_state
    wait_healthy "prefect server" healthy "$SERVER_API_URL" "$SERVER_PID" "$SERVER_HOME/server.log" 120 && exit 0
    load_state; stop_all
    die "prefect server did not start (log above)"
    ;;
  restart)
    [[ -f "$state" ]] || die "no server named '$name' to restart: start it first"
    load_state
    [[ -d "$SERVER_HOME" ]] || die "the home of server '$name' ($SERVER_HOME) is gone: start it anew"
    kill_group "$SERVER_PID"
    if [[ "$SERVER_DB" == postgres ]] && ! alive "$PG_PID"; then
      [[ -d "$PG_DIR/data" ]] || die "the PostgreSQL cluster of server '$name' ($PG_DIR) is gone: start it anew"
      PG_PID="$(pg_launch "$PG_DIR" "$PG_PORT")" || die "postgres did not restart (log above)"
      save_state
    fi
    launch_prefect
    save_state
    [[ -n "$owner" && "$owner" != "$SERVER_OWNER" ]] && watch_owner
    wait_healthy "prefect server" healthy "$SERVER_API_URL" "$SERVER_PID" "$SERVER_HOME/server.log" 120 && exit 0
    die "prefect server did not restart (log above; stop it with: prefect-server.sh stop --name $name)"
    ;;
  stop)
    [[ -f "$state" ]] || exit 0
    load_state
    stop_all
    ;;
  status)
    [[ -f "$state" ]] || { echo "stopped"; exit 1; }
    load_state
    if alive "$SERVER_PID" && healthy "$SERVER_API_URL"; then
      echo "running $SERVER_API_URL (pid $SERVER_PID, $SERVER_DB${PG_PORT:+ on 127.0.0.1:$PG_PORT})"
    else
      echo "stopped"; exit 1
    fi
    ;;
  *) die "usage: prefect-server.sh start|restart|stop|status [--name N] [--owner-pid PID] [--port P] [--db sqlite|postgres]" ;;
esac
