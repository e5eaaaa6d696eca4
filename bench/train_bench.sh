#!/usr/bin/env bash
# Training throughput (images/s) of each architecture on this machine, via refpose-train --bench.
# Usage: bench/train_bench.sh BUILD_DIR MODELS_DIR [REPEATS] [DEPTH] [INPUT]
# Prints one line per run and the median per architecture (record them in bench/RESULTS.md).
set -euo pipefail
build=${1:?build folder}; models=${2:?models folder}; repeats=${3:-3}; depth=${4:-18}; input=${5:-128}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for arch in domain-only task-only concat matching; do
  cat > "$tmp/$arch.json" <<JSON
{"dataset": "unused.json", "out_dir": "$tmp/out", "architecture": "$arch", "task_model": "$models/movenet-lightning.json",
 "resnet_depth": $depth, "input_size": $input, "heatmap_size": $((input / 4)), "batch_size": 8, "device": "cpu"}
JSON
  rates=()
  for _ in $(seq "$repeats"); do
    rate=$("$build/training/refpose-train" --config "$tmp/$arch.json" --bench 5 | sed -n 's/.*"images_per_s":\([0-9.e+-]*\).*/\1/p')
    rates+=("$rate")
  done
  median=$(printf '%s\n' "${rates[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$arch depth=$depth input=$input runs=${rates[*]} median=$median images/s"
done
