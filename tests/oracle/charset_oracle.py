#!/usr/bin/python3
"""Independent oracle for Pulmo's text decoding: what pydicom makes of each file's Patient's Name.

Prints one JSON object per file given, on one line each:
  file         the path as given
  readable     whether pydicom could read the file at all (error: why not)
  has_name     whether the file has a Patient's Name (0010,0010)
  name         str(ds.PatientName): every component group, decoded by Specific Character Set
  pixel_bytes  0 when the file has Pixel Data; else the bytes an uncompressed Pixel Data of its
               pixel module would take (Rows x Columns x Samples x Bits Allocated / 8), or 0 when
               it has no pixel module either

Run with Debian's interpreter (/usr/bin/python3, with python3-pydicom).
"""
import json
import sys
import warnings

import pydicom


def describe(path):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = pydicom.dcmread(path)
            has_name = "PatientName" in ds
            name = str(ds.PatientName) if has_name else ""
    except Exception as error:  # noqa: BLE001 - any failure means "pydicom cannot read it"
        return {"file": path, "readable": False, "error": str(error)}
    pixel_bytes = 0
    if "PixelData" not in ds and all(k in ds for k in ("Rows", "Columns", "BitsAllocated")):
        pixel_bytes = int(ds.Rows) * int(ds.Columns) * int(ds.get("SamplesPerPixel", 1)) * int(ds.BitsAllocated) // 8
    return {"file": path, "readable": True, "has_name": has_name, "name": name, "pixel_bytes": pixel_bytes}


for argument in sys.argv[1:]:
    print(json.dumps(describe(argument)))
