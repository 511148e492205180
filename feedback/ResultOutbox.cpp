#include "ResultOutbox.h"

#include "FeedbackLogging.h"
#include "Statement.h"

#include <algorithm>

namespace pulmo::feedback {
namespace {

constexpr int kFirstRetrySeconds = 30;
constexpr int kLongestRetrySeconds = 3600;

constexpr const char* kColumns =
    "id, peer, study_uid, source_sop_uid, sop_uid, file_path, kind, state, attempts, created_utc, "
    "next_attempt_utc, sent_utc, last_error";

/// UTC, ISO 8601 with milliseconds: the same text in every locale, and it sorts as time does.
QString utcText(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromUtcText(const QString& text)
{
    if (text.isEmpty()) return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.toUTC();
}

OutboxItem::State stateFromText(const QString& text)
{
    if (text == QLatin1String("sent")) return OutboxItem::State::Sent;
    if (text == QLatin1String("abandoned")) return OutboxItem::State::Abandoned;
    return OutboxItem::State::Pending;
}

OutboxItem readItem(const Statement& row)
{
    OutboxItem item;
    item.id = row.integer(0);
    item.peer = row.text(1);
    item.studyInstanceUid = row.text(2);
    item.sourceSopInstanceUid = row.text(3);
    item.sopInstanceUid = row.text(4);
    item.filePath = row.text(5);
    item.kind = row.text(6);
    item.state = stateFromText(row.text(7));
    item.attempts = int(row.integer(8));
    item.createdUtc = fromUtcText(row.text(9));
    item.nextAttemptUtc = fromUtcText(row.text(10));
    item.sentUtc = row.isNull(11) ? QDateTime() : fromUtcText(row.text(11));
    item.lastError = row.text(12);
    return item;
}

std::vector<OutboxItem> readItems(Statement& query)
{
    std::vector<OutboxItem> items;
    while (query.step()) items.push_back(readItem(query));
    return items;
}

std::string select(const char* where)
{
    return std::string("SELECT ") + kColumns + " FROM outbox " + where;
}

}  // namespace

const char* ResultOutbox::toString(OutboxItem::State state)
{
    switch (state) {
        case OutboxItem::State::Pending:
            return "pending";
        case OutboxItem::State::Sent:
            return "sent";
        case OutboxItem::State::Abandoned:
            return "abandoned";
    }
    return "pending";
}

int ResultOutbox::retryDelaySeconds(int attempts)
{
    if (attempts <= 0) return 0;
    // 30 s, 60 s, 120 s, ... doubled per failure, never more than an hour (and no overflow).
    long long delay = kFirstRetrySeconds;
    for (int i = 1; i < attempts && delay < kLongestRetrySeconds; ++i) delay *= 2;
    return int(std::min<long long>(delay, kLongestRetrySeconds));
}

long long ResultOutbox::enqueue(const OutboxItem& item)
{
    Transaction transaction(m_database);
    {
        Statement existing(m_database, "SELECT id, state FROM outbox WHERE peer = ?1 AND sop_uid = ?2");
        existing.bind(1, item.peer).bind(2, item.sopInstanceUid);
        if (existing.step()) {
            const long long id = existing.integer(0);
            if (stateFromText(existing.text(1)) != OutboxItem::State::Abandoned) {
                transaction.commit();
                return id;
            }
            // Given up earlier (its file was gone), queued again with a file: pending once more.
            const QString now = utcText(QDateTime::currentDateTimeUtc());
            Statement revive(m_database,
                             "UPDATE outbox SET state = 'pending', attempts = 0, file_path = ?2, kind = ?3, "
                             "study_uid = ?4, source_sop_uid = ?5, next_attempt_utc = ?6, last_error = '' "
                             "WHERE id = ?1");
            revive.bind(1, qint64(id))
                .bind(2, item.filePath)
                .bind(3, item.kind)
                .bind(4, item.studyInstanceUid)
                .bind(5, item.sourceSopInstanceUid)
                .bind(6, now);
            revive.run();
            transaction.commit();
            return id;
        }
    }
    const QDateTime created = item.createdUtc.isValid() ? item.createdUtc : QDateTime::currentDateTimeUtc();
    Statement insert(m_database,
                     "INSERT INTO outbox(peer, study_uid, source_sop_uid, sop_uid, file_path, kind, state, attempts, "
                     "created_utc, next_attempt_utc, last_error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?7, "
                     "?8, '')");
    insert.bind(1, item.peer)
        .bind(2, item.studyInstanceUid)
        .bind(3, item.sourceSopInstanceUid)
        .bind(4, item.sopInstanceUid)
        .bind(5, item.filePath)
        .bind(6, item.kind)
        .bind(7, utcText(created))
        .bind(8, utcText(created));
    insert.run();
    const long long id = m_database.lastInsertId();
    transaction.commit();
    qCDebug(lcFeedback, "outbox: %s %s queued for %s (item %lld)", qPrintable(item.kind),
            qPrintable(item.sopInstanceUid), qPrintable(item.peer), id);
    return id;
}

std::vector<OutboxItem> ResultOutbox::due(const QDateTime& nowUtc) const
{
    Statement query(m_database,
                    select("WHERE state = 'pending' AND next_attempt_utc <= ?1 ORDER BY created_utc, id").c_str());
    query.bind(1, utcText(nowUtc));
    return readItems(query);
}

std::vector<OutboxItem> ResultOutbox::pending() const
{
    Statement query(m_database, select("WHERE state = 'pending' ORDER BY created_utc, id").c_str());
    return readItems(query);
}

std::vector<OutboxItem> ResultOutbox::itemsFor(const QString& sourceSopInstanceUid) const
{
    Statement query(m_database, select("WHERE source_sop_uid = ?1 ORDER BY id").c_str());
    query.bind(1, sourceSopInstanceUid);
    return readItems(query);
}

std::optional<OutboxItem> ResultOutbox::item(long long id) const
{
    Statement query(m_database, select("WHERE id = ?1").c_str());
    query.bind(1, qint64(id));
    if (!query.step()) return std::nullopt;
    return readItem(query);
}

int ResultOutbox::pendingCount() const
{
    Statement query(m_database, "SELECT count(*) FROM outbox WHERE state = 'pending'");
    return query.step() ? int(query.integer(0)) : 0;
}

std::optional<QDateTime> ResultOutbox::nextAttemptUtc() const
{
    Statement query(m_database, "SELECT min(next_attempt_utc) FROM outbox WHERE state = 'pending'");
    if (!query.step() || query.isNull(0)) return std::nullopt;
    return fromUtcText(query.text(0));
}

void ResultOutbox::markSent(long long id, const QDateTime& whenUtc)
{
    Statement update(m_database, "UPDATE outbox SET state = 'sent', sent_utc = ?2, last_error = '' WHERE id = ?1");
    update.bind(1, qint64(id)).bind(2, utcText(whenUtc));
    update.run();
}

void ResultOutbox::markFailed(long long id, const QString& reason, const QDateTime& nowUtc)
{
    Transaction transaction(m_database);
    int attempts = 0;
    {
        Statement query(m_database, "SELECT attempts FROM outbox WHERE id = ?1 AND state = 'pending'");
        query.bind(1, qint64(id));
        if (!query.step()) return;  // sent or given up meanwhile: nothing to retry
        attempts = int(query.integer(0)) + 1;
    }
    Statement update(m_database,
                     "UPDATE outbox SET attempts = ?2, next_attempt_utc = ?3, last_error = ?4 WHERE id = ?1");
    update.bind(1, qint64(id))
        .bind(2, qint64(attempts))
        .bind(3, utcText(nowUtc.addSecs(retryDelaySeconds(attempts))))
        .bind(4, reason);
    update.run();
    transaction.commit();
}

void ResultOutbox::markAbandoned(long long id, const QString& reason)
{
    Statement update(m_database,
                     "UPDATE outbox SET state = 'abandoned', last_error = ?2 WHERE id = ?1 AND state = 'pending'");
    update.bind(1, qint64(id)).bind(2, reason);
    update.run();
}

}  // namespace pulmo::feedback
