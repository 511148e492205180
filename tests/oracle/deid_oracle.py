#!/usr/bin/python3
"""Independent oracle for Pulmo's DICOM de-identifier (PS3.15 Annex E, Basic Application Level
Confidentiality Profile, with its options), written against pydicom only.

  deid_oracle.py generate --table ps3.15-table-e.1-1.csv --out DIR
      Writes planted test files (2 patients x 2 studies; 2 DX images per study, one Comprehensive SR
      per patient, and p1s1_un.dcm: a third image in p1s1_img2's series whose identifying attributes
      are written with VR UN) and DIR/planted.json, which lists every planted value and where it is.
      p1s2_img2.dcm also carries group 0002 elements inside its dataset (after the file meta), and
      every Study Description and Image Comments embeds the object's Patient ID, Accession Number
      and family name, which --clean-descriptors must scrub.
  deid_oracle.py check --planted DIR/planted.json --out OUTDIR [--shift-dates] [--retain a,b,...]
                       [--expect NAME,...]
      Reads every file under OUTDIR (the de-identified copies, any names), prints one JSON object
      {"ok", "violations", "files", ...} and exits 1 when anything leaked or broke. --expect: only
      these inputs (file names) must have an output (a node forwards images, not the SRs); every
      planted value of every input is still searched for.

Planted values are unique per file and shaped so that they can be found in raw bytes without false
hits: strings are "PLT<2 digits>X<4 digits>", UIDs are "1.2.826.0.1.3680043.10.1042.<3>.<5>" (all of
one length, so none is a prefix of another), dates 1960-1979 (1900-1919 for rows no option shifts; real study dates are 2019/2021),
times before 13:30 (real times after 14:00). Run with Debian's interpreter (python3-pydicom).

What check finds: every planted string, UID, date, time and age in the raw bytes of every output
(dates and times also inside a DT, never inside a UID's digits); planted names decoded from any text;
top-level numeric and binary values (DS, IS, US, OB, ...) that still hold the planted value where
the row's Basic Profile action and the active options do not keep them; private, curve, overlay and
must-go elements; the de-identification marks; one output per input, the grouping into patients,
studies and series; references; and, with --shift-dates, one consistent offset per patient.
"""
import argparse
import collections
import csv
import datetime
import hashlib
import json
import math
import os
import re
import struct
import sys
import warnings

import numpy
import pydicom
from pydicom import charset, datadict
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

warnings.simplefilter("ignore")  # planted junk breaks VR rules on purpose; pydicom would warn a lot

ROOT = "1.2.826.0.1.3680043.10.1042."
DX_CLASS = "1.2.840.10008.5.1.4.1.1.1.1"  # Digital X-Ray Image Storage - For Presentation
SR_CLASS = "1.2.840.10008.5.1.4.1.1.88.33"  # Comprehensive SR
OPTIONS = ["retain_safe_private", "retain_uids", "retain_device_identity", "retain_institution_identity",
           "retain_patient_characteristics", "retain_long_full_dates", "retain_long_modified_dates",
           "clean_descriptors", "clean_structured_content", "clean_graphics"]
PRIVATE_ROW, CURVE_ROW = "(GGGG,EEEE) WHERE GGGG IS ODD", "(50XX,XXXX)"
OVERLAY_DATA_ROW, OVERLAY_COMMENTS_ROW = "(60XX,3000)", "(60XX,4000)"
DATE_BASE = datetime.date(1960, 1, 1)
PATIENTS = [  # name, charset, sex, first study date/time, interval to the second study
    ("Müller^Jürgen^^^PLNAME1", "ISO_IR 192", "M", datetime.datetime(2019, 3, 14, 14, 5, 17),
     datetime.timedelta(days=17, hours=3)),
    ("Yamada7Q^Tarou=山田^太郎=やまだ^たろう", ["", "ISO 2022 IR 87"], "F",
     datetime.datetime(2021, 8, 2, 15, 22, 41), datetime.timedelta(days=40, hours=5)),
]
# Attributes the generator fills with real, consistent values (or structures) instead of junk.
STRUCTURAL = {0x00080018, 0x0020000D, 0x0020000E, 0x00200052, 0x00100010, 0x00100020, 0x00100040,
              0x00080050, 0x00200010, 0x00080020, 0x00080030, 0x00080021, 0x00080031, 0x00080022,
              0x00080032, 0x00080023, 0x00080033, 0x0008002A, 0x00081140, 0x00082112, 0x00081120,
              0x00101002, 0x00400275, 0x04000561, 0x00880200}
# Date(+time) pairs that the --shift-dates check follows through.
DATE_PAIRS = [(0x00080020, 0x00080030), (0x00080021, 0x00080031), (0x00080022, 0x00080032),
              (0x00080023, 0x00080033)]
# Descriptors (clean_descriptors: C) that embed the object's Patient ID, Accession Number and these
# parts of the patient's name: the descriptor's own token may survive a clean, the identity never.
DESCRIPTORS = {0x00081030: "Study Description", 0x00204000: "Image Comments"}
EMBEDDED_NAMES = [["Müller"], ["Yamada7Q", "山田", "やまだ"]]  # per patient: family name in each group
# p1s1_un.dcm: these top-level attributes are written with VR UN (plus a Referenced SOP Instance UID
# in its Referenced Image Sequence).
UN_TAGS = [0x00080020, 0x00080050, 0x00080080, 0x00080090, 0x00081030, 0x00100010, 0x00100020,
           0x00100030, 0x00101000, 0x0020000D]
UN_PATH, META_IN_DATASET_PATH = "p1s1_un.dcm", "p1s2_img2.dcm"
NUMERIC_VRS = ("DS", "IS", "US", "SS", "UL", "SL", "UV", "SV", "FL", "FD")
# Must be gone from every output unless an active option keeps (K) or cleans (C) the row.
MUST_GO = {0x00880200: "Icon Image Sequence", 0x04000561: "Original Attributes Sequence",
           0x00400275: "Request Attributes Sequence", 0x00101000: "Other Patient IDs",
           0x00101002: "Other Patient IDs Sequence", 0x00081120: "Referenced Patient Sequence"}

PLT_RE = re.compile(rb"PLT\d\dX\d{4}")
UID_RE = re.compile(re.escape(ROOT.encode()) + rb"\d{3}\.\d{5}")
# A whole digit run, not inside a UID, a number's fraction or a keyed hex pseudonym ("PULMO-3105D191644DF328"
# holds the run 191644 by chance, about once a run of the test: a planted time it is not).
DIGITS_RE = re.compile(rb"(?<![0-9A-Za-z.])[0-9]{6,}")
# The de-identifier's pseudonyms (Patient ID "PULMO-" and name "PULMO^", 16 hex digits), hidden before the
# digit runs are looked at: one starting "PULMO-084837A..." holds no planted time either.
PSEUDONYM_RE = re.compile(rb"PULMO[-^][0-9A-F]{16}")
DATE_RE = re.compile(rb"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
AGE_RE = re.compile(rb"(?<![0-9A-Za-z])\d{3}[DWMY](?![0-9A-Za-z])")


def tag_text(tag):
    return "(%04X,%04X)" % (tag >> 16, tag & 0xFFFF)


def parse_tag(text):
    match = re.fullmatch(r"\(([0-9A-F]{4}),([0-9A-F]{4})\)", text.strip())
    return int(match[1] + match[2], 16) if match else None


def canon(value):
    """One string per value, the same for what was planted and what is read back."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, (list, tuple, pydicom.multival.MultiValue)):
        return "\\".join(canon(v) for v in value)
    if isinstance(value, float) and not isinstance(value, pydicom.valuerep.DSfloat):
        return repr(value)
    return str(value).rstrip(" \x00")


def token(space, n):
    return "PLT%02dX%04d" % (space, n)


def uid(kind, a, b):
    return "%s%d%02d.1%04d" % (ROOT, kind, a, b)


# Dates of rows the Modified Dates Option does not shift (Patient's Birth Date, ...) lie decades
# before the shifted ones: a date moved back by up to ten years can never land on one of them.
UNSHIFTED_DATE_BASE = datetime.date(1900, 1, 1)


def planted_date(g, i, shifted=True):
    base = DATE_BASE if shifted else UNSHIFTED_DATE_BASE
    return (base + datetime.timedelta(days=g * 640 + i)).strftime("%Y%m%d")


def planted_time(g, i):
    seconds = 3601 + (g * 640 + i) * 6  # 01:00:01 .. 12:42:13 for 11 files, never a round dummy like 120000
    return "%02d%02d%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60)


# ----------------------------------------------------------------------------------- generate

class Planter:
    """Builds one file's dataset and records each planted value into the shared lists."""

    def __init__(self, record, g, values, uids):
        self.record, self.g, self.space = record, g, g + 1
        self.values, self.uids = values, uids
        self.embed = None  # {"pid", "acc", "names"}: what the object's descriptors embed

    def note(self, tag, vr, value, where, row=None, container=None, searchable=True, path="", **extra):
        self.values.append(dict({"file": self.record["path"], "tag": tag_text(tag),
                                 "name": datadict.keyword_for_tag(tag) or "private", "vr": vr,
                                 "value": canon(value), "searchable": searchable, "where": where,
                                 "row": row, "container_row": container, "path": path}, **extra))
        if vr == "UI":
            self.uids.append(canon(value))

    def tok(self, n):
        return token(self.space, n)

    def puid(self, n):
        return uid(1, self.space, n)

    def junk(self, vr, i, ordinal, shifted=True):
        """A planted value for VR `vr` of table row i; returns (value, searchable). `shifted`: the
        row's dates are ones the Modified Dates Option shifts."""
        g, n = self.g, i + 1
        if vr in ("AE", "CS", "LO", "LT", "SH", "ST", "UT", "UC", "PN"):
            return self.tok(n), True
        if vr == "UR":
            return "http://example.org/" + self.tok(n), True
        if vr == "UI":
            return self.puid(n), True
        if vr == "DA":
            return planted_date(g, i, shifted), True
        if vr == "TM":
            return planted_time(g, i), True
        if vr == "DT":
            return planted_date(g, i, shifted) + planted_time(g, i), True
        if vr == "AS":
            return "%03dY" % (30 + g * 4 + ordinal), True
        if vr == "DS":
            return "%d.%d" % (g + 1, n), False
        if vr == "IS":
            return str(g * 1000 + n), False
        if vr in ("US", "SS", "UL", "SL", "UV", "SV"):
            return g * 1000 + n, False
        if vr in ("FL", "FD"):
            return g + n / 1000.0, False
        if vr == "AT":
            return 0x00100010, False
        return struct.pack("<HH", g, n), False  # OB OW OF OD OL OV UN: 4 bytes

    def identity_item(self, n, row_tag, path):
        """One SQ item holding nested copies of identity: Patient's Name, Patient ID, Accession."""
        item = Dataset()
        for k, (tag, vr) in enumerate([(0x00100010, "PN"), (0x00100020, "LO"), (0x00080050, "SH")]):
            value = self.tok(1000 + 3 * n + k)
            item.add_new(tag, vr, value)
            self.note(tag, vr, value, "nested", tag_text(tag), row_tag, path=path)
        return item


def table_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return [dict(row, name=" ".join(row["name"].split())) for row in csv.DictReader(handle)]


def plant_table(p, ds, rows, skipped, structural):
    """Every single-tag row of Table E.1-1 gets a planted value (or, for SQ, a planted item)."""
    ordinals = {}
    for i, row in enumerate(rows):
        tag = parse_tag(row["tag"])
        if tag is None:
            continue  # ranges (private, curve, overlay) are planted by their own functions
        group = tag >> 16
        if group in (0x0000, 0x0004):
            skipped.setdefault(row["tag"], {"tag": row["tag"], "name": row["name"],
                                            "why": "command/directory group, not in a file's dataset"})
            continue
        if group == 0x0002 or tag in structural:
            continue  # file meta and real values are written elsewhere
        if not datadict.dictionary_has_tag(tag):
            skipped.setdefault(row["tag"], {"tag": row["tag"], "name": row["name"],
                                            "why": "not in pydicom %s's dictionary" % pydicom.__version__})
            continue
        vr = datadict.dictionary_VR(tag).split(" or ")[0]
        ordinals[vr] = ordinals.get(vr, -1) + 1
        if vr == "SQ":
            ds.add_new(tag, "SQ", Sequence([p.identity_item(i, row["tag"], tag_text(tag) + "[0]")]))
            continue
        value, searchable = p.junk(vr, i, ordinals[vr], row.get("retain_long_modified_dates") == "C")
        if tag in DESCRIPTORS and p.embed:  # the descriptor's own token, then identity to scrub
            own, embedded = value, [p.embed["pid"], p.embed["acc"]]
            value = "%s ID %s ACC %s %s" % (own, embedded[0], embedded[1], " ".join(p.embed["names"]))
            ds.add_new(tag, vr, value)
            p.note(tag, vr, value, "top", row["tag"], searchable=searchable, own=own, embedded=embedded,
                   embedded_names=p.embed["names"])
            continue
        ds.add_new(tag, vr, value)
        p.note(tag, vr, value, "top", row["tag"], searchable=searchable)


def plant_specials(p, ds):
    """Planted structures beyond the table rows; each value is noted with where it sits."""
    def add(target, tag, vr, value, where, row, container=None, searchable=True, path=""):
        target.add_new(tag, vr, value)
        p.note(tag, vr, value, where, row, container, searchable, path)

    # Three levels deep inside a sequence the table does not list.
    ref = Dataset()
    ref.ReferencedSOPClassUID = DX_CLASS
    add(ref, 0x00081155, "UI", p.puid(3003), "deep", "(0008,1155)", path="AnatomicRegion/Modifier/RefSOP")
    modifier = Dataset()
    modifier.CodeValue, modifier.CodingSchemeDesignator, modifier.CodeMeaning = "255503000", "SCT", "Entire"
    add(modifier, 0x00100010, "PN", p.tok(3001), "deep", "(0010,0010)", path="AnatomicRegion/Modifier")
    add(modifier, 0x00100020, "LO", p.tok(3002), "deep", "(0010,0020)", path="AnatomicRegion/Modifier")
    modifier.ReferencedSOPSequence = Sequence([ref])
    region = Dataset()
    region.CodeValue, region.CodingSchemeDesignator, region.CodeMeaning = "51185008", "SCT", "Thorax"
    region.AnatomicRegionModifierSequence = Sequence([modifier])
    ds.AnatomicRegionSequence = Sequence([region])

    # A private block with strings and a private sequence with a nested string.
    ds.add_new(0x00290010, "LO", "PLANTED CREATOR")
    add(ds, 0x00291010, "LO", p.tok(3010), "private", PRIVATE_ROW)
    add(ds, 0x00291011, "LT", p.tok(3011), "private", PRIVATE_ROW)
    inner = Dataset()
    inner.add_new(0x00290010, "LO", "PLANTED CREATOR")
    add(inner, 0x00291010, "LO", p.tok(3012), "private", PRIVATE_ROW, path="(0029,1012)[0]")
    ds.add_new(0x00291012, "SQ", Sequence([inner]))

    # Overlay plane in group 6000 (a 64x64 bit plane: a filled square).
    for tag, vr, value in [(0x60000010, "US", 64), (0x60000011, "US", 64), (0x60000040, "CS", "G"),
                           (0x60000050, "SS", [1, 1]), (0x60000100, "US", 1), (0x60000102, "US", 0)]:
        ds.add_new(tag, vr, value)
    bits = numpy.zeros((64, 64), dtype=numpy.uint8)
    bits[16:48, 16:48] = 1
    overlay = numpy.packbits(bits.ravel(), bitorder="little").tobytes()
    add(ds, 0x60003000, "OW", overlay, "overlay", OVERLAY_DATA_ROW, searchable=False)
    add(ds, 0x60000022, "LO", p.tok(3020), "overlay", None, OVERLAY_DATA_ROW)  # Overlay Description
    add(ds, 0x60001500, "LO", p.tok(3021), "overlay", None, OVERLAY_DATA_ROW)  # Overlay Label
    add(ds, 0x60004000, "LT", p.tok(3022), "overlay", OVERLAY_COMMENTS_ROW)

    # A (retired) curve in group 5000.
    for tag, vr, value in [(0x50000005, "US", 1), (0x50000010, "US", 4), (0x50000020, "CS", "TAC"),
                           (0x50000103, "US", 0), (0x50003000, "OW", bytes(range(8)))]:
        ds.add_new(tag, vr, value)
    add(ds, 0x50000022, "LO", p.tok(3030), "curve", CURVE_ROW)  # Curve Description
    add(ds, 0x50002500, "LO", p.tok(3031), "curve", CURVE_ROW)  # Curve Label

    # Icon Image Sequence: an 8x8 icon and a planted comment.
    icon = Dataset()
    icon.SamplesPerPixel, icon.PhotometricInterpretation = 1, "MONOCHROME2"
    icon.Rows = icon.Columns = 8
    icon.BitsAllocated, icon.BitsStored, icon.HighBit, icon.PixelRepresentation = 8, 8, 7, 0
    icon.add_new(0x7FE00010, "OB", bytes((3 * k) % 256 for k in range(64)))
    add(icon, 0x00204000, "LT", p.tok(3040), "icon", "(0020,4000)", "(0088,0200)", path="(0088,0200)[0]")
    ds.IconImageSequence = Sequence([icon])

    # Original Attributes Sequence with the old Patient's Name inside Modified Attributes Sequence.
    modified = Dataset()
    add(modified, 0x00100010, "PN", p.tok(3050), "original_attributes", "(0010,0010)", "(0400,0561)",
        path="(0400,0561)[0]/(0400,0550)[0]")
    original = Dataset()
    original.ModifiedAttributesSequence = Sequence([modified])
    original.AttributeModificationDateTime = "20190101120000"
    add(original, 0x04000563, "LO", p.tok(3051), "original_attributes", None, "(0400,0561)")
    add(original, 0x04000564, "LO", p.tok(3052), "original_attributes", None, "(0400,0561)")
    original.ReasonForTheAttributeModification = "COERCE"
    ds.OriginalAttributesSequence = Sequence([original])

    # Request Attributes Sequence with a Requested Procedure ID.
    request = Dataset()
    add(request, 0x00401001, "SH", p.tok(3060), "request_attributes", "(0040,1001)", "(0040,0275)")
    add(request, 0x00400009, "SH", p.tok(3061), "request_attributes", "(0040,0009)", "(0040,0275)")
    add(request, 0x00400007, "LO", p.tok(3062), "request_attributes", "(0040,0007)", "(0040,0275)")
    ds.RequestAttributesSequence = Sequence([request])

    # Other Patient IDs Sequence (Other Patient IDs itself is a plain table row, planted there).
    other = Dataset()
    add(other, 0x00100020, "LO", p.tok(3070), "other_patient_ids", "(0010,0020)", "(0010,1002)")
    add(other, 0x00100021, "LO", p.tok(3071), "other_patient_ids", "(0010,0021)", "(0010,1002)")
    other.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = Sequence([other])

    # Referenced Patient Sequence pointing at a planted instance.
    patient_ref = Dataset()
    patient_ref.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.1.1"
    add(patient_ref, 0x00081155, "UI", p.puid(3080), "referenced_patient", "(0008,1155)", "(0008,1120)")
    ds.ReferencedPatientSequence = Sequence([patient_ref])


def sop_ref(sop_class, sop_uid):
    item = Dataset()
    item.ReferencedSOPClassUID, item.ReferencedSOPInstanceUID = sop_class, sop_uid
    return item


def code(value, scheme, meaning):
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def generate(args):
    rows = table_rows(args.table)
    os.makedirs(args.out, exist_ok=True)
    preamble = (b"PLANTEDPREAMBLE-" * 8)[:128]
    files, values, uids, names, skipped = [], [], [], {}, {}

    # Lay out the eleven objects first, so references between them are known before writing.
    layout = []
    for pi, (name, charsets, sex, first, interval) in enumerate(PATIENTS):
        for si in range(2):
            study_dt = first + (interval if si else datetime.timedelta(0))
            study = {"patient": "P%d" % (pi + 1), "study": "P%dS%d" % (pi + 1, si + 1), "pi": pi,
                     "dt": study_dt, "uid": uid(2, 0, pi * 10 + si),
                     "space": 80 + pi * 2 + si}
            images = []
            for k in range(2):
                images.append(dict(study, kind="img", k=k, sop_class=DX_CLASS,
                                   series_uid=uid(3, 0, pi * 10 + si), for_uid=uid(5, 0, pi * 10 + si)))
            layout += images
            if si == 0:
                layout.append(dict(study, kind="sr", k=2, sop_class=SR_CLASS, images=images,
                                   series_uid=uid(3, 0, pi * 10 + si + 5), for_uid=None))
    # A third image in p1s1_img2's series (same patient, study, series, frame of reference), last so
    # that the other objects keep their numbers; its identity is written with VR UN.
    layout.append(dict(layout[1], un=True))
    for g, obj in enumerate(layout):
        obj["g"], obj["sop_uid"] = g, uid(4, 0, g)
        obj["path"] = UN_PATH if obj.get("un") else "%s_%s.dcm" % (
            obj["study"].lower(), "sr" if obj["kind"] == "sr" else "img%d" % (obj["k"] + 1))
        obj["accession"] = token(obj["space"], 3 if obj.get("un") else 1)  # the UN file: its own

    for obj in layout:
        g, pi = obj["g"], obj["pi"]
        name, charsets, sex = PATIENTS[pi][0], PATIENTS[pi][1], PATIENTS[pi][2]
        record = {"path": obj["path"], "patient": obj["patient"], "study": obj["study"],
                  "sop_class": obj["sop_class"], "sop_uid": obj["sop_uid"], "study_uid": obj["uid"],
                  "series_uid": obj["series_uid"], "instance_number": 101 + g,
                  "study_date": obj["dt"].strftime("%Y%m%d"), "study_time": obj["dt"].strftime("%H%M%S"),
                  "dates": {}, "pixel_sha256": None, "references": [], "reference_map": {}}
        p = Planter(record, g, values, uids)
        p.embed = {"pid": token(90 + pi, 1), "acc": obj["accession"], "names": EMBEDDED_NAMES[pi]}
        structural = set(STRUCTURAL) | ({0x0040A730} if obj["kind"] == "sr" else set())
        ds = Dataset()
        ds.SpecificCharacterSet = charsets
        plant_table(p, ds, rows, skipped, structural)
        plant_specials(p, ds)

        # Real, consistent identity of the object.
        ds.SOPClassUID, ds.SOPInstanceUID = obj["sop_class"], obj["sop_uid"]
        ds.StudyInstanceUID, ds.SeriesInstanceUID = obj["uid"], obj["series_uid"]
        uids.extend([obj["sop_uid"], obj["uid"], obj["series_uid"]])
        if obj["for_uid"]:
            ds.FrameOfReferenceUID = obj["for_uid"]
            uids.append(obj["for_uid"])
        ds.PatientName = name
        for tag, vr, value, searchable in [
                (0x00100020, "LO", token(90 + pi, 1), True), (0x00100040, "CS", sex, False),
                (0x00080050, "SH", obj["accession"], True), (0x00200010, "SH", token(obj["space"], 2), True)]:
            ds.add_new(tag, vr, value)
            p.note(tag, vr, value, "top", tag_text(tag), searchable=searchable)
        series_dt = obj["dt"] + datetime.timedelta(minutes=30 if obj["kind"] == "sr" else 2)
        content_dt = obj["dt"] + datetime.timedelta(minutes=31 if obj["kind"] == "sr" else 3 + obj["k"])
        for (dtag, ttag), when in zip(DATE_PAIRS, [obj["dt"], series_dt, content_dt, content_dt]):
            for tag, vr, value in [(dtag, "DA", when.strftime("%Y%m%d")), (ttag, "TM", when.strftime("%H%M%S"))]:
                ds.add_new(tag, vr, value)
                p.note(tag, vr, value, "top", tag_text(tag))
                record["dates"][tag_text(tag)] = value
        ds.add_new(0x0008002A, "DT", content_dt.strftime("%Y%m%d%H%M%S"))
        p.note(0x0008002A, "DT", ds[0x0008002A].value, "top", "(0008,002A)")
        record["dates"]["(0008,002A)"] = ds[0x0008002A].value
        ds.InstanceNumber, ds.SeriesNumber = 101 + g, (5 if obj["kind"] == "sr" else 1)
        ds.PatientIdentityRemoved, ds.LongitudinalTemporalInformationModified = "NO", "UNMODIFIED"

        if obj["kind"] == "img":
            ds.Modality, ds.ImageType = "DX", ["ORIGINAL", "PRIMARY"]
            ds.PresentationIntentType, ds.BodyPartExamined, ds.ViewPosition = "FOR PRESENTATION", "CHEST", "PA"
            ds.PatientOrientation, ds.BurnedInAnnotation = ["A", "F"], "NO"
            ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
            ds.Rows = ds.Columns = 64
            ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
            pixels = numpy.random.RandomState(1000 + g).randint(0, 4096, (64, 64)).astype("<u2").tobytes()
            ds.add_new(0x7FE00010, "OW", pixels)
            record["pixel_sha256"] = hashlib.sha256(pixels).hexdigest()
            if obj["k"] == 0:  # the first image of a study references the second one twice
                other = layout[g + 1]
                ds.ReferencedImageSequence = Sequence([sop_ref(DX_CLASS, other["sop_uid"])])
                ds.SourceImageSequence = Sequence([sop_ref(DX_CLASS, other["sop_uid"])])
                record["reference_map"] = {"(0008,1140)": [other["sop_uid"]], "(0008,2112)": [other["sop_uid"]]}
            elif obj.get("un"):  # references the study's first image, the UID written as UN
                first = layout[0]
                ref = sop_ref(DX_CLASS, first["sop_uid"])
                ds.ReferencedImageSequence = Sequence([ref])
                p.note(0x00081155, "UI", first["sop_uid"], "un", "(0008,1155)", "(0008,1140)",
                       path="(0008,1140)[0]", written_vr="UN")
                record["reference_map"] = {"(0008,1140)": [first["sop_uid"]]}
        else:
            ds.Modality, ds.ValueType, ds.ContinuityOfContent = "SR", "CONTAINER", "SEPARATE"
            ds.ConceptNameCodeSequence = Sequence([code("18748-4", "LN", "Diagnostic Imaging Report")])
            ds.CompletionFlag, ds.VerificationFlag = "PARTIAL", "UNVERIFIED"
            ds.PerformedProcedureCodeSequence = Sequence([])
            image_item = Dataset()
            image_item.RelationshipType, image_item.ValueType = "CONTAINS", "IMAGE"
            image_item.ConceptNameCodeSequence = Sequence([code("121112", "DCM", "Source of Measurement")])
            image_item.ReferencedSOPSequence = Sequence([sop_ref(DX_CLASS, obj["images"][0]["sop_uid"])])
            text_item = Dataset()
            text_item.RelationshipType, text_item.ValueType = "CONTAINS", "TEXT"
            text_item.ConceptNameCodeSequence = Sequence([code("121071", "DCM", "Finding")])
            text_item.TextValue = "Findings for " + name
            ds.ContentSequence = Sequence([image_item, text_item])
            series = Dataset()
            series.SeriesInstanceUID = obj["images"][0]["series_uid"]
            series.ReferencedSOPSequence = Sequence([sop_ref(DX_CLASS, im["sop_uid"]) for im in obj["images"]])
            evidence = Dataset()
            evidence.StudyInstanceUID = obj["uid"]
            evidence.ReferencedSeriesSequence = Sequence([series])
            ds.CurrentRequestedProcedureEvidenceSequence = Sequence([evidence])
            record["reference_map"] = {"(0040,A730)": [obj["images"][0]["sop_uid"]],
                                       "(0040,A375)": [im["sop_uid"] for im in obj["images"]]}
        record["references"] = sorted({u for refs in record["reference_map"].values() for u in refs})

        ds.file_meta = FileMetaDataset()
        ds.file_meta.MediaStorageSOPClassUID = obj["sop_class"]
        ds.file_meta.MediaStorageSOPInstanceUID = obj["sop_uid"]  # (0002,0003), table row U
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.preamble = preamble
        ds.is_little_endian, ds.is_implicit_VR = True, False
        path = os.path.join(args.out, obj["path"])
        if obj.get("un"):
            write_un(ds, path, charsets, [e for e in values if e["file"] == obj["path"]])
        else:
            pydicom.dcmwrite(path, ds, write_like_original=False)
        if obj["path"] == META_IN_DATASET_PATH:
            plant_meta_in_dataset(p, path)

        # Read the file back: the pixels hash, the Patient's Name bytes as actually written, and
        # each numeric or binary value as pydicom reads it (what an unchanged output reads back as).
        back = pydicom.dcmread(path)
        raw_name = back.get_item(0x00100010).value.rstrip(b" ")
        if back.get_item(0x7FE00010) is not None:
            assert hashlib.sha256(back.PixelData).hexdigest() == record["pixel_sha256"]
        for entry in values:
            if entry["file"] == obj["path"] and entry["where"] == "top" and not entry["searchable"]:
                entry["value"] = element_value(back, tag_int(entry["tag"]))
        names.setdefault(obj["patient"], name_needles(name, charsets, raw_name))
        files.append(record)

    table = {row["tag"]: dict({opt: row[opt] for opt in OPTIONS if row[opt]}, basic=row["basic"]) for row in rows}
    planted = {"files": files, "values": values, "uids": sorted(set(uids)), "preamble": preamble.hex(),
               "names": {k: [b.hex() for b in v] for k, v in names.items()},
               "name_text": {"P%d" % (pi + 1): name_pieces(pat[0]) for pi, pat in enumerate(PATIENTS)},
               "skipped": sorted(skipped.values(), key=lambda s: s["tag"]), "table": table}
    with open(os.path.join(args.out, "planted.json"), "w", encoding="utf-8") as handle:
        json.dump(planted, handle, ensure_ascii=False)
    print(json.dumps({"files": len(files), "values": len(values), "uids": len(planted["uids"]),
                      "skipped": len(planted["skipped"]), "out": args.out}))
    return 0


def write_un(ds, path, charsets, entries):
    """Writes ds with the UN_TAGS (and the Referenced SOP Instance UID in its Referenced Image
    Sequence) as VR UN: their value bytes as the real VR would hold them, behind an explicit "UN"."""
    encodings = charset.convert_encodings(charsets)

    def as_un(target, tag):
        elem = target[tag]
        if elem.VR in ("UI", "DA", "TM", "DT"):
            raw = str(elem.value).encode("ascii")
            raw += b"\x00" if elem.VR == "UI" and len(raw) % 2 else b" " * (len(raw) % 2)
        else:
            raw = charset.encode_string(str(elem.value), encodings)
            raw += b" " * (len(raw) % 2)
        target[tag] = DataElement(tag, "UN", raw)

    replace = pydicom.config.replace_un_with_known_vr
    pydicom.config.replace_un_with_known_vr = False  # else pydicom puts the dictionary's VR back
    try:
        for tag in UN_TAGS:
            as_un(ds, tag)
        as_un(ds.ReferencedImageSequence[0], 0x00081155)
        pydicom.dcmwrite(path, ds, write_like_original=False)
    finally:
        pydicom.config.replace_un_with_known_vr = replace
    with open(path, "rb") as handle:
        raw = handle.read()
    for tag in UN_TAGS:  # each really went out as UN
        assert struct.pack("<HH", tag >> 16, tag & 0xFFFF) + b"UN" in raw, tag_text(tag)
    for entry in entries:
        if entry["where"] == "top" and tag_int(entry["tag"]) in UN_TAGS:
            entry["written_vr"] = "UN"


def explicit_le(tag, vr, value):
    """One data element in Explicit VR Little Endian."""
    if len(value) % 2:
        value += b"\x00" if vr in ("UI", "OB") else b" "
    head = struct.pack("<HH", tag >> 16, tag & 0xFFFF) + vr.encode("ascii")
    if vr in ("OB", "OW", "OF", "OD", "OL", "OV", "SQ", "UC", "UN", "UR", "UT", "SV", "UV"):
        return head + b"\x00\x00" + struct.pack("<I", len(value)) + value
    return head + struct.pack("<H", len(value)) + value


def plant_meta_in_dataset(p, path):
    """Group 0002 elements inside the dataset, right after the file meta (whose group length does
    not cover them): pydicom refuses to write them there, so they are spliced into the bytes."""
    with open(path, "rb") as handle:
        raw = handle.read()
    assert raw[132:136] == b"\x02\x00\x00\x00" and raw[136:138] == b"UL"
    end = 144 + struct.unpack("<I", raw[140:144])[0]  # preamble, DICM, (0002,0000) UL, its value
    assert raw[end:end + 2] != b"\x02\x00"
    elements = [(0x00020016, "AE", p.tok(3090)), (0x00020100, "UI", p.puid(3091)),
                (0x00020102, "OB", p.tok(3092))]
    spliced = b"".join(explicit_le(tag, vr, value.encode("ascii")) for tag, vr, value in elements)
    for tag, vr, value in elements:
        p.note(tag, vr, value, "meta_in_dataset", path="dataset")
    with open(path, "wb") as handle:
        handle.write(raw[:end] + spliced + raw[end:])


def name_pieces(name):
    """The name's component groups and components as text, for searching decoded values."""
    pieces = []
    for group in name.split("="):
        pieces += [group] + [c for c in group.split("^") if len(c) >= 2]
    return [piece for piece in dict.fromkeys(pieces) if piece]


def name_needles(name, charsets, raw):
    """Byte strings that betray the name: the value as written, and each group/component encoded
    with the file's character set (without the closing return-to-ASCII escape)."""
    encodings = charset.convert_encodings(charsets)
    needles = [raw]
    for piece in name_pieces(name):
        encoded = charset.encode_string(piece, encodings)
        if encoded.endswith(b"\x1b(B"):
            encoded = encoded[:-3]
        if len(encoded) >= 4:
            needles.append(encoded)
    return list(dict.fromkeys(needles))


# -------------------------------------------------------------------------------------- check

def parse_dt(date, time="000000"):
    time = (time or "000000").split(".")[0].ljust(6, "0")
    return datetime.datetime.strptime(date[:8] + time[:6], "%Y%m%d%H%M%S")


def tag_int(text):
    return int(text[1:5] + text[6:10], 16)


def element_value(ds, tag):
    elem = ds.get(tag)
    return None if elem is None or elem.value is None else canon(elem.value)


def read_output(path):
    """(dataset, raw bytes with the top-level Pixel Data value cut out, pixel sha256 or None)."""
    with open(path, "rb") as handle:
        raw = handle.read()
    ds = pydicom.dcmread(path, force=True)
    item = ds.get_item(0x7FE00010)  # still the raw element: it knows its value's offset in the file
    if item is None:
        return ds, raw, None
    start = item.value_tell
    end = len(raw) if item.length == 0xFFFFFFFF else start + item.length
    return ds, raw[:start] + raw[end:], hashlib.sha256(raw[start:end]).hexdigest()


def same_value(entry, got):
    """Whether an output's value `got` (canon) is the planted one; numbers compare by value, so
    that an FL read back as FD (or a DS written "1.50") is still the same."""
    if got in (None, ""):
        return False
    if got == entry["value"]:
        return True
    if entry["vr"] not in NUMERIC_VRS:
        return False
    try:
        planted = [float(v) for v in entry["value"].split("\\")]
        now = [float(v) for v in got.split("\\")]
    except ValueError:
        return False
    return len(planted) == len(now) and all(math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)
                                            for a, b in zip(planted, now))


class Checker:
    def __init__(self, planted, active, shift, require_references, expect=None):
        self.planted, self.active, self.shift = planted, active, shift
        self.expect = expect  # input file names that must have an output; None: all
        self.require_references = require_references
        self.inputs = {rec["path"]: rec for rec in planted["files"]}
        self.violations, self.leaks, self.matched = [], 0, {}  # matched: input path -> (output, ds)
        self.offsets, self.references_checked, self.references_dropped = {}, 0, []
        self.values_kept = 0  # top-level numeric/binary values still as planted
        # Needles: every searchable planted value that no active option keeps, sorted by how it
        # is found in raw bytes. UIDs are searched separately (all of them, unless retain_uids).
        self.tokens, self.digits, self.ages, self.others = {}, {}, {}, {}
        embedded = {}
        for entry in planted["values"]:
            if entry.get("embedded"):  # a descriptor: its own token may be cleaned, the identity never
                for t in entry["embedded"]:
                    embedded.setdefault(t.encode("ascii"), dict(entry, where="embedded in " + entry["name"]))
                if not self.exempt(entry):
                    self.tokens[entry["own"].encode("ascii")] = entry
                continue
            if not entry["searchable"] or entry["vr"] == "UI" or self.exempt(entry):
                continue
            needle = entry["value"].encode("ascii")
            if PLT_RE.search(needle):
                self.tokens.update({t: entry for t in PLT_RE.findall(needle)})
            elif re.fullmatch(rb"\d{6}|\d{8}|\d{14}", needle):
                self.digits[needle] = entry
            elif AGE_RE.fullmatch(needle):
                self.ages[needle] = entry
            else:
                self.others[needle] = entry
        for needle, entry in embedded.items():
            self.tokens.setdefault(needle, entry)
        # A planted date-time's date and time parts on their own, where no other planted value has
        # that date or time (real study dates and times recur across the attributes of a study).
        every = collections.Counter(e["value"] for e in planted["values"])
        for needle, entry in list(self.digits.items()):
            if entry["vr"] == "DT" and len(needle) == 14:
                for part in (needle[:8], needle[8:]):
                    if every[part.decode()] == 0 and part not in self.digits:
                        self.digits[part] = dict(entry, whole=needle)
        # UIDs: all original ones, less planted UIDs in rows an active option keeps (e.g. Device UID).
        kept_uids = {e["value"] for e in planted["values"] if e["vr"] == "UI" and self.exempt(e)}
        self.uids = set() if "retain_uids" in active else {
            u.encode() for u in planted["uids"] if u not in kept_uids}
        self.name_bytes = {bytes.fromhex(h): p for p, hexes in planted["names"].items() for h in hexes}
        self.name_text = [(piece, p) for p, pieces in planted["name_text"].items() for piece in pieces]

    def kept(self, row, how=("K", "C")):
        """Whether an active option keeps (K) or cleans (C) the table row."""
        return row is not None and any(self.planted["table"].get(row, {}).get(o) in how for o in self.active)

    def exempt(self, entry):
        return self.kept(entry["row"]) if entry["row"] else self.kept(entry["container_row"])

    def fail(self, text):
        self.violations.append(text)

    def needle_hits(self, raw):
        """The planted values found in raw bytes: ({needle: entry}, sorted original UIDs).
        Dates, times and date-times count where a digit run starts (not after a digit, a letter or
        a '.', so never inside a UID's digits, a fraction or a hex pseudonym): the run's first 6, 8 or 14 digits, and the
        6 digits after a run's leading date (the time of a DT, whatever its date became)."""
        hits = {t: self.tokens[t] for t in PLT_RE.findall(raw) if t in self.tokens}
        for run in DIGITS_RE.findall(PSEUDONYM_RE.sub(lambda m: b"P" * len(m.group()), raw)):
            windows = [run[:n] for n in (6, 8, 14) if len(run) >= n]
            if len(run) >= 14 and DATE_RE.fullmatch(run[:8]):
                windows.append(run[8:14])
            hits.update({w: self.digits[w] for w in windows if w in self.digits})
        hits.update({a: self.ages[a] for a in AGE_RE.findall(raw) if a in self.ages})
        hits.update({n: e for n, e in self.others.items() if n in raw})
        hits = {n: e for n, e in hits.items() if e.get("whole") not in hits}  # a whole DT: once
        return hits, sorted(set(UID_RE.findall(raw)) & self.uids)

    def scan(self, rel, ds, raw):
        """Leaks in the raw bytes and decoded text, structure, and the de-identification marks."""
        fail = lambda text: self.fail("%s: %s" % (rel, text))  # noqa: E731
        hits, uids = self.needle_hits(raw)
        self.leaks += len(hits) + len(uids)
        for count, (needle, entry) in enumerate(sorted(hits.items())):
            if count == 40:  # enough to see what leaked; the rest is only counted
                fail("... and %d more planted values" % (len(hits) - 40))
                break
            where = entry["where"] + (", part of %s" % entry["whole"].decode() if "whole" in entry else "")
            fail("planted %s %s %s=%r (from %s, %s) is still there"
                 % (entry["vr"], entry["tag"], entry["name"], needle.decode(), entry["file"], where))
        for found in uids[:20]:
            fail("original UID %s is still there" % found.decode())
        if len(uids) > 20:
            fail("... and %d more original UIDs" % (len(uids) - 20))
        names = {}
        for needle, patient in self.name_bytes.items():
            if needle in raw:
                names.setdefault(patient, []).append(needle.hex())
        for patient, hexes in sorted(names.items()):
            fail("bytes of %s's name are still there (%s)" % (patient, ", ".join(hexes)))

        odd, curves, overlays, gone = set(), set(), set(), set()
        for elem in ds.iterall():
            group, text = elem.tag.group, tag_text(elem.tag)
            if elem.VR in ("PN", "LO", "SH", "LT", "ST", "UT", "UC") and elem.value:
                pieces = [(piece, p) for piece, p in self.name_text if piece in str(elem.value)]
                if pieces:  # the names once decoded, whatever the character set is now
                    fail("%s %s still holds %s's name (%s)"
                         % (text, elem.keyword, pieces[0][1], ", ".join(piece for piece, _ in pieces)))
            if group % 2 and not self.kept(PRIVATE_ROW):
                odd.add(text)
            if 0x5000 <= group <= 0x501E and not group % 2 and not self.kept(CURVE_ROW):
                curves.add(text)
            if 0x6000 <= group <= 0x601E and not group % 2 and (
                    (elem.tag.element == 0x3000 and not self.kept(OVERLAY_DATA_ROW))
                    or (elem.tag.element == 0x4000 and not self.kept(OVERLAY_COMMENTS_ROW))):
                overlays.add(text)
            if elem.tag in MUST_GO and not self.kept(text):
                gone.add(MUST_GO[elem.tag])
        for label, tags in [("private (odd group) elements", odd), ("curve (50xx) elements", curves),
                            ("overlay data/comments", overlays), ("attributes that must be removed", gone)]:
            if tags:
                fail("%s left: %s" % (label, ", ".join(sorted(tags)[:8])))
        if raw[:128] != bytes(128) or raw[128:132] != b"DICM":
            fail("preamble is not 128 zero bytes followed by DICM")
        meta = getattr(ds, "file_meta", Dataset())
        if str(meta.get("MediaStorageSOPInstanceUID", "")) != str(ds.get("SOPInstanceUID", "")):
            fail("Media Storage SOP Instance UID differs from SOP Instance UID")
        if str(meta.get("TransferSyntaxUID", "")) == "1.2.840.10008.1.2.1.99":
            fail("deflated transfer syntax: its raw bytes cannot be searched")

        if element_value(ds, 0x00120062) != "YES":
            fail("Patient Identity Removed (0012,0062) is %r, not YES" % element_value(ds, 0x00120062))
        if not element_value(ds, 0x00120063):
            fail("De-identification Method (0012,0063) is missing or empty")
        codes = [(str(c.get("CodeValue", "")), str(c.get("CodingSchemeDesignator", "")))
                 for c in ds.get("DeidentificationMethodCodeSequence", [])]
        if ("113100", "DCM") not in codes:
            fail("De-identification Method Code Sequence lacks (113100, DCM)")
        ltim = element_value(ds, 0x00280303)
        if self.shift and ltim != "MODIFIED":
            fail("Longitudinal Temporal Information Modified is %r, not MODIFIED" % ltim)
        if not self.shift and ltim == "UNMODIFIED" and "retain_long_full_dates" not in self.active:
            fail("Longitudinal Temporal Information Modified says UNMODIFIED")

    def match(self, rel, ds, pixel_hash):
        """Which input an output came from: by its pixels, else by SOP Class + Instance Number."""
        by_pixels = {r["pixel_sha256"]: r for r in self.inputs.values() if r["pixel_sha256"]}
        record = by_pixels.get(pixel_hash)
        if record is None and pixel_hash:
            try:  # a different transfer syntax: compare the decoded pixels instead
                record = by_pixels.get(hashlib.sha256(ds.pixel_array.astype("<u2").tobytes()).hexdigest())
            except Exception:  # noqa: BLE001 - pixels that do not decode simply do not match
                pass
            if record is None:
                return self.fail("%s: pixel data matches no input (changed pixels?)" % rel)
        if record is None:
            number = ds.get("InstanceNumber")
            key = (str(ds.get("SOPClassUID", "")), int(number) if number not in (None, "") else None)
            record = {(r["sop_class"], r["instance_number"]): r for r in self.inputs.values()}.get(key)
            if record is None:
                return self.fail("%s: matches no input (no pixels, no known SOP Class + Instance Number)" % rel)
        if record["path"] in self.matched:
            return self.fail("%s: a second output for %s (first: %s)"
                             % (rel, record["path"], self.matched[record["path"]][0]))
        self.matched[record["path"]] = (rel, ds)

    def identity(self):
        """Kept values, pseudonyms, and the grouping into patients, studies and series."""
        for path in sorted(set(self.inputs) - set(self.matched)):
            if self.expect is None or os.path.basename(path) in self.expect:
                self.fail("input %s has no output" % path)
        for entry in self.planted["values"]:  # values an active option keeps (K) stay as they were
            if entry["file"] in self.matched and entry["where"] == "top" and self.kept(entry["row"], ("K",)):
                rel, ds = self.matched[entry["file"]]
                got = element_value(ds, tag_int(entry["tag"]))
                if got != entry["value"]:
                    self.fail("%s: %s %s should be kept as %r, is %r"
                              % (rel, entry["tag"], entry["name"], entry["value"], got))
        self.numeric_and_binary()
        names = {}
        for path, (rel, ds) in self.matched.items():
            record = self.inputs[path]
            if "retain_uids" in self.active:
                for keyword, field in [("SOPInstanceUID", "sop_uid"), ("StudyInstanceUID", "study_uid"),
                                       ("SeriesInstanceUID", "series_uid")]:
                    if str(ds.get(keyword, "")) != record[field]:
                        self.fail("%s: %s changed although retain_uids" % (rel, keyword))
            for keyword in ("PatientID", "PatientName"):
                if not str(ds.get(keyword, "")).strip():
                    self.fail("%s: %s is missing or empty" % (rel, keyword))
            names.setdefault(record["patient"], set()).add(str(ds.get("PatientName", "")))
        pairs = sorted(self.matched.items())
        for a, (pa, (ra, da)) in enumerate(pairs):
            for pb, (rb, db) in pairs[a + 1:]:
                for field, keyword in [("patient", "PatientID"), ("study_uid", "StudyInstanceUID"),
                                       ("series_uid", "SeriesInstanceUID")]:
                    same_in = self.inputs[pa][field] == self.inputs[pb][field]
                    same_out = str(da.get(keyword, "")) == str(db.get(keyword, ""))
                    if same_in != same_out:
                        self.fail("%s and %s: inputs %s %s but outputs %s %s"
                                  % (ra, rb, "share" if same_in else "differ in", field,
                                     "share" if same_out else "differ in", keyword))
        patients = sorted(names)
        for a, first in enumerate(patients):
            for second in patients[a + 1:]:
                if names[first] & names[second]:
                    self.fail("patients %s and %s share the Patient's Name %s"
                              % (first, second, sorted(names[first] & names[second])))

    def numeric_and_binary(self):
        """Top-level planted values that a raw-byte search cannot find (DS, IS, US, ..., OB, UN,
        AT, and Patient's Sex): where the row's Basic Profile action is X, Z, D or a combination of
        them (which the de-identifier resolves by IOD type) and no active option keeps or cleans
        the row, the output's value must be absent, empty, or differ from the planted one."""
        for entry in self.planted["values"]:
            if entry["searchable"] or entry["where"] != "top" or entry["file"] not in self.matched:
                continue
            action = self.planted["table"].get(entry["row"], {}).get("basic", "")
            if not set(action.split("/")) & {"X", "Z", "D"} or self.kept(entry["row"]):
                continue
            rel, ds = self.matched[entry["file"]]
            got = element_value(ds, tag_int(entry["tag"]))
            if same_value(entry, got):
                self.values_kept += 1
                self.fail("%s: %s %s %s still holds its planted value %r (from %s; Basic Profile %s)"
                          % (rel, entry["tag"], entry["name"], entry["vr"], got, entry["file"], action))

    def references(self):
        """Every reference to an input now points at that input's output."""
        out_sop = {path: str(ds.get("SOPInstanceUID", "")) for path, (rel, ds) in self.matched.items()}
        by_input_sop = {self.inputs[p]["sop_uid"]: p for p in self.matched}
        by_output_sop = {u: p for p, u in out_sop.items()}
        for path, (rel, ds) in self.matched.items():
            record = self.inputs[path]
            wanted = {out_sop[by_input_sop[u]] for u in record["references"] if u in by_input_sop}
            for elem in ds.iterall():
                if elem.tag == 0x00081155 and str(elem.value) in by_output_sop and str(elem.value) not in wanted:
                    self.fail("%s: references the output of %s, which its input did not reference"
                              % (rel, by_output_sop[str(elem.value)]))
            for seq_tag, refs in record["reference_map"].items():
                items = (ds[tag_int(seq_tag)].value or []) if tag_int(seq_tag) in ds else []
                found = {str(e.value) for item in items for e in item.iterall() if e.tag == 0x00081155}
                if not found:
                    self.references_dropped.append("%s %s" % (rel, seq_tag))
                    if self.require_references:
                        self.fail("%s: the references in %s were dropped" % (rel, seq_tag))
                    continue
                self.references_checked += 1
                want = {out_sop[by_input_sop[u]] for u in refs if u in by_input_sop}
                if not want <= found or (found != want and len(want) == len(refs)):  # exact when all matched
                    self.fail("%s: references in %s are %s, expected %s" % (rel, seq_tag, sorted(found), sorted(want)))
                if seq_tag == "(0040,A375)":  # the evidence also names study and series
                    targets = [self.matched[by_input_sop[u]][1] for u in refs if u in by_input_sop]
                    studies = {str(t.get("StudyInstanceUID", "")) for t in targets}
                    series_uids = {str(t.get("SeriesInstanceUID", "")) for t in targets}
                    for item in items:
                        if str(item.get("StudyInstanceUID", "")) not in studies:
                            self.fail("%s: evidence Study Instance UID does not resolve" % rel)
                        for series in item.get("ReferencedSeriesSequence", []):
                            if str(series.get("SeriesInstanceUID", "")) not in series_uids:
                                self.fail("%s: evidence Series Instance UID does not resolve" % rel)

    def dates(self):
        """--shift-dates: one offset per patient, the same for all its dates, differing between
        patients, and keeping the interval between a patient's studies."""
        shiftable = [e for e in self.planted["values"] if e["where"] == "top" and e["vr"] in ("DA", "DT")
                     and self.planted["table"].get(e["row"], {}).get("retain_long_modified_dates") == "C"]
        pair_of = {tag_text(d): tag_text(t) for d, t in DATE_PAIRS}
        study_out = {}
        for path, (rel, ds) in self.matched.items():
            record = self.inputs[path]
            date, time = element_value(ds, 0x00080020), element_value(ds, 0x00080030)
            try:
                delta = parse_dt(date, time) - parse_dt(record["study_date"], record["study_time"])
                days = (parse_dt(date) - parse_dt(record["study_date"])).days
            except (TypeError, ValueError):
                self.fail("%s: Study Date/Time %r/%r missing or unparseable although --shift-dates" % (rel, date, time))
                continue
            self.offsets.setdefault(record["patient"], set()).add(delta)
            study_out[record["study"]] = (record, parse_dt(date, time))
            for entry in shiftable:
                if entry["file"] != path or entry["tag"] == "(0008,0020)":
                    continue
                got = element_value(ds, tag_int(entry["tag"]))
                if not got:
                    continue  # removed or emptied: allowed
                time_tag = pair_of.get(entry["tag"])
                out_time = element_value(ds, tag_int(time_tag)) if time_tag else None
                try:
                    if entry["vr"] == "DT":
                        moved = parse_dt(got[:8], got[8:14]) - parse_dt(entry["value"][:8], entry["value"][8:])
                        want = delta
                    elif out_time:
                        moved = parse_dt(got, out_time) - parse_dt(entry["value"], record["dates"][time_tag])
                        want = delta
                    elif delta.total_seconds() % 86400 == 0:  # date alone: only whole-day shifts compare
                        moved, want = (parse_dt(got) - parse_dt(entry["value"])).days, days
                    else:
                        continue
                except ValueError:
                    moved, want = "unparseable", delta
                if moved != want:
                    self.fail("%s: %s %s moved by %s, Study Date/Time by %s"
                              % (rel, entry["tag"], entry["name"], moved, want))
        for patient, deltas in sorted(self.offsets.items()):
            if len(deltas) != 1:
                self.fail("patient %s: studies shifted by different offsets %s" % (patient, sorted(map(str, deltas))))
            if datetime.timedelta(0) in deltas:
                self.fail("patient %s: dates were not shifted" % patient)
        for study, (record, out_dt) in study_out.items():
            first = study_out.get(study[:-1] + "1")
            if study.endswith("2") and first:
                was = (parse_dt(record["study_date"], record["study_time"])
                       - parse_dt(first[0]["study_date"], first[0]["study_time"]))
                if out_dt - first[1] != was:
                    self.fail("patient %s: studies %s apart, were %s" % (record["patient"], out_dt - first[1], was))
        single = [next(iter(d)) for d in self.offsets.values() if len(d) == 1]
        if len(single) != len(set(single)):
            self.fail("different patients got the same date offset")


def check(args):
    with open(args.planted, encoding="utf-8") as handle:
        planted = json.load(handle)
    active = set(filter(None, args.retain.replace(" ", ",").split(",")))
    if active - set(OPTIONS):
        sys.stderr.write("unknown --retain option(s) %s; known: %s\n" % (sorted(active - set(OPTIONS)), ", ".join(OPTIONS)))
        return 2
    shift = args.shift_dates or "retain_long_modified_dates" in active
    if shift:
        active.add("retain_long_modified_dates")
    expect = set(filter(None, args.expect.split(","))) if args.expect else None
    checker = Checker(planted, active, shift, args.require_references, expect)
    root, outputs = os.path.abspath(args.out), []
    for folder, _, filenames in os.walk(root):
        outputs += [os.path.join(folder, f) for f in filenames
                    if os.path.realpath(os.path.join(folder, f)) != os.path.realpath(args.planted)]
    for full in sorted(outputs):
        rel = os.path.relpath(full, root)
        try:
            ds, raw, pixel_hash = read_output(full)
            list(ds.iterall())  # parse everything now, so that a broken file fails here
        except Exception as error:  # noqa: BLE001 - any failure to read is a violation
            checker.fail("%s: not readable as DICOM: %s" % (rel, error))
            continue
        checker.scan(rel, ds, raw)
        checker.match(rel, ds, pixel_hash)
    checker.identity()
    checker.references()
    if shift:
        checker.dates()
    violations = checker.violations
    print(json.dumps({"ok": not violations, "violations": violations, "violation_count": len(violations),
                      "leaked_values": checker.leaks, "numeric_binary_kept": checker.values_kept, "files": len(outputs), "inputs": len(checker.inputs),
                      "matched": len(checker.matched), "options": sorted(active),
                      "offsets_seconds": {p: sorted(d.total_seconds() for d in s) for p, s in checker.offsets.items()},
                      "references_checked": checker.references_checked,
                      "references_dropped": checker.references_dropped}, indent=1, ensure_ascii=False))
    return 1 if violations else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write planted test files and planted.json")
    gen.add_argument("--table", required=True, help="PS3.15 Table E.1-1 as CSV")
    gen.add_argument("--out", required=True, help="folder for the files and planted.json")
    chk = sub.add_parser("check", help="check de-identified copies against planted.json")
    chk.add_argument("--planted", required=True, help="planted.json written by generate")
    chk.add_argument("--out", required=True, help="folder holding the de-identified files")
    chk.add_argument("--shift-dates", action="store_true", help="dates were shifted (modified dates option)")
    chk.add_argument("--retain", default="", help="comma-separated option columns that were active")
    chk.add_argument("--expect", default="", help="comma-separated input file names that must have an output "
                     "(default: every input)")
    chk.add_argument("--require-references", action="store_true",
                     help="a dropped reference sequence is a violation (by default only reported)")
    args = parser.parse_args()
    return generate(args) if args.command == "generate" else check(args)


if __name__ == "__main__":
    sys.exit(main())
