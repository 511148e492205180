#include "AuditLog.h"

#include "FeedbackDatabase.h"
#include "FeedbackLogging.h"
#include "Statement.h"

#include <QCryptographicHash>
#include <QDateTime>

namespace pulmo::feedback {

QString AuditLog::hashOf(const AuditEntry& entry)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& field : {entry.previousHash, entry.occurredUtc, entry.reader, entry.action, entry.subject,
                                 entry.outcome, entry.detail}) {
        const QByteArray bytes = field.toUtf8();
        hash.addData(QByteArray::number(bytes.size()) + ':');
        hash.addData(bytes);
    }
    return QString::fromLatin1(hash.result().toHex());
}

AuditEntry AuditLog::append(const QString& reader, const QString& action, const QString& subject,
                            const QString& outcome, const QString& detail)
{
    Transaction transaction(m_database);
    AuditEntry entry;
    {
        Statement last(m_database, "SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1");
        entry.previousHash = last.step() ? last.text(0) : QStringLiteral("genesis");
    }
    entry.occurredUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    entry.reader = reader;
    entry.action = action;
    entry.subject = subject;
    entry.outcome = outcome;
    entry.detail = detail;
    entry.rowHash = hashOf(entry);
    Statement insert(
        m_database,
        "INSERT INTO audit_log(occurred_utc, reader, action, subject, outcome, detail, previous_hash, row_hash) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, entry.occurredUtc)
        .bind(2, reader)
        .bind(3, action)
        .bind(4, subject)
        .bind(5, outcome)
        .bind(6, detail)
        .bind(7, entry.previousHash)
        .bind(8, entry.rowHash);
    insert.run();
    entry.id = m_database.lastInsertId();
    transaction.commit();
    // The subject is a UID or a file, the detail may quote a label: debug only.
    qCDebug(lcFeedback, "audit row %lld: %s %s on %s", entry.id, qUtf8Printable(action), qUtf8Printable(outcome),
            qUtf8Printable(subject));
    return entry;
}

std::vector<AuditEntry> AuditLog::entries() const
{
    std::vector<AuditEntry> result;
    Statement query(m_database,
                    "SELECT id, occurred_utc, reader, action, subject, outcome, detail, previous_hash, row_hash "
                    "FROM audit_log ORDER BY id");
    while (query.step()) {
        AuditEntry entry;
        entry.id = query.integer(0);
        entry.occurredUtc = query.text(1);
        entry.reader = query.text(2);
        entry.action = query.text(3);
        entry.subject = query.text(4);
        entry.outcome = query.text(5);
        entry.detail = query.text(6);
        entry.previousHash = query.text(7);
        entry.rowHash = query.text(8);
        result.push_back(entry);
    }
    return result;
}

std::optional<ChainBreak> AuditLog::verify() const
{
    QString previous = QStringLiteral("genesis");
    for (const AuditEntry& entry : entries()) {
        if (entry.previousHash != previous)
            return ChainBreak{entry.id, QStringLiteral("its link to the previous row is broken (a row before it was "
                                                       "changed or deleted)")};
        if (hashOf(entry) != entry.rowHash)
            return ChainBreak{entry.id, QStringLiteral("its contents do not match its hash (the row was changed)")};
        previous = entry.rowHash;
    }
    return std::nullopt;
}

}  // namespace pulmo::feedback
