#pragma once
// The window's status bar: what the opening of files did ("312 images in 4 studies, 2 other files,
// 1 unreadable", Details), the indexing's progress and Cancel, the background analysis's progress and
// Stop, the PACS receiver's state, and the one message about the image on screen (cleared when another
// image opens, while others, e.g. an audit failure, stay), and the audit rows waiting for the audit
// record repository.

#include "index/StudyIndex.h"

#include <QObject>
#include <QString>

#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;
class QStatusBar;

namespace pulmo::app {

class BatchAnalysis;
class OpeningQueue;
class PacsController;

class StatusLine : public QObject {
    Q_OBJECT
public:
    /// Fills `bar` with its widgets; follows the openings, the batch analysis and the receiver.
    StatusLine(QStatusBar* bar, OpeningQueue* openings, BatchAnalysis* batch, PacsController* pacs);

    /// An opening finished: its images and studies (among what was asked for) and what was not opened.
    void showOpeningDone(int images, int studies, const index::IndexReport& report);
    void showOpeningFailed(const QString& message);
    /// "312 images in 4 studies, 3 other files" after the last opening.
    QString openingSummary() const { return m_summary; }

    /// The message about the image on screen (why it could not be read), until the next one; empty:
    /// none, and the one before goes.
    void showImageMessage(const QString& message);
    QString imageMessage() const { return m_imageMessage; }

    /// Audit rows not yet at the audit record repository (Preferences > PACS): "Audit: 12 rows
    /// waiting for the repository", the last failure as its tooltip; hidden when none wait.
    void showAuditDelivery(qint64 waiting, const QString& problem);

private:
    void indexingStarted();
    void showSkippedDetails();

    QStatusBar* m_bar;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_summaryLabel = nullptr;
    QPushButton* m_details = nullptr;
    QProgressBar* m_aiProgress = nullptr;
    QPushButton* m_aiStop = nullptr;
    QLabel* m_receiver = nullptr;
    QLabel* m_audit = nullptr;
    QString m_summary;
    QString m_imageMessage;
    std::vector<index::SkippedFile> m_skipped;
};

}  // namespace pulmo::app
