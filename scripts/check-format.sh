#!/usr/bin/env bash
# Fails when a tracked C++ file differs from the layout in .clang-format (HACKING.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror
echo "[format] every tracked C++ file follows .clang-format"
