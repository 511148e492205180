#pragma once
// The one CSV writer of the product: the audit export (`pulmo-cli audit export`), the retraining
// export's manifest.csv, `pulmo-cli evaluate --predictions` and `pulmo-cli train --split-csv`.
//
// RFC 4180 with LF line ends: fields separated by ',', a field quoted ("...") when it holds a
// comma, a double quote, CR or LF, a quote inside doubled; every record, the header included,
// ends with LF (not RFC 4180's CRLF: the files have always ended lines so, and Python's csv module,
// pandas, R and spreadsheets read both). Text is UTF-8 without a byte-order mark. Numbers are
// written without the locale ("0.5", never "0,5"), by std::to_chars.
//
// It lives in feedback/ because that is the lowest module every writer reaches: feedback's own
// export uses it, and pulmo-cli (app/cli) links pulmo_feedback already. It needs Qt Core only.

#include <QByteArray>
#include <QString>
#include <QStringList>

class QIODevice;

namespace pulmo::feedback {

class CsvWriter {
public:
    /// Writes records to `device`, which must be open for writing; not owned, and it must outlive
    /// the writer. `name` (a file name) is what errors say. Any thread, one writer per device.
    CsvWriter(QIODevice& device, QString name);

    /// Writes one record. Throws std::runtime_error naming the file when the device refuses it.
    void writeRow(const QStringList& fields);

    /// The bytes of one record, its LF included.
    static QByteArray row(const QStringList& fields);
    /// One field: as it is, or quoted with its quotes doubled when it holds ',', '"', CR or LF.
    static QString field(const QString& text);
    /// The shortest text that reads back as exactly `value` ("0.7"); "" for NaN or an infinity.
    static QString number(double value);
    /// `value` with at most `significantDigits` significant digits, as printf's "%.Ng" in the C locale.
    static QString number(double value, int significantDigits);
    static QString integer(long long value);

private:
    QIODevice& m_device;
    QString m_name;
};

}  // namespace pulmo::feedback
