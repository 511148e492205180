#include "StatusLine.h"

#include "BatchAnalysis.h"
#include "OpeningQueue.h"
#include "PacsController.h"
#include "SkippedFilesDialog.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

#include <algorithm>
#include <climits>

namespace pulmo::app {

StatusLine::StatusLine(QStatusBar* bar, OpeningQueue* openings, BatchAnalysis* batch, PacsController* pacs)
    : QObject(bar), m_bar(bar)
{
    m_summaryLabel = new QLabel(bar);
    m_details = new QPushButton(tr("Details"), bar);
    m_details->setToolTip(tr("List the files that were not opened, and why"));
    m_details->setFlat(true);
    m_details->hide();
    connect(m_details, &QPushButton::clicked, this, &StatusLine::showSkippedDetails);
    m_progress = new QProgressBar(bar);
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel"), bar);
    m_cancel->setToolTip(tr("Stop indexing; what was read so far is kept"));
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, openings, &OpeningQueue::cancel);
    connect(openings, &OpeningQueue::started, this, &StatusLine::indexingStarted);
    connect(openings, &OpeningQueue::progress, this, [this](int done, int total) {
        m_progress->setRange(0, std::max(total, 1));
        m_progress->setValue(done);
    });
    bar->addWidget(m_summaryLabel, 1);
    m_receiver = new QLabel(pacs->receiverStatus(), bar);
    m_receiver->setToolTip(tr("The built-in Storage SCP that receives C-MOVE transfers"));
    connect(pacs, &PacsController::receiverStatusChanged, m_receiver, &QLabel::setText);
    // A refused caller or image: said for a while (the audit trail keeps it).
    connect(pacs, &PacsController::receiverRefused, bar, [bar](const QString& text) { bar->showMessage(text, 15000); });
    bar->addPermanentWidget(m_receiver);
    m_audit = new QLabel(bar);
    m_audit->setObjectName(QStringLiteral("auditDelivery"));
    m_audit->hide();
    bar->addPermanentWidget(m_audit);
    bar->addWidget(m_details);
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_cancel);
    m_aiProgress = new QProgressBar(bar);
    m_aiProgress->setMaximumWidth(220);
    m_aiProgress->setFormat(tr("AI %v/%m"));
    m_aiProgress->hide();
    m_aiStop = new QPushButton(tr("Stop AI"), bar);
    m_aiStop->setToolTip(tr("Stop analysing the list; results so far stay"));
    m_aiStop->hide();
    connect(m_aiStop, &QPushButton::clicked, batch, &BatchAnalysis::stop);
    connect(batch, &BatchAnalysis::progressChanged, this, [this](int done, int total) {
        m_aiProgress->setRange(0, std::max(1, total));
        m_aiProgress->setValue(done);
        m_aiProgress->show();
        m_aiStop->show();
    });
    connect(batch, &BatchAnalysis::finished, this, [this] {
        m_aiProgress->hide();
        m_aiStop->hide();
    });
    bar->addPermanentWidget(m_aiProgress);
    bar->addPermanentWidget(m_aiStop);
}

void StatusLine::indexingStarted()
{
    m_progress->setRange(0, 0);
    m_progress->show();
    m_cancel->show();
    m_summaryLabel->setText(tr("Indexing..."));
}

void StatusLine::showOpeningDone(int images, int studies, const index::IndexReport& report)
{
    m_progress->hide();
    m_cancel->hide();
    m_skipped = report.skippedFiles;
    // Plural forms come from the translation (pulmo_en.qm holds English's: "1 image", "2 images").
    m_summary = tr("%1 in %2", "images in studies")
                    .arg(tr("%Ln image(s)", nullptr, images), tr("%Ln study(s)", nullptr, studies));
    // Files that are not images ("other files": a README beside them) apart from broken images.
    const int otherFiles = SkippedFilesDialog::otherFileCount(report.skippedFiles);
    const int unreadable = int(report.skippedFiles.size()) - otherFiles;
    if (otherFiles > 0) m_summary = tr("%1, %Ln other file(s)", nullptr, otherFiles).arg(m_summary);
    if (unreadable > 0) m_summary = tr("%1, %Ln unreadable", nullptr, unreadable).arg(m_summary);
    if (report.cancelled) m_summary = tr("%1 (indexing cancelled)").arg(m_summary);
    m_summaryLabel->setText(m_summary);
    m_details->setVisible(!report.skippedFiles.empty());
}

void StatusLine::showOpeningFailed(const QString& message)
{
    m_progress->hide();
    m_cancel->hide();
    m_summaryLabel->setText(tr("Indexing failed: %1").arg(message));
}

void StatusLine::showImageMessage(const QString& message)
{
    // Only the message about the image goes: others (an audit failure) stay.
    if (!m_imageMessage.isEmpty() && m_bar->currentMessage() == m_imageMessage) m_bar->clearMessage();
    m_imageMessage = message;
    if (!message.isEmpty()) m_bar->showMessage(message);  // until another image opens
}

void StatusLine::showAuditDelivery(qint64 waiting, const QString& problem)
{
    m_audit->setVisible(waiting > 0);
    if (waiting <= 0) return;
    // The rows stay in the feedback database and go in order once the repository answers: nothing
    // is lost, but the repository does not anchor them yet.
    m_audit->setText(
        tr("Audit: %n row(s) waiting for the repository", nullptr, int(std::min<qint64>(waiting, INT_MAX))));
    m_audit->setToolTip(problem.isEmpty() ? tr("Being sent to the audit record repository")
                                          : tr("Not delivered: %1. The rows wait in the feedback database and "
                                               "are sent in order when the repository answers.")
                                                .arg(problem));
    m_audit->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color: #b35c00;"));
}

void StatusLine::showSkippedDetails()
{
    auto* dialog = new SkippedFilesDialog(m_skipped, m_bar->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

}  // namespace pulmo::app
