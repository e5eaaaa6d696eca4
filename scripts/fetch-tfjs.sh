#!/usr/bin/env bash
# Installs the TF.js reference runtime (pinned by tests/tfjs/package-lock.json) used by the
# parity tests and the benchmark peer.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=$ROOT/tests/tfjs
[ -f "$DIR/package.json" ] || exit 0
if [ -d "$DIR/node_modules" ] && [ "$DIR/node_modules/.package-lock.json" -nt "$DIR/package-lock.json" ]; then
  echo "[tfjs] reference runtime present"
  exit 0
fi
echo "[tfjs] Installing the TF.js reference runtime"
(cd "$DIR" && npm ci --no-audit --no-fund --silent)
