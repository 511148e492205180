#!/usr/bin/env bash
# The Debian packages (issue 22), checked as a hospital installs them:
#   1. built by CPack from the build tree (cmake --build BUILD --target package);
#   2. lintian without errors or warnings; the desktop entry (desktop-file-validate) and the AppStream
#      metadata (appstreamcli) valid; dependencies written by dpkg-shlibdeps; the node's conffile;
#      no path of the source or build tree in any installed file (strings);
#   3. installed on this machine with apt-get, then, with the source and build trees hidden under an
#      empty tmpfs in a private mount namespace: the installed pulmo-cli --version, version and infer
#      on the installed demo images (the same answers as the build tree's), pulmo --screenshot and
#      --exit-after-first-result, the man pages, systemd-analyze verify on the installed unit, the
#      node's user, state folder and configuration's permissions, and the installed pulmo-node run as
#      its user with the installed configuration (ports moved to free ones) until a DCMTK storescp
#      standing in for the PACS has its Structured Report and Secondary Capture for a demo image;
#   4. purged: the programs and the configuration gone, the state folder and the user kept (what
#      this script made of those is then removed, to leave the machine as it was).
# This machine has no systemd as PID 1, so `systemctl start pulmo-node` itself is not run here.
# Needs root (sudo otherwise; CI runs as root). Usage: scripts/check-packages.sh [BUILD_DIR]   (run by scripts/run-tests.sh)
set -euo pipefail

packages=(pulmo pulmo-inference pulmo-demo pulmo-node)

fail() {
  echo "check-packages: FAIL: $*" >&2
  exit 1
}
step() { echo "check-packages: $*"; }

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 120 s until the folder a storescp writes into holds a Structured Report and another
# object (the heatmap SC); sets sr and sc to their counts.
wait_for_results() {
  local folder=$1 f modality
  for _ in $(seq 1 120); do
    sr=0 sc=0
    for f in "$folder"/*; do
      [ -f "$f" ] || continue
      modality=$(dcmdump -q +P 0008,0060 "$f" 2> /dev/null | sed -n 's/.*\[\(.*\)\].*/\1/p')
      case "$modality" in
        SR) sr=$((sr + 1)) ;;
        OT | DX | CR) sc=$((sc + 1)) ;;
      esac
    done
    [ $sr -ge 1 ] && [ $sc -ge 1 ] && return 0
    sleep 1
  done
}

# Part 3, run inside the mount namespace from a copy of this script: nothing of the trees is visible.
installed_checks() {
  local work=$1 source_dir=$2 build_dir=$3
  cd "$work"
  [ -z "$(ls -A "$source_dir" 2> /dev/null)" ] || fail "the source tree $source_dir is still visible"
  [ -z "$(ls -A "$build_dir" 2> /dev/null)" ] || fail "the build tree $build_dir is still visible"
  [ "$(command -v pulmo-cli)" = /usr/bin/pulmo-cli ] || fail "pulmo-cli is not /usr/bin/pulmo-cli"

  step "installed: pulmo-cli --version, version"
  pulmo-cli --version | tee out-version.txt
  grep -q "^pulmo-cli [0-9]" out-version.txt || fail "pulmo-cli --version: no version line"
  pulmo-cli version 2>&1 | tee out-cli-version.txt
  grep -q "^inference: LibTorch .* on cpu" out-cli-version.txt ||
    fail "pulmo-cli version: the installed plugin did not load (no 'inference: LibTorch ... on cpu' line)"

  step "installed: pulmo-cli infer /usr/share/pulmo/demo/*.dcm"
  pulmo-cli infer /usr/share/pulmo/demo/*.dcm | tee out-infer.txt
  sed 's|^.*/||' out-infer.txt > installed-infer.txt
  diff -u reference-infer.txt installed-infer.txt ||
    fail "the installed pulmo-cli infer differs from the build tree's on the demo images"

  step "installed: pulmo --screenshot, --exit-after-first-result"
  QT_QPA_PLATFORM=offscreen pulmo --size 1280x800 --screenshot shot.png /usr/share/pulmo/demo/SYN1-0002.dcm
  file shot.png | tee out-file.txt
  grep -q "PNG image data, 1280 x 800" out-file.txt || fail "pulmo --screenshot did not write a 1280x800 PNG"
  QT_QPA_PLATFORM=offscreen timeout 120 pulmo --exit-after-first-result /usr/share/pulmo/demo/SYN1-0002.dcm 2>&1 |
    tee out-first-result.txt
  grep -q "^first AI result after" out-first-result.txt || fail "pulmo --exit-after-first-result printed no AI result"
  ! grep -q "AI unavailable" out-first-result.txt || fail "the installed pulmo found no AI (plugin or model)"

  step "installed: man pages, desktop entry, icons"
  local program
  for program in pulmo pulmo-cli pulmo-node; do
    zgrep -q "^\.TH \"\?${program^^}\"\? \"\?1\"\? " "/usr/share/man/man1/$program.1.gz" ||
      fail "no man page for $program"
  done
  grep -qx 'MimeType=application/dicom;inode/directory;' /usr/share/applications/io.github.pulmo.Pulmo.desktop ||
    fail "the desktop entry does not open DICOM files and folders"
  # desktop-file-utils' trigger registers the entry for DICOM files: a file manager offers Pulmo for them.
  grep -q '^application/dicom=.*io\.github\.pulmo\.Pulmo\.desktop' /usr/share/applications/mimeinfo.cache ||
    fail "the desktop's MIME cache does not name Pulmo for application/dicom"
  [ "$(file -b --mime-type /usr/share/pulmo/demo/SYN1-0001.dcm)" = application/dicom ] ||
    fail "a demo image is not application/dicom to file(1)"
  [ -s /usr/share/icons/hicolor/scalable/apps/pulmo.svg ] && [ -s /usr/share/icons/hicolor/48x48/apps/pulmo.png ] ||
    fail "the icon is missing"

  step "installed: systemd-analyze verify pulmo-node.service; the node's user, state and configuration"
  systemd-analyze verify /lib/systemd/system/pulmo-node.service
  getent passwd pulmo-node > /dev/null || fail "no pulmo-node user"
  [ "$(stat -c '%U:%G %a' /var/lib/pulmo-node)" = "pulmo-node:pulmo-node 750" ] ||
    fail "/var/lib/pulmo-node: $(stat -c '%U:%G %a' /var/lib/pulmo-node)"
  [ "$(stat -c '%U:%G %a' /etc/pulmo/node.json)" = "root:pulmo-node 640" ] ||
    fail "/etc/pulmo/node.json: $(stat -c '%U:%G %a' /etc/pulmo/node.json)"
  dpkg-query -W -f='${Conffiles}\n' pulmo-node | grep "^ /etc/pulmo/node.json " > /dev/null ||
    fail "/etc/pulmo/node.json is not a conffile"

  step "installed: pulmo-node as its user, with /etc/pulmo/node.json, sends results to a storescp"
  local dicom_port http_port pacs_port
  # Whatever happens, the node and the stand-in PACS do not outlive the check (nor keep its user busy).
  pacs_pid="" node_pid="" runtime=""
  trap '[ -z "$node_pid" ] || kill -KILL "$node_pid" 2> /dev/null; [ -z "$pacs_pid" ] || kill "$pacs_pid" 2> /dev/null; [ -z "$runtime" ] || rm -rf "$runtime"' EXIT
  dicom_port=$(free_port)
  http_port=$(free_port)
  pacs_port=$(free_port)
  mkdir -p pacs
  storescp -aet ORTHANC --output-directory pacs "$pacs_port" > storescp.log 2>&1 &
  pacs_pid=$!
  # As the unit runs it: its user and group, its state folder as the working directory, the user's
  # environment only (setpriv execs the node itself: its exit status is the node's).
  local unit=/lib/systemd/system/pulmo-node.service
  runtime=$(sed -n 's/^Environment=XDG_RUNTIME_DIR=//p' "$unit")
  [ "$runtime" = "/run/$(sed -n 's/^RuntimeDirectory=//p' "$unit")" ] || fail "$unit: no RuntimeDirectory= for XDG_RUNTIME_DIR"
  install -d -o pulmo-node -g pulmo-node -m 0700 "$runtime"
  (cd /var/lib/pulmo-node &&
    exec setpriv --reuid=pulmo-node --regid=pulmo-node --init-groups --reset-env -- \
      env XDG_RUNTIME_DIR="$runtime" /usr/bin/pulmo-node \
      --config /etc/pulmo/node.json --port "$dicom_port" --http "$http_port" \
      --send-to "ORTHANC@127.0.0.1:$pacs_port") > node.log 2>&1 &
  node_pid=$!
  local ready=0
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$http_port/readyz" > /dev/null; then
      ready=1
      break
    fi
    kill -0 "$node_pid" 2> /dev/null || break
    sleep 1
  done
  if [ $ready -ne 1 ]; then
    cat node.log >&2
    fail "the installed pulmo-node did not answer /readyz"
  fi
  # The demo images are JPEG-LS lossless, as the router would forward them (-xt proposes it).
  storescu -xt -aet ORTHANC -aec PULMO_AI 127.0.0.1 "$dicom_port" /usr/share/pulmo/demo/SYN1-0002.dcm
  wait_for_results pacs
  kill -TERM "$node_pid"
  local node_status=0
  wait "$node_pid" || node_status=$?
  node_pid=""
  kill "$pacs_pid" 2> /dev/null || true
  wait "$pacs_pid" 2> /dev/null || true
  pacs_pid=""
  cat node.log
  ls -l pacs
  [ $sr -ge 1 ] && [ $sc -ge 1 ] || fail "the PACS got $sr Structured Report(s) and $sc other object(s) from the node"
  rm -rf "$runtime"
  [ $node_status -eq 0 ] || fail "pulmo-node exited with status $node_status on SIGTERM"
  # A clean start, one image and a stop log nothing worse than info.
  ! grep -E '"level":"(warning|error|critical|fatal)"' node.log || fail "pulmo-node logged warnings or errors"
}

# Part 4, run by systemd inside a container booted from this machine's own root (with the packages
# installed, the trees hidden): the node as a service, with the shipped /etc/pulmo/node.json as it is
# (the container has a network of its own: ports 11112 and 8080 are free, and a storescp is
# ORTHANC@127.0.0.1:4242, the configuration's PACS).
container_checks() {
  local out=$1
  cd "$out"
  step "container: systemctl start pulmo-node"
  systemctl is-enabled pulmo-node.service > is-enabled.txt 2>&1 || true
  [ "$(cat is-enabled.txt)" = disabled ] || fail "pulmo-node.service is $(cat is-enabled.txt) after install (expected disabled)"
  mkdir -p pacs
  storescp -aet ORTHANC --output-directory pacs 4242 > storescp.log 2>&1 &
  # Type=notify: systemctl start returns once the node has said READY=1, and fails if it does not.
  systemctl start pulmo-node.service || {
    journalctl -u pulmo-node --no-pager
    fail "systemctl start pulmo-node failed"
  }
  [ "$(systemctl show -P ActiveState pulmo-node.service)" = active ] || fail "pulmo-node is not active"
  [ "$(ps -o user= -p "$(systemctl show -P MainPID pulmo-node.service)")" = pulmo-node ] ||
    fail "pulmo-node does not run as its user"
  curl -sf http://127.0.0.1:8080/readyz > readyz.txt || fail "the service's /readyz does not answer 200"
  storescu -xt -aet ORTHANC -aec PULMO_AI 127.0.0.1 11112 /usr/share/pulmo/demo/SYN1-0001.dcm
  wait_for_results pacs
  systemctl stop pulmo-node.service
  journalctl -u pulmo-node --no-pager -o cat > journal.txt
  cat journal.txt
  [ $sr -ge 1 ] && [ $sc -ge 1 ] || fail "the PACS got $sr Structured Report(s) and $sc other object(s) from the service"
  [ "$(systemctl show -P Result pulmo-node.service)" = success ] ||
    fail "pulmo-node stopped with result $(systemctl show -P Result pulmo-node.service)"
  ! grep -E '"level":"(warning|error|critical|fatal)"' journal.txt || fail "the service logged warnings or errors"
  # What the node's own process wrote: its JSON log only, but for one known line. Under systemd in
  # this container (not when run directly, above), libgcrypt, which LibTorch's libssh loads, cannot
  # lock its secure memory and says "Warning: using insecure memory!" once at start; neither
  # LimitMEMLOCK=infinity nor turning off any one of the unit's hardening options stops it (README,
  # "Limits"). libssh is not used by Pulmo.
  journalctl _SYSTEMD_UNIT=pulmo-node.service --no-pager -o cat > node-output.txt
  [ -s node-output.txt ] || fail "no output of the node's process in the journal"
  ! grep -v -e '^{"category":' -e '^Warning: using insecure memory!$' node-output.txt ||
    fail "pulmo-node wrote lines that are not its JSON log (above)"
  echo passed > result
}

if [ "${1:-}" = --installed ]; then
  shift
  installed_checks "$@"
  exit 0
fi
if [ "${1:-}" = --in-container ]; then
  shift
  container_checks "$@"
  exit 0
fi

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "${1:-$source_dir/build}" && pwd)
# apt-get install and a private mount namespace need root: sudo, as scripts/install-deps.sh uses it.
if [ "$(id -u)" -ne 0 ]; then exec sudo -- "$0" "$build_dir"; fi
for p in "${packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep " installed$" > /dev/null; then
    fail "$p is installed on this machine already: this check installs and purges it (apt-get purge $p first)"
  fi
done

work=$(mktemp -d /tmp/pulmo-check-packages.XXXXXX)
made_user=0
getent passwd pulmo-node > /dev/null || made_user=1
made_state=0
[ -e /var/lib/pulmo-node ] || made_state=1
made_etc=0
[ -e /etc/pulmo ] || made_etc=1
installed=0
cleanup() {
  local status=$?
  if [ $installed -eq 1 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "${packages[@]}" > "$work/purge.log" 2>&1 ||
      { cat "$work/purge.log" >&2; status=1; }
  fi
  if [ $made_state -eq 1 ]; then rm -rf /var/lib/pulmo-node; fi
  if [ $made_etc -eq 1 ]; then rm -rf /etc/pulmo; fi
  if [ $made_user -eq 1 ] && getent passwd pulmo-node > /dev/null; then userdel pulmo-node; fi
  if [ $made_user -eq 1 ] && getent group pulmo-node > /dev/null; then groupdel pulmo-node; fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT

step "1. cmake --build $build_dir --target package"
rm -f "$build_dir"/packages/*.deb
cmake --build "$build_dir" --target package
debs=("$build_dir"/packages/*.deb)
for p in "${packages[@]}"; do
  ls "$build_dir/packages/${p}_"*.deb > /dev/null 2>&1 || fail "no package $p in $build_dir/packages"
done
[ ${#debs[@]} -eq ${#packages[@]} ] || fail "${#debs[@]} packages in $build_dir/packages, expected ${#packages[@]}"

step "2. lintian, desktop-file-validate, appstreamcli, dependencies, no build path"
lintian --fail-on error,warning --display-level '>=warning' "${debs[@]}"
mkdir -p "$work/root" "$work/control"
for deb in "${debs[@]}"; do
  dpkg-deb -x "$deb" "$work/root"
  name=$(dpkg-deb -f "$deb" Package)
  dpkg-deb -e "$deb" "$work/control/$name"
done
desktop-file-validate "$work/root/usr/share/applications/io.github.pulmo.Pulmo.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.github.pulmo.Pulmo.metainfo.xml"
for p in pulmo pulmo-node pulmo-inference; do
  depends=$(dpkg-deb -f "$build_dir/packages/${p}_"*.deb Depends)
  echo "$p Depends: $depends"
  case "$depends" in *libc6*) ;; *) fail "$p: no dependencies from dpkg-shlibdeps (no libc6 in '$depends')" ;; esac
done
grep -qx /etc/pulmo/node.json "$work/control/pulmo-node/conffiles" || fail "pulmo-node: node.json is not a conffile"
leaks=0
while IFS= read -r -d '' f; do
  if { strings -a "$f"; strings -a -e l "$f"; } | grep -F -e "$source_dir" -e "$build_dir" > /dev/null; then
    echo "check-packages: $f names the source or build tree" >&2
    leaks=$((leaks + 1))
  fi
done < <(find "$work/root" -type f -print0)
[ $leaks -eq 0 ] || fail "$leaks installed file(s) name the source or build tree"

# The build tree's answers on the demo images, for the installed program to match.
(cd "$source_dir/resources/demo" && "$build_dir/bin/pulmo-cli" infer ./*.dcm) | sed 's|^.*/||' > "$work/reference-infer.txt"
[ "$(grep -c "not for clinical use" "$work/reference-infer.txt")" -ge 4 ] || fail "the build tree's pulmo-cli infer answered $(cat "$work/reference-infer.txt")"

step "3. apt-get install ${debs[*]}"
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${debs[@]}"
cp "$0" "$work/check-packages.sh"
mkdir -m 0700 "$work/home" "$work/run"
# A tmpfs over each tree (the build tree may lie inside the source tree: hidden with it), in a mount
# namespace of its own, and a clean environment: only what the packages installed can be found.
unshare --mount --propagation private -- bash -c '
  set -e
  mount -t tmpfs -o size=1m,mode=0755 pulmo-hidden-build "$3"
  mount -t tmpfs -o size=1m,mode=0755 pulmo-hidden-source "$2"
  exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$1/home" XDG_RUNTIME_DIR="$1/run" LANG=C.UTF-8 \
    bash "$1/check-packages.sh" --installed "$1" "$2" "$3"' _ "$work" "$source_dir" "$build_dir"

cp "$work/shot.png" "$build_dir/packages/installed-screenshot.png"

step "3b. systemctl start pulmo-node, in a container booted from this machine's root (systemd-nspawn)"
# This machine has no systemd as PID 1: systemd-nspawn boots one on an overlay of the root file
# system (its writes go to a tmpfs and vanish), with the trees hidden and a network of its own. The
# unit pulmo-check.service runs container_checks, then powers the container off, passed or not.
mkdir -p "$work/container"
cp "$0" "$work/container/check-packages.sh"
printf '%s\n' '[Unit]' "Description=Pulmo's package check: the node as a service" 'After=multi-user.target' \
  '[Service]' 'Type=oneshot' 'ExecStart=/bin/bash /mnt/pulmo-check/check-packages.sh --in-container /mnt/pulmo-check' \
  'StandardOutput=journal+console' 'StandardError=journal+console' \
  'ExecStopPost=/bin/systemctl --no-block poweroff' > "$work/container/pulmo-check.service"
unshare --mount --propagation private -- bash -c '
  set -e
  work=$1 source_dir=$2 build_dir=$3
  mkdir -p "$work/overlay"
  mount -t tmpfs -o size=4g pulmo-overlay "$work/overlay"
  mkdir -p "$work/overlay/upper" "$work/overlay/work" "$work/overlay/root"
  mount -t overlay pulmo-root -o "lowerdir=/,upperdir=$work/overlay/upper,workdir=$work/overlay/work" "$work/overlay/root"
  root=$work/overlay/root
  mount -t tmpfs -o size=1m,mode=0755 pulmo-hidden-build "$root$build_dir"
  mount -t tmpfs -o size=1m,mode=0755 pulmo-hidden-source "$root$source_dir"
  cp "$work/container/pulmo-check.service" "$root/etc/systemd/system/pulmo-check.service"
  exec timeout 240 systemd-nspawn --quiet --register=no --keep-unit --link-journal=no --private-network \
    --directory="$root" --bind="$work/container:/mnt/pulmo-check" --boot -- systemd.unit=pulmo-check.service
  ' _ "$work" "$source_dir" "$build_dir" > "$work/container/boot.log" 2>&1 || container_status=$?
[ "${container_status:-0}" -ne 124 ] || echo "check-packages: the container did not power off within 240 s" >&2
sed -n '/check-packages: container: /,$p' "$work/container/boot.log" | grep -v -e '^\[' -e '^ *\(Stopping\|Unmounting\)' || true
if [ "$(cat "$work/container/result" 2> /dev/null)" != passed ]; then
  tail -60 "$work/container/boot.log"
  fail "the node as a service, in the container: see above"
fi

step "4. apt-get purge ${packages[*]}"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "${packages[@]}"
installed=0
for f in /usr/bin/pulmo /usr/bin/pulmo-cli /usr/bin/pulmo-node /usr/lib/pulmo /usr/share/pulmo /etc/pulmo/node.json; do
  [ ! -e "$f" ] || fail "$f is still there after apt-get purge"
done
getent passwd pulmo-node > /dev/null || fail "purge removed the pulmo-node user (Debian keeps system users)"
[ -d /var/lib/pulmo-node ] || fail "purge removed /var/lib/pulmo-node (the node's images, queue and audit)"
step "passed"
