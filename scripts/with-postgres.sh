#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: scripts/with-postgres.sh <command...>
#
# If NECKCHECK_TEST_PG_URL is already set, the command simply runs against that server. Otherwise this
# starts a private cluster (Debian's postgresql package) on a free loopback port, with durability switched
# off for speed, creates the database neckcheck_test, exports
#   NECKCHECK_TEST_PG_URL=postgres://postgres@127.0.0.1:<port>/neckcheck_test
#   NECKCHECK_ALLOW_UNSAFE_PG=1
# runs the command, then always stops the server and deletes its data. Exits with the command's status.
# For tests only: trust authentication, fsync off.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command...>" >&2
  exit 2
fi

if [ -n "${NECKCHECK_TEST_PG_URL:-}" ]; then
  exec "$@"
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/postgres" ]; then
  echo "with-postgres: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2
  echo "with-postgres: install them first (apt-get install -y postgresql) or set NECKCHECK_TEST_PG_URL" >&2
  exit 127
fi

# As root (CI), the server runs as the unprivileged postgres user; otherwise as the current user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

DATA=$(mktemp -d "${TMPDIR:-/tmp}/neckcheck-pg.XXXXXX")
LOG="$DATA/server.log"
started=""

cleanup() {
  if [ -f "$DATA/db/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$DATA/db" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$DATA"
fi

if ! as_pg "$PGBIN/initdb" -D "$DATA/db" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$DATA/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$DATA/initdb.log" >&2
  exit 1
fi

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port=55432
while [ "$port" -lt 55532 ]; do
  if ! port_in_use "$port"; then
    if as_pg "$PGBIN/pg_ctl" -D "$DATA/db" -l "$LOG" -w -t 30 \
      -o "-p $port -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
      started=yes
      break
    fi
  fi
  port=$((port + 1))
done

if [ -z "$started" ]; then
  echo "with-postgres: could not start PostgreSQL on any port from 55432 to 55531:" >&2
  tail -n 20 "$LOG" >&2 2>/dev/null || true
  exit 1
fi

if ! as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres neckcheck_test >/dev/null; then
  echo "with-postgres: could not create the database neckcheck_test" >&2
  exit 1
fi

export NECKCHECK_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/neckcheck_test"
export NECKCHECK_ALLOW_UNSAFE_PG=1

# The command runs in the background so that a signal reaches it now (bash defers traps while a foreground
# command runs); the loop waits again after each forwarded signal until the command has really ended.
"$@" <&0 &
child=$!
trap 'kill -INT "$child" 2>/dev/null || true' INT
trap 'kill -TERM "$child" 2>/dev/null || true' TERM
while true; do
  status=0
  wait "$child" || status=$?
  kill -0 "$child" 2>/dev/null || break
done
exit "$status"
