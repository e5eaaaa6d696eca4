#!/usr/bin/env bash
# The paper's Table 1 rows on the same data and budget (bench/RESULTS.md, "Table 1 rows"): trains
# each training/configs/table1-*.json row on the training part of held-out fold K and scores it,
# and MoveNet Thunder, on fold K's held-out images. The configs are written for fold 0; other
# folds get a copy with the fold swapped in, written under build/table1-configs/ (the same depth
# below the repository as training/configs/, so their relative paths still hold).
# Usage: bench/run_table1.sh BUILD_DIR FOLD...   e.g. bench/run_table1.sh build 0 1 2
# (needs build/folds from scripts/make-folds.py and build/illustrated-renders, as
# scripts/train-illustrated-model.sh makes them)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
shift || true
SHARED=${REFPOSE_SHARED_DIR:-$ROOT/../shared}
CLI=${REFPOSE_CLI:-$BUILD/app/refpose-cli}
TRAIN=${REFPOSE_TRAIN:-$BUILD/training/refpose-train}
ROWS="task-finetune domain-only task-only concat matching"
CONFIGS="$ROOT/build/table1-configs"
OUT="$BUILD/table1-eval"
mkdir -p "$CONFIGS" "$OUT"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"

config_for() {  # row fold -> path of the row's config for that fold
  local row=$1 fold=$2 src="$ROOT/training/configs/table1-$1.json"
  if [ "$fold" = 0 ]; then echo "$src"; return; fi
  sed -e "s#fold-0-train#fold-$fold-train#" -e "s#runs/table1-$row\"#runs/table1-$row-fold$fold\"#" \
    "$src" > "$CONFIGS/table1-$row-fold$fold.json"
  echo "$CONFIGS/table1-$row-fold$fold.json"
}

run_dir() {  # row fold
  if [ "$2" = 0 ]; then echo "$BUILD/runs/table1-$1"; else echo "$BUILD/runs/table1-$1-fold$2"; fi
}

score() {  # name model fold (kept when already scored: delete build/table1-eval to score again)
  [ -s "$OUT/$1.json" ] && return
  "$CLI" eval-model --gt "$ROOT/data/illustrations-train/annotations.json" \
    --images "$SHARED/illustrations-train/images" --model "$2" --fold "$3/3" --json > "$OUT/$1.json"
}

for fold in "$@"; do
  score "fold$fold-thunder" thunder "$fold"
  for row in $ROWS; do
    dir=$(run_dir "$row" "$fold")
    [ -f "$dir/model.refpose" ] || "$TRAIN" --config "$(config_for "$row" "$fold")" > /dev/null
    score "fold$fold-$row" "$dir/model.refpose" "$fold"
    echo "fold $fold $row: $(date -u +%H:%M)"
  done
done

python3 - "$OUT" "$@" <<'PY'
import json, sys
out, folds = sys.argv[1], sys.argv[2:]
metrics = ["OKS@50", "OKS@75", "PCKh@50", "PDJ@20", "PCPm@50"]
rows = ["thunder", "task-finetune", "domain-only", "task-only", "concat", "matching"]
print("| row | folds | " + " | ".join(metrics) + " |")
print("|---|---|" + "---|" * len(metrics))
for row in rows:
    reports = [json.load(open(f"{out}/fold{k}-{row}.json")) for k in folds]
    means = [sum(r["overall"][m] for r in reports) / len(reports) for m in metrics]
    print(f"| {row} | {','.join(folds)} | " + " | ".join(f"{v:.3f}" for v in means) + " |")
PY
