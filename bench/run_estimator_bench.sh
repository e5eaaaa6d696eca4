#!/usr/bin/env bash
# Pose engine benchmark, LibTorch and TF.js side by side in one run (bench/RESULTS.md).
# Usage: bench/run_estimator_bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build}
RUNS=${2:-25}
MODELS=${REFPOSE_MODELS_DIR:-$ROOT/models}
# TF.js backends to time: WASM is the peer; its plain-JS CPU backend takes seconds per pass.
BACKENDS=${REFPOSE_TFJS_BACKENDS:-wasm}
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BUILD/bench/estimator_bench" "" "$RUNS"
echo
echo "TF.js peer (network pass, median of $RUNS):"
for model in thunder:256 lightning:192; do
  name=${model%%:*}; size=${model##*:}
  for backend in $BACKENDS; do
    printf '%s %s: ' "$name" "$backend"
    node "$ROOT/tests/tfjs/bench_movenet.js" "$MODELS/movenet-$name.json" "$size" "$RUNS" "$backend" 2 2>/dev/null | tail -1
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
