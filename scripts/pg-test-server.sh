#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the archive's tests
# and prints its URL on stdout (everything else goes to stderr):
#
#   export ATTACHE_TEST_DATABASE_URL=$(scripts/pg-test-server.sh start DIR)
#   scripts/pg-test-server.sh stop DIR
#
# Installs Debian's postgresql package when no server binaries are found
# (apt-get; needs root). The cluster lives in DIR (made with initdb, trust
# authentication on loopback only); as root the server runs as the
# `postgres` user, since PostgreSQL refuses to run as root. Exit status 2:
# the server cannot be had here (the caller skips its PostgreSQL tests).
set -euo pipefail
cmd=${1:?usage: pg-test-server.sh start|stop DIR}
dir=${2:?usage: pg-test-server.sh start|stop DIR}

bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    if [ -z "$(bindir)" ]; then
      if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "installing postgresql (Debian package)" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 || exit 2
      else
        echo "no PostgreSQL server binaries and no way to install them" >&2
        exit 2
      fi
    fi
    bin=$(bindir)
    [ -n "$bin" ] || exit 2
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U attache --auth=trust -E UTF8 --locale=C.UTF-8 >&2 || exit 2
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >&2 || {
        cat "$dir/server.log" >&2 || true
        exit 2
      }
    echo "postgres://attache@127.0.0.1:$port/postgres"
    ;;
  stop)
    bin=$(bindir)
    [ -n "$bin" ] && [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
    ;;
  *)
    echo "usage: pg-test-server.sh start|stop DIR" >&2
    exit 1
    ;;
esac
