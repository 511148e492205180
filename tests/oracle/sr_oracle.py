#!/usr/bin/python3
"""Reads a DICOM SR with pydicom, independently of Pulmo, and prints what the tests compare as one
JSON object: the document's identity and flags, every NUM value (with its units), every coded value
of a CODE item, and every referenced SOP instance in the content tree and the evidence."""
import json
import sys

import pydicom


def walk(items, out):
    for item in items:
        kind = getattr(item, "ValueType", "")
        name = item.ConceptNameCodeSequence[0].CodeValue if "ConceptNameCodeSequence" in item else ""
        if kind == "NUM" and "MeasuredValueSequence" in item and len(item.MeasuredValueSequence):
            value = item.MeasuredValueSequence[0]
            units = value.MeasurementUnitsCodeSequence[0].CodeValue
            number = float(value.NumericValue)
            if "FloatingPointValue" in value:
                number = float(value.FloatingPointValue)
            out["numbers"].append({"concept": name, "value": number, "units": units})
        if kind == "CODE" and "ConceptCodeSequence" in item:
            out["codes"].append({"concept": name, "value": item.ConceptCodeSequence[0].CodeValue})
        if kind == "IMAGE" and "ReferencedSOPSequence" in item:
            ref = item.ReferencedSOPSequence[0]
            out["images"].append({"concept": name, "sop_class": ref.ReferencedSOPClassUID,
                                  "sop_instance": ref.ReferencedSOPInstanceUID})
        if kind == "TEXT":
            out["texts"].append(str(item.TextValue))
        if "ContentSequence" in item:
            walk(item.ContentSequence, out)


def main():
    ds = pydicom.dcmread(sys.argv[1])
    out = {"sop_class": ds.SOPClassUID, "sop_instance": ds.SOPInstanceUID,
           "series": ds.SeriesInstanceUID, "study": ds.StudyInstanceUID,
           "completion": ds.get("CompletionFlag", ""), "verification": ds.get("VerificationFlag", ""),
           "numbers": [], "codes": [], "images": [], "texts": [], "evidence": [], "predecessors": []}
    for study in ds.get("CurrentRequestedProcedureEvidenceSequence", []):
        for series in study.ReferencedSeriesSequence:
            for sop in series.ReferencedSOPSequence:
                out["evidence"].append(sop.ReferencedSOPInstanceUID)
    for study in ds.get("PredecessorDocumentsSequence", []):
        for series in study.ReferencedSeriesSequence:
            for sop in series.ReferencedSOPSequence:
                out["predecessors"].append(sop.ReferencedSOPInstanceUID)
    walk(ds.get("ContentSequence", []), out)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
