#!/usr/bin/env bash
# Generates the Python client from openapi.yaml with openapi-python-client
# (PyPI) and calls a running `attache serve` on 127.0.0.1:PORT through it.
#   tests/clients/run.sh PORT [VENV]
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=$1
VENV=${2:-target/clients-venv}
if [ ! -x "$VENV/bin/openapi-python-client" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'openapi-python-client==0.29.1'
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$VENV/bin/openapi-python-client" generate --path openapi.yaml \
  --config tests/clients/python-client.yaml --output-path "$OUT/attache-client" --overwrite \
  > "$OUT/generate.log" 2>&1 || { cat "$OUT/generate.log"; exit 1; }
"$VENV/bin/pip" install --quiet --disable-pip-version-check "$OUT/attache-client"
"$VENV/bin/python" tests/clients/python_client.py "$PORT"
