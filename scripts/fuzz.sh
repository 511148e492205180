#!/usr/bin/env bash
# Runs the fuzz targets (tests/fuzz, issue 21) with libFuzzer, ASan and UBSan.
#
#   scripts/fuzz.sh [TARGET[,TARGET...]|all] [SECONDS]     e.g. scripts/fuzz.sh dicom_file,result_sr 3600
#
# TARGET is one of dicom_file model_card storage_dataset result_sr deidentify queue_message audit_log, or
# several separated by commas (default all, one after another; FUZZ_JOBS=N runs N at once). The
# targets are built once, before the first runs, so the sources may change while they run. SECONDS per target, default 60.
# Builds $FUZZ_BUILD (default build-fuzz: clang, -DPULMO_FUZZ=ON, only the libraries the targets
# need) when needed. Each target's corpus lives in $FUZZ_BUILD/corpus/TARGET and grows from run to
# run; it starts from tests/fuzz/seeds, tests/fuzz/regressions and seeds made from test data
# (tests/fuzz/make_seeds.py: pydicom's test files, the de-identification oracle's planted files).
# A finding is written to $FUZZ_BUILD/findings/TARGET/ and fails the run; libFuzzer's log is
# $FUZZ_BUILD/logs/TARGET.log. Prints one JSON line per target: executions, rate, edges covered.
set -euo pipefail
cd "$(dirname "$0")/.."
ALL=(dicom_file model_card storage_dataset result_sr deidentify queue_message audit_log)
TARGET="${1:-all}"
SECONDS_EACH="${2:-60}"
BUILD="${FUZZ_BUILD:-build-fuzz}"
JOBS="${FUZZ_JOBS:-1}"
PYTHON=/usr/bin/python3
if [ "$TARGET" = all ]; then TARGETS=("${ALL[@]}"); else IFS=, read -r -a TARGETS <<<"$TARGET"; fi
for t in "${TARGETS[@]}"; do
  [[ " ${ALL[*]} " == *" $t "* ]] || { echo "fuzz.sh: unknown target '$t' (${ALL[*]})" >&2; exit 2; }
done
[[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number" >&2; exit 2; }

if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DPULMO_FUZZ=ON -DPULMO_BUILD_TESTS=OFF -DPULMO_BUILD_BENCHMARKS=OFF \
    -DPULMO_BUILD_INFERENCE_PLUGIN=OFF >/dev/null
fi
cmake --build "$BUILD" --target $(printf 'fuzz_%s ' "${TARGETS[@]}")

# Seeds from test data, once per build folder.
if [ ! -f "$BUILD/seeds/.made" ]; then
  rm -rf "$BUILD/seeds" && mkdir -p "$BUILD/seeds"
  "$PYTHON" tests/oracle/deid_oracle.py generate --table viewer/deid/ps3.15-table-e.1-1.csv \
    --out "$BUILD/seeds/planted" >/dev/null
  "$PYTHON" -W ignore tests/fuzz/make_seeds.py --pydicom /usr/lib/python3/dist-packages/pydicom/data/test_files \
    --planted "$BUILD/seeds/planted" --card resources/models/pulmo-demo-resnet18.json --out "$BUILD/seeds/made"
  touch "$BUILD/seeds/.made"
fi

fuzz_one() {
  local t="$1" corpus="$BUILD/corpus/$1" findings="$BUILD/findings/$1" log="$BUILD/logs/$1.log"
  mkdir -p "$corpus" "$findings" "$BUILD/logs"
  local extra=()
  for d in "tests/fuzz/seeds/$t" "tests/fuzz/regressions/$t" "$BUILD/seeds/made/$t"; do
    [ -d "$d" ] && extra+=("$d")
  done
  # DCMTK reserves an element's declared length (up to 4 GiB) before its bytes arrive, as it does
  # for a C-STORE from the network; only memory actually used (RSS) counts as a finding.
  local leaks=""
  local options=(-max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 -malloc_limit_mb=8192
                 -report_slow_units=60 -print_final_stats=1
                 -artifact_prefix="$findings/")
  case "$t" in
    model_card) options+=(-dict=tests/fuzz/model_card.dict -max_len=8192) ;;
    queue_message|audit_log) options+=(-max_len=4096) ;;
    # The targets DCMTK parses for: DCMTK 3.6.7 leaks what it had read when it throws (a malformed
    # directory record, tests/sanitizers/lsan.supp), and libFuzzer's own leak check, which sees only
    # DCMTK's truncated stacks, would stop at it every time. Leaks there are checked where full stacks
    # are affordable: the sanitizer build's replays of seeds and regressions, and its tests.
    *) options+=(-dict=tests/fuzz/dicom.dict -max_len=65536 -detect_leaks=0)
       leaks=":detect_leaks=0" ;;
  esac
  # Findings are what libFuzzer writes for a crash, a leak, a time-out or too much memory (not its
  # slow-unit-* notes).
  count_findings() { find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l; }
  local before; before=$(count_findings)
  # The first folder is the corpus libFuzzer adds to; the others only seed it. Our options are added
  # to whatever the caller's ASAN_OPTIONS say.
  local rc=0
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1$leaks" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  QT_QPA_PLATFORM=offscreen "$BUILD/bin/fuzz_$t" "${options[@]}" "$corpus" "${extra[@]}" >"$log" 2>&1 || rc=$?
  local after; after=$(count_findings)
  "$PYTHON" - "$t" "$log" "$corpus" "$((after - before))" "$SECONDS_EACH" <<'PY'
import json, re, sys, os
target, log, corpus, findings, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
text = open(log, errors="replace").read()
def last(pattern, cast=int):
    found = re.findall(pattern, text)
    return cast(found[-1]) if found else None
edges = last(r"INFO: Loaded \d+ modules\s+\((\d+) inline 8-bit counters\)")
cov = last(r"\bcov: (\d+)")
print(json.dumps({"target": target, "seconds": seconds,
                  "executions": last(r"stat::number_of_executed_units:\s+(\d+)"),
                  "exec_per_second": last(r"stat::average_exec_per_sec:\s+(\d+)"),
                  "edges_covered": cov, "edges_instrumented": edges,
                  "coverage_percent": round(100.0 * cov / edges, 1) if cov and edges else None,
                  "features": last(r"\bft: (\d+)"), "corpus_files": len(os.listdir(corpus)),
                  "peak_rss_mb": last(r"stat::peak_rss_mb:\s+(\d+)"), "new_findings": findings}))
PY
  [ "$((after - before))" -eq 0 ] || { echo "fuzz.sh: $t found something: $log, $findings" >&2; return 1; }
  # A fuzzer that did not run (a bad option, a library missing) is a failure too, not a quiet pass.
  [ "$rc" -eq 0 ] || { echo "fuzz.sh: fuzz_$t ended with status $rc: $log" >&2; return 1; }
}
export -f fuzz_one
export BUILD SECONDS_EACH PYTHON
status=0
printf '%s\n' "${TARGETS[@]}" | xargs -P "$JOBS" -I{} bash -c 'fuzz_one {}' || status=1
exit "$status"
