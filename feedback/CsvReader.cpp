#include "CsvReader.h"

#include <QFile>

#include <csv.h>

#include <memory>
#include <stdexcept>

namespace pulmo::feedback {

namespace {

struct Records {
    QList<QStringList> rows;
    QStringList current;
};

void onField(void* data, size_t size, void* records)
{
    static_cast<Records*>(records)->current << QString::fromUtf8(static_cast<const char*>(data), qsizetype(size));
}

void onRecordEnd(int, void* records)
{
    auto* all = static_cast<Records*>(records);
    all->rows << all->current;
    all->current.clear();
}

std::runtime_error invalid(const QString& name, const csv_parser& parser)
{
    return std::runtime_error(name.toStdString() + ": not valid CSV (" +
                              csv_strerror(csv_error(const_cast<csv_parser*>(&parser))) + ")");
}

}  // namespace

QList<QStringList> parseCsv(const QByteArray& bytes, const QString& name)
{
    csv_parser parser;
    // Strict: a quote inside an unquoted field is an error, not text; a quote left open at the end
    // is reported by csv_fini.
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        throw std::runtime_error(name.toStdString() + ": cannot start the CSV reader");
    const std::unique_ptr<csv_parser, void (*)(csv_parser*)> owner(&parser, [](csv_parser* p) { csv_free(p); });
    // RFC 4180: spaces are part of a field. libcsv would trim them around unquoted fields.
    csv_set_space_func(&parser, [](unsigned char) { return 0; });
    Records records;
    if (csv_parse(&parser, bytes.constData(), size_t(bytes.size()), onField, onRecordEnd, &records) !=
        size_t(bytes.size()))
        throw invalid(name, parser);
    if (csv_fini(&parser, onField, onRecordEnd, &records) != 0) throw invalid(name, parser);
    return records.rows;
}

QList<QStringList> readCsvFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error(path.toStdString() + ": cannot read (" + file.errorString().toStdString() + ")");
    return parseCsv(file.readAll(), path);
}

}  // namespace pulmo::feedback
