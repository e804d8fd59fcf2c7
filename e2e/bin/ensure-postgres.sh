#!/usr/bin/env bash
# Prints a PostgreSQL URL the tests can use (they create and drop their own databases).
# Order: TEST_POSTGRES_URL if it answers; a server on 127.0.0.1:5432; otherwise install
# PostgreSQL from Debian and start a throwaway cluster in a temporary folder.
# Progress goes to stderr; only the URL goes to stdout.
set -euo pipefail

answers() { node -e '
  const net = require("node:net"); const u = new URL(process.argv[1]);
  const s = net.connect({ host: u.hostname, port: Number(u.port || 5432) });
  s.on("connect", () => process.exit(0)); s.on("error", () => process.exit(1));
  setTimeout(() => process.exit(1), 2000);' "$1"; }

if [ -n "${TEST_POSTGRES_URL:-}" ] && answers "$TEST_POSTGRES_URL"; then echo "$TEST_POSTGRES_URL"; exit 0; fi
default_url="postgresql://postgres@127.0.0.1:5432/postgres"
if [ -z "${HEADWATER_FORCE_THROWAWAY_PG:-}" ] && answers "$default_url"; then echo "$default_url"; exit 0; fi

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  echo "Installing PostgreSQL from Debian for the PostgreSQL tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

port=${HEADWATER_THROWAWAY_PG_PORT:-55432}
dir=$(mktemp -d /tmp/headwater-pg.XXXXXX)
as_owner() { if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir"; runuser -u postgres -- "$@"; else "$@"; fi; }
as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >&2
as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -o "-h 127.0.0.1 -p $port -k $dir" -w start >&2
echo "Started a throwaway PostgreSQL in $dir on 127.0.0.1:$port" >&2
echo "postgresql://postgres@127.0.0.1:$port/postgres"
