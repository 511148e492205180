#pragma once
// The reader's side of the feedback loop in the viewer: saves Agree / Disagree verdicts with the
// prediction they judge, audits what is opened and shown, and counts progress. A verdict is
// reported saved only after the database committed it; a failure is reported as not saved.
// UI thread only.

#include "AiController.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <memory>

namespace pulmo::feedback {
class FeedbackDatabase;
class FeedbackStore;
class AuditLog;
}  // namespace pulmo::feedback

namespace pulmo::dicom {
struct ImageInfo;
}

namespace pulmo::app {

class FeedbackSession : public QObject {
    Q_OBJECT
public:
    /// Opens (creating) the feedback database; on failure the session is disabled and says why.
    FeedbackSession(const QString& databasePath, QString reader, QObject* parent = nullptr);
    ~FeedbackSession() override;

    static QString defaultDatabasePath();
    bool isAvailable() const { return m_store != nullptr; }
    QString unavailableReason() const { return m_unavailable; }
    QString reader() const { return m_reader; }
    QString databasePath() const { return m_databasePath; }

    /// Audit rows; failures to audit are reported through the returned message (empty if fine).
    QString auditImageOpened(const dicom::ImageInfo& info, const QString& filePath);
    QString auditPredictionShown(const QString& sopInstanceUid, const AiOutcome& outcome);

    struct SaveResult {
        bool saved = false;
        QString message;  ///< "Saved: ..." or why not
    };
    /// Saves the verdict on the image's AI outcome (its prediction is stored first if needed).
    SaveResult saveVerdict(const dicom::ImageInfo& info, const QString& filePath, const AiOutcome& outcome,
                           const QString& verdict, const QString& correctedLabel, const QString& comment);

    /// The worklist's SOP Instance UIDs, for "143 of 400 reviewed, 12 disagreements".
    void setWorklist(const QSet<QString>& sopInstanceUids);
    QString progressText() const;
    int reviewedCount() const;
    int disagreementCount() const;

private:
    QString m_reader;
    QString m_databasePath;
    QString m_unavailable;
    std::unique_ptr<feedback::FeedbackDatabase> m_database;
    std::unique_ptr<feedback::FeedbackStore> m_store;
    QSet<QString> m_worklist;
};

}  // namespace pulmo::app
