#pragma once
// pydicom's character-set corpus (Debian's python3-pydicom) and pydicom's own reading of each
// file's Patient's Name (tests/oracle/charset_oracle.py, run by /usr/bin/python3), for the tests
// that compare the names Pulmo reports with it.

#include "ProcessRun.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QStringList>

namespace pulmo::test {

inline QString charsetCorpusFolder()
{
    return QStringLiteral(PULMO_PYDICOM_CHARSET_FILES);
}

/// Every DICOM file of the corpus, by name (FileInfo.txt, its description, is not one).
inline QStringList charsetCorpusFiles()
{
    const QDir folder(charsetCorpusFolder());
    QStringList files;
    for (const QString& name : folder.entryList({QStringLiteral("*.dcm")}, QDir::Files, QDir::Name))
        files << folder.filePath(name);
    return files;
}

/// What pydicom makes of one file.
struct PydicomReading {
    bool reported = false;  ///< false: the oracle said nothing about the file (error says why)
    bool readable = false;
    QString error;  ///< why pydicom cannot read it
    bool hasName = false;
    QString name;        ///< str(ds.PatientName)
    int pixelBytes = 0;  ///< > 0: the file has a pixel module but no Pixel Data; that many bytes would do
};

/// pydicom's reading of `file`, from one oracle run over the whole corpus (cached). A file the
/// oracle did not report on comes back not `reported`, with the oracle's stderr as the error.
inline PydicomReading pydicomReading(const QString& file)
{
    static QMutex mutex;
    static QMap<QString, PydicomReading> readings;
    static QString failure;
    const QMutexLocker lock(&mutex);
    if (readings.isEmpty() && failure.isEmpty()) {
        const Run oracle =
            run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                QStringList{QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/charset_oracle.py")} + charsetCorpusFiles());
        failure =
            QStringLiteral("charset_oracle.py failed (%1): %2").arg(oracle.exitCode).arg(QString::fromUtf8(oracle.err));
        for (const QByteArray& line : oracle.out.split('\n')) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object.isEmpty()) continue;
            PydicomReading reading;
            reading.reported = true;
            reading.readable = object.value(QStringLiteral("readable")).toBool();
            reading.error = object.value(QStringLiteral("error")).toString();
            reading.hasName = object.value(QStringLiteral("has_name")).toBool();
            reading.name = object.value(QStringLiteral("name")).toString();
            reading.pixelBytes = object.value(QStringLiteral("pixel_bytes")).toInt();
            readings.insert(object.value(QStringLiteral("file")).toString(), reading);
        }
    }
    if (readings.contains(file)) return readings.value(file);
    PydicomReading missing;
    missing.error = failure;
    return missing;
}

}  // namespace pulmo::test
