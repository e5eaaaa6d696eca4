#!/usr/bin/env bash
# The character box from the pose pass against the box from the selfie segmenter (the paper's
# way), bench/RESULTS.md "Character box from a segmenter": each held-out fold of the labelled
# illustrations scored with the model trained without it, with each box source, then the
# shipped model on illustrations-dev as a check.
# Usage: bench/run_box_source_eval.sh [BUILD_DIR] [FOLDS]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build}
FOLDS=${2:-3}
CLI="$BUILD/app/refpose-cli"
SHARED=${REFPOSE_SHARED_DIR:-$ROOT/../shared}
LABELS="$ROOT/data/illustrations-train/annotations.json"
OUT="$BUILD/box-source-eval"
mkdir -p "$OUT"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"

for box in pose segmenter; do
  for ((k = 0; k < FOLDS; k++)); do
    "$CLI" eval-model --gt "$LABELS" --images "$SHARED/illustrations-train/images" \
      --model "$BUILD/runs/illustrated-fold-$k/model.refpose" --fold "$k/$FOLDS" --box "$box" --json > "$OUT/fold$k-$box.json"
  done
  "$CLI" eval-model --gt "$SHARED/illustrations-dev/annotations.json" --model illustrated --box "$box" --json \
    > "$OUT/dev-$box.json"
done

python3 - "$OUT" "$FOLDS" <<'PY'
import json, sys
out, folds = sys.argv[1], int(sys.argv[2])
metrics = ["OKS@50", "OKS@75", "PCKh@50", "PDJ@20", "PCPm@50"]
def load(name):
    return json.load(open(f"{out}/{name}.json"))
def cells(values):
    return " | ".join(f"{v:.3f}" for v in values)
print("| set, box | " + " | ".join(metrics) + " |")
print("|---|" + "---|" * len(metrics))
for k in range(folds):
    for box in ("pose", "segmenter"):
        j = load(f"fold{k}-{box}")
        print(f"| fold {k}/{folds} ({j['poses']} poses), {box} | {cells(j['overall'][m] for m in metrics)} |")
for box in ("pose", "segmenter"):
    mean = [sum(load(f"fold{k}-{box}")["overall"][n] for k in range(folds)) / folds for n in metrics]
    print(f"| mean of the {folds} held-out folds, {box} | {cells(mean)} |")
for box in ("pose", "segmenter"):
    print(f"| illustrations-dev, {box} | {cells(load(f'dev-{box}')['overall'][m] for m in metrics)} |")
PY
