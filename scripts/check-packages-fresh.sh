#!/usr/bin/env bash
# The Debian packages on a bare Debian 12 (issue 22, "Done when"): mmdebstrap makes a minimal
# bookworm root (variant apt) from deb.debian.org, apt-get installs ./pulmo*.deb there with the
# dependencies dpkg-shlibdeps wrote, and the installed programs run in it: pulmo-cli version (the
# plugin loads), pulmo-cli infer on the installed demo images (the same answers as the build tree's),
# pulmo --screenshot and --exit-after-first-result (offscreen), no library "not found", the node's
# user and folders. It downloads about 230 MB of Debian packages, so it is not part of
# scripts/run-tests.sh (scripts/check-packages.sh runs the packages on this machine's own root);
# run it after a change of dependencies. Needs root.
# Usage: scripts/check-packages-fresh.sh [BUILD_DIR] [MIRROR]   (after cmake --build BUILD_DIR --target package)
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "${1:-$source_dir/build}" && pwd)
mirror=${2:-http://deb.debian.org/debian}
[ "$(id -u)" -eq 0 ] || exec sudo -- "$0" "$build_dir" "$mirror"
command -v mmdebstrap > /dev/null || {
  echo "check-packages-fresh: mmdebstrap is missing (scripts/install-deps.sh --tests)" >&2
  exit 1
}

work=$(mktemp -d /tmp/pulmo-fresh.XXXXXX)
trap 'rm -rf "$work"' EXIT
debs=()
for p in pulmo pulmo-inference pulmo-demo pulmo-node; do
  deb=$(ls "$build_dir/packages/${p}_"*.deb)
  cp "$deb" "$work/"
  debs+=("/tmp/$(basename "$deb")")
done
(cd "$source_dir/resources/demo" && "$build_dir/bin/pulmo-cli" infer ./*.dcm) | sed 's|^.*/||' > "$work/reference-infer.txt"

cat > "$work/inside.sh" << 'EOF'
#!/bin/sh
# Inside the fresh root, after apt-get install ./pulmo*.deb.
set -eu
cd /tmp
fail() { echo "check-packages-fresh: FAIL: $*" >&2; exit 1; }
pulmo-cli --version
pulmo-cli version | tee version.txt
grep -q "^inference: LibTorch .* on cpu" version.txt || fail "the plugin did not load"
pulmo-cli infer /usr/share/pulmo/demo/*.dcm | tee infer.txt
sed 's|^.*/||' infer.txt > installed-infer.txt
diff -u reference-infer.txt installed-infer.txt || fail "pulmo-cli infer differs from the build tree's"
QT_QPA_PLATFORM=offscreen pulmo --size 1280x800 --screenshot fresh-screenshot.png /usr/share/pulmo/demo/SYN1-0003.dcm
[ -s fresh-screenshot.png ] || fail "no screenshot"
QT_QPA_PLATFORM=offscreen timeout 120 pulmo --exit-after-first-result /usr/share/pulmo/demo/SYN1-0003.dcm | tee first.txt
grep -q "^first AI result after" first.txt || fail "no AI result in the workstation"
! grep -q "AI unavailable" first.txt || fail "the workstation found no AI"
if ldd /usr/bin/pulmo /usr/bin/pulmo-cli /usr/bin/pulmo-node /usr/lib/pulmo/pulmo-ai-host \
  /usr/lib/pulmo/libpulmo_inference_torch.so | grep "not found"; then fail "a library is missing"; fi
getent passwd pulmo-node > /dev/null || fail "no pulmo-node user"
[ -d /var/lib/pulmo-node ] && [ -f /etc/pulmo/node.json ] || fail "no /var/lib/pulmo-node or /etc/pulmo/node.json"
echo "check-packages-fresh: passed" > result
EOF
chmod +x "$work/inside.sh"

# mmdebstrap's hooks run with /proc, /sys and /dev mounted in the new root.
mmdebstrap --variant=apt --skip=cleanup/apt/lists \
  --customize-hook="copy-in $work/inside.sh $work/reference-infer.txt ${work}/$(basename "${debs[0]}") \
${work}/$(basename "${debs[1]}") ${work}/$(basename "${debs[2]}") ${work}/$(basename "${debs[3]}") /tmp" \
  --customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${debs[*]}" \
  --customize-hook='chroot "$1" /tmp/inside.sh' \
  --customize-hook="copy-out /tmp/result /tmp/fresh-screenshot.png $work" \
  bookworm "$work/root" "$mirror"
[ "$(cat "$work/result")" = "check-packages-fresh: passed" ] || exit 1
cp "$work/fresh-screenshot.png" "$build_dir/packages/fresh-debian-screenshot.png"
echo "check-packages-fresh: passed (screenshot: $build_dir/packages/fresh-debian-screenshot.png)"
