#include "NpyWriter.h"

#include <QFile>
#include <QtEndian>

#include <stdexcept>

namespace pulmo::cli {

void writeNpy(const QString& path, const std::vector<float>& values, const std::vector<int64_t>& shape)
{
    int64_t count = 1;
    QByteArray shapeText = "(";
    for (const int64_t dimension : shape) {
        count *= dimension;
        shapeText += QByteArray::number(qlonglong(dimension)) + ",";
        if (shape.size() > 1) shapeText += " ";
    }
    shapeText = shapeText.trimmed();
    if (shape.size() > 1) shapeText.chop(1);  // "(1, 3, 224," -> "(1, 3, 224"
    shapeText += ")";
    if (count != int64_t(values.size()))
        throw std::runtime_error(path.toStdString() + ": array size does not match its shape");

    QByteArray header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }";
    // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
    const int unpadded = 10 + int(header.size()) + 1;
    header += QByteArray((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    QByteArray bytes("\x93NUMPY\x01\x00", 8);
    const quint16 headerLength = qToLittleEndian<quint16>(quint16(header.size()));
    bytes.append(reinterpret_cast<const char*>(&headerLength), 2);
    bytes += header;
    std::vector<float> littleEndian(values);
    qToLittleEndian<float>(values.data(), qsizetype(values.size()), littleEndian.data());
    bytes.append(reinterpret_cast<const char*>(littleEndian.data()), qsizetype(littleEndian.size() * sizeof(float)));

    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        throw std::runtime_error(path.toStdString() + ": cannot write: " + file.errorString().toStdString());
}

}  // namespace pulmo::cli
