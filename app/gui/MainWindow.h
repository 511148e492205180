#pragma once
// The workstation's main window: study browser (left), image view (centre), AI panel (right), menus
// and toolbars with a shortcut and a tooltip on every action. It composes the parts and shows what
// they report: the Worklist (where the reader is), the OpeningQueue (indexing what is opened or
// arrives from a PACS), the ImageLoader (decoding through the cache, with look-ahead), the
// AiController, the FeedbackSession and the PacsController; the exports (StudyExports) and model
// monitoring (MonitoringBanner).

#include "AiController.h"
#include "FeedbackSession.h"
#include "ImageLoader.h"
#include "PreferencesDialog.h"
#include "Worklist.h"
#include "index/StudyIndex.h"

#include <QMainWindow>
#include <QSet>

#include <memory>
#include <vector>

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

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
class OpeningQueue;
struct Opening;
class StudyBrowserPanel;
class StatusLine;
class ThumbnailQueue;
class PacsBrowser;
class VerdictFlow;
class ResultPublisher;
class PacsController;
class ViewportGrid;
class WindowLayout;
class StudyExports;
class MonitoringBanner;

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
    /// The central views: the image being read (imageView()) and its priors (ViewportGrid.h).
    ViewportGrid* viewportGrid() const { return m_grid; }
    viewer::StudyBrowserModel* browserModel() const { return m_model; }
    QTableView* browserView() const { return m_tree; }
    /// "312 images in 4 studies, 3 files skipped" after the last opening.
    QString openingSummary() const;
    /// The worklist's current image (shown, or being decoded to be shown).
    QString currentFile() const;
    bool isIndexing() const;
    const viewer::ImageCache& cache() const { return *m_cache; }
    AiController* ai() const { return m_ai; }
    AiPanel* aiPanel() const { return m_aiPanel; }
    FeedbackSession* feedback() const { return m_feedback; }
    /// The reader's verdict on the image on screen (A / D, Undo, Change, the reveal).
    VerdictFlow* verdicts() const { return m_verdicts; }
    PacsController* pacs() const { return m_pacs; }
    /// File > Export for Retraining and Export De-identified Study (StudyExports.h).
    StudyExports* exports() const { return m_exports; }
    /// AI > Model Monitoring and the AI panel's monitoring banner (MonitoringBanner.h).
    MonitoringBanner* monitoring() const { return m_monitoring; }
    /// The AI results objects: sent to the PACS, read back from it (issue 16).
    ResultPublisher* results() const { return m_results; }
    /// File > Query PACS: the query/retrieve window (made on first use).
    PacsBrowser* pacsBrowser();
    bool automaticAnalysis() const;
    /// The AI panel shows a final state (a result or the reason there is none) for the image on screen.
    bool aiSettledForCurrentImage() const;

public Q_SLOTS:
    /// The reader's verdict on the AI result on screen (A / D, then Enter): saved, then the next
    /// image. Forwarded to VerdictFlow, which says when a verdict is refused.
    void agree();
    void disagree();
    void confirmDisagreement();
    /// "Analyse all": every series of the worklist, one image at a time in the background, results
    /// into the browser's AI column (sortable for triage), with progress and cancel.
    void startBatchAnalysis();
    /// AI > Send Result to PACS: the result on screen as an SR and a heatmap SC, to every PACS node
    /// marked "AI results" (through the outbox: retried while the PACS is down).
    void sendCurrentResult();
    void openPacsBrowser();
    bool isBatchAnalysing() const;
    void nextImage();
    void previousImage();
    void nextStudy();
    void previousStudy();
    /// The next image without a verdict, in the browser's visible order (U).
    void nextUnreviewed();
    /// Shows the image at `filePath` of the series (its first image when the file is not in it).
    void showImageOfFile(const QString& seriesInstanceUid, const QString& filePath);

Q_SIGNALS:
    /// An image is on screen (decoded, rendered).
    void imageShown(const QString& filePath);
    /// An opening finished indexing (successfully, cancelled or with nothing to show).
    void openingFinished();
    /// The AI panel shows a final state for the image on screen: a result, or why there is none.
    void aiSettled();
    /// "What the model saw" is on screen again for a cached result (AiController::requestModelInput).
    void modelInputShown();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createBrowser();
    void createStatusBar();
    void indexingDone(const Opening& opening, const index::IndexReport& report);
    void applyFilter();
    /// Shows the worklist's current image when `moved` (the worklist moved to an image).
    void showImage(bool moved);
    void imageDecoded(const ImageLoader::Loaded& loaded);
    void updateWindowTitle();
    void openFilesDialog();
    void openFolderDialog();
    void openDicomDirDialog();
    void openPreferences();
    void applyPreferences(const Preferences& preferences);
    /// The audit record repository of `pacs` for the feedback session (IHE ATNA); a bad one is said.
    void useAuditRepository(const PacsSettings& pacs);
    /// The browser's AI column, hidden while the AI waits for the reader's first look.
    void showAiColumn();
    void createAiDock();
    void analyseCurrent();
    void aiResult(const QString& sopInstanceUid, const AiOutcome& outcome);
    void aiStatusChanged();
    /// The results objects' wiring: sending, the panel's delivery line, verified reports.
    void createResults();
    /// The image on screen has no cached result: a Pulmo SR about it in the study is shown instead
    /// of running the model (issue 16); without one, analyse as usual.
    void showStoredOrAnalyse();
    /// "Send every result" (Preferences): `outcome` about the image in `filePath`, once per session.
    void sendAutomatically(const QString& sopInstanceUid, const QString& filePath, const AiOutcome& outcome);
    void showAiInBrowser(const QString& seriesInstanceUid, const AiOutcome& outcome);
    /// Adds series to the background analysis (instances arriving from a PACS, with automatic
    /// analysis on).
    void queueSeriesForAnalysis(const QStringList& series);
    void readSettings();
    void writeSettings();

    std::unique_ptr<index::StudyIndex> m_index;  // the UI thread's connection
    viewer::StudyBrowserModel* m_model = nullptr;
    QTableView* m_tree = nullptr;
    StudyBrowserPanel* m_browser = nullptr;  // owns the model and the tree below
    viewer::ImageView* m_view = nullptr;     // m_grid's first view
    ViewportGrid* m_grid = nullptr;
    ResultPublisher* m_results = nullptr;
    QString m_reportAsked;     // the image whose report's tile was clicked: the report's result, not the cache's
    QString m_fromReportSop;   // the image whose PACS report is shown (or being read) instead of the model's answer
    QSet<QString> m_autoSent;  // images whose result "send every result" sent this session
    std::unique_ptr<viewer::ImageCache> m_cache;
    Worklist m_worklist;
    ImageLoader* m_loader = nullptr;
    ImageLoader::Ticket m_displayTicket = 0;   // the image the reader asked for last
    ImageLoader::Ticket m_prefetchTicket = 0;  // the next one, decoded ahead
    OpeningQueue* m_openings = nullptr;

    ThumbnailQueue* m_thumbnails = nullptr;  // series thumbnails for the browser, after an opening

    /// The AI's heatmap for `outcome` on the view, unless the reader has not revealed it yet.
    void showHeatmap(const AiOutcome& outcome);
    AiController* m_ai = nullptr;
    FeedbackSession* m_feedback = nullptr;
    StudyExports* m_exports = nullptr;
    MonitoringBanner* m_monitoring = nullptr;
    VerdictFlow* m_verdicts = nullptr;
    AiPanel* m_aiPanel = nullptr;
    QAction* m_heatmapAction = nullptr;
    QAction* m_heatmapOutlineAction = nullptr;
    QAction* m_automaticAction = nullptr;
    QString m_currentSop;
    BatchAnalysis* m_batch = nullptr;
    QString m_aiSettledSop;
    QAction* m_annotationsAction = nullptr;
    QAction* m_rulerAction = nullptr;

    PacsController* m_pacs = nullptr;
    PacsBrowser* m_pacsBrowser = nullptr;

    // The window's frame and help (WindowLayout.h, HelpDialogs.h) and its status bar (StatusLine.h).
    void showShortcutSheet();
    void showAbout();
    WindowLayout* m_layout = nullptr;
    StatusLine* m_status = nullptr;
};

}  // namespace pulmo::app
