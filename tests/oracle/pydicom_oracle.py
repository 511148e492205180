#!/usr/bin/python3
"""Independent oracle for Pulmo's image pipeline: pydicom + numpy.

For each DICOM file given, writes what pydicom makes of it into OUT_DIR:
  <n>.modality.f64  modality values (apply_modality_lut), frames x rows x cols, float64 (grayscale)
  <n>.display.f64   the default rendering scaled to [0, 255] before rounding, float64
                    (grayscale: first window, else first VOI LUT, else the full range of modality
                    values; MONOCHROME1 inverted. Colour: RGB samples scaled to 8 bits)
and one manifest.json listing, per file, whether pydicom decoded it and the shapes.

Run with Debian's interpreter (/usr/bin/python3): it needs python3-pydicom, python3-numpy and,
for JPEG-LS / JPEG lossless, python3-gdcm.
"""
import json
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_voi, apply_windowing, convert_color_space

LOSSLESS = {
    "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2",
    "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.90",
    "1.2.840.10008.1.2.5",
}


def window_output_range(ds):
    """The [y_min, y_max] that pydicom's apply_windowing maps into (pydicom 2.3 logic)."""
    if "ModalityLUTSequence" in ds:
        y_min, y_max = 0, 2 ** ds.ModalityLUTSequence[0].LUTDescriptor[2] - 1
    elif ds.PixelRepresentation == 0:
        y_min, y_max = 0, 2 ** ds.BitsStored - 1
    else:
        y_min, y_max = -(2 ** (ds.BitsStored - 1)), 2 ** (ds.BitsStored - 1) - 1
    slope = ds.get("RescaleSlope", None)
    intercept = ds.get("RescaleIntercept", None)
    if slope is not None and intercept is not None:
        y_min = y_min * float(slope) + float(intercept)
        y_max = y_max * float(slope) + float(intercept)
    return float(y_min), float(y_max)


def render_gray(ds, modality):
    """Default VOI on modality values, scaled to [0, 255]."""
    if "WindowCenter" in ds and "WindowWidth" in ds:
        y_min, y_max = window_output_range(ds)
        out = apply_windowing(modality.copy(), ds, index=0).astype(np.float64)
        scaled = (out - y_min) / (y_max - y_min) * 255.0
    elif "VOILUTSequence" in ds:
        bits = ds.VOILUTSequence[0].LUTDescriptor[2]
        out = apply_voi(modality.copy(), ds, index=0).astype(np.float64)
        scaled = out / float(2 ** bits - 1) * 255.0
    else:
        scaled = np.empty_like(modality, dtype=np.float64)
        frames = modality if modality.ndim == 3 else modality[np.newaxis]
        target = scaled if modality.ndim == 3 else scaled[np.newaxis]
        for i, frame in enumerate(frames):
            lo, hi = float(frame.min()), float(frame.max())
            target[i] = (frame - lo) / max(hi - lo, 1.0) * 255.0
    # Presentation LUT stage: MONOCHROME1, or an INVERSE Presentation LUT Shape, inverts.
    if ds.PhotometricInterpretation == "MONOCHROME1" or ds.get("PresentationLUTShape", "") == "INVERSE":
        scaled = 255.0 - scaled
    return scaled


def main():
    out_dir = sys.argv[1]
    files = sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    manifest = []
    warnings.simplefilter("ignore")
    for n, path in enumerate(files):
        entry = {"file": path, "index": n}
        try:
            ds = pydicom.dcmread(path, force=True)
            arr = ds.pixel_array
        except Exception as error:  # pydicom cannot decode: Pulmo must give a clear error, not crash
            entry["decoded"] = False
            entry["error"] = "%s: %s" % (type(error).__name__, str(error)[:200])
            manifest.append(entry)
            continue
        ts = str(ds.file_meta.get("TransferSyntaxUID", "")) if hasattr(ds, "file_meta") else ""
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        samples = int(ds.get("SamplesPerPixel", 1))
        entry.update(decoded=True, rows=int(ds.Rows), columns=int(ds.Columns), frames=frames, samples=samples,
                     photometric=str(ds.PhotometricInterpretation), transfer_syntax=ts, lossless=ts in LOSSLESS)
        if samples == 1:
            modality = apply_modality_lut(arr, ds).astype(np.float64)
            modality.reshape(frames, ds.Rows, ds.Columns).tofile(os.path.join(out_dir, "%d.modality.f64" % n))
            display = render_gray(ds, modality)
        else:
            rgb = arr
            if str(ds.PhotometricInterpretation) in ("YBR_FULL", "YBR_FULL_422"):
                rgb = convert_color_space(arr, str(ds.PhotometricInterpretation), "RGB")
            display = rgb.astype(np.float64) / float(2 ** int(ds.BitsStored) - 1) * 255.0
        display.reshape(frames, ds.Rows, ds.Columns, samples).tofile(os.path.join(out_dir, "%d.display.f64" % n))
        manifest.append(entry)
    with open(os.path.join(out_dir, "manifest.json"), "w") as handle:
        json.dump(manifest, handle, indent=1)


if __name__ == "__main__":
    main()
