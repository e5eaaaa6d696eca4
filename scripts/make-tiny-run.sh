#!/usr/bin/env bash
# Renders the 8 figures that tests/training/tiny_run.json trains on, into build/tiny-figures.
# Usage: scripts/make-tiny-run.sh [BUILD_DIR]   then   BUILD_DIR/training/refpose-train --config tests/training/tiny_run.json
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
"$build/app/refpose-cli" render-figures --out "$here/build/tiny-figures" --count 8 --size 160 --seed 5 --plain
