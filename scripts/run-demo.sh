#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages), builds, and runs Pulmo's main job on the bundled
# demo data: every demo radiograph rendered through the display pipeline into build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPULMO_BUILD_TESTS=OFF -DPULMO_BUILD_BENCHMARKS=OFF
cmake --build build
mkdir -p build/demo
for file in resources/demo/*.dcm; do
  name=$(basename "$file" .dcm)
  build/bin/pulmo-cli info "$file"
  build/bin/pulmo-cli render "$file" -o "build/demo/$name.png" --json
done
echo "Rendered $(ls build/demo/*.png | wc -l) demo image(s) into build/demo/"
