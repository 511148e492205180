#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages), builds, and runs Pulmo on the bundled demo data:
# renders every demo radiograph through the display pipeline into build/demo/, classifies them when
# the demo model is there, then opens the studies in the viewer (or, without a display, saves a
# screenshot of the viewer instead).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPULMO_BUILD_TESTS=OFF -DPULMO_BUILD_BENCHMARKS=OFF
cmake --build build
mkdir -p build/demo
for file in resources/demo/*.dcm; do
  name=$(basename "$file" .dcm)
  build/bin/pulmo-cli render "$file" -o "build/demo/$name.png" --json
done
if [ -f resources/models/pulmo-demo-resnet18.pt ]; then
  build/bin/pulmo-cli infer --dump-dir build/demo resources/demo/*.dcm
fi
echo "Rendered $(ls build/demo/*.png | wc -l) image(s) into build/demo/"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/bin/pulmo resources/demo
else
  build/bin/pulmo --screenshot build/demo/pulmo-viewer.png resources/demo
  echo "No display here: saved the viewer with the demo studies open as build/demo/pulmo-viewer.png"
fi
