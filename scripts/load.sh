#!/usr/bin/env bash
# Load test on loopback: POST /v1/analyze with a real article and GET /healthz
# side by side in the same run, bounded in time. Reports req/s, p50 and p99.
#
#   scripts/load.sh [ARTICLE] [SECONDS] [CONNECTIONS]
#
# Defaults: tests/fixtures/articles/seed.txt, 10 s, 32 connections on the
# analyze route (4 on /healthz). Needs wrk (Debian: apt-get install wrk);
# builds the release binary if needed. Only ever talks to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLE=${1:-tests/fixtures/articles/seed.txt}
SECONDS_=${2:-10}
CONNS=${3:-32}
PORT=${PORT:-18431}
THREADS=${THREADS:-2}
ADDR=127.0.0.1:$PORT
BIN=target/release/attache

command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
[ -f "$ARTICLE" ] || { echo "no article at $ARTICLE" >&2; exit 1; }
cargo build --release --quiet --bin attache

TMP=$(mktemp -d)
"$BIN" serve --addr "$ADDR" --log-format json >"$TMP/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$TMP"' EXIT

for _ in $(seq 100); do
  curl -fsS "http://$ADDR/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://$ADDR/readyz" >/dev/null

cat >"$TMP/analyze.lua" <<'LUA'
local f = assert(io.open(os.getenv("ARTICLE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"
LUA

# Both routes in the same run, for the same duration.
ARTICLE="$ARTICLE" timeout $((SECONDS_ + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_}s" --latency \
  -s "$TMP/analyze.lua" "http://$ADDR/v1/analyze" >"$TMP/analyze.txt" &
A=$!
timeout $((SECONDS_ + 30)) wrk -t1 -c4 -d"${SECONDS_}s" --latency "http://$ADDR/healthz" >"$TMP/healthz.txt" &
H=$!
wait "$A" "$H"

summary() { # name file
  local rps p50 p99 non2xx errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$2")
  p50=$(awk '$1 == "50%" {print $2}' "$2")
  p99=$(awk '$1 == "99%" {print $2}' "$2")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$2")
  errors=$(awk '/Socket errors:/ {sub(/^ *Socket errors: */, ""); print}' "$2")
  printf '%-22s %10s req/s   p50 %9s   p99 %9s   non-2xx %s   socket errors: %s\n' \
    "$1" "$rps" "$p50" "$p99" "${non2xx:-0}" "${errors:-none}"
}

echo "machine: $(nproc) cores; article: $ARTICLE ($(wc -w <"$ARTICLE") words, $(wc -c <"$ARTICLE") bytes); ${SECONDS_}s"
summary "POST /v1/analyze (c=$CONNS)" "$TMP/analyze.txt"
summary "GET /healthz (c=4)" "$TMP/healthz.txt"
curl -fsS "http://$ADDR/metrics" | grep -E '^attache_http_errors_total' || true
