#pragma once
// File > Export for Retraining and File > Export De-identified Study: what the window's two export
// actions ask, check and show. The work itself runs in the background (FeedbackSession::exportForRetraining,
// exportDeidentified in DeidentifyDialog.h); this object puts a window-modal progress dialog over the
// window while it runs, shows the outcome in a message box (not modal: the window goes on while the
// reader reads it) and reports it by a signal.
//
// It owns no widget; the dialogs and message boxes are the window's children. UI thread only.

#include "deid/DeidOptions.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QWidget;

namespace pulmo::index {
class StudyIndex;
}

namespace pulmo::app {

class FeedbackSession;
class Worklist;

class StudyExports : public QObject {
    Q_OBJECT
public:
    /// `window`: the parent of the dialogs and of this object. `feedback`, `index` and `worklist`
    /// (where the reader is: the study on screen) are the window's and must outlive this object.
    StudyExports(QWidget* window, FeedbackSession* feedback, const index::StudyIndex* index, const Worklist& worklist);

public Q_SLOTS:
    /// File > Export for Retraining: asks for a folder, then exportForRetrainingInto().
    void exportForRetraining();
    /// File > Export for Retraining into `folder` (must be empty or new), in the background with a
    /// progress dialog; the outcome is shown and reported by retrainingExportFinished().
    void exportForRetrainingInto(const QString& folder);
    /// File > Export De-identified Study: asks for the folder, the options and the recipient
    /// (DeidentifyDialog), then exportDeidentifiedStudyInto().
    void exportDeidentifiedStudy();
    /// File > Export De-identified Study: every image and document of the study on screen, through
    /// the Basic Profile with `options`, into `folder`, for `recipient` (audited), in the background;
    /// the outcome is shown and reported by deidentifiedExportFinished().
    void exportDeidentifiedStudyInto(const QString& folder, const deid::DeidOptions& options, const QString& recipient);

Q_SIGNALS:
    /// A retraining export finished: `message` is what the reader was shown.
    void retrainingExportFinished(bool ok, const QString& message);
    /// A de-identified export finished: `message` is what the reader was shown.
    void deidentifiedExportFinished(bool ok, const QString& message);

private:
    /// What a background export reports to: `progress` (done, total) moves the progress dialog,
    /// `done` (ok, message) closes it, shows `message` and emits the export's signal.
    struct Reporting {
        std::function<void(int done, int total)> progress;
        std::function<void(bool ok, const QString& message)> done;
    };
    /// Shows a window-modal progress dialog saying `label` (`maximum` 0: busy until the first
    /// progress); the outcome goes into a message box titled `title`, then to `finished`.
    Reporting showProgress(const QString& label, int maximum, const QString& title,
                           void (StudyExports::*finished)(bool, const QString&));
    /// The files of the study on screen: its images (one copy each) and its documents.
    QStringList currentStudyFiles() const;

    QWidget* m_window;
    FeedbackSession* m_feedback;
    const index::StudyIndex* m_index;
    const Worklist& m_worklist;
};

}  // namespace pulmo::app
