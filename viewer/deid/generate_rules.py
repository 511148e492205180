#!/usr/bin/env python3
"""Generates the de-identifier's rule table (C++) from PS3.15 Table E.1-1 at build time.

Usage: generate_rules.py TABLE.csv RULES.inc SAFE-PRIVATE.csv SAFE.inc

TABLE.csv is ps3.15-table-e.1-1.csv (see PROVENANCE.md); RULES.inc gets one DeidRuleRow per row of
the table: the tag (or the range as value and mask), the Basic Profile's
action and each option's action, as the table spells them. Python's csv module reads the table
(names span lines and hold commas); nothing here interprets an action: Rules.cpp does.
SAFE-PRIVATE.csv lists the private attributes the Retain Safe Private Option keeps (PS3.15 Table
E.3.10-1: creator, tag as (gggg,xxee)); SAFE.inc gets one SafePrivateRow per line.
Standard library only, so that any Python 3 runs it.
"""
import csv
import re
import sys

OPTIONS = ["retain_safe_private", "retain_uids", "retain_device_identity", "retain_institution_identity",
           "retain_patient_characteristics", "retain_long_full_dates", "retain_long_modified_dates",
           "clean_descriptors", "clean_structured_content", "clean_graphics"]
BASIC_ACTIONS = {"D", "Z", "X", "K", "C", "U", "X/Z", "X/D", "Z/D", "X/Z/D", "X/Z/U*"}
OPTION_ACTIONS = {"", "K", "C"}


def tag_pattern(text):
    """(value, mask) of the 32-bit tag: 'x' digits are wildcards; the odd-group row is its own kind."""
    text = text.strip().upper()
    if text.startswith("(GGGG,EEEE)"):
        return None
    match = re.fullmatch(r"\(([0-9A-FX]{4}),([0-9A-FX]{4})\)", text)
    if not match:
        raise ValueError("unreadable tag " + repr(text))
    digits = match.group(1) + match.group(2)
    value = int(digits.replace("X", "0"), 16)
    mask = int("".join("0" if c == "X" else "F" for c in digits), 16)
    return value, mask


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_safe_private(source, target):
    with open(source, newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(line for line in handle if not line.startswith("#"))]
    lines = ["// Generated from " + source.rsplit("/", 1)[-1] + " by generate_rules.py: do not edit.",
             "// {creator, group, element (low byte), name}"]
    for row in rows:
        match = re.fullmatch(r"\(([0-9A-Fa-f]{4}),[xX]{2}([0-9A-Fa-f]{2})\)", row["tag"].strip())
        if not match:
            raise ValueError(source + ": unreadable private tag " + repr(row["tag"]))
        group, element = int(match.group(1), 16), int(match.group(2), 16)
        if not group & 1 or not row["creator"].strip():
            raise ValueError(source + ": not a private attribute: " + repr(row))
        lines.append("{%s, 0x%04X, 0x%02X, %s}," % (c_string(row["creator"].strip()), group, element,
                                                    c_string(row["name"].strip())))
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def main():
    source, target = sys.argv[1], sys.argv[2]
    write_safe_private(sys.argv[3], sys.argv[4])
    with open(source, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lines = ["// Generated from " + source.rsplit("/", 1)[-1] + " by generate_rules.py: do not edit.",
             "// {value, mask, privateRange, name, basic, inStandardIod, {" + ", ".join(OPTIONS) + "}}"]
    private_rows = 0
    for row in rows:
        basic = row["basic"].strip()
        if basic not in BASIC_ACTIONS:
            raise ValueError(row["tag"] + ": unknown Basic Profile action " + repr(basic))
        options = [row[name].strip() for name in OPTIONS]
        for option in options:
            if option not in OPTION_ACTIONS:
                raise ValueError(row["tag"] + ": unknown option action " + repr(option))
        pattern = tag_pattern(row["tag"])
        name = " ".join(row["name"].split("(see Note")[0].split())
        if pattern is None:
            private_rows += 1
            value, mask, private = 0, 0, "true"
        else:
            (value, mask), private = pattern, "false"
        lines.append("{0x%08X, 0x%08X, %s, %s, %s, %s, {%s}}," % (
            value, mask, private, c_string(name), c_string(basic), "true" if row["in_std_iod"] == "Y" else "false",
            ", ".join(c_string(o) for o in options)))
    if len(rows) < 600 or private_rows != 1:
        raise ValueError("%s: %d rows, %d private rows: not Table E.1-1" % (source, len(rows), private_rows))
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
