#!/usr/bin/env bash
# Retrieval quality (bench/RESULTS.md, "Retrieval quality"): estimates the illustrations-dev
# poses with the default model, then runs retrieval_quality_bench on the 136k ADD library.
# Usage: bench/run_retrieval_quality.sh [BUILD_DIR] [QUERIES]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build}
QUERIES=${2:-200}
SHARED=${REFPOSE_SHARED_DIR:-$ROOT/../shared}
OUT="$BUILD/retrieval-quality"
mkdir -p "$OUT"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BUILD/app/refpose-cli" estimate --json "$OUT/dev-estimates.json" "$SHARED"/illustrations-dev/images/*.png >/dev/null
cd "$ROOT"
"$BUILD/bench/retrieval_quality_bench" --size 136000 --queries "$QUERIES" --estimates "$OUT/dev-estimates.json"
