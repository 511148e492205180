#!/usr/bin/env bash
# Installs Pulmo's build, run and test dependencies from Debian 12 packages.
# Only packages that are missing are installed; nothing else is downloaded.
set -euo pipefail

BUILD_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  python3  # generates the de-identification rules from PS3.15 Table E.1-1 at build time
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n
  libgl-dev
  libdcmtk-dev dcmtk
  libopenjp2-7-dev
  libtorch-dev
  libopencv-dev
  libsqlite3-dev
  libssl-dev  # OpenSSL: TLS (DCMTK), HMAC keys (de-identification), SHA-256 of models and UIDs
  nlohmann-json3-dev
  libcsv-dev
  libcpp-httplib-dev  # pulmo-node's /livez, /readyz and /metrics
  librabbitmq-dev  # pulmo-node --queue amqp:// (rabbitmq-c: RabbitMQ client)
  locales
  libbenchmark-dev
  fonts-dejavu-core  # the results Secondary Capture's burned-in banner (Qt draws it with fontconfig fonts)
  libsystemd-dev  # pulmo-node's sd_notify (READY, WATCHDOG, STOPPING) under its Type=notify unit
  libboost-math1.74-dev  # model monitoring's distributions (chi-square, beta, normal quantiles): Boost.Math
  qt6-charts-dev  # model monitoring's charts: pulmo-cli monitor --report, golden --report, AI > Model Monitoring
  libqt6opengl6-dev  # Qt6Charts' CMake package needs Qt6OpenGL's, and Debian's qt6-charts-dev does not pull it in
  help2man  # the programs' man pages, from their --help (resources/CMakeLists.txt)
  librsvg2-bin  # rsvg-convert: the desktop icon's hicolor PNGs from its SVG
  dpkg-dev file  # the Debian packages (cmake --build build --target package): dpkg-shlibdeps, and file for CPack
)
TEST_PACKAGES=(
  python3-pydicom python3-numpy python3-pil python3-gdcm
  python3-scipy  # the oracle for model monitoring's statistics (tests/oracle/drift_oracle.py)
  python3-torch python3-torchvision
  python3-prometheus-client  # the oracle for pulmo-node's /metrics
  rabbitmq-server  # the broker the several-node tests start on loopback (its own node, ports, data)
  python3-pika  # an independent AMQP client: reads the dead letters' headers
  dicom3tools
  libpixelmed-java default-jre-headless
  libgdcm-tools  # gdcmanon: a comparator beside Pulmo's de-identifier (scripts/deid-comparators.sh), not a test
  orthanc openssl
  clang-format
  clang libclang-rt-dev  # the sanitizer and fuzz build (scripts/run-hardening.sh, scripts/fuzz.sh): ASan, UBSan, libFuzzer
  rsyslog rsyslog-openssl  # the audit record repository the IHE ATNA tests start on loopback (UDP, TCP, TLS)
  jing  # RELAX NG validator: the DICOM audit messages against PS3.15 A.5.1 (tests/oracle/dicom-audit-message.rnc)
  util-linux  # unshare: full disks on a tmpfs in a private mount namespace (tst_feedback, tst_workstationscp)
  xvfb xdotool
  curl jq  # resources/deploy/orthanc/pulmo-forward-retry, run by tst_deploy
  systemd  # systemd-analyze, -sysusers, -tmpfiles: tst_deploy checks the node's unit files with them
  lintian desktop-file-utils appstream  # the packages, the desktop entry and the AppStream metadata checked (scripts/check-packages.sh)
  systemd-container  # systemd-nspawn: check-packages.sh boots this machine's root in a container to systemctl start pulmo-node
  mmdebstrap  # a bare Debian 12 root for scripts/check-packages-fresh.sh (opt-in: it downloads from deb.debian.org)
)

want=("${BUILD_PACKAGES[@]}")
if [ "${1:-}" = "--tests" ]; then want+=("${TEST_PACKAGES[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The locales the tests run under (a decimal comma in both), generated if missing.
ensure_locales() {
  local need=()
  for l in de_DE fr_FR; do
    locale -a 2>/dev/null | grep -qi "^${l}\.utf-\?8$" || need+=("$l")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  for l in "${need[@]}"; do
    echo "install-deps: generating locale ${l}.UTF-8"
    $sudo localedef -i "$l" -c -f UTF-8 -A /usr/share/locale/locale.alias "${l}.UTF-8"
  done
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#want[@]} packages present"
  ensure_locales
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq

# Orthanc's and RabbitMQ's packages start system-wide services (ports 4242 and 8042; 5672, epmd 4369)
# on install. The tests start their own on free ports and need none: keep them from starting while installing
# (policy-rc.d, also where there is no systemd, e.g. in a container), and stop and disable it if it runs.
added_policy=""
if [[ " ${missing[*]} " == *" orthanc "* || " ${missing[*]} " == *" rabbitmq-server "* ]] && [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod 755 /usr/sbin/policy-rc.d
  added_policy="yes"
fi
status=0
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
if [ -n "$added_policy" ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
if [ $status -ne 0 ]; then exit $status; fi

for service in orthanc rabbitmq-server; do
  if dpkg-query -W -f='${Status}' "$service" 2>/dev/null | grep -q "install ok installed"; then
    if [ -d /run/systemd/system ]; then
      $SUDO systemctl disable --now "$service" >/dev/null 2>&1 || true
    else
      $SUDO service "$service" stop >/dev/null 2>&1 || true
      $SUDO update-rc.d "$service" disable >/dev/null 2>&1 || true
    fi
  fi
done

ensure_locales
