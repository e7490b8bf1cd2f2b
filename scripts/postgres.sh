#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and benchmarks (sourced by test.sh and benchmarks/run.sh).
#   postgres_start <port>   installs the Debian package if missing, starts a cluster on 127.0.0.1:<port>
#                           and exports CONFERENCE_TEST_POSTGRES (an admin connection string)
#   postgres_stop           stops it and removes its folder

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

postgres_start() {
  local port="$1"
  # A busy port (another run, another server) moves us to the next free one.
  while port_in_use "$port"; do port=$((port + 1)); done
  if [ -z "$(postgres_bin)" ]; then
    echo "Installing PostgreSQL (Debian package postgresql)..."
    as_root apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  fi
  local bin; bin="$(postgres_bin)"
  PG_DIR="$(mktemp -d /tmp/conference-pg.XXXXXX)"
  chmod 755 "$PG_DIR"
  PG_RUN=()
  PG_CTL="$bin/pg_ctl"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_DIR"
    PG_RUN=(runuser -u postgres --)
  fi
  "${PG_RUN[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  # Throwaway data: durability settings off for speed, written to postgresql.conf (not given as -c, which
  # would outrank ALTER SYSTEM) so that a benchmark can switch them on for a round and reload
  # (benchmarks/Infrastructure.Benchmarks measures both); max_connections for many parallel test databases.
  printf '%s\n' "fsync = off" "synchronous_commit = off" "full_page_writes = off" >>"$PG_DIR/data/postgresql.conf"
  "${PG_RUN[@]}" "$PG_CTL" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" \
    start >/dev/null || { cat "$PG_DIR/server.log"; return 1; }
  export CONFERENCE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL running on 127.0.0.1:$port"
}

postgres_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -n "${PG_CTL:-}" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_RUN[@]}" "$PG_CTL" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
