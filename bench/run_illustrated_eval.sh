#!/usr/bin/env bash
# Accuracy of the illustration-trained model against MoveNet Thunder (bench/RESULTS.md,
# "Illustration-trained model"): each held-out fold of the labelled illustrations scored with
# the model trained without it (training/configs/illustrated-fold-K.json), then the shipped
# model on illustrations-dev and on figures rendered from ADD-test poses.
# Usage: bench/run_illustrated_eval.sh [BUILD_DIR] [FOLDS]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build}
FOLDS=${2:-3}
CLI="$BUILD/app/refpose-cli"
SHARED=${REFPOSE_SHARED_DIR:-$ROOT/../shared}
LABELS="$ROOT/data/illustrations-train/annotations.json"
OUT="$BUILD/illustrated-eval"
mkdir -p "$OUT"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"

score() {  # name model gt [extra eval-model options...]
  local name=$1 model=$2 gt=$3
  shift 3
  "$CLI" eval-model --gt "$gt" --model "$model" --json "$@" > "$OUT/$name.json"
}

for ((k = 0; k < FOLDS; k++)); do
  score "fold$k-thunder" thunder "$LABELS" --images "$SHARED/illustrations-train/images" --fold "$k/$FOLDS"
  score "fold$k-illustrated" "$BUILD/runs/illustrated-fold-$k/model.refpose" "$LABELS" \
    --images "$SHARED/illustrations-train/images" --fold "$k/$FOLDS"
done
score dev-thunder thunder "$SHARED/illustrations-dev/annotations.json"
score dev-illustrated illustrated "$SHARED/illustrations-dev/annotations.json"
if [ ! -f "$BUILD/add-test-renders/annotations.json" ]; then
  "$CLI" render-figures --for-scoring --plain --out "$BUILD/add-test-renders" --count 150 --seed 21 \
    --add "$SHARED/add/test.json" --size 512 >/dev/null
fi
score addtest-thunder thunder "$BUILD/add-test-renders/annotations.json"
score addtest-illustrated illustrated "$BUILD/add-test-renders/annotations.json"

python3 - "$OUT" "$FOLDS" <<'PY'
import json, sys
out, folds = sys.argv[1], int(sys.argv[2])
metrics = ["OKS@50", "OKS@75", "PCKh@50", "PDJ@20", "PCPm@50"]
def load(name):
    return json.load(open(f"{out}/{name}.json"))
def cells(values):
    return " | ".join(f"{v:.3f}" for v in values)
def row(label, name):
    j = load(name)
    return f"| {label} | {cells(j['overall'][m] for m in metrics)} | {j['ms_per_image']:.0f} |"
print("| set, model | " + " | ".join(metrics) + " | ms/image |")
print("|---|" + "---|" * (len(metrics) + 1))
for k in range(folds):
    for m in ("thunder", "illustrated"):
        print(row(f"fold {k}/{folds} ({load(f'fold{k}-{m}')['poses']} poses), {m}", f"fold{k}-{m}"))
for m in ("thunder", "illustrated"):
    mean = [sum(load(f"fold{k}-{m}")["overall"][n] for k in range(folds)) / folds for n in metrics]
    print(f"| mean of the {folds} held-out folds, {m} | {cells(mean)} | |")
for s, label in (("dev", "illustrations-dev"), ("addtest", "rendered ADD-test")):
    for m in ("thunder", "illustrated"):
        print(row(f"{label}, {m}", f"{s}-{m}"))
PY
