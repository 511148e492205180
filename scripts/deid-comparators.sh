#!/usr/bin/env bash
# Runs Pulmo's de-identifier and two other de-identifiers on the same planted files and reports what each
# leaves, as measured by the planted-identity oracle (tests/oracle/deid_oracle.py). A comparison for the
# README, not a test: it exits 0 however much the comparators leak, non-zero only when the script breaks.
#
# usage: scripts/deid-comparators.sh [BUILD_DIR]   (default: build; needs BUILD_DIR/bin/pulmo-cli)
#        KEEP=1 scripts/deid-comparators.sh         keeps the temp folder (inputs, outputs, logs, check JSON)
#
# The tools, each with its defaults, into its own folder:
#   pulmo                 pulmo-cli deidentify (no options; a fresh --db in the temp folder)
#   gdcmanon -e           gdcmanon's PS3.15 Basic Profile mode (-e), with a throwaway self-signed certificate;
#                         it keeps the replaced attributes, encrypted, in (0400,0500)
#   gdcmanon -e, no 0400  the same, then `gdcmanon --dumb --remove 400,500`: the man page's irreversible recipe,
#                         less its removal of (0012,0062)/(0012,0063) (gdcmanon has no mode without encryption)
#   pixelmed              com.pixelmed.apps.DeidentifyAndRedact IN OUT "" (no redaction regions; defaults:
#                         BLOCK, KEEPSAFEPRIVATE, ADDCONTRIBUTINGEQUIPMENT). It declares retain options of its
#                         own in (0012,0064); a second row checks its output with those options, to show what it
#                         leaves beyond what it declares.
# A comparator that is not installed is reported as such. Packages: libgdcm-tools, libpixelmed-java,
# default-jre-headless, openssl, python3-pydicom (scripts/install-deps.sh --tests).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
if [[ "$BUILD" != /* && ! -d "$BUILD" ]]; then BUILD="$ROOT/$BUILD"; fi
CLI="$BUILD/bin/pulmo-cli"
PY=/usr/bin/python3
ORACLE="$ROOT/tests/oracle/deid_oracle.py"
TABLE="$ROOT/viewer/deid/ps3.15-table-e.1-1.csv"
PIXELMED_JAR=/usr/share/java/pixelmed.jar  # its manifest's Class-Path brings commons-codec, slf4j, ... along
JAVA_OPTS=(-Djdk.xml.xpathExprOpLimit=0 -Djdk.xml.xpathExprGrpLimit=0 -Djdk.xml.xpathTotalOpLimit=0)  # JDK 17
LIMIT=60  # seconds per tool

[ -x "$CLI" ] || { echo "deid-comparators: no $CLI (build Pulmo first)" >&2; exit 2; }
if [ ! -f "$ORACLE" ] || [ ! -f "$TABLE" ]; then echo "deid-comparators: oracle or table missing" >&2; exit 2; fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/deid-comparators.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then echo "deid-comparators: keeping $TMP"; else trap 'rm -rf "$TMP"' EXIT; fi

"$PY" "$ORACLE" generate --table "$TABLE" --out "$TMP/in" >"$TMP/generate.json"
mv "$TMP/in/planted.json" "$TMP/planted.json"  # the input folder holds only the DICOM files
mkdir -p "$TMP/out"

results=()  # name|folder|status|retain options for the check, one per row of the table
run_tool() {  # run_tool NAME FOLDER COMMAND...: runs it under a time limit, output into TMP/NAME.log
  local name=$1 folder=$2; shift 2
  local status=0
  mkdir -p "$folder"
  timeout "$LIMIT" "$@" >"$TMP/$name.log" 2>&1 || status=$?
  results+=("$name|$folder|$status|")
}
skip_tool() { results+=("$1||not installed ($2)|"); }

run_tool pulmo "$TMP/out/pulmo" "$CLI" deidentify "$TMP/in" --out "$TMP/out/pulmo" --db "$TMP/pulmo.sqlite" --json

if command -v gdcmanon >/dev/null && command -v openssl >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=test -days 1 \
    -keyout "$TMP/key.pem" -out "$TMP/cert.pem" >"$TMP/openssl.log" 2>&1
  run_tool "gdcmanon -e" "$TMP/out/gdcmanon" gdcmanon -e -c "$TMP/cert.pem" -i "$TMP/in" -o "$TMP/out/gdcmanon"
  run_tool "gdcmanon -e, no 0400" "$TMP/out/gdcmanon-irreversible" \
    gdcmanon --dumb --remove 400,500 -i "$TMP/out/gdcmanon" -o "$TMP/out/gdcmanon-irreversible"
else
  skip_tool "gdcmanon -e" "libgdcm-tools, openssl"
fi

if command -v java >/dev/null && [ -f "$PIXELMED_JAR" ]; then
  run_tool pixelmed "$TMP/out/pixelmed" java "${JAVA_OPTS[@]}" -cp "$PIXELMED_JAR" \
    com.pixelmed.apps.DeidentifyAndRedact "$TMP/in" "$TMP/out/pixelmed" ""
  # The options its De-identification Method Code Sequence declares (descriptors, patient characteristics,
  # device and institution identity, full dates, structured content retained; safe private kept).
  declared=retain_safe_private,retain_patient_characteristics,retain_device_identity,retain_institution_identity
  declared+=,retain_long_full_dates,clean_descriptors,clean_structured_content
  IFS='|' read -r _ _ status _ <<<"${results[-1]}"
  results+=("pixelmed, vs declared|$TMP/out/pixelmed|$status|$declared")
else
  skip_tool pixelmed "libpixelmed-java, default-jre-headless"
fi

# The oracle's check on every output folder (it exits 1 when anything leaked: expected here).
row=0
for entry in "${results[@]}"; do
  IFS='|' read -r name folder status retain <<<"$entry"
  row=$((row + 1))
  [ -n "$folder" ] || continue
  "$PY" "$ORACLE" check --planted "$TMP/planted.json" --out "$folder" --retain "$retain" >"$TMP/check-$row.json" || true
done

echo "Tools: $(dpkg-query -W -f='${Package} ${Version}; ' libgdcm-tools libpixelmed-java 2>/dev/null || true)pulmo-cli from $BUILD"
echo "Inputs: $(cat "$TMP/generate.json")"
echo
"$PY" - "$ROOT/tests/oracle" "$TMP" "${results[@]}" <<'PYEOF'
"""Prints the summary table and, per tool, what leaked by kind and the oracle's other violations by kind."""
import collections
import json
import os
import re
import sys

oracle_dir, tmp, entries = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.path.insert(0, oracle_dir)
import deid_oracle as oracle  # noqa: E402 - the needles are the oracle's own

with open(os.path.join(tmp, "planted.json"), encoding="utf-8") as handle:
    planted = json.load(handle)

WHERE = {"nested": "identity copies in items of table sequences", "deep": "3 levels deep in an unlisted sequence",
         "private": "private attributes", "overlay": "overlay description/label/comments",
         "curve": "curve (50xx) text", "icon": "Icon Image Sequence", "original_attributes": "Original Attributes Sequence",
         "request_attributes": "Request Attributes Sequence", "other_patient_ids": "Other Patient IDs Sequence",
         "referenced_patient": "Referenced Patient Sequence"}
OPTION = [("retain_device_identity", "device identity (names, serials, ...)"),
          ("retain_institution_identity", "institution identity"),
          ("retain_patient_characteristics", "patient characteristics (age, sex, size, ...)"),
          ("clean_descriptors", "descriptions and comments")]


def kind(entry):
    """A planted value's kind: where it sits, else (top level) what an option would do with its row."""
    if entry["where"] != "top":
        return WHERE.get(entry["where"], entry["where"])
    if entry["vr"] in ("DA", "DT", "TM"):
        return "dates and times"
    row = planted["table"].get(entry["row"], {})
    for option, label in OPTION:
        if row.get(option):
            return label
    return "other identifying text (names, IDs, addresses, ...)"


def leaks_by_kind(folder, active):
    """Checker.needle_hits per file, counted per kind; the total is compared with leaked_values."""
    needles = oracle.Checker(planted, active, False, False)
    counts = collections.Counter()
    for base, _, names in os.walk(folder):
        for name in names:
            try:
                _, raw, _ = oracle.read_output(os.path.join(base, name))
            except Exception:  # noqa: BLE001 - the oracle reports unreadable files itself
                continue
            hits, uids = needles.needle_hits(raw)  # the oracle's own search, so the totals agree
            counts.update(kind(e) for e in hits.values())
            counts["original UIDs"] += len(uids)
    return +counts  # without the zero counts


VIOLATION_KINDS = [  # (pattern on the text after "file: ", kind); the first match wins
    (r"^planted |more planted values", None),  # counted by kind above instead
    (r"original UID", "original UIDs"),
    (r"name are still there|still holds .*'s name", "patient's name (raw bytes or decoded text)"),
    (r"^private \(odd group\)", "private attributes kept"),
    (r"^curve", "curves (50xx) kept"),
    (r"^overlay", "overlay data/comments kept"),
    (r"^attributes that must be removed", "sequences that must go kept (icon, original/request attributes, ...)"),
    (r"preamble", "preamble"),
    (r"Media Storage|deflated", "file meta information"),
    (r"Patient Identity Removed|De-identification Method|Longitudinal Temporal", "de-identification marks"),
    (r"is missing or empty|share|differ in", "pseudonyms and grouping (Patient's Name/ID, study, series)"),
    (r"references|evidence", "references"),
    (r"no output|matches no input|second output|not readable|pixel data", "files"),
    (r"should be kept as", "values a --retain option keeps that it removed or changed"),
]


def violation_kind(text):
    body = text.split(": ", 1)[1] if re.match(r"^\S+: ", text) and not text.startswith("patient") else text
    for pattern, label in VIOLATION_KINDS:
        if re.search(pattern, body):
            return label
    return "other"


rows, details = [], []
for row, entry in enumerate(entries, 1):
    name, folder, status, retain = entry.split("|", 3)
    if not folder:
        rows.append((name, status, "-", "-", "-", "-"))
        continue
    path = os.path.join(tmp, "check-%d.json" % row)
    try:
        with open(path, encoding="utf-8") as handle:
            result = json.load(handle)
    except (OSError, ValueError):
        rows.append((name, "exit %s; oracle check failed" % status, "-", "-", "-", "-"))
        continue
    rows.append((name, "exit %s" % status, result["files"], result["leaked_values"], result["violation_count"],
                 len(result["references_dropped"])))
    counts = leaks_by_kind(folder, set(filter(None, retain.split(","))))
    lines = ["%s: %d planted values leaked, %d violations, %d of %d inputs matched%s"
             % (name, result["leaked_values"], result["violation_count"], result["matched"], result["inputs"],
                " (checked with --retain %s)" % retain if retain else "")]
    if status != "0":
        log = os.path.join(tmp, name.split(",")[0] + ".log")
        tail = open(log, encoding="utf-8", errors="replace").read().strip().splitlines()[-3:] if os.path.exists(log) else []
        lines.append("  the tool exited %s: %s" % (status, " | ".join(tail)))
    if counts:
        lines.append("  leaked, by kind:")
        lines += ["    %5d  %s" % (n, k) for k, n in counts.most_common()]
    if sum(counts.values()) != result["leaked_values"]:
        lines.append("    (the kinds add up to %d, the oracle counts %d: the oracle changed, update this script)"
                     % (sum(counts.values()), result["leaked_values"]))
    grouped = collections.OrderedDict()
    for text in result["violations"]:
        label = violation_kind(text)
        if label:
            grouped.setdefault(label, []).append(text)
    if grouped:
        lines.append("  other violations, by kind (count, then up to 3 different ones):")
        for label, texts in grouped.items():
            lines.append("    %5d  %s" % (len(texts), label))
            shown = collections.OrderedDict()  # one example per message, whatever the file, UID or number
            for text in texts:
                shown.setdefault(re.sub(r"[0-9][0-9.]*", "#", text.split(": ", 1)[-1]), text)
            lines += ["           e.g. %s" % text[:200] for text in list(shown.values())[:3]]
    if result["references_dropped"]:
        lines.append("  references dropped: " + ", ".join(result["references_dropped"][:4])
                     + (" ..." if len(result["references_dropped"]) > 4 else ""))
    details.append("\n".join(lines))

head = ("tool", "run", "files", "leaked values", "violations", "refs dropped")
widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
fmt = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
print(fmt(head))
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for row in rows:
    print(fmt(row))
print()
print("\n\n".join(details))
PYEOF
