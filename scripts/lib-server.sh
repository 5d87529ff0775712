# Shared process handling for the local servers (prefect-server.sh, moto-server.sh).
# Source it after lib.sh; do not run it.
#
# Every server runs in its own process group (setsid), is stopped by that group's PID, and
# can be tied to an owner process by a watchdog, so a crashed or killed test run leaves no
# server running and no port taken.

# parses: <cmd> [--name N] [--owner-pid PID] [--port P] [--db sqlite|postgres]; sets cmd, name,
# owner, port, db
server_parse_args() {
  cmd="${1:-}"; shift || true
  name="default"; owner=""; port=""; db="sqlite"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --name) name="$2"; shift 2 ;;
      --db) db="$2"; shift 2 ;;
      --owner-pid) owner="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
}

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# a free TCP port on 127.0.0.1, asked of the OS through the given python
free_port() {
  "$1" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# stops a process group: TERM, up to 10 s of grace, then KILL
kill_group() {
  local pgid="$1"
  alive "$pgid" || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for _ in $(seq 1 50); do alive "$pgid" || return 0; sleep 0.2; done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

# start_watchdog OWNER PGID PATH...: when OWNER exits, stop the group and remove the paths.
# Detached from our own process group, so it outlives this script but not its owner.
start_watchdog() {
  local owner="$1" pgid="$2"; shift 2
  local paths; paths="$(printf "'%s' " "$@")"
  setsid bash -c "while kill -0 $owner 2>/dev/null && kill -0 $pgid 2>/dev/null; do sleep 1; done
    kill -TERM -- -$pgid 2>/dev/null; for i in \$(seq 1 50); do kill -0 $pgid 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- -$pgid 2>/dev/null; rm -rf $paths" >/dev/null 2>&1 </dev/null &
}

# start_state_watchdog OWNER STATE ID STOP_CMD...: when OWNER exits, runs STOP_CMD, unless the
# state file has stopped naming this watchdog (the server was stopped, or started anew) first.
# It reads nothing else from the state, so a server restarted under new PIDs stays covered.
# Detached from our own process group, so it outlives this script but not its owner.
start_state_watchdog() {
  local owner="$1" state="$2" id="$3"; shift 3
  local stop; stop="$(printf "'%s' " "$@")"
  setsid bash -c "mine() { grep -qx 'WATCHDOG_ID=$id' '$state' 2>/dev/null; }
    while kill -0 $owner 2>/dev/null && mine; do sleep 1; done
    mine && $stop" >/dev/null 2>&1 </dev/null &
}

# wait_healthy WHAT CHECK_FN URL PID LOG SECONDS: polls CHECK_FN URL until it succeeds; fails
# (printing the log) if the process exits or the time runs out. Prints URL on success.
wait_healthy() {
  local what="$1" check="$2" url="$3" pid="$4" logfile="$5" seconds="$6"
  for _ in $(seq 1 $((seconds * 2))); do
    if "$check" "$url"; then echo "$url"; return 0; fi
    alive "$pid" || { cat "$logfile" >&2; return 1; }
    sleep 0.5
  done
  tail -n 40 "$logfile" >&2
  warn "$what did not become healthy at $url within $seconds s"
  return 1
}
