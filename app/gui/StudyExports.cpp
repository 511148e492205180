#include "StudyExports.h"

#include "DeidentifyDialog.h"
#include "FeedbackSession.h"
#include "Worklist.h"
#include "index/StudyIndex.h"

#include <QDialog>
#include <QFileDialog>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QWidget>

#include <functional>

namespace pulmo::app {

StudyExports::StudyExports(QWidget* window, FeedbackSession* feedback, const index::StudyIndex* index,
                           const Worklist& worklist)
    : QObject(window), m_window(window), m_feedback(feedback), m_index(index), m_worklist(worklist)
{
}

StudyExports::Reporting StudyExports::showProgress(const QString& label, int maximum, const QString& title,
                                                   void (StudyExports::*finished)(bool, const QString&))
{
    auto* dialog = new QProgressDialog(label, QString(), 0, maximum, m_window);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(0);
    dialog->show();
    QPointer<QProgressDialog> progressDialog(dialog);
    Reporting reporting;
    reporting.progress = [progressDialog](int done, int total) {
        if (!progressDialog) return;
        progressDialog->setMaximum(total);
        progressDialog->setValue(done);
    };
    reporting.done = [this, progressDialog, title, finished](bool ok, const QString& message) {
        if (progressDialog) progressDialog->deleteLater();
        auto* box = new QMessageBox(ok ? QMessageBox::Information : QMessageBox::Warning, title, message,
                                    QMessageBox::Ok, m_window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();  // not exec(): the window goes on while the reader reads it
        Q_EMIT std::invoke(finished, this, ok, message);
    };
    return reporting;
}

void StudyExports::exportForRetraining()
{
    if (!m_feedback->isAvailable()) {
        QMessageBox::warning(m_window, tr("Export"),
                             tr("The feedback database is unavailable: %1").arg(m_feedback->unavailableReason()));
        return;
    }
    const QString folder = QFileDialog::getExistingDirectory(m_window, tr("Export into an empty folder"));
    if (!folder.isEmpty()) exportForRetrainingInto(folder);
}

void StudyExports::exportForRetrainingInto(const QString& folder)
{
    if (!m_feedback->isAvailable()) {
        Q_EMIT retrainingExportFinished(
            false, tr("The feedback database is unavailable: %1").arg(m_feedback->unavailableReason()));
        return;
    }
    const Reporting reporting =
        showProgress(tr("Exporting reviewed images..."), 0, tr("Export"), &StudyExports::retrainingExportFinished);
    m_feedback->exportForRetraining(folder, this, reporting.progress, reporting.done);
}

QStringList StudyExports::currentStudyFiles() const
{
    const QString study = m_worklist.currentStudy();
    QStringList files;
    if (study.isEmpty() || !m_index) return files;
    for (const index::SeriesRecord& series : m_index->series(study))
        for (const index::InstanceRecord& instance :
             m_index->instances(series.seriesInstanceUid, m_worklist.viewRoots()))
            if (!files.contains(instance.filePath)) files << instance.filePath;
    // Its reports (an AI result's SR among them) go too: their evidence then still points at the
    // exported images.
    for (const index::DocumentRecord& document : m_index->documents(study))
        if (!files.contains(document.filePath)) files << document.filePath;
    return files;
}

void StudyExports::exportDeidentifiedStudy()
{
    if (!m_feedback->isAvailable()) {
        QMessageBox::warning(m_window, tr("Export De-identified Study"),
                             tr("The feedback database is unavailable: %1").arg(m_feedback->unavailableReason()));
        return;
    }
    const QStringList files = currentStudyFiles();
    if (files.isEmpty()) {
        QMessageBox::information(m_window, tr("Export De-identified Study"), tr("Open a study first."));
        return;
    }
    DeidentifyDialog dialog(tr("The study on screen (%Ln file(s))", nullptr, int(files.size())), m_window);
    if (dialog.exec() != QDialog::Accepted) return;
    exportDeidentifiedStudyInto(dialog.folder(), dialog.options(), dialog.recipient());
}

void StudyExports::exportDeidentifiedStudyInto(const QString& folder, const deid::DeidOptions& options,
                                               const QString& recipient)
{
    const QStringList files = currentStudyFiles();
    if (!m_feedback->isAvailable() || files.isEmpty()) {
        Q_EMIT deidentifiedExportFinished(
            false, files.isEmpty()
                       ? tr("Open a study first.")
                       : tr("The feedback database is unavailable: %1").arg(m_feedback->unavailableReason()));
        return;
    }
    m_feedback->waitForWrites();  // the export's audit rows follow every row shown saved
    const Reporting reporting =
        showProgress(tr("Exporting the de-identified study..."), int(files.size()), tr("Export De-identified Study"),
                     &StudyExports::deidentifiedExportFinished);
    exportDeidentified(files, folder, options, recipient, m_feedback->reader(), m_feedback->databasePath(), this,
                       reporting.progress, reporting.done);
}

}  // namespace pulmo::app
