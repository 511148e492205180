#pragma once
// Reading back what CsvWriter writes (RFC 4180: quoted fields with commas, doubled quotes and line
// breaks), by libcsv (Debian libcsv-dev), not by splitting lines at commas: a quoted comma in a
// model's label or a reader's comment would shift every column after it.

#include <QList>
#include <QString>
#include <QStringList>

namespace pulmo::feedback {

/// The records of the CSV file at `path`, header included, as UTF-8 text; an empty list for an
/// empty file. Throws std::runtime_error naming the file when it cannot be read or is not valid CSV
/// (a quote left open, a stray quote inside an unquoted field). Any thread.
QList<QStringList> readCsvFile(const QString& path);

/// The same for CSV text already in memory; `name` is what errors say.
QList<QStringList> parseCsv(const QByteArray& bytes, const QString& name);

}  // namespace pulmo::feedback
