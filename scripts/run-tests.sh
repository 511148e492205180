#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages), builds, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests
# The house style (.clang-format) is checked, not hoped for: a file that differs fails the run.
if [ -d .git ]; then git ls-files '*.cpp' '*.h'; else find app viewer inference feedback tests benchmarks -name '*.cpp' -o -name '*.h'; fi |
  xargs clang-format --dry-run --Werror
# Numbers in files, protocols and command lines never go through the C library's locale (README, "Numbers in
# every locale"): a new strtod, atof, sscanf or printf("%f") in the product fails the run.
scripts/check-locale-free.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr -DPULMO_BUILD_TESTS=ON -DPULMO_BUILD_BENCHMARKS=ON
cmake --build build
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 600)
# The Debian packages built, checked with lintian, installed with apt-get, run with the source and build
# trees hidden, and purged (README, "Debian packages"); needs root, as apt-get does.
scripts/check-packages.sh build
