#!/usr/bin/env python3
"""Reads a Prometheus text exposition (format 0.0.4) on stdin with prometheus_client's own parser and
prints what it found as one JSON array: [{"name", "type", "help", "samples": [{"name", "labels",
"value"}]}], each value as Python's repr() of the float (shortest round trip; "nan", "inf", "-inf"),
so that the test compares the exact doubles. Exits 1 with the parser's error on text it rejects."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    text = sys.stdin.buffer.read().decode("utf-8")
    try:
        families = [
            {
                "name": family.name,
                "type": family.type,
                "help": family.documentation,
                "samples": [
                    {"name": sample.name, "labels": sample.labels, "value": repr(float(sample.value))}
                    for sample in family.samples
                ],
            }
            for family in text_string_to_metric_families(text)
        ]
    except Exception as error:  # the parser raises ValueError and friends on bad text
        print("prometheus_client rejected the exposition: %r" % (error,), file=sys.stderr)
        return 1
    json.dump(families, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
