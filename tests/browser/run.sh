#!/usr/bin/env bash
# Browser test of the try-it page (GET /) against a real `attache serve`.
#
#   tests/browser/run.sh path/to/attache
#
# Builds nothing. Installs what it needs (Debian's chromium and an emoji font
# when missing, the npm packages pinned in package-lock.json), starts the
# given binary on a free loopback port, waits for it to be ready, runs
# page.test.mjs in headless chromium, and stops the server whatever happens.
# Screenshots and the server log go to target/browser-artifacts/.
# Exits non-zero when a check fails or anything on the way does; every step
# is bounded in time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-${ATTACHE_BIN:-}}"
if [[ -z "$bin" ]]; then
  echo "usage: $0 path/to/attache" >&2
  exit 2
fi
if [[ "$bin" != /* ]]; then bin="$PWD/$bin"; fi
if [[ ! -x "$bin" ]]; then
  echo "run.sh: $bin is not an executable attache binary (build it first)" >&2
  exit 2
fi
artifacts="${ARTIFACTS:-$root/target/browser-artifacts}"
mkdir -p "$artifacts"
rm -f "$artifacts"/*.png
start=$SECONDS

log() { echo "browser-test: $*" >&2; }

# --- the browser --------------------------------------------------------------
chromium="${CHROMIUM:-/usr/bin/chromium}"
need=()
[[ -x "$chromium" ]] || need+=(chromium)
# flags in the relations panel are emoji; without a colour-emoji font they are boxes
dpkg-query -W -f='${Status}' fonts-noto-color-emoji 2>/dev/null | grep -q "ok installed" || need+=(fonts-noto-color-emoji)
if ((${#need[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to install ${need[*]}"; exit 1; }
    sudo=(sudo)
  fi
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 "${sudo[@]}" apt-get update -q >/dev/null
  timeout 600 "${sudo[@]}" apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
[[ -x "$chromium" ]] || { log "no chromium at $chromium"; exit 1; }

# --- the test's npm packages (exactly the lock file's) ------------------------
command -v node >/dev/null || { log "node is needed (Debian: nodejs)"; exit 1; }
log "npm ci"
(cd "$here" && timeout 300 npm ci --no-audit --no-fund --loglevel=error)

# --- the service ---------------------------------------------------------------
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
base="http://127.0.0.1:$port/"
args=(serve --addr "127.0.0.1:$port")
api_key=""
# when the binary takes API keys, run with one so the test covers the key path
serve_help="$("$bin" serve --help 2>/dev/null || true)"
if [[ "$serve_help" == *--log-format* ]]; then args+=(--log-format json); fi
if [[ "$serve_help" == *--api-keys* ]]; then
  api_key="browser-test-$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
  args+=(--api-keys "$api_key")
fi

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

log "starting $bin serve --addr 127.0.0.1:$port${api_key:+ --api-keys <a random key>}"
"$bin" "${args[@]}" >"$artifacts/server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 150); do # 30 s
  if ! kill -0 "$server_pid" 2>/dev/null; then
    log "the server exited early; its log:"; cat "$artifacts/server.log" >&2; exit 1
  fi
  for path in readyz healthz; do
    if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$base$path" 2>/dev/null; then
      ready=$path; break 2
    fi
  done
  sleep 0.2
done
[[ -n "$ready" ]] || { log "the server was not ready within 30 s; its log:"; cat "$artifacts/server.log" >&2; exit 1; }
log "server ready (/$ready) on $base"

# --- the test --------------------------------------------------------------------
status=0
BASE_URL="$base" ARTIFACTS="$artifacts" API_KEY="$api_key" CHROMIUM="$chromium" \
  timeout -k 5 240 node "$here/page.test.mjs" || status=$?
log "done in $((SECONDS - start)) s; screenshots in $artifacts"
exit "$status"
