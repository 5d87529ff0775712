# A throwaway PostgreSQL for the local Prefect server (prefect-server.sh --db postgres).
# Source it after lib.sh and lib-server.sh; do not run it.
#
# Debian's PostgreSQL server: the machine's (/usr/lib/postgresql/<v>/bin), else the postgresql-15
# package and the libraries it needs, downloaded with `apt-get download` and unpacked with
# `dpkg -x` into $TOOLCHAIN/postgres (git-ignored; a second run finds it there). Each cluster is a
# directory under $TOOLCHAIN (pg.XXXXXX): initdb'd there, owned by an unprivileged user when we
# are root (postgres refuses to run as root), listening on 127.0.0.1 only, its unix socket in that
# directory, trust authentication (loopback and that socket only), its own process group.

PG_PREFIX="$TOOLCHAIN/postgres"
PG_DEB_PACKAGES=(postgresql-15 libpq5 libicu72 libxml2 libldap-2.5-0 libsasl2-2 liblz4-1 libzstd1)

# prints the bin directory of a PostgreSQL server; installs one into $PG_PREFIX if none is found
pg_bindir() {
  local d
  if [[ -z "${CDKTF_PREFECT_PG_DOWNLOAD:-}" ]]; then
    for d in /usr/lib/postgresql/*/bin; do
      [[ -x "$d/postgres" && -x "$d/initdb" ]] && { echo "$d"; return 0; }
    done
  fi
  for d in "$PG_PREFIX"/usr/lib/postgresql/*/bin; do
    [[ -x "$d/postgres" && -x "$d/initdb" ]] && { echo "$d"; return 0; }
  done
  # one install at a time (two servers may start at once on a fresh machine); the second finds it
  (
    flock 9
    for d in "$PG_PREFIX"/usr/lib/postgresql/*/bin; do [[ -x "$d/postgres" ]] && exit 0; done
    pg_install >&2
  ) 9>"$TOOLCHAIN/postgres.lock" || return 1
  for d in "$PG_PREFIX"/usr/lib/postgresql/*/bin; do
    [[ -x "$d/postgres" ]] && { echo "$d"; return 0; }
  done
  return 1
}

# apt-get download + dpkg -x of Debian's server package and its libraries (no system change)
pg_install() {
  command -v apt-get >/dev/null && command -v dpkg >/dev/null || { warn "no PostgreSQL server and no apt-get to fetch one"; return 1; }
  log "installing Debian's PostgreSQL server into $PG_PREFIX"
  local debs; debs="$(mktemp -d "$TOOLCHAIN/pg-debs.XXXXXX")"
  if ! (cd "$debs" && apt-get download "${PG_DEB_PACKAGES[@]}" >"$debs/apt.log" 2>&1); then
    # an old or empty package list: refresh it once, then try again
    apt-get update >"$debs/apt.log" 2>&1 || true
    (cd "$debs" && apt-get download "${PG_DEB_PACKAGES[@]}" >>"$debs/apt.log" 2>&1) || { cat "$debs/apt.log" >&2; rm -rf "$debs"; return 1; }
  fi
  local tmp="$PG_PREFIX.tmp.$$" f
  rm -rf "$tmp"; mkdir -p "$tmp"
  for f in "$debs"/*.deb; do dpkg -x "$f" "$tmp"; done
  rm -rf "$debs" "$PG_PREFIX"
  mv "$tmp" "$PG_PREFIX"
  chmod 755 "$PG_PREFIX"
}

# pg_cmd BINDIR: sets PG_CMD to the prefix that runs a PostgreSQL binary as the cluster's owner
# (an unprivileged user when we are root: postgres refuses root), with the unpacked libraries
# on the library path when they came from $PG_PREFIX
pg_cmd() {
  PG_CMD=(env)
  [[ "$1" == "$PG_PREFIX"/* ]] && PG_CMD+=("LD_LIBRARY_PATH=$PG_PREFIX/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
  [[ "$(id -u)" == 0 ]] && PG_CMD=(setpriv --reuid=nobody --regid=nogroup --clear-groups "${PG_CMD[@]}")
  return 0
}

# pg_init DIR: a new cluster in DIR/data, owned by the user it will run as
pg_init() {
  local dir="$1" bindir; bindir="$(pg_bindir)" || die "no PostgreSQL server (see above)"
  [[ "$(id -u)" == 0 ]] && chown nobody:nogroup "$dir"
  chmod 700 "$dir"
  pg_cmd "$bindir"
  "${PG_CMD[@]}" "$bindir/initdb" -D "$dir/data" -U prefect --auth=trust -E UTF8 --locale=C --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
}

# pg_launch DIR PORT: starts the cluster of DIR on 127.0.0.1:PORT in its own process group and
# waits until it accepts connections; prints its PID. fsync is off (the cluster is thrown away;
# what postgres wrote survives a killed postgres, though not a crashed machine). Commits stay
# synchronous: with synchronous_commit=off a SIGKILLed postgres loses the last commits, which
# the restart test caught.
pg_launch() {
  local dir="$1" port="$2" bindir pid
  bindir="$(pg_bindir)" || die "no PostgreSQL server (see above)"
  rm -f "$dir/data/postmaster.pid" # left by a killed postgres; its process group is gone
  pg_cmd "$bindir"
  setsid "${PG_CMD[@]}" "$bindir/postgres" -D "$dir/data" -k "$dir" -h 127.0.0.1 -p "$port" \
    -c fsync=off -c full_page_writes=off -c max_connections=200 \
    >>"$dir/postgres.log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 1 120); do
    # postmaster.pid's 8th line is "ready" once the server accepts connections
    if [[ "$(sed -n 8p "$dir/data/postmaster.pid" 2>/dev/null | tr -d ' ')" == ready ]]; then echo "$pid"; return 0; fi
    alive "$pid" || break
    sleep 0.25
  done
  tail -n 20 "$dir/postgres.log" >&2
  kill_group "$pid"
  return 1
}

# the SQLAlchemy URL Prefect connects with (database "postgres" of the cluster)
pg_url() { echo "postgresql+asyncpg://prefect@127.0.0.1:$1/postgres"; }

# pg_stop PID DIR: stops the cluster's process group and removes its directory
pg_stop() {
  kill_group "$1"
  [[ -n "${2:-}" && "$2" == "$TOOLCHAIN"/pg.* ]] && rm -rf "$2"
  return 0
}
