#!/usr/bin/python3
"""Reads a file of syslog messages, one per line (as an audit record repository keeps them), parses each
as RFC 5424 (its ABNF, section 6) and its MSG as a DICOM audit message (PS3.15 A.5), and prints one JSON
object: {"messages": [...], "errors": [...]}. Independent of Pulmo's writer: Python's XML parser and a
parser written from the RFC's grammar. With --schema, every message's XML is also validated by jing
(Debian's RELAX NG validator) against tests/oracle/dicom-audit-message.rnc (PS3.15 A.5.1.1); what jing
says goes to "errors".

    atna_oracle.py FILE [--schema RNC]
"""
import os
import subprocess
import tempfile
import base64
import json
import re
import sys
import xml.etree.ElementTree as ET

PRINTUSASCII = r"[\x21-\x7e]"
HEADER = re.compile(
    rb"^<(?P<pri>\d{1,3})>(?P<version>[1-9]\d{0,2}) (?P<timestamp>-|\S+) (?P<host>-|[\x21-\x7e]{1,255}) "
    rb"(?P<app>-|[\x21-\x7e]{1,48}) (?P<procid>-|[\x21-\x7e]{1,128}) (?P<msgid>-|[\x21-\x7e]{1,32}) ")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")
SD_NAME = re.compile(rb"[\x21-\x7e]{1,32}")


def parse_sd(data, at):
    """The STRUCTURED-DATA at `at`: ([(id, {name: value})], position after it)."""
    if data[at:at + 1] == b"-":
        return [], at + 1
    elements = []
    while data[at:at + 1] == b"[":
        at += 1
        m = SD_NAME.match(data, at)
        name_end = at
        while name_end < len(data) and data[name_end:name_end + 1] not in (b" ", b"]", b"=", b'"'):
            name_end += 1
        sd_id = data[at:name_end].decode("ascii")
        if not m or not sd_id:
            raise ValueError("no SD-ID")
        at = name_end
        params = {}
        while data[at:at + 1] == b" ":
            at += 1
            eq = data.index(b"=", at)
            pname = data[at:eq].decode("ascii")
            if data[eq + 1:eq + 2] != b'"':
                raise ValueError("PARAM-VALUE without its quote")
            at = eq + 2
            value = bytearray()
            while data[at:at + 1] != b'"':
                if at >= len(data):
                    raise ValueError("unterminated PARAM-VALUE")
                c = data[at:at + 1]
                if c == b"\\" and data[at + 1:at + 2] in (b'"', b"\\", b"]"):
                    at += 1
                    c = data[at:at + 1]
                elif c in (b"]",):
                    raise ValueError("unescaped ] in PARAM-VALUE")
                value += c
                at += 1
            at += 1
            params[pname] = value.decode("utf-8")
        if data[at:at + 1] != b"]":
            raise ValueError("SD-ELEMENT not closed")
        at += 1
        elements.append((sd_id, params))
    return elements, at


def coded(element):
    return None if element is None else {"code": element.get("csd-code"), "system": element.get("codeSystemName"),
                                         "meaning": element.get("originalText")}


def validate(documents, schema, errors):
    """jing over {line: xml bytes}; its complaints as errors naming the line."""
    if not documents:
        return
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for number, xml in documents.items():
            path = os.path.join(folder, "line-%d.xml" % number)
            with open(path, "wb") as f:
                f.write(xml)
            paths[path] = number
        try:
            run = subprocess.run(["jing", "-c", schema] + list(paths), capture_output=True, text=True)
        except FileNotFoundError:
            errors.append("jing is not installed (scripts/install-deps.sh --tests)")
            return
        said = 0
        for text in run.stdout.splitlines():
            path, _, rest = text.partition(":")
            if path in paths:
                errors.append("line %d: schema: %s" % (paths[path], rest))
                said += 1
        if run.returncode != 0 and said == 0:
            errors.append("jing failed: %s %s" % (run.stdout.strip(), run.stderr.strip()))


def main():
    messages, errors = [], []
    schema = None
    if "--schema" in sys.argv:
        schema = sys.argv[sys.argv.index("--schema") + 1]
    documents = {}
    with open(sys.argv[1], "rb") as f:
        lines = f.read().split(b"\n")
    for number, line in enumerate(lines, 1):
        if not line:
            continue
        m = HEADER.match(line)
        if not m:
            errors.append("line %d: not an RFC 5424 header" % number)
            continue
        pri = int(m.group("pri"))
        timestamp = m.group("timestamp").decode()
        if pri > 191 or not TIMESTAMP.match(timestamp):
            errors.append("line %d: PRI %d or TIMESTAMP %r out of the grammar" % (number, pri, timestamp))
        try:
            sd, at = parse_sd(line, m.end())
        except (ValueError, UnicodeDecodeError) as e:
            errors.append("line %d: structured data: %s" % (number, e))
            continue
        msg = line[at:]
        if msg.startswith(b" "):
            msg = msg[1:]
        bom = msg.startswith(b"\xef\xbb\xbf")
        if bom:
            msg = msg[3:]
        documents[number] = msg
        try:
            root = ET.fromstring(msg.decode("utf-8"))
        except (ET.ParseError, UnicodeDecodeError) as e:
            errors.append("line %d: MSG is no XML: %s" % (number, e))
            continue
        event = root.find("EventIdentification")
        if root.tag != "AuditMessage" or event is None:
            errors.append("line %d: not a DICOM audit message" % number)
            continue
        participants = root.findall("ActiveParticipant")
        source = root.find("AuditSourceIdentification")
        objects = root.findall("ParticipantObjectIdentification")
        details = {}
        for o in objects:
            for d in o.findall("ParticipantObjectDetail"):
                details[d.get("type")] = base64.b64decode(d.get("value")).decode("utf-8")
        messages.append({
            "line": number, "pri": pri, "version": int(m.group("version")), "timestamp": timestamp,
            "host": m.group("host").decode(), "app": m.group("app").decode(), "procid": m.group("procid").decode(),
            "msgid": m.group("msgid").decode(), "bom": bom, "sd": {i: p for i, p in sd},
            "event_id": coded(event.find("EventID")), "event_types": [coded(e) for e in event.findall("EventTypeCode")],
            "action_code": event.get("EventActionCode"), "event_time": event.get("EventDateTime"),
            "outcome": event.get("EventOutcomeIndicator"),
            "outcome_description": (event.findtext("EventOutcomeDescription") or None),
            "participants": [{"user": p.get("UserID"), "requestor": p.get("UserIsRequestor"),
                              "roles": [coded(r) for r in p.findall("RoleIDCode")]} for p in participants],
            "source_id": None if source is None else source.get("AuditSourceID"),
            "source_types": [] if source is None else [coded(t) for t in source.findall("AuditSourceTypeCode")],
            "objects": [{"id": o.get("ParticipantObjectID"), "type": o.get("ParticipantObjectTypeCode"),
                         "role": o.get("ParticipantObjectTypeCodeRole"),
                         "id_type": coded(o.find("ParticipantObjectIDTypeCode"))} for o in objects],
            "details": details,
        })
    if schema:
        validate(documents, schema, errors)
    print(json.dumps({"messages": messages, "errors": errors}))


if __name__ == "__main__":
    main()
