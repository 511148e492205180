#include "CsvWriter.h"

#include <QIODevice>

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace pulmo::feedback {

CsvWriter::CsvWriter(QIODevice& device, QString name) : m_device(device), m_name(std::move(name)) {}

void CsvWriter::writeRow(const QStringList& fields)
{
    const QByteArray bytes = row(fields);
    if (m_device.write(bytes) != bytes.size())
        throw std::runtime_error(m_name.toStdString() + ": cannot write: " + m_device.errorString().toStdString());
}

QByteArray CsvWriter::row(const QStringList& fields)
{
    QString text;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0) text += QLatin1Char(',');
        text += field(fields[i]);
    }
    text += QLatin1Char('\n');
    return text.toUtf8();
}

QString CsvWriter::field(const QString& text)
{
    const bool needsQuotes = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                             text.contains(QLatin1Char('\r')) || text.contains(QLatin1Char('\n'));
    if (!needsQuotes) return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString CsvWriter::number(double value)
{
    if (!std::isfinite(value)) return {};
    char text[32];
    return QString::fromLatin1(text, std::to_chars(text, text + sizeof(text), value).ptr - text);
}

QString CsvWriter::number(double value, int significantDigits)
{
    if (!std::isfinite(value)) return {};
    char text[64];
    const std::to_chars_result written =
        std::to_chars(text, text + sizeof(text), value, std::chars_format::general, significantDigits);
    return QString::fromLatin1(text, written.ptr - text);
}

QString CsvWriter::integer(long long value)
{
    char text[24];
    return QString::fromLatin1(text, std::to_chars(text, text + sizeof(text), value).ptr - text);
}

}  // namespace pulmo::feedback
