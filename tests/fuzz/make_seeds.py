#!/usr/bin/python3
"""Seed corpora for the fuzz targets (tests/fuzz), from test data: pydicom's test files (small ones),
the de-identification oracle's planted files, the demo model card. scripts/fuzz.sh runs it into the
build's corpus folder; the committed seeds/ are a few of these, for ctest's replay.

    make_seeds.py --pydicom DIR --planted DIR --card FILE --out DIR
"""
import argparse
import glob
import io
import os
import struct

import pydicom
from pydicom.filebase import DicomBytesIO

# The order of net::detail::acceptedTransferSyntaxes() (viewer/net/TransferSyntaxes.cpp): the first
# byte of a fuzz_storage_dataset input picks the syntax its dataset is read in.
STORAGE_SYNTAXES = [
    "1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2",
    "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.5",
    "1.2.840.10008.1.2.1.99",
    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.81",
    "1.2.840.10008.1.2.4.57",
]
MAX_BYTES = 64 * 1024


def write(out, target, name, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def dataset_bytes(ds, syntax):
    """The dataset alone (no File Meta), encoded as a C-STORE carries it."""
    buffer = DicomBytesIO()
    buffer.is_little_endian = syntax != "1.2.840.10008.1.2.2"
    buffer.is_implicit_VR = syntax == "1.2.840.10008.1.2"
    pydicom.filewriter.write_dataset(buffer, ds)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pydicom", required=True)
    parser.add_argument("--planted", required=True)
    parser.add_argument("--card", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    small = sorted(p for p in glob.glob(os.path.join(args.pydicom, "**", "*"), recursive=True)
                   if os.path.isfile(p) and os.path.getsize(p) <= MAX_BYTES)
    planted = sorted(glob.glob(os.path.join(args.planted, "*.dcm")))
    count = 0
    for path in small + planted:
        data = open(path, "rb").read()
        name = os.path.basename(path)
        write(args.out, "dicom_file", name, data)
        write(args.out, "result_sr", name, data)
        write(args.out, "deidentify", name, struct.pack("<H", count % 0x800) + data)
        count += 1
        try:
            ds = pydicom.dcmread(path, force=True)
            syntax = str(ds.file_meta.TransferSyntaxUID) if "TransferSyntaxUID" in ds.file_meta else ""
            if not ds.get("SOPInstanceUID"):
                continue
            if syntax in ("1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2"):
                for target_syntax in ("1.2.840.10008.1.2.1", "1.2.840.10008.1.2"):
                    write(args.out, "storage_dataset", "%s-%d" % (name, STORAGE_SYNTAXES.index(target_syntax)),
                          bytes([STORAGE_SYNTAXES.index(target_syntax)]) + dataset_bytes(ds, target_syntax))
            elif syntax in STORAGE_SYNTAXES and syntax != "1.2.840.10008.1.2.1.99":
                write(args.out, "storage_dataset", name,
                      bytes([STORAGE_SYNTAXES.index(syntax)]) + dataset_bytes(ds, "1.2.840.10008.1.2.1"))
        except Exception:  # noqa: BLE001 - a test file pydicom cannot rewrite is only no seed
            continue
    write(args.out, "model_card", "demo.json", open(args.card, "rb").read())
    write(args.out, "model_card", "empty.json", b"{}")
    write(args.out, "model_card", "labels.json",
          b'{"labels": ["A", "B", "C"], "positive_label": "C", "input_size": 512, "mean": [0.5, 0.5, 0.5],'
          b' "std": [0.25, 0.25, 0.25], "threshold": 0.9, "interpolation": "bilinear", "clinical_use": true}')
    # A job as another node publishes it: 7 headers, each a key byte (< 224: the node's own keys, in
    # order), a field kind byte (index 12: UTF-8, 7: I64) and the value.
    def text(key, value):
        return bytes([key, 12, len(value)]) + value
    def integer(key, value):
        return bytes([key, 7]) + struct.pack(">q", value)
    job = (bytes([7]) + text(0, b"1.2.826.0.1.3680043.8.498.1") + text(1, b"1.2.826.0.1.3680043.8.498.2")
           + text(2, b"1.2.840.10008.5.1.4.1.1.1") + text(3, b"ab" * 32) + text(4, b"ROUTER")
           + integer(5, 1700000000000) + integer(6, 2))
    write(args.out, "queue_message", "job", job)
    write(args.out, "queue_message", "job-with-error", bytes([8]) + job[1:] + text(7, b"the model failed"))


if __name__ == "__main__":
    main()
