#!/usr/bin/env bash
# Installs exactly the Debian 12 packages hypershap needs that are missing (idempotent).
# As root it calls apt-get directly, otherwise through sudo.
#   cmake/install-deps.sh          build and run dependencies
#   cmake/install-deps.sh --test   also the tools the test suite uses (clang-format, h5py, shellcheck)
set -euo pipefail

build_packages=(
  g++ cmake make git pkg-config
  libopenmpi-dev openmpi-bin
  libboost-mpi-dev libboost-serialization-dev
  libhdf5-dev hdf5-tools
  libeigen3-dev doctest-dev
  nlohmann-json3-dev libcli11-dev libtomlplusplus-dev
  libprotobuf-dev protobuf-compiler libonnx-dev
  liblbfgspp-dev libsqlite3-dev
  libzip-dev
)
test_packages=(chromium clang-format python3 python3-h5py python3-numpy python3-optuna python3-pandas python3-sklearn shellcheck)

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
  wanted+=("${test_packages[@]}")
fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#wanted[@]} packages present"
  exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || {
    echo "install-deps: not root and no sudo; install as root: apt-get install ${missing[*]}" >&2
    exit 1
  }
  as_root=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
