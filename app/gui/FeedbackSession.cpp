#include "FeedbackSession.h"

#include "AuditForwarder.h"

#include "ErrorText.h"
#include "FeedbackDatabase.h"
#include "FeedbackStore.h"
#include "FeedbackWriter.h"
#include "LabelWords.h"
#include "ModelInput.h"
#include "PredictionRecordBuilder.h"
#include "RetrainingExport.h"
#include "dicom/ImageInfo.h"
#include "widgets/PersonName.h"

#include <QCoreApplication>
#include <QSysInfo>
#include <QDir>
#include <QFutureWatcher>
#include <QLocale>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
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
        // Opened after the UI connection migrated the schema; the writer's own connection.
        m_writer = std::make_unique<feedback::FeedbackWriter>(databasePath);
        m_writer->setAuditFailureHandler(
            this, [this](const feedback::DatabaseError& error) { Q_EMIT auditFailed(ErrorText::database(error)); });
        m_reviewed = m_store->reviewedSopInstanceUids();
    } catch (const std::exception& error) {
        m_writer.reset();
        m_store.reset();
        m_database.reset();
        m_unavailable = ErrorText::of(error);
    }
}

FeedbackSession::~FeedbackSession()
{
    m_writer.reset();  // writes what is queued, then stops
}

QString FeedbackSession::defaultDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("feedback.sqlite"));
}

void FeedbackSession::audit(const QString& action, const QString& subject, const QString& outcome,
                            const QString& detail)
{
    if (!m_writer) {
        Q_EMIT auditFailed(m_unavailable);
        return;
    }
    m_writer->audit(m_reader, action, subject, outcome, detail);
    if (m_forwarder) m_forwarder->notify();
}

QString FeedbackSession::setAuditRepository(const QString& url, const net::TlsSettings& tls, const QString& aeTitle)
{
    m_forwarder.reset();
    if (url.trimmed().isEmpty() || !m_writer) return {};
    QString error;
    std::optional<feedback::AuditRepository> repository = feedback::parseAuditRepository(url, &error);
    if (!repository) return error;
    repository->trustedCaFile = QString::fromStdString(tls.trustedCaFile);
    repository->certificateFile = QString::fromStdString(tls.certificateFile);
    repository->privateKeyFile = QString::fromStdString(tls.privateKeyFile);
    feedback::AuditSource source;
    source.applicationName = QStringLiteral("pulmo");
    source.aeTitle = aeTitle;
    source.hostName = QSysInfo::machineHostName();
    source.processId = QString::number(QCoreApplication::applicationPid());
    source.sourceType = 1;  // an end-user display device
    m_forwarder = std::make_unique<feedback::AuditForwarder>(m_databasePath.toStdString(), *repository, source);
    m_forwarder->start();
    return {};
}

qint64 FeedbackSession::auditRowsWaiting() const
{
    return m_forwarder ? m_forwarder->pending() : 0;
}

QString FeedbackSession::auditRepositoryProblem() const
{
    return m_forwarder ? m_forwarder->lastError() : QString();
}

void FeedbackSession::auditImageOpened(const dicom::ImageInfo& info, const QString& filePath)
{
    audit(QStringLiteral("image.open"), QString::fromStdString(info.sopInstanceUid), QStringLiteral("ok"),
          QStringLiteral("study ") + QString::fromStdString(info.studyInstanceUid) + QStringLiteral(" file ") +
              QFileInfo(filePath).fileName());
}

void FeedbackSession::recordObservation(feedback::MonitoringObservation observation)
{
    if (m_writer) m_writer->recordObservation(std::move(observation));
}

void FeedbackSession::auditPredictionShown(const QString& sopInstanceUid, const AiOutcome& outcome)
{
    const QString what = outcome.ok ? outcome.label + QStringLiteral(" by ") +
                                          QString::fromStdString(outcome.model->card.name) +
                                          QStringLiteral(" sha256 ") + QString::fromStdString(outcome.model->sha256)
                                    : outcome.errorForLog;
    audit(QStringLiteral("prediction.shown"), sopInstanceUid,
          outcome.ok ? QStringLiteral("ok") : QStringLiteral("unavailable"), what);
}

namespace {

/// The patient as the reader knows them: the name as shown, else the ID.
QString patientOf(const dicom::ImageInfo& info)
{
    const QString name = viewer::displayPersonName(QString::fromStdString(info.patientName));
    return name.isEmpty() ? QString::fromStdString(info.patientId) : name;
}

}  // namespace

void FeedbackSession::setReader(const QString& reader)
{
    if (reader == m_reader) return;
    m_reader = reader;
    Q_EMIT readerChanged(m_reader);
}

void FeedbackSession::saveVerdict(const dicom::ImageInfo& info, const QString& filePath, const AiOutcome& outcome,
                                  const QString& verdict, const QString& correctedLabel, const QString& comment,
                                  const feedback::VerdictCircumstances& circumstances, QObject* context,
                                  std::function<void(const SaveResult&)> done)
{
    const QString sopInstanceUid = QString::fromStdString(info.sopInstanceUid);
    if (!m_writer) {
        done({false, tr("Not saved: the feedback database is unavailable (%1)").arg(m_unavailable), sopInstanceUid});
        return;
    }
    if (!outcome.ok || !outcome.model) {
        done({false, tr("Not saved: there is no AI result to judge"), sopInstanceUid});
        return;
    }
    feedback::VerdictRequest request;
    request.prediction =
        buildPredictionRecord(info, filePath, *outcome.model, outcome.prediction, outcome.label, outcome.threshold);
    request.patientId = QString::fromStdString(info.patientId);
    request.patientName = QString::fromStdString(info.patientName);
    request.verdict = verdict;
    request.correctedLabel = correctedLabel;
    request.comment = comment;
    request.reader = m_reader;
    request.circumstances = circumstances;
    const QString aiLabel = LabelWords::of(outcome.indeterminate ? QStringLiteral("INDETERMINATE") : outcome.label);
    const QString patient = patientOf(info);
    QPointer<QObject> receiver(context);
    m_writer->saveVerdict(
        std::move(request), this,
        [this, receiver, done = std::move(done), aiLabel, patient,
         sopInstanceUid](const feedback::VerdictOutcome& result) {
            if (result.saved) refreshReviewed(sopInstanceUid);
            if (!receiver) return;
            if (!result.saved) {
                done({false,
                      tr("Not saved: %1").arg(result.failure ? ErrorText::database(*result.failure) : result.error),
                      sopInstanceUid});
                return;
            }
            done({true,
                  result.verdict.verdict == QLatin1String("agree")
                      ? tr("Saved: agree with %1 · %2", "the AI's label, the patient").arg(aiLabel, patient)
                      : tr("Saved: disagree, %1 · %2", "the reader's label, the patient")
                            .arg(LabelWords::of(result.verdict.correctedLabel), patient),
                  sopInstanceUid, result.verdict.id});
        });
}

void FeedbackSession::withdrawVerdict(qint64 verdictId, const QString& sopInstanceUid, const QString& patient,
                                      QObject* context, std::function<void(const SaveResult&)> done)
{
    if (!m_writer) {
        done(
            {false, tr("Not withdrawn: the feedback database is unavailable (%1)").arg(m_unavailable), sopInstanceUid});
        return;
    }
    QPointer<QObject> receiver(context);
    m_writer->withdrawVerdict(
        verdictId, m_reader, this,
        [this, receiver, done = std::move(done), patient, sopInstanceUid](const feedback::VerdictOutcome& result) {
            if (result.saved) refreshReviewed(sopInstanceUid);
            if (!receiver) return;
            if (!result.saved) {
                done({false,
                      tr("Not withdrawn: %1").arg(result.failure ? ErrorText::database(*result.failure) : result.error),
                      sopInstanceUid});
                return;
            }
            done({true, tr("Verdict withdrawn · %1", "the patient").arg(patient), sopInstanceUid, result.verdict.id});
        });
}

std::optional<feedback::ReviewedImage> FeedbackSession::currentVerdict(const QString& sopInstanceUid) const
{
    if (!m_store || sopInstanceUid.isEmpty()) return std::nullopt;
    try {
        return m_store->currentVerdict(sopInstanceUid);
    } catch (const std::exception&) {
        return std::nullopt;  // a read the writer's lock refused: the image shows as not reviewed
    }
}

void FeedbackSession::refreshReviewed(const QString& sopInstanceUid)
{
    const bool reviewed = currentVerdict(sopInstanceUid).has_value();
    if (reviewed == m_reviewed.contains(sopInstanceUid)) return;
    if (reviewed)
        m_reviewed.insert(sopInstanceUid);
    else
        m_reviewed.remove(sopInstanceUid);
    Q_EMIT reviewedChanged(sopInstanceUid, reviewed);
}

void FeedbackSession::waitForWrites()
{
    if (m_writer) m_writer->waitForIdle();
}

void FeedbackSession::exportForRetraining(const QString& folder, QObject* context,
                                          std::function<void(int, int)> progress,
                                          std::function<void(bool, const QString&)> done)
{
    Q_ASSERT(context);  // owns the watcher, and with it the call of `done`
    waitForWrites();    // the export reads its own connection: every verdict shown saved is in it
    const QString database = m_databasePath;
    const QString reader = m_reader;
    QPointer<QObject> receiver(context);
    using Outcome = std::pair<bool, QString>;
    auto* watcher = new QFutureWatcher<Outcome>(context);  // gone with the context, and its callback
    connect(watcher, &QFutureWatcher<Outcome>::finished, context, [watcher, done = std::move(done)] {
        const auto [ok, message] = watcher->result();
        watcher->deleteLater();
        done(ok, message);
    });
    watcher->setFuture(QtConcurrent::run([database, reader, folder, receiver, progress]() -> Outcome {
        try {
            feedback::FeedbackDatabase connection(database.toStdString());  // this thread's own
            feedback::FeedbackStore store(connection);
            feedback::RetrainingExport exporter(connection, store);
            const auto render = [](const feedback::PredictionRecord& prediction, QString* error) {
                try {
                    return modelInputImage(prediction.filePath);
                } catch (const std::exception& failure) {
                    *error = ErrorText::of(failure);  // in the reader's language
                    return QImage();
                }
            };
            const auto report = [receiver, progress](int count, int total) {
                QMetaObject::invokeMethod(
                    qApp,
                    [receiver, progress, count, total] {
                        if (receiver) progress(count, total);  // checked on the UI thread
                    },
                    Qt::QueuedConnection);
            };
            const feedback::ExportReport result = exporter.write(folder, {}, render, report, reader);
            QString text = tr("Exported %Ln image(s) into %1; %2 left out.", nullptr, result.exported)
                               .arg(folder, QLocale().toString(result.leftOut));
            for (const QString& problem : result.problems) text += QLatin1Char('\n') + problem;
            for (const auto& [split, missing] : result.splitsMissingAClass)
                text += QLatin1Char('\n') +
                        tr("The %1 split has no %2 image; torchvision's ImageFolder before 0.17 refuses it.")
                            .arg(split, missing);
            return {true, text};
        } catch (const std::exception& error) {
            return {false, tr("Export failed: %1").arg(ErrorText::of(error))};
        }
    }));
}

void FeedbackSession::setWorklist(const QSet<QString>& sopInstanceUids)
{
    m_worklist = sopInstanceUids;
}

FeedbackSession::Progress FeedbackSession::progress() const
{
    Progress counts;
    if (!m_store) return counts;
    for (const auto& image : m_store->reviewed()) {
        if (!m_worklist.contains(image.prediction.sopInstanceUid)) continue;
        ++counts.reviewed;
        if (image.verdict.verdict == QLatin1String("disagree")) ++counts.disagreements;
    }
    return counts;
}

int FeedbackSession::reviewedCount() const
{
    return progress().reviewed;
}

int FeedbackSession::disagreementCount() const
{
    return progress().disagreements;
}

QString FeedbackSession::progressText() const
{
    if (!m_store) return tr("Feedback unavailable: %1").arg(m_unavailable);
    const Progress counts = progress();  // one read of the reviewed images, not one per figure
    return tr("%1 of %2 reviewed, %Ln disagreement(s)", nullptr, counts.disagreements)
        .arg(QLocale().toString(counts.reviewed), QLocale().toString(qlonglong(m_worklist.size())));
}

}  // namespace pulmo::app
