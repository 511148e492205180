#include "MainWindow.h"

#include "AiPanel.h"
#include "BatchAnalysis.h"
#include "StudyBrowserPanel.h"
#include "ThumbnailQueue.h"
#include "FeedbackSession.h"
#include "FeedbackStore.h"
#include "ImageLoader.h"
#include "KeyRepeatGuard.h"
#include "MonitoringBanner.h"
#include "OpeningQueue.h"
#include "PacsBrowser.h"
#include "PacsController.h"
#include "PredictionHeatmap.h"
#include "PreferencesDialog.h"
#include "ResultPublisher.h"
#include "SkippedFilesDialog.h"
#include "StatusLine.h"
#include "StudyExports.h"
#include "WindowLayout.h"
#include "Translations.h"
#include "VerdictFlow.h"
#include "ViewportGrid.h"
#include "cache/ImageCache.h"
#include "ErrorText.h"
#include "GuiLogging.h"
#include "widgets/PersonName.h"
#include "widgets/ImageView.h"
#include "widgets/StudyBrowserModel.h"

#include <QAction>
#include <QTimer>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QDir>
#include <QStandardPaths>

#include <algorithm>
#include <array>
#include <cmath>

#include <cstring>

namespace pulmo::app {

AiSettings MainWindow::savedAiSettings()
{
    return app::savedAiSettings();
}

MainWindow::MainWindow(const QString& indexDatabase, const AiSettings& ai, QWidget* parent)
    : QMainWindow(parent),
      m_index(std::make_unique<index::StudyIndex>(indexDatabase)),
      m_cache(std::make_unique<viewer::ImageCache>(qint64(Preferences{}.cacheMegabytes) << 20)),
      m_worklist(m_index.get())
{
    // The plugin and the model load in pulmo-ai-host, beside this window's start (AiController::aiHost()).
    m_ai = new AiController(ai, this);
    setWindowTitle(tr("Pulmo"));
    setAcceptDrops(true);
    m_loader = new ImageLoader(m_cache.get(), nullptr, this);
    m_openings = new OpeningQueue(indexDatabase, this);
    m_grid = new ViewportGrid(m_index.get(), m_loader, this);  // the image being read, and its priors
    m_view = m_grid->current();
    setCentralWidget(m_grid);
    createBrowser();
    m_batch = new BatchAnalysis(m_ai, m_index.get(), m_loader, this);
    connect(m_batch, &BatchAnalysis::seriesAnalysed, this, &MainWindow::showAiInBrowser);
    {
        QSettings settings;
        m_feedback = new FeedbackSession(
            settings.value(QStringLiteral("feedback/database"), FeedbackSession::defaultDatabasePath()).toString(),
            settings.value(QStringLiteral("feedback/reader"), feedback::FeedbackStore::defaultReader()).toString(),
            this);
        connect(m_feedback, &FeedbackSession::auditFailed, this, [this](const QString& message) {
            statusBar()->showMessage(tr("Audit log not written: %1").arg(message), 0);
        });
        const QString received = settings
                                     .value(QStringLiteral("pacs/storageFolder"),
                                            QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                                                .filePath(QStringLiteral("received")))
                                     .toString();
        const PacsSettings pacs = PacsSettings::load();
        m_pacs = new PacsController(pacs, received, m_feedback, this);
        useAuditRepository(pacs);
    }
    m_exports = new StudyExports(this, m_feedback, m_index.get(), m_worklist);
    connect(m_pacs, &PacsController::instanceReceived, m_openings, &OpeningQueue::addArrival);
    // The first image of a batch of retrieves opens; the rest go to the browser (and the AI).
    connect(m_pacs, &PacsController::batchStarted, m_openings, &OpeningQueue::showNextArrival);
    connect(m_openings, &OpeningQueue::dicomDirFailed, this,
            [this](const QString& message) { QMessageBox::warning(this, tr("Cannot open DICOMDIR"), message); });
    connect(m_openings, &OpeningQueue::finished, this, &MainWindow::indexingDone);
    connect(m_openings, &OpeningQueue::failed, this, [this](const Opening&, const QString& message) {
        m_status->showOpeningFailed(message);
        Q_EMIT openingFinished();
    });
    createAiDock();
    m_verdicts = new VerdictFlow(m_feedback, m_aiPanel, ReadingSettings::load(), this);
    // A held verdict key is one verdict, on X too (KeyRepeatGuard.h); removed with the window.
    qApp->installEventFilter(new KeyRepeatGuard({Qt::Key_A, Qt::Key_D, Qt::Key_C, Qt::Key_Space, Qt::Key_Z}, this));
    m_verdicts->setAdvance([this] {
        const bool moved = m_worklist.nextImage();
        showImage(moved);
        return moved;
    });
    connect(m_verdicts, &VerdictFlow::statusMessage, statusBar(), &QStatusBar::showMessage);
    // The browser's Reviewed column and Next Unreviewed (U) follow verdicts as they are saved and undone.
    m_model->setReviewedImages(m_feedback->reviewedImages());
    connect(m_feedback, &FeedbackSession::reviewedChanged, m_model, &viewer::StudyBrowserModel::setReviewed);
    // Every fresh analysis goes to model monitoring (issue 20), in the feedback writer's thread.
    connect(m_ai, &AiController::analysed, m_feedback,
            [this](const QString&, const feedback::MonitoringObservation& observation) {
                m_feedback->recordObservation(observation);
            });
    connect(m_verdicts, &VerdictFlow::aiRevealed, this, [this] {
        if (const auto outcome = m_ai->cached(m_currentSop)) showHeatmap(*outcome);
    });
    connect(m_verdicts, &VerdictFlow::returnRequested, this, &MainWindow::showImageOfFile);
    // Model monitoring's banner and dialog (MonitoringBanner.h): the first reading is queued now.
    m_monitoring = new MonitoringBanner(this, m_feedback->databasePath(), m_aiPanel);
    createResults();
    createActions();
    createStatusBar();
    // Audit rows waiting for the audit record repository: counted by the forwarder, no query.
    auto* auditTimer = new QTimer(this);
    auditTimer->setInterval(2000);
    connect(auditTimer, &QTimer::timeout, this, [this] {
        m_status->showAuditDelivery(m_feedback->auditRowsWaiting(), m_feedback->auditRepositoryProblem());
    });
    auditTimer->start();
    showAiColumn();
    readSettings();
    m_browser->reload();  // the worklist follows (StudyBrowserPanel::orderChanged)
}

MainWindow::~MainWindow()
{
    // The opening queue (a child) cancels and waits for its indexing; the loader's decodes hold no
    // pointer to this window and may finish on their own.
    delete m_openings;
}

QString MainWindow::openingSummary() const
{
    return m_status->openingSummary();
}

bool MainWindow::isIndexing() const
{
    return m_openings->isIndexing();
}

QString MainWindow::currentFile() const
{
    return m_worklist.currentFile();
}

bool MainWindow::aiSettledForCurrentImage() const
{
    return m_ai->isReady() &&
           (!m_ai->unavailableReason().isEmpty() || (!m_currentSop.isEmpty() && m_aiSettledSop == m_currentSop));
}

bool MainWindow::automaticAnalysis() const
{
    return m_automaticAction && m_automaticAction->isChecked();
}

void MainWindow::analyseCurrent()
{
    const auto image = m_view->image();
    if (!image) return;
    m_currentSop = QString::fromStdString(image->info().sopInstanceUid);
    m_fromReportSop.clear();  // asked for (Shift+A, or no report): the model's own answer replaces the report's
    if (image->info().isAiResultCapture()) {  // a picture of a result: looked at, never analysed
        m_aiPanel->showCapture();
        return;
    }
    if (!m_ai->isReady()) {
        m_aiPanel->showPending(tr("Loading the model..."));
    } else if (!m_ai->unavailableReason().isEmpty()) {
        m_aiPanel->showUnavailable(m_ai->unavailableReason());
        Q_EMIT aiSettled();
        return;
    } else {
        m_aiPanel->showPending(tr("Analysing in the background; viewing goes on."));
    }
    // The reader moved on: what was queued for other images can go (not a running batch's work).
    if (!m_batch->isRunning()) m_ai->cancelPending();
    m_ai->analyse(m_currentSop, image);
}

void MainWindow::aiResult(const QString& sopInstanceUid, const AiOutcome& outcome)
{
    m_batch->takeResult(sopInstanceUid, outcome);
    // The PACS's report about the image is on screen: the model's answer (Analyse All's, say) does
    // not replace it unless the reader asks (Shift+A).
    if (sopInstanceUid == m_fromReportSop) return;
    if (sopInstanceUid == m_currentSop && m_worklist.seriesPosition() >= 0)
        showAiInBrowser(m_worklist.currentSeries(), outcome);
    if (sopInstanceUid != m_currentSop) return;  // an answer for an image no longer on screen
    m_aiPanel->showOutcome(outcome);
    m_verdicts->outcomeShown(sopInstanceUid, outcome);
    // A cached result keeps no model input (AiResultCache.h): "what the model saw" is made again.
    if (outcome.ok && outcome.prediction.modelInput.empty()) m_ai->requestModelInput(sopInstanceUid, m_view->image());
    if (m_aiSettledSop != sopInstanceUid) {
        m_feedback->auditPredictionShown(sopInstanceUid, outcome);
    }
    m_aiSettledSop = sopInstanceUid;
    QMetaObject::invokeMethod(this, &MainWindow::aiSettled, Qt::QueuedConnection);  // after the heatmap below
    showHeatmap(outcome);
    sendAutomatically(sopInstanceUid, m_worklist.currentFile(), outcome);
}

void MainWindow::sendAutomatically(const QString& sopInstanceUid, const QString& filePath, const AiOutcome& outcome)
{
    // "Send every result": once per image and session (the outbox never queues an object twice).
    if (!outcome.ok || outcome.fromPacs || !m_results->settings().sendAutomatically || !m_results->hasPeers() ||
        m_autoSent.contains(sopInstanceUid))
        return;
    m_autoSent.insert(sopInstanceUid);
    m_loader->load(filePath, [this, filePath, outcome](const ImageLoader::Loaded& loaded) {
        if (loaded.image) m_results->publish(filePath, loaded.image, outcome);
    });
}

void MainWindow::createResults()
{
    m_results =
        new ResultPublisher(m_feedback->databasePath(),
                            QFileInfo(m_feedback->databasePath()).dir().filePath(QStringLiteral("results")), this);
    m_results->setSettings(ResultSettings::load());
    m_results->setReader(m_feedback->reader());
    m_results->setPacsSettings(m_pacs->settings());
    connect(m_feedback, &FeedbackSession::readerChanged, m_results, &ResultPublisher::setReader);
    // Analyse All's results too (the series' first image is the one analysed: BatchAnalysis).
    connect(m_batch, &BatchAnalysis::seriesAnalysed, this, [this](const QString& series, const AiOutcome& outcome) {
        const std::vector<index::InstanceRecord> instances = m_index->instances(series);
        if (!instances.empty() && outcome.ok && outcome.model)
            sendAutomatically(instances.front().sopInstanceUid, instances.front().filePath, outcome);
    });
    // A report's tile: its image comes on screen (StudyBrowserPanel::imageActivated) with the report's
    // result in the panel, even where the model's own answer is cached.
    connect(m_browser, &StudyBrowserPanel::documentActivated, this, [this](const index::DocumentRecord& document) {
        if (!document.isPulmoReport() || document.referencedSopInstanceUids.isEmpty()) return;
        m_reportAsked = document.referencedSopInstanceUids.front();
        if (m_reportAsked == m_currentSop && m_view->hasImage()) {
            m_reportAsked.clear();
            showStoredOrAnalyse();
        }
    });
    connect(m_results, &ResultPublisher::deliveryChanged, this, [this](const QString& sop) {
        if (sop == m_currentSop) m_aiPanel->setDeliveryText(m_results->deliveryText(sop));
    });
    // A reader's verdict as a verified report beside the AI's (Preferences; off by default).
    connect(
        m_verdicts, &VerdictFlow::verdictSaved, this,
        [this](const QString& file, const AiOutcome& outcome, const QString& readerLabel, qint64 verdictId) {
            if (!m_results->settings().verifiedReports || !m_results->hasPeers() || outcome.fromPacs) return;
            const results::Finding finding = readerLabel == QLatin1String("PNEUMONIA") ? results::Finding::Present
                                             : readerLabel == QLatin1String("NORMAL")  ? results::Finding::Absent
                                                                                      : results::Finding::Indeterminate;
            const QString reader = m_feedback->reader();
            m_loader->load(file, [this, file, outcome, reader, finding, verdictId](const ImageLoader::Loaded& loaded) {
                if (loaded.image) m_results->publishVerified(file, loaded.image, outcome, reader, finding, verdictId);
            });
        });
}

void MainWindow::sendCurrentResult()
{
    const std::optional<AiOutcome> outcome = m_currentSop.isEmpty() ? std::nullopt : m_ai->cached(m_currentSop);
    if (!outcome || !outcome->ok) {
        statusBar()->showMessage(tr("There is no AI result on screen to send."), 8000);
        return;
    }
    if (!m_results->hasPeers()) {
        statusBar()->showMessage(tr("No PACS receives AI results: mark one in Preferences > PACS."), 8000);
        return;
    }
    m_results->publish(m_worklist.currentFile(), m_view->image(), *outcome);
}

void MainWindow::showStoredOrAnalyse()
{
    const QString sop = m_currentSop;
    m_fromReportSop.clear();
    QStringList reports;
    for (const index::DocumentRecord& document : m_index->documentsAbout(sop))
        if (document.isPulmoReport()) reports << document.filePath;
    const auto analyseOrWait = [this] {
        if (automaticAnalysis())
            analyseCurrent();
        else
            m_aiPanel->showPending(tr("Press Shift+A to analyse this image."));
    };
    qCDebug(lcGui, "image %s: %d Pulmo report(s) about it in the index", qUtf8Printable(sop), int(reports.size()));
    if (reports.isEmpty()) {
        analyseOrWait();
        return;
    }
    m_aiPanel->showPending(tr("Reading the AI report the PACS holds for this image..."));
    m_fromReportSop = sop;
    m_results->findStoredResult(sop, reports, this,
                                [this, sop, analyseOrWait](const std::optional<results::StoredResult>& stored) {
                                    if (sop != m_currentSop) return;  // the reader moved on
                                    qCDebug(lcGui, "image %s: %s", qUtf8Printable(sop),
                                            stored ? "the report's result is shown" : "no report about it");
                                    if (!stored) {
                                        m_fromReportSop.clear();
                                        analyseOrWait();
                                        return;
                                    }
                                    const AiOutcome outcome = ResultPublisher::outcomeOf(*stored);
                                    m_aiPanel->showOutcome(outcome);
                                    m_verdicts->outcomeShown(sop, outcome);
                                    showAiInBrowser(m_worklist.currentSeries(), outcome);  // the AI column too
                                    m_view->clearHeatmap();  // the report has no map; its SC series shows one
                                    m_aiSettledSop = sop;
                                    Q_EMIT aiSettled();
                                });
}

void MainWindow::showHeatmap(const AiOutcome& outcome)
{
    // The map at its own resolution, weighted by the explained class's probability (PredictionHeatmap.h);
    // the view renders it per screen pixel. Reader first: none before the reveal (VerdictFlow).
    const viewer::CamMap heat = outcome.ok && outcome.model && !m_verdicts->isAiHidden()
                                    ? camMapOf(outcome.prediction, outcome.model->card.inputSize)
                                    : viewer::CamMap{};
    if (heat.isValid())
        m_view->setHeatmap(heat);
    else
        m_view->clearHeatmap();
}

void MainWindow::agree()
{
    m_verdicts->agree();
}

void MainWindow::disagree()
{
    m_verdicts->disagree();
}

void MainWindow::confirmDisagreement()
{
    m_verdicts->confirmDisagreement();
}

void MainWindow::showAiInBrowser(const QString& seriesInstanceUid, const AiOutcome& outcome)
{
    if (!outcome.ok || !outcome.model || seriesInstanceUid.isEmpty()) return;
    const int positive = outcome.model->card.positiveIndex();
    const double probability = positive >= 0 ? outcome.prediction.probabilities.at(size_t(positive)) : -1.0;
    m_model->setPositiveLabel(QString::fromStdString(outcome.model->card.positiveLabel));
    m_model->setAiResult(seriesInstanceUid, outcome.indeterminate ? tr("INDETERMINATE") : outcome.label, probability);
}

void MainWindow::startBatchAnalysis()
{
    if (!m_ai->isReady() || !m_ai->unavailableReason().isEmpty()) {
        statusBar()->showMessage(m_ai->isReady() ? m_ai->unavailableReason() : tr("The model is still loading."), 8000);
        return;
    }
    m_batch->start(m_worklist.seriesOrder());
}

bool MainWindow::isBatchAnalysing() const
{
    return m_batch->isRunning();
}

void MainWindow::queueSeriesForAnalysis(const QStringList& series)
{
    if (!m_ai->isReady() || !m_ai->unavailableReason().isEmpty()) return;
    m_batch->enqueue(series);
}

PacsBrowser* MainWindow::pacsBrowser()
{
    if (!m_pacsBrowser) m_pacsBrowser = new PacsBrowser(m_pacs, this);
    return m_pacsBrowser;
}

void MainWindow::openPacsBrowser()
{
    PacsBrowser* browser = pacsBrowser();
    browser->reloadPeers();
    browser->show();
    browser->raise();
    browser->activateWindow();
}

void MainWindow::aiStatusChanged()
{
    if (!m_ai->isReady()) {
        m_aiPanel->showPending(tr("Loading the model..."));
        return;
    }
    if (!m_ai->unavailableReason().isEmpty()) {
        m_aiPanel->showUnavailable(m_ai->unavailableReason());
        Q_EMIT aiSettled();
        return;
    }
    // The model is ready: analyse what is on screen, if that is the habit (not when the PACS's report
    // about it is shown, or being read: showStoredOrAnalyse).
    if (m_view->hasImage()) {
        if (automaticAnalysis() && m_fromReportSop != m_currentSop) analyseCurrent();
    } else if (m_status->imageMessage().isEmpty()) {
        m_aiPanel->showNoImage(tr("Nothing to analyse yet: no image is open."));
    } else {
        m_aiPanel->showNoImage(tr("This file could not be read: there is no image to analyse."));
    }
}

void MainWindow::openPaths(const QStringList& paths)
{
    m_openings->open(paths);
}

void MainWindow::indexingDone(const Opening& opening, const index::IndexReport& report)
{
    applyFilter();

    // One pass over the worklist: the series among what was opened (the first is shown, or they are
    // analysed as they arrive), how many images and studies that is, and every image for the review
    // progress.
    const index::PathRoots opened(opening.requested);
    const QStringList& order = m_worklist.seriesOrder();
    QStringList openedSeries;
    int firstSeries = -1;
    int images = 0;
    QSet<QString> studies;
    QSet<QString> worklist;
    for (int s = 0; s < order.size(); ++s) {
        bool inOpening = false;
        for (const index::InstanceRecord& instance : m_index->instances(order[s], opening.requested)) {
            // An image that cannot be read is not one to review (the browser marks its row), nor
            // is Pulmo's heatmap capture of a result.
            if (!instance.aiResultCapture &&
                m_model->unreadableReason(instance.sopInstanceUid, instance.filePath).isEmpty())
                worklist.insert(instance.sopInstanceUid);
            if (!opened.contains(instance.filePath)) continue;
            inOpening = true;
            ++images;
        }
        if (!inOpening) continue;
        openedSeries << order[s];
        if (firstSeries < 0) firstSeries = s;
        studies.insert(m_model->studyOfSeries(order[s]));
    }
    m_status->showOpeningDone(images, int(studies.size()), report);
    m_feedback->setWorklist(worklist);
    m_verdicts->updateProgress();
    if (opening.show) {  // not PACS arrivals: they only index
        // Read again: the copies under what was just opened are the ones shown.
        m_worklist.setViewRoots(opening.requested);
        if (firstSeries >= 0) showImage(m_worklist.moveTo(firstSeries, 0));
    } else if (automaticAnalysis()) {
        queueSeriesForAnalysis(openedSeries);
    }
    m_thumbnails->refill(m_worklist.seriesOrder());
    // A report about the image on screen arrived after it (a retrieve sends a study's instances in
    // any order): the report's result is shown, as if it had been there first.
    if (report.documentsIndexed > 0 && m_view->hasImage() && !m_currentSop.isEmpty() &&
        m_fromReportSop != m_currentSop) {
        const std::vector<index::DocumentRecord> about = m_index->documentsAbout(m_currentSop);
        if (std::any_of(about.begin(), about.end(),
                        [](const index::DocumentRecord& document) { return document.isPulmoReport(); }))
            showStoredOrAnalyse();
    }
    Q_EMIT openingFinished();
}

void MainWindow::applyFilter()
{
    m_browser->reload();  // the worklist follows (StudyBrowserPanel::orderChanged)
}

void MainWindow::showImage(bool moved)
{
    if (!moved) return;
    m_status->showImageMessage({});  // what was said about the image before is not about this one
    m_browser->select(m_worklist.currentSeries());
    // The reader moved on: the image asked for before is not wanted any more. A file that was being
    // decoded ahead is not decoded again: this request waits for that decode.
    const ImageLoader::Ticket previous = m_displayTicket;
    m_displayTicket = 0;
    m_displayTicket = m_loader->load(m_worklist.currentFile(), [this](const ImageLoader::Loaded& loaded) {
        m_displayTicket = 0;
        imageDecoded(loaded);
    });
    m_loader->cancel(previous);
}

void MainWindow::imageDecoded(const ImageLoader::Loaded& loaded)
{
    const std::shared_ptr<const dicom::DecodedImage>& image = loaded.image;
    if (!image) {
        m_model->setUnreadable(loaded.filePath, loaded.error);  // its study row says so
        for (const index::InstanceRecord& instance : m_worklist.instances())
            if (instance.filePath == loaded.filePath) m_feedback->leaveOutOfReview(instance.sopInstanceUid);
        m_verdicts->updateProgress();
        m_view->showMessage(loaded.error);  // the reason where the image would be, not only in the status bar
        m_currentSop.clear();               // a late answer for the image before is not shown under this file
        m_verdicts->imageCleared();
        m_status->showImageMessage(loaded.error);
        m_grid->currentImageShown();  // no priors for an image that is not there
        m_aiPanel->showNoImage(tr("This file could not be read: there is no image to analyse."));
        return;
    }
    m_status->showImageMessage({});
    if (m_view->image() != image) {
        m_view->setImage(image);
        const auto [study, studies] = m_worklist.studyPlace();
        m_view->setPosition(m_worklist.instancePosition() + 1, int(m_worklist.instances().size()), study + 1, studies);
        m_currentSop = QString::fromStdString(image->info().sopInstanceUid);
        m_verdicts->imageShown(image->info(), loaded.filePath);
        m_feedback->auditImageOpened(image->info(), loaded.filePath);
        m_aiPanel->setDeliveryText(m_results->deliveryText(m_currentSop));
        if (image->info().isAiResultCapture())  // a picture of a result: looked at, never analysed
            m_aiPanel->showCapture();
        else if (const auto cached = m_reportAsked != m_currentSop ? m_ai->cached(m_currentSop) : std::nullopt)
            aiResult(m_currentSop, *cached);
        else
            showStoredOrAnalyse();
        m_reportAsked.clear();
    }
    m_grid->currentImageShown();  // its priors beside it, in a layout with comparison views
    if (image->frameCount() >= 1) {
        // A thumbnail for the series, from what is decoded anyway.
        m_model->setThumbnail(m_worklist.currentSeries(), ThumbnailQueue::thumbnail(image));
    }
    updateWindowTitle();
    Q_EMIT imageShown(loaded.filePath);
    // Decode the next image of the worklist ahead of the reader (into the cache; nothing is shown).
    m_loader->cancel(m_prefetchTicket);
    m_prefetchTicket = 0;
    const QString next = m_worklist.fileToPrefetch();
    if (!next.isEmpty() && !m_cache->contains(next))
        m_prefetchTicket = m_loader->load(next, [this](const ImageLoader::Loaded&) { m_prefetchTicket = 0; });
}

void MainWindow::showImageOfFile(const QString& seriesInstanceUid, const QString& filePath)
{
    if (!m_worklist.moveToSeries(seriesInstanceUid)) return;
    const auto& instances = m_worklist.instances();
    const auto found = std::find_if(instances.begin(), instances.end(), [&](const index::InstanceRecord& instance) {
        return instance.filePath == filePath;
    });
    const int position = found == instances.end() ? 0 : int(found - instances.begin());
    showImage(m_worklist.moveTo(m_worklist.seriesPosition(), position));
}

void MainWindow::nextImage()
{
    showImage(m_worklist.nextImage());
}

void MainWindow::previousImage()
{
    showImage(m_worklist.previousImage());
}

void MainWindow::nextStudy()
{
    showImage(m_worklist.nextStudy());
}

void MainWindow::previousStudy()
{
    showImage(m_worklist.previousStudy());
}

void MainWindow::nextUnreviewed()
{
    const bool moved = m_worklist.nextUnreviewed([this](const index::InstanceRecord& image) {
        return m_model->needsReview(image.sopInstanceUid, image.filePath);
    });
    if (!moved) statusBar()->showMessage(tr("Every other image of the list has a verdict."), 5000);
    showImage(moved);
}

void MainWindow::updateWindowTitle()
{
    const auto image = m_view->image();
    if (!image) {
        setWindowTitle(tr("Pulmo"));
        return;
    }
    const dicom::ImageInfo& info = image->info();
    setWindowTitle(tr("%1 - %2 %3 - Pulmo (not for clinical use)")
                       .arg(viewer::displayPersonName(QString::fromStdString(info.patientName)),
                            QString::fromStdString(info.modality), QString::fromStdString(info.studyDate)));
}

void MainWindow::openFilesDialog()
{
    QSettings settings;
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open DICOM Files"),
                                                            settings.value(QStringLiteral("lastFolder")).toString());
    if (files.isEmpty()) return;
    settings.setValue(QStringLiteral("lastFolder"), QFileInfo(files.front()).absolutePath());
    openPaths(files);
}

void MainWindow::openFolderDialog()
{
    QSettings settings;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Folder"),
                                                             settings.value(QStringLiteral("lastFolder")).toString());
    if (folder.isEmpty()) return;
    settings.setValue(QStringLiteral("lastFolder"), folder);
    openPaths({folder});
}

void MainWindow::openDicomDirDialog()
{
    QSettings settings;
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Open DICOMDIR"), settings.value(QStringLiteral("lastFolder")).toString(),
                                     tr("DICOMDIR (DICOMDIR dicomdir)"));
    if (file.isEmpty()) return;
    settings.setValue(QStringLiteral("lastFolder"), QFileInfo(file).absolutePath());
    openPaths({file});
}

void MainWindow::openPreferences()
{
    Preferences current;
    current.cacheMegabytes = int(m_cache->budget() >> 20);
    current.ai = m_ai->settings();
    current.keepAiLoadedMinutes = AiController::savedKeepLoadedMinutes();
    current.reader = QSettings().value(QStringLiteral("feedback/reader")).toString();
    current.pacs = m_pacs->settings();
    current.language = savedLanguage();
    current.reading = m_verdicts->settings();
    current.results = m_results->settings();
    PreferencesDialog dialog(current, m_ai->model(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    applyPreferences(dialog.preferences());
}

void MainWindow::showAiColumn()
{
    // Reader first: the list's AI column would give the answer away before the reader's own look.
    m_tree->setColumnHidden(viewer::StudyBrowserModel::AiColumn, m_verdicts->settings().revealAfterLook);
}

void MainWindow::useAuditRepository(const PacsSettings& pacs)
{
    const QString problem = m_feedback->setAuditRepository(pacs.auditRepository, pacs.receiverTls,
                                                           QString::fromStdString(pacs.local.aeTitle));
    if (!problem.isEmpty()) statusBar()->showMessage(tr("Audit repository not used: %1").arg(problem), 0);
}

void MainWindow::applyPreferences(const Preferences& preferences)
{
    savePreferences(preferences);
    m_cache->setBudget(qint64(preferences.cacheMegabytes) << 20);
    m_feedback->setReader(preferences.reader.isEmpty() ? feedback::FeedbackStore::defaultReader() : preferences.reader);
    m_verdicts->setSettings(preferences.reading);
    showAiColumn();
    m_pacs->setSettings(preferences.pacs);
    useAuditRepository(preferences.pacs);
    m_results->setSettings(preferences.results);
    m_results->setPacsSettings(preferences.pacs);
    if (m_pacsBrowser) m_pacsBrowser->reloadPeers();
    const AiSettings& ai = preferences.ai;
    const AiSettings& old = m_ai->settings();
    if (ai.modelPath == old.modelPath && ai.device == old.device && ai.thresholdOverride == old.thresholdOverride &&
        !m_ai->aiProcessStopped())
        return;
    m_batch->stop();  // its queued work belongs to the old model
    m_ai->setSettings(ai);
}

void MainWindow::readSettings()
{
    QSettings settings;
    m_layout->captureDefault();  // for View > Reset Layout
    m_layout->restore(settings);
    m_cache->setBudget(qint64(savedCacheMegabytes()) << 20);
    const bool annotations =
        settings.value(QStringLiteral("view/annotations"), settings.value(QStringLiteral("annotations"), true))
            .toBool();
    m_annotationsAction->setChecked(annotations);
    m_grid->setAnnotationsVisible(annotations);
    m_aiPanel->setHeatmapStyle(WindowLayout::loadHeatmapStyle(settings, m_aiPanel->heatmapStyle()));
}

void MainWindow::writeSettings()
{
    QSettings settings;
    m_layout->save(settings);
    settings.setValue(QStringLiteral("view/annotations"), m_annotationsAction->isChecked());
    WindowLayout::saveHeatmapStyle(settings, m_aiPanel->heatmapStyle());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    writeSettings();
    m_openings->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    openPaths(paths);
    event->acceptProposedAction();
}

}  // namespace pulmo::app
