#!/usr/bin/env bash
# Stop the throw-away Dovecot that start-dovecot.sh started: by the PID in its
# own run folder (so only that server; never by process name).
set -euo pipefail
dir="${IMAPTEST_DIR:-/tmp/kontakt-imaptest}"
pidfile="$dir/run/master.pid"
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
kill "$pid" 2>/dev/null || exit 0
for _ in $(seq 50); do
  kill -0 "$pid" 2>/dev/null || exit 0
  sleep 0.1
done
kill -9 "$pid" 2>/dev/null || true
