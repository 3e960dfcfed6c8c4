#!/usr/bin/env bash
# Start-up smoke test: `highway serve --demo` on a fresh data directory must answer /healthz and
# /readyz, print the bootstrap token, and stop cleanly on SIGTERM. NODE_BIN picks the Node.js binary.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_BIN="${NODE_BIN:-node}"
DATA="$(mktemp -d)"
LOG="$DATA/serve.log"
HIGHWAY_DATA="$DATA" HIGHWAY_LOG_LEVEL=warn "$NODE_BIN" bin/highway.js serve --demo --port 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
URL=""
for _ in $(seq 1 120); do
  URL="$(grep -o 'listening on http://[^ ]*' "$LOG" | head -1 | sed 's/listening on //')" || true
  [ -n "$URL" ] && break
  kill -0 $PID 2>/dev/null || { cat "$LOG"; echo "smoke: server exited early"; exit 1; }
  sleep 0.5
done
[ -n "$URL" ] || { cat "$LOG"; echo "smoke: server did not start"; exit 1; }
curl -fsS "$URL/healthz" | grep -q '"ok"'
curl -fsS "$URL/readyz" | grep -q '"ready"'
grep -q 'bootstrap-token hwy_boot_' "$LOG"
kill -TERM $PID
wait $PID
echo "smoke: $("$NODE_BIN" --version) served $URL, answered /healthz and /readyz, printed the bootstrap token, stopped cleanly"
