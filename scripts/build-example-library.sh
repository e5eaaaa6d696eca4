#!/usr/bin/env bash
# Builds the example library (figures rendered by the project) the app opens on at first start.
set -euo pipefail
BUILD_DIR=${1:?build folder}
CLI=$BUILD_DIR/app/refpose-cli
if [ -x "$CLI" ] && "$CLI" --help 2>/dev/null | grep -q "make-examples"; then
  "$CLI" make-examples --out "$BUILD_DIR/example-library"
fi
