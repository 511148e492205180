#include "FeedbackStore.h"

#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "FeedbackLogging.h"
#include "Statement.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

#include <stdexcept>
#include <vector>

#include <pwd.h>
#include <unistd.h>

namespace pulmo::feedback {
namespace {

QString nowUtc()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString probabilitiesJson(const QMap<QString, double>& probabilities)
{
    QJsonObject object;
    for (auto it = probabilities.begin(); it != probabilities.end(); ++it) object[it.key()] = it.value();
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QMap<QString, double> probabilitiesFrom(const QString& json)
{
    QMap<QString, double> result;
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = object.begin(); it != object.end(); ++it) result.insert(it.key(), it.value().toDouble());
    return result;
}

const char* kPredictionColumns =
    "id, sop_instance_uid, study_instance_uid, series_instance_uid, patient_key, file_path, model_name, model_version, "
    "model_sha256, probabilities, label, threshold, created_utc";

PredictionRecord predictionFrom(const Statement& row, int first = 0)
{
    PredictionRecord record;
    record.id = row.integer(first + 0);
    record.sopInstanceUid = row.text(first + 1);
    record.studyInstanceUid = row.text(first + 2);
    record.seriesInstanceUid = row.text(first + 3);
    record.patientKey = row.text(first + 4);
    record.filePath = row.text(first + 5);
    record.modelName = row.text(first + 6);
    record.modelVersion = row.text(first + 7);
    record.modelSha256 = row.text(first + 8);
    record.probabilities = probabilitiesFrom(row.text(first + 9));
    record.label = row.text(first + 10);
    record.threshold = row.real(first + 11);
    record.createdUtc = row.text(first + 12);
    return record;
}

const char* kVerdictColumns =
    "v.id, v.prediction_id, v.verdict, v.corrected_label, v.comment, v.reader, v.created_utc, "
    "v.withdraws_verdict_id, v.ai_revealed_by_reader, v.viewed_ms";
constexpr int kVerdictColumnCount = 10;

VerdictRecord verdictFrom(const Statement& row, int first = 0)
{
    VerdictRecord record;
    record.id = row.integer(first + 0);
    record.predictionId = row.integer(first + 1);
    record.verdict = row.text(first + 2);
    record.correctedLabel = row.text(first + 3);
    record.comment = row.text(first + 4);
    record.reader = row.text(first + 5);
    record.createdUtc = row.text(first + 6);
    record.withdrawsVerdictId = row.isNull(first + 7) ? 0 : row.integer(first + 7);
    if (!row.isNull(first + 8)) record.circumstances.aiRevealedByReader = row.integer(first + 8) != 0;
    if (!row.isNull(first + 9)) record.circumstances.viewedMs = row.integer(first + 9);
    return record;
}

/// Verdict rows that count: an agree or a disagree that no later row withdraws.
const char* kCurrentVerdict =
    "v.verdict IN ('agree', 'disagree') AND NOT EXISTS (SELECT 1 FROM verdicts w WHERE w.withdraws_verdict_id = v.id)";

/// The operating system's name for the real user id, from the password database (NSS).
QString accountName()
{
    const long suggested = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(suggested > 0 ? size_t(suggested) : size_t(16384));
    passwd entry{};
    passwd* found = nullptr;
    if (::getpwuid_r(::getuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found || !found->pw_name)
        return {};
    return QString::fromLocal8Bit(found->pw_name);
}

}  // namespace

QString FeedbackStore::defaultReader()
{
    // $USER first (what the session says), then the account itself: a service, a cron job or a
    // sudo without a login shell has no $USER, and its verdicts must still be signed by someone.
    QString user = qEnvironmentVariable("USER").trimmed();
    if (user.isEmpty()) user = accountName();
    if (user.isEmpty()) user = qEnvironmentVariable("USERNAME").trimmed();
    return user.isEmpty() ? QStringLiteral("unknown") : user;
}

namespace {

QByteArray installationSecret(FeedbackDatabase& database)
{
    Statement secret(database, "SELECT secret FROM installation WHERE id = 1");
    if (!secret.step())
        throw DatabaseError(DatabaseError::Kind::Corrupt, database.path(),
                            database.path() + ": the installation secret is missing",
                            {"the installation secret is missing"});
    return secret.blob(0);
}

}  // namespace

QByteArray FeedbackStore::derivedKey(const QByteArray& purpose) const
{
    return QMessageAuthenticationCode::hash("pulmo key: " + purpose, installationSecret(m_database),
                                            QCryptographicHash::Sha256);
}

QString FeedbackStore::patientKey(const QString& patientId, const QString& patientName) const
{
    const QByteArray message = patientId.trimmed().toUtf8() + '\0' + patientName.trimmed().toUpper().toUtf8();
    const QByteArray mac =
        QMessageAuthenticationCode::hash(message, installationSecret(m_database), QCryptographicHash::Sha256);
    return QString::fromLatin1(mac.toHex().left(32));
}

PredictionRecord FeedbackStore::recordPrediction(PredictionRecord prediction, const QString& reader)
{
    Transaction transaction(m_database);
    {
        Statement existing(m_database, (std::string("SELECT ") + kPredictionColumns +
                                        " FROM predictions WHERE sop_instance_uid = ? AND model_sha256 = ?")
                                           .c_str());
        existing.bind(1, prediction.sopInstanceUid).bind(2, prediction.modelSha256);
        if (existing.step()) return predictionFrom(existing);
    }
    prediction.createdUtc = nowUtc();
    Statement insert(
        m_database,
        "INSERT INTO predictions(sop_instance_uid, study_instance_uid, series_instance_uid, patient_key, "
        "file_path, model_name, model_version, model_sha256, probabilities, label, threshold, created_utc) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, prediction.sopInstanceUid)
        .bind(2, prediction.studyInstanceUid)
        .bind(3, prediction.seriesInstanceUid)
        .bind(4, prediction.patientKey)
        .bind(5, prediction.filePath)
        .bind(6, prediction.modelName)
        .bind(7, prediction.modelVersion)
        .bind(8, prediction.modelSha256)
        .bind(9, probabilitiesJson(prediction.probabilities))
        .bind(10, prediction.label)
        .bind(11, prediction.threshold)
        .bind(12, prediction.createdUtc);
    insert.run();
    prediction.id = m_database.lastInsertId();
    AuditLog(m_database)
        .append(reader, QStringLiteral("prediction.recorded"), prediction.sopInstanceUid, QStringLiteral("ok"),
                prediction.label + QStringLiteral(" by ") + prediction.modelName + QLatin1Char(' ') +
                    prediction.modelVersion + QStringLiteral(" sha256 ") + prediction.modelSha256);
    transaction.commit();
    qCDebug(lcFeedback, "prediction %lld recorded: %s, %s by model %s", prediction.id,
            qUtf8Printable(prediction.sopInstanceUid), qUtf8Printable(prediction.label),
            qUtf8Printable(prediction.modelSha256.left(12)));
    return prediction;
}

std::optional<PredictionRecord> FeedbackStore::prediction(qint64 id) const
{
    Statement query(m_database,
                    (std::string("SELECT ") + kPredictionColumns + " FROM predictions WHERE id = ?").c_str());
    query.bind(1, id);
    if (!query.step()) return std::nullopt;
    return predictionFrom(query);
}

std::optional<PredictionRecord> FeedbackStore::latestPrediction(const QString& sopInstanceUid) const
{
    Statement query(m_database, (std::string("SELECT ") + kPredictionColumns +
                                 " FROM predictions WHERE sop_instance_uid = ? ORDER BY id DESC LIMIT 1")
                                    .c_str());
    query.bind(1, sopInstanceUid);
    if (!query.step()) return std::nullopt;
    return predictionFrom(query);
}

VerdictRecord FeedbackStore::recordVerdict(qint64 predictionId, const QString& verdict, const QString& correctedLabel,
                                           const QString& comment, const QString& reader,
                                           const VerdictCircumstances& circumstances)
{
    if (verdict != QLatin1String("agree") && verdict != QLatin1String("disagree"))
        throw std::invalid_argument("a verdict is agree or disagree");
    if (verdict == QLatin1String("disagree") && correctedLabel != QLatin1String("NORMAL") &&
        correctedLabel != QLatin1String("PNEUMONIA") && correctedLabel != QLatin1String("NOT_ASSESSABLE"))
        throw std::invalid_argument("a disagreement needs the corrected label: NORMAL, PNEUMONIA or NOT_ASSESSABLE");
    if (circumstances.viewedMs && *circumstances.viewedMs < 0)
        throw std::invalid_argument("the viewing time cannot be negative");
    const auto target = prediction(predictionId);
    if (!target) throw std::invalid_argument("no such prediction");
    VerdictRecord record;
    record.predictionId = predictionId;
    record.verdict = verdict;
    record.correctedLabel = verdict == QLatin1String("disagree") ? correctedLabel : QString();
    record.comment = comment;
    record.reader = reader;
    record.createdUtc = nowUtc();
    record.circumstances = circumstances;
    Transaction transaction(m_database);
    Statement insert(m_database,
                     "INSERT INTO verdicts(prediction_id, verdict, corrected_label, comment, reader, created_utc, "
                     "ai_revealed_by_reader, viewed_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, predictionId).bind(2, verdict);
    if (record.correctedLabel.isEmpty())
        insert.bindNull(3);
    else
        insert.bind(3, record.correctedLabel);
    insert.bind(4, comment).bind(5, reader).bind(6, record.createdUtc);
    if (circumstances.aiRevealedByReader)
        insert.bind(7, qint64(*circumstances.aiRevealedByReader ? 1 : 0));
    else
        insert.bindNull(7);
    if (circumstances.viewedMs)
        insert.bind(8, *circumstances.viewedMs);
    else
        insert.bindNull(8);
    insert.run();
    record.id = m_database.lastInsertId();
    AuditLog(m_database)
        .append(reader, QStringLiteral("verdict.saved"), target->sopInstanceUid, QStringLiteral("ok"),
                verdict + (record.correctedLabel.isEmpty() ? QString() : QLatin1Char(' ') + record.correctedLabel) +
                    QStringLiteral(" on ") + target->label);
    transaction.commit();  // durable (WAL, synchronous=FULL) once this returns
    qCInfo(lcFeedback, "verdict %lld saved: %s%s%s on prediction %lld", record.id, qUtf8Printable(verdict),
           record.correctedLabel.isEmpty() ? "" : " ", qUtf8Printable(record.correctedLabel), predictionId);
    return record;
}

VerdictRecord FeedbackStore::withdrawVerdict(qint64 verdictId, const QString& reader)
{
    Transaction transaction(m_database);
    std::optional<VerdictRecord> withdrawn;
    QString sopInstanceUid;
    QString aiLabel;
    {
        Statement query(m_database, (std::string("SELECT ") + kVerdictColumns +
                                     ", p.sop_instance_uid, p.label, "
                                     "EXISTS (SELECT 1 FROM verdicts w WHERE w.withdraws_verdict_id = v.id) "
                                     "FROM verdicts v JOIN predictions p ON p.id = v.prediction_id WHERE v.id = ?")
                                        .c_str());
        query.bind(1, verdictId);
        if (!query.step()) throw std::invalid_argument("no such verdict");
        withdrawn = verdictFrom(query);
        sopInstanceUid = query.text(kVerdictColumnCount);
        aiLabel = query.text(kVerdictColumnCount + 1);
        if (query.integer(kVerdictColumnCount + 2) != 0)
            throw std::invalid_argument("the verdict is withdrawn already");
    }
    if (withdrawn->verdict == QLatin1String("withdrawn")) throw std::invalid_argument("a withdrawal is not withdrawn");
    VerdictRecord record;
    record.predictionId = withdrawn->predictionId;
    record.verdict = QStringLiteral("withdrawn");
    record.reader = reader;
    record.createdUtc = nowUtc();
    record.withdrawsVerdictId = verdictId;
    Statement insert(m_database,
                     "INSERT INTO verdicts(prediction_id, verdict, corrected_label, comment, reader, created_utc, "
                     "withdraws_verdict_id) VALUES(?, 'withdrawn', NULL, '', ?, ?, ?)");
    insert.bind(1, record.predictionId).bind(2, reader).bind(3, record.createdUtc).bind(4, verdictId);
    insert.run();
    record.id = m_database.lastInsertId();
    AuditLog(m_database)
        .append(reader, QStringLiteral("verdict.withdrawn"), sopInstanceUid, QStringLiteral("ok"),
                QStringLiteral("verdict %1 (%2%3 on %4, by %5)")
                    .arg(QString::number(verdictId), withdrawn->verdict,
                         withdrawn->correctedLabel.isEmpty() ? QString() : QLatin1Char(' ') + withdrawn->correctedLabel,
                         aiLabel, withdrawn->reader));
    transaction.commit();
    qCInfo(lcFeedback, "verdict %lld withdrawn by row %lld", verdictId, record.id);
    return record;
}

std::vector<VerdictRecord> FeedbackStore::history(qint64 predictionId) const
{
    std::vector<VerdictRecord> result;
    Statement query(m_database, (std::string("SELECT ") + kVerdictColumns +
                                 " FROM verdicts v WHERE v.prediction_id = ? ORDER BY v.id")
                                    .c_str());
    query.bind(1, predictionId);
    while (query.step()) result.push_back(verdictFrom(query));
    return result;
}

std::vector<ReviewedImage> FeedbackStore::reviewed() const
{
    std::vector<ReviewedImage> result;
    Statement query(m_database,
                    (std::string("SELECT ") + kVerdictColumns + ", " +
                     "p.id, p.sop_instance_uid, p.study_instance_uid, p.series_instance_uid, p.patient_key, "
                     "p.file_path, p.model_name, p.model_version, p.model_sha256, p.probabilities, p.label, "
                     "p.threshold, p.created_utc "
                     // The inner `v` (the candidates) hides the outer one inside the sub-query.
                     "FROM verdicts v JOIN predictions p ON p.id = v.prediction_id "
                     "WHERE v.id = (SELECT max(v.id) FROM verdicts v WHERE v.prediction_id = p.id AND " +
                     kCurrentVerdict + ") ORDER BY v.id")
                        .c_str());
    while (query.step()) {
        ReviewedImage image;
        image.verdict = verdictFrom(query, 0);
        image.prediction = predictionFrom(query, kVerdictColumnCount);
        result.push_back(image);
    }
    return result;
}

std::optional<ReviewedImage> FeedbackStore::currentVerdict(const QString& sopInstanceUid) const
{
    Statement query(m_database,
                    (std::string("SELECT ") + kVerdictColumns + ", " +
                     "p.id, p.sop_instance_uid, p.study_instance_uid, p.series_instance_uid, p.patient_key, "
                     "p.file_path, p.model_name, p.model_version, p.model_sha256, p.probabilities, p.label, "
                     "p.threshold, p.created_utc "
                     "FROM verdicts v JOIN predictions p ON p.id = v.prediction_id "
                     "WHERE p.sop_instance_uid = ? AND " +
                     kCurrentVerdict + " ORDER BY v.id DESC LIMIT 1")
                        .c_str());
    query.bind(1, sopInstanceUid);
    if (!query.step()) return std::nullopt;
    ReviewedImage image;
    image.verdict = verdictFrom(query, 0);
    image.prediction = predictionFrom(query, kVerdictColumnCount);
    return image;
}

QSet<QString> FeedbackStore::reviewedSopInstanceUids() const
{
    QSet<QString> result;
    Statement query(m_database, (std::string("SELECT DISTINCT p.sop_instance_uid FROM verdicts v "
                                             "JOIN predictions p ON p.id = v.prediction_id WHERE ") +
                                 kCurrentVerdict)
                                    .c_str());
    while (query.step()) result.insert(query.text(0));
    return result;
}

}  // namespace pulmo::feedback
