#pragma once
// The workstation's main window: study browser (left), image view (centre), menus and toolbars
// with a shortcut and a tooltip on every action, background indexing with progress and cancel,
// background decoding with a bounded cache and look-ahead along the worklist.

#include "AiController.h"
#include "FeedbackSession.h"
#include "PreferencesDialog.h"
#include "index/StudyIndex.h"

#include <QFutureWatcher>
#include <QHash>
#include <QMainWindow>

#include <atomic>
#include <memory>
#include <vector>

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;
class QTreeView;

namespace pulmo::dicom {
class DecodedImage;
}

namespace pulmo::viewer {
class ImageCache;
class ImageView;
class StudyBrowserModel;
}  // namespace pulmo::viewer

namespace pulmo::app {

class AiPanel;
class BatchAnalysis;
class StudyBrowserPanel;
class ThumbnailQueue;
class PacsBrowser;
class PacsController;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// `indexDatabase`: the study index file (the default location unless a test says otherwise).
    /// `ai`: the model to use (by default the saved choice, else the bundled demo model).
    explicit MainWindow(const QString& indexDatabase, const AiSettings& ai = savedAiSettings(),
                        QWidget* parent = nullptr);

    /// The AI settings from the preferences; the bundled demo model when none was chosen.
    static AiSettings savedAiSettings();
    /// Cancels indexing and waits for background work, which refers to this window.
    ~MainWindow() override;

    /// Opens files, folders (recursively) and DICOMDIRs: indexes them in the background, then
    /// shows the first image among them.
    void openPaths(const QStringList& paths);

    viewer::ImageView* imageView() const { return m_view; }
    viewer::StudyBrowserModel* browserModel() const { return m_model; }
    QTreeView* browserView() const { return m_tree; }
    /// "312 images in 4 studies, 3 files skipped" after the last opening.
    QString openingSummary() const { return m_summary; }
    QString currentFile() const { return m_currentFile; }
    bool isIndexing() const { return m_indexWatcher.isRunning(); }
    const viewer::ImageCache& cache() const { return *m_cache; }
    AiController* ai() const { return m_ai; }
    AiPanel* aiPanel() const { return m_aiPanel; }
    FeedbackSession* feedback() const { return m_feedback; }
    PacsController* pacs() const { return m_pacs; }
    /// File > Query PACS: the query/retrieve window (made on first use).
    PacsBrowser* pacsBrowser();
    bool automaticAnalysis() const;
    /// The AI panel shows a final state (a result or the reason there is none) for the image on screen.
    bool aiSettledForCurrentImage() const;

public Q_SLOTS:
    /// The reader's verdict on the AI result on screen (A / D, then Enter): saved, then the next image.
    void agree();
    void disagree();
    void confirmDisagreement();
    /// "Analyse all": every series of the worklist, one image at a time in the background, results
    /// into the browser's AI column (sortable for triage), with progress and cancel.
    void startBatchAnalysis();
    void openPacsBrowser();
    bool isBatchAnalysing() const;
    /// File > Export for Retraining into `folder` (must be empty or new), in the background with a
    /// progress dialog; the outcome is shown and reported by retrainingExportFinished().
    void exportForRetrainingInto(const QString& folder);
    void nextImage();
    void previousImage();
    void nextStudy();
    void previousStudy();

Q_SIGNALS:
    /// An image is on screen (decoded, rendered).
    void imageShown(const QString& filePath);
    /// An opening finished indexing (successfully, cancelled or with nothing to show).
    void openingFinished();
    /// The AI panel shows a final state for the image on screen: a result, or why there is none.
    void aiSettled();
    /// A retraining export finished: `message` is what the reader was shown.
    void retrainingExportFinished(bool ok, const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct Opening {
        QStringList folders;
        QStringList files;
        QStringList requested;  ///< what the user named, to find the first image among them
        bool show = true;       ///< show the first image; false: only index (instances arriving from a PACS)
    };
    void createActions();
    void createBrowser();
    void createStatusBar();
    void startIndexing(const Opening& opening);
    void indexingDone();
    void applyFilter();
    void showSeries(int seriesPosition, int instancePosition);
    void requestImage(const QString& filePath, bool display);
    void imageDecoded(const QString& filePath, std::shared_ptr<const dicom::DecodedImage> image, const QString& error,
                      quint64 generation, bool display);
    void prefetchNext();
    void updateWindowTitle();
    void showSkippedDetails();
    void openFilesDialog();
    void openFolderDialog();
    void openDicomDirDialog();
    void openPreferences();
    void applyPreferences(const Preferences& preferences);
    void exportForRetraining();
    void createAiDock();
    void analyseCurrent();
    void aiResult(const QString& sopInstanceUid, const AiOutcome& outcome);
    void aiStatusChanged();
    void showAiInBrowser(const QString& seriesInstanceUid, const AiOutcome& outcome);
    /// Adds series to the background analysis (instances arriving from a PACS, with automatic
    /// analysis on).
    void queueSeriesForAnalysis(const QStringList& series);
    /// A PACS instance is under its final name: the first of a retrieve opens at once, the rest are
    /// indexed in batches into the browser.
    void instanceArrived(const QString& filePath);
    void indexArrivals();
    void readSettings();
    void writeSettings();

    QString m_indexDatabase;
    std::unique_ptr<index::StudyIndex> m_index;  // the UI thread's connection
    viewer::StudyBrowserModel* m_model = nullptr;
    QTreeView* m_tree = nullptr;
    StudyBrowserPanel* m_browser = nullptr;  // owns the model and the tree below
    viewer::ImageView* m_view = nullptr;
    std::unique_ptr<viewer::ImageCache> m_cache;

    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QLabel* m_summaryLabel = nullptr;
    QPushButton* m_detailsButton = nullptr;
    QString m_summary;
    std::vector<index::SkippedFile> m_skipped;

    QFutureWatcher<index::IndexReport> m_indexWatcher;
    std::shared_ptr<std::atomic_bool> m_cancelIndexing;
    Opening m_currentOpening;
    QStringList m_viewRoots;  ///< what the reader opened last: its copies of an image are the ones shown
    std::vector<Opening> m_pendingOpenings;

    // The worklist: every series in browser order, and the current series' instances.
    QStringList m_seriesOrder;
    int m_seriesPosition = -1;
    std::vector<index::InstanceRecord> m_instances;
    int m_instancePosition = -1;
    QString m_currentFile;
    quint64 m_generation = 0;
    QStringList m_decoding;  // files being decoded now (shown or prefetched)
    int m_backgroundJobs = 0;
    ThumbnailQueue* m_thumbnails = nullptr;  // series thumbnails for the browser, after an opening

    void saveVerdict(const QString& verdict, const QString& correctedLabel, const QString& comment);
    void verdictSaveFinished(const FeedbackSession::SaveResult& result);
    void updateReviewProgress();
    AiController* m_ai = nullptr;
    FeedbackSession* m_feedback = nullptr;
    AiPanel* m_aiPanel = nullptr;
    QAction* m_heatmapAction = nullptr;
    QAction* m_automaticAction = nullptr;
    QString m_currentSop;
    QString m_savingSop;  ///< the image whose verdict the writer thread is committing
    BatchAnalysis* m_batch = nullptr;
    QProgressBar* m_aiProgress = nullptr;
    QPushButton* m_aiCancel = nullptr;
    QString m_aiSettledSop;
    QAction* m_annotationsAction = nullptr;
    QAction* m_rulerAction = nullptr;

    PacsController* m_pacs = nullptr;
    PacsBrowser* m_pacsBrowser = nullptr;
    QLabel* m_receiverLabel = nullptr;
    QStringList m_arrivals;  // received, not yet indexed
    QTimer* m_arrivalTimer = nullptr;
    bool m_showNextArrival = false;
};

}  // namespace pulmo::app
