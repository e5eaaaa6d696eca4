#!/usr/bin/env bash
# Builds the example library (figures rendered by the project) the app opens on at first start.
# Uses the AnimeDrawingsDataset poses beside the project (../shared/add) when present.
set -euo pipefail
BUILD_DIR=${1:?build folder}
CLI=$BUILD_DIR/app/refpose-cli
ADD_FILE=${REFPOSE_SHARED_DIR:-$(cd "$(dirname "$0")/.." && pwd)/../shared}/add/data.json
if [ -x "$CLI" ] && "$CLI" --help 2>/dev/null | grep -q "make-examples"; then
  if [ -f "$ADD_FILE" ]; then
    "$CLI" make-examples --out "$BUILD_DIR/example-library" --add "$ADD_FILE"
  else
    "$CLI" make-examples --out "$BUILD_DIR/example-library"
  fi
fi
