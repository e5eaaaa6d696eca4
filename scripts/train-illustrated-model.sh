#!/usr/bin/env bash
# Reproduces RefPose's illustration model (models/refpose-illustrated.refpose, see its manifest):
# renders the synthetic figures and the labelled openclipart drawings, splits the labelled illustrations into 3 held-out folds, trains
# one model per fold (for bench/run_illustrated_eval.sh) and the shipped one on every label.
# About 15 minutes a run on 2 CPU cores. The configs (training/configs/illustrated*.json) read and
# write under build/. Usage: scripts/train-illustrated-model.sh [--final-only]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
SHARED=${REFPOSE_SHARED_DIR:-$ROOT/../shared}
"$BUILD/app/refpose-cli" render-figures --out "$BUILD/illustrated-renders" --count 600 --seed 11 \
  --add "$SHARED/add/train.json" --size 384 --plain
"$BUILD/app/refpose-render-svg" --list "$ROOT/data/openclipart/sources.tsv" --svg-root /usr/share/openclipart/svg \
  --out "$BUILD/openclipart-images" --height 768
python3 "$ROOT/scripts/make-folds.py" "$ROOT/data/illustrations-train/annotations.json" 3 "$BUILD/folds"
if [ "${1:-}" != "--final-only" ]; then
  for k in 0 1 2; do "$BUILD/training/refpose-train" --config "$ROOT/training/configs/illustrated-fold-$k.json"; done
fi
"$BUILD/training/refpose-train" --config "$ROOT/training/configs/illustrated.json"
echo "model: $BUILD/runs/illustrated/model.refpose"
