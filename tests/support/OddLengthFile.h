#pragma once
// A DICOM file with a value of odd length (illegal; DCMTK reads it) above DCMTK's 4 KiB lazy-load
// size, inside an item of explicit length: (0008,1084) Admitting Diagnoses Code Sequence holding
// (3330,3058) UN of 5001 bytes, (i * 7) & 0xff, then (4008,4000) ST "COMMENTS". DCMTK pads such a
// value only when it loads it, after a write has computed the item's length (found by
// fuzz_deidentify). Written byte by byte: pydicom and DCMTK both pad odd values when they write.
// Digital X-Ray For Presentation, Explicit VR Little Endian, Burned In Annotation NO.

#include <QByteArray>
#include <QFile>
#include <QString>

namespace pulmo::test {

inline constexpr int kOddValueLength = 5001;

inline QByteArray oddLengthValue()
{
    QByteArray odd;
    for (int i = 0; i < kOddValueLength; ++i) odd.append(char((i * 7) & 0xff));
    return odd;
}

/// Writes the file to `path`; false when it cannot. Patient's Name ODD^LENGTH, Patient ID ODD4321.
inline bool writeOddLengthValueFile(const QString& path, const QByteArray& sopInstanceUid)
{
    const auto u16 = [](QByteArray& out, quint16 v) { out.append(char(v & 0xff)).append(char(v >> 8)); };
    const auto u32 = [&](QByteArray& out, quint32 v) { u16(out, quint16(v & 0xffff)), u16(out, quint16(v >> 16)); };
    const auto even = [](QByteArray value) { return value.size() % 2 ? value.append('\0') : value; };
    const auto element = [&](quint16 group, quint16 number, const char* vr, const QByteArray& value) {
        QByteArray out;
        u16(out, group), u16(out, number);
        out.append(vr, 2);
        if (qstrcmp(vr, "UN") == 0 || qstrcmp(vr, "SQ") == 0 || qstrcmp(vr, "OB") == 0)
            u16(out, 0), u32(out, quint32(value.size()));
        else
            u16(out, quint16(value.size()));
        return out + value;
    };
    const QByteArray sopClass = even("1.2.840.10008.5.1.4.1.1.1.1");
    const QByteArray sopInstance = even(sopInstanceUid);
    QByteArray meta = element(0x0002, 0x0001, "OB", QByteArray("\0\1", 2)) + element(0x0002, 0x0002, "UI", sopClass) +
                      element(0x0002, 0x0003, "UI", sopInstance) +
                      element(0x0002, 0x0010, "UI", even("1.2.840.10008.1.2.1"));
    QByteArray groupLength;
    u32(groupLength, quint32(meta.size()));
    meta.prepend(element(0x0002, 0x0000, "UL", groupLength));
    const QByteArray inner =
        element(0x3330, 0x3058, "UN", oddLengthValue()) + element(0x4008, 0x4000, "ST", "COMMENTS");
    QByteArray item;
    u16(item, 0xfffe), u16(item, 0xe000), u32(item, quint32(inner.size()));
    item += inner;
    const QByteArray dataset = element(0x0008, 0x0016, "UI", sopClass) + element(0x0008, 0x0018, "UI", sopInstance) +
                               element(0x0008, 0x1084, "SQ", item) + element(0x0010, 0x0010, "PN", "ODD^LENGTH") +
                               element(0x0010, 0x0020, "LO", "ODD4321 ") + element(0x0028, 0x0301, "CS", "NO");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return false;
    const QByteArray bytes = QByteArray(128, '\0') + "DICM" + meta + dataset;
    return file.write(bytes) == bytes.size() && file.flush();
}

}  // namespace pulmo::test
