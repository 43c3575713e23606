#!/usr/bin/env bash
# Stop the throw-away PostgreSQL server that start-postgres.sh started (by its
# data folder, so only that server; never by process name).
set -euo pipefail
dir="${PGTEST_DIR:-/tmp/kontakt-pgtest}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -f "$dir/postmaster.pid" ] || exit 0
cd /
if [ "$(id -u)" = 0 ]; then
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir -m fast stop" >/dev/null
else
  "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null
fi
