#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on the loopback for the store's tests.
# Prints the SQLAlchemy URL on stdout; stops nothing (the data directory is
# temporary and the server dies with the CI machine).  Usage:
#   export CROSSCHECK_TEST_PG_URL="$(.ci/postgres.sh)"
set -euo pipefail
PORT="${CROSSCHECK_PG_PORT:-54329}"
# Take the first free port from there (a server left by an earlier run).
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pgbin)" ] || [ ! -x "$(pgbin)/initdb" ]; then
    echo "installing PostgreSQL (apt-get)..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN="$(pgbin)"
DATA="$(mktemp -d /tmp/crosscheck-pg.XXXXXX)"
chown postgres "$DATA"
# initdb and the server refuse to run as root: run them as the postgres user.
su postgres -s /bin/sh -c "'$BIN/initdb' -D '$DATA' -A trust -U postgres --no-sync" >/dev/null
su postgres -s /bin/sh -c "'$BIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w \
    -o \"-h 127.0.0.1 -p $PORT -k '$DATA' -F\" start" >/dev/null
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
