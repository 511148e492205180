#include "FeedbackSession.h"

#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "FeedbackStore.h"
#include "dicom/ImageInfo.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace pulmo::app {

FeedbackSession::FeedbackSession(const QString& databasePath, QString reader, QObject* parent)
    : QObject(parent), m_reader(std::move(reader)), m_databasePath(databasePath)
{
    try {
        QDir().mkpath(QFileInfo(databasePath).absolutePath());
        m_database = std::make_unique<feedback::FeedbackDatabase>(databasePath.toStdString());
        m_store = std::make_unique<feedback::FeedbackStore>(*m_database);
    } catch (const std::exception& error) {
        m_store.reset();
        m_database.reset();
        m_unavailable = QString::fromUtf8(error.what());
    }
}

FeedbackSession::~FeedbackSession() = default;

QString FeedbackSession::defaultDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("feedback.sqlite"));
}

QString FeedbackSession::auditImageOpened(const dicom::ImageInfo& info, const QString& filePath)
{
    if (!m_database) return m_unavailable;
    try {
        feedback::AuditLog(*m_database).append(m_reader, QStringLiteral("image.open"), QString::fromStdString(info.sopInstanceUid),
                                              QStringLiteral("ok"), QStringLiteral("study ") +
                                                  QString::fromStdString(info.studyInstanceUid) + QStringLiteral(" file ") +
                                                  QFileInfo(filePath).fileName());
    } catch (const std::exception& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

QString FeedbackSession::auditPredictionShown(const QString& sopInstanceUid, const AiOutcome& outcome)
{
    if (!m_database) return m_unavailable;
    try {
        const QString what = outcome.ok ? outcome.label + QStringLiteral(" by ") + QString::fromStdString(outcome.model->card.name) +
                                              QStringLiteral(" sha256 ") + QString::fromStdString(outcome.model->sha256)
                                        : outcome.error;
        feedback::AuditLog(*m_database).append(m_reader, QStringLiteral("prediction.shown"), sopInstanceUid,
                                              outcome.ok ? QStringLiteral("ok") : QStringLiteral("unavailable"), what);
    } catch (const std::exception& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

FeedbackSession::SaveResult FeedbackSession::saveVerdict(const dicom::ImageInfo& info, const QString& filePath,
                                                         const AiOutcome& outcome, const QString& verdict,
                                                         const QString& correctedLabel, const QString& comment)
{
    if (!m_store) return {false, tr("Not saved: the feedback database is unavailable (%1)").arg(m_unavailable)};
    if (!outcome.ok || !outcome.model) return {false, tr("Not saved: there is no AI result to judge")};
    try {
        feedback::PredictionRecord prediction;
        prediction.sopInstanceUid = QString::fromStdString(info.sopInstanceUid);
        prediction.studyInstanceUid = QString::fromStdString(info.studyInstanceUid);
        prediction.seriesInstanceUid = QString::fromStdString(info.seriesInstanceUid);
        prediction.patientKey = m_store->patientKey(QString::fromStdString(info.patientId), QString::fromStdString(info.patientName));
        prediction.filePath = QFileInfo(filePath).absoluteFilePath();
        prediction.modelName = QString::fromStdString(outcome.model->card.name);
        prediction.modelVersion = QString::fromStdString(outcome.model->card.version);
        prediction.modelSha256 = QString::fromStdString(outcome.model->sha256);
        for (size_t c = 0; c < outcome.prediction.labels.size(); ++c)
            prediction.probabilities.insert(QString::fromStdString(outcome.prediction.labels[c]), outcome.prediction.probabilities[c]);
        prediction.label = outcome.label;
        prediction.threshold = outcome.threshold;
        const feedback::PredictionRecord stored = m_store->recordPrediction(prediction, m_reader);
        const feedback::VerdictRecord saved = m_store->recordVerdict(stored.id, verdict, correctedLabel, comment, m_reader);
        return {true, saved.verdict == QLatin1String("agree") ? tr("Saved: agree with %1").arg(outcome.label)
                                                              : tr("Saved: disagree, %1").arg(saved.correctedLabel)};
    } catch (const std::exception& error) {
        return {false, tr("Not saved: %1").arg(QString::fromUtf8(error.what()))};
    }
}

void FeedbackSession::setWorklist(const QSet<QString>& sopInstanceUids)
{
    m_worklist = sopInstanceUids;
}

int FeedbackSession::reviewedCount() const
{
    if (!m_store) return 0;
    int count = 0;
    for (const auto& image : m_store->reviewed())
        if (m_worklist.contains(image.prediction.sopInstanceUid)) ++count;
    return count;
}

int FeedbackSession::disagreementCount() const
{
    if (!m_store) return 0;
    int count = 0;
    for (const auto& image : m_store->reviewed())
        if (m_worklist.contains(image.prediction.sopInstanceUid) && image.verdict.verdict == QLatin1String("disagree")) ++count;
    return count;
}

QString FeedbackSession::progressText() const
{
    if (!m_store) return tr("Feedback unavailable: %1").arg(m_unavailable);
    return tr("%1 of %2 reviewed, %3 disagreements").arg(reviewedCount()).arg(m_worklist.size()).arg(disagreementCount());
}

}  // namespace pulmo::app
