#pragma once
// The audit chain: who did what, when, to which instance, with what outcome. Append-only (triggers
// refuse UPDATE and DELETE), and each row carries the SHA-256 of the previous row's hash and its own
// fields, so that an edit or a deletion anywhere (after the triggers were dropped, say) breaks the
// chain from that row on, and verify() names the first broken row.

#include <QString>

#include <optional>
#include <vector>

namespace pulmo::feedback {

class FeedbackDatabase;

struct AuditEntry {
    qint64 id = 0;
    QString occurredUtc;  ///< ISO 8601 with milliseconds, UTC
    QString reader;
    QString action;   ///< e.g. study.open, prediction.shown, verdict.saved, export, pacs.retrieve
    QString subject;  ///< SOP or Study Instance UID, or a file
    QString outcome;  ///< ok, or the failure
    QString detail;
    QString previousHash;
    QString rowHash;
};

struct ChainBreak {
    qint64 rowId = 0;
    QString reason;
};

class AuditLog {
public:
    /// `database` must outlive this object; one thread.
    explicit AuditLog(FeedbackDatabase& database) : m_database(database) {}

    /// Appends one row in its own transaction (or inside the caller's, if one is open). Throws
    /// DatabaseError when it cannot be written: an action that must be audited must then fail too.
    AuditEntry append(const QString& reader, const QString& action, const QString& subject, const QString& outcome,
                      const QString& detail = {});
    std::vector<AuditEntry> entries() const;
    /// The first row whose hash or link does not match, or nothing when the chain is intact.
    std::optional<ChainBreak> verify() const;

    /// The hash of a row from its fields and the previous row's hash (fields length-prefixed).
    static QString hashOf(const AuditEntry& entry);

private:
    FeedbackDatabase& m_database;
};

}  // namespace pulmo::feedback
