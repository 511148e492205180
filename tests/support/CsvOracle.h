#pragma once
// Reading the CSV files the product writes with Python's csv module: the oracle, so that the tests
// hold no CSV parser of their own.

#include "support/ProcessRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace pulmo::test {

/// The records of `path` as Python's csv.reader reads them (UTF-8, strict), the header first. On
/// failure an empty list, with Python's reason in `error`.
inline QList<QStringList> readCsvWithPython(const QString& path, QString* error = nullptr)
{
    const char* script =
        "import csv, json, sys\n"
        "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
        "    print(json.dumps(list(csv.reader(f, strict=True))))\n";
    const Run read =
        run(QStringLiteral(PULMO_SYSTEM_PYTHON), {QStringLiteral("-c"), QString::fromLatin1(script), path});
    QList<QStringList> records;
    if (read.exitCode != 0) {
        if (error) *error = QString::fromUtf8(read.err);
        return records;
    }
    for (const QJsonValue& record : QJsonDocument::fromJson(read.out).array()) {
        QStringList fields;
        for (const QJsonValue& field : record.toArray()) fields << field.toString();
        records << fields;
    }
    return records;
}

/// The rows after the header, as column name -> text.
inline QList<QMap<QString, QString>> csvRowsWithPython(const QString& path, QString* error = nullptr)
{
    const QList<QStringList> records = readCsvWithPython(path, error);
    QList<QMap<QString, QString>> rows;
    for (qsizetype r = 1; r < records.size(); ++r) {
        QMap<QString, QString> row;
        for (qsizetype i = 0; i < records[0].size() && i < records[r].size(); ++i) row[records[0][i]] = records[r][i];
        rows << row;
    }
    return rows;
}

}  // namespace pulmo::test
