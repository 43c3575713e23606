#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the storage tests and
# print the URL to use as KONTAKT_TEST_PG_URL. Needs Debian's postgresql
# package; runs the server as the "postgres" user (initdb refuses root).
set -euo pipefail
port="${1:-54329}"
dir="${PGTEST_DIR:-/tmp/kontakt-pgtest}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
cd /  # the postgres user may not enter the caller's folder
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if [ -f "$dir/postmaster.pid" ] && run "$bin/pg_ctl -D $dir status" >/dev/null 2>&1; then
  :
else
  rm -rf "$dir"; mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  run "$bin/initdb -D $dir -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
  if ! run "$bin/pg_ctl -D $dir -l $dir/server.log -w -o '-c listen_addresses=127.0.0.1 -p $port -k /tmp' start" >/dev/null; then
    cat "$dir/server.log" >&2
    exit 1
  fi
fi
echo "postgresql://postgres@127.0.0.1:$port/postgres"
