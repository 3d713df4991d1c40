#!/usr/bin/env bash
# A throwaway PostgreSQL server on the loopback for the store's tests, kept in
# a data directory the caller names (and owns: `stop` removes it).
#   .ci/postgres.sh start DIR   prints the SQLAlchemy URL on stdout
#   .ci/postgres.sh stop DIR    stops that server (by its data directory) and removes DIR
set -euo pipefail
action="${1:?usage: postgres.sh start|stop DIR}"
DATA="${2:?usage: postgres.sh start|stop DIR}"
pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ "$action" = stop ]; then
    BIN="$(pgbin)"
    if [ -n "$BIN" ] && [ -f "$DATA/postmaster.pid" ]; then
        su postgres -s /bin/sh -c "'$BIN/pg_ctl' -D '$DATA' -m fast -w stop" >/dev/null || true
    fi
    rm -rf "$DATA"
    exit 0
fi

PORT="${CROSSCHECK_PG_PORT:-54329}"
# Take the first free port from there (a server left by an earlier run).
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
if [ -z "$(pgbin)" ] || [ ! -x "$(pgbin)/initdb" ]; then
    echo "installing PostgreSQL (apt-get)..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN="$(pgbin)"
mkdir -p "$DATA"
chown postgres "$DATA"
# initdb and the server refuse to run as root: run them as the postgres user.
su postgres -s /bin/sh -c "'$BIN/initdb' -D '$DATA' -A trust -U postgres --no-sync" >/dev/null
su postgres -s /bin/sh -c "'$BIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w \
    -o \"-h 127.0.0.1 -p $PORT -k '$DATA' -F\" start" >/dev/null
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
