#include "MainWindow.h"

#include "AiPanel.h"
#include "BatchAnalysis.h"
#include "StudyBrowserPanel.h"
#include "ThumbnailQueue.h"
#include "FeedbackSession.h"
#include "FeedbackStore.h"
#include "PacsBrowser.h"
#include "PacsController.h"
#include "PredictionHeatmap.h"
#include "PreferencesDialog.h"
#include "Translations.h"
#include "cache/ImageCache.h"
#include "ErrorText.h"
#include "widgets/PersonName.h"
#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"
#include "widgets/ImageView.h"
#include "widgets/StudyBrowserModel.h"

#include <QAction>
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
#include <QProgressDialog>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QStatusBar>
#include <QDir>
#include <QStandardPaths>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <array>
#include <cmath>

#include <cstring>

namespace pulmo::app {
namespace {

constexpr int kDefaultCacheMegabytes = 1024;

}  // namespace

AiSettings MainWindow::savedAiSettings()
{
    QSettings settings;
    AiSettings ai;
    ai.modelPath = settings.value(QStringLiteral("ai/model")).toString();
    if (ai.modelPath.isEmpty()) ai.modelPath = QStringLiteral(PULMO_DEMO_MODEL);
    ai.device = settings.value(QStringLiteral("ai/device"), QStringLiteral("auto")).toString();
    bool ok = false;
    const double threshold = settings.value(QStringLiteral("ai/threshold")).toDouble(&ok);
    if (ok && threshold > 0.0 && threshold <= 1.0) ai.thresholdOverride = threshold;
    return ai;
}

MainWindow::MainWindow(const QString& indexDatabase, const AiSettings& ai, QWidget* parent)
    : QMainWindow(parent),
      m_indexDatabase(indexDatabase),
      m_index(std::make_unique<index::StudyIndex>(indexDatabase)),
      m_cache(std::make_unique<viewer::ImageCache>(qint64(kDefaultCacheMegabytes) << 20))
{
    setWindowTitle(tr("Pulmo"));
    setAcceptDrops(true);
    m_view = new viewer::ImageView(this);
    setCentralWidget(m_view);
    createBrowser();
    m_ai = new AiController(ai, this);
    m_batch = new BatchAnalysis(m_ai, m_index.get(), this);
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
        m_pacs = new PacsController(PacsSettings::load(), received, m_feedback, this);
    }
    m_arrivalTimer = new QTimer(this);
    m_arrivalTimer->setSingleShot(true);
    m_arrivalTimer->setInterval(400);  // index arrivals in batches, not one indexing run per instance
    connect(m_arrivalTimer, &QTimer::timeout, this, &MainWindow::indexArrivals);
    connect(m_pacs, &PacsController::instanceReceived, this,
            [this](const QString& filePath) { instanceArrived(filePath); });
    // The first image of a batch of retrieves opens; the rest go to the browser (and the AI).
    connect(m_pacs, &PacsController::batchStarted, this, [this] { m_showNextArrival = true; });
    createAiDock();
    createActions();
    createStatusBar();
    connect(&m_indexWatcher, &QFutureWatcher<index::IndexReport>::finished, this, &MainWindow::indexingDone);
    readSettings();
    m_model->reload();
    m_seriesOrder = m_model->seriesInOrder();
}

MainWindow::~MainWindow()
{
    if (m_cancelIndexing) *m_cancelIndexing = true;
    m_indexWatcher.waitForFinished();
    // Decoding jobs hold no pointer to this window (their results arrive through queued calls
    // guarded by a QPointer), so they may finish on their own.
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
    if (sopInstanceUid == m_currentSop && m_seriesPosition >= 0)
        showAiInBrowser(m_seriesOrder.value(m_seriesPosition), outcome);
    if (sopInstanceUid != m_currentSop) return;  // an answer for an image no longer on screen
    m_aiPanel->showOutcome(outcome);
    m_aiPanel->setVerdictEnabled(outcome.ok);
    if (m_aiSettledSop != sopInstanceUid) {
        m_feedback->auditPredictionShown(sopInstanceUid, outcome);
    }
    m_aiSettledSop = sopInstanceUid;
    QMetaObject::invokeMethod(this, &MainWindow::aiSettled, Qt::QueuedConnection);  // after the heatmap below
    // The map at its own resolution, weighted by the explained class's probability (PredictionHeatmap.h);
    // the view renders it per screen pixel.
    const viewer::CamMap heat =
        outcome.ok && outcome.model ? camMapOf(outcome.prediction, outcome.model->card.inputSize) : viewer::CamMap{};
    if (heat.isValid())
        m_view->setHeatmap(heat);
    else
        m_view->clearHeatmap();
}

void MainWindow::agree()
{
    saveVerdict(QStringLiteral("agree"), {}, {});
}

void MainWindow::disagree()
{
    const auto outcome = m_ai->cached(m_currentSop);
    if (!outcome) {
        m_aiPanel->showSaveResult(false, tr("Nothing to disagree with yet: no AI result for this image."));
        return;
    }
    m_aiPanel->beginDisagreement(outcome->label);
}

void MainWindow::confirmDisagreement()
{
    if (!m_aiPanel->isDisagreeing()) return;
    saveVerdict(QStringLiteral("disagree"), m_aiPanel->correctedLabel(), m_aiPanel->comment());
}

void MainWindow::saveVerdict(const QString& verdict, const QString& correctedLabel, const QString& comment)
{
    const auto image = m_view->image();
    const auto outcome = m_ai->cached(m_currentSop);
    if (!image || !outcome) {
        m_aiPanel->showSaveResult(false, tr("Not saved: no AI result for the image on screen."));
        return;
    }
    if (!m_savingSop.isEmpty()) return;  // one verdict at a time: the last one is still being written
    m_savingSop = m_currentSop;
    m_aiPanel->showSaving();
    m_feedback->saveVerdict(image->info(), m_currentFile, *outcome, verdict, correctedLabel, comment, this,
                            [this](const FeedbackSession::SaveResult& result) { verdictSaveFinished(result); });
}

void MainWindow::verdictSaveFinished(const FeedbackSession::SaveResult& result)
{
    m_savingSop.clear();
    updateReviewProgress();
    if (result.sopInstanceUid != m_currentSop) {  // the reader moved on meanwhile: tell them where they are
        statusBar()->showMessage(result.message, result.saved ? 5000 : 0);
        return;
    }
    m_aiPanel->showSaveResult(result.saved, result.message);
    if (!result.saved) return;  // the reader is told; the image stays for another try
    m_view->setFocus();
    nextImage();
}

void MainWindow::updateReviewProgress()
{
    m_aiPanel->setProgress(m_feedback->progressText());
}

void MainWindow::showAiInBrowser(const QString& seriesInstanceUid, const AiOutcome& outcome)
{
    if (!outcome.ok || !outcome.model || seriesInstanceUid.isEmpty()) return;
    const int positive = outcome.model->card.positiveIndex();
    const double probability = positive >= 0 ? outcome.prediction.probabilities.at(size_t(positive)) : -1.0;
    m_model->setAiResult(seriesInstanceUid, outcome.indeterminate ? tr("INDETERMINATE") : outcome.label, probability);
}

void MainWindow::startBatchAnalysis()
{
    if (!m_ai->isReady() || !m_ai->unavailableReason().isEmpty()) {
        statusBar()->showMessage(m_ai->isReady() ? m_ai->unavailableReason() : tr("The model is still loading."), 8000);
        return;
    }
    m_batch->start(m_seriesOrder);
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

void MainWindow::instanceArrived(const QString& filePath)
{
    if (m_showNextArrival) {
        m_showNextArrival = false;
        openPaths({filePath});  // the reader sees the study as soon as its first image is here
        return;
    }
    m_arrivals << filePath;
    if (!m_arrivalTimer->isActive()) m_arrivalTimer->start();
}

void MainWindow::indexArrivals()
{
    if (m_arrivals.isEmpty()) return;
    Opening opening;
    opening.files = m_arrivals;
    opening.requested = m_arrivals;
    opening.show = false;
    m_arrivals.clear();
    if (m_indexWatcher.isRunning())
        m_pendingOpenings.push_back(opening);
    else
        startIndexing(opening);
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
    // The model is ready: analyse what is on screen, if that is the habit.
    if (m_view->hasImage() && automaticAnalysis()) analyseCurrent();
}

void MainWindow::openPaths(const QStringList& paths)
{
    Opening opening;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            opening.folders << info.absoluteFilePath();
        } else if (info.fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) == 0) {
            try {
                for (const std::string& file : dicom::dicomDirectoryFiles(info.absoluteFilePath().toStdString()))
                    opening.files << QString::fromStdString(file);
            } catch (const dicom::DicomError& error) {
                QMessageBox::warning(this, tr("Cannot open DICOMDIR"), ErrorText::dicom(error));
            }
        } else {
            opening.files << info.absoluteFilePath();
        }
        opening.requested << info.absoluteFilePath();
    }
    if (opening.folders.isEmpty() && opening.files.isEmpty()) return;
    if (opening.requested.size() == 1 &&
        QFileInfo(opening.requested.front()).fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) == 0)
        opening.requested = opening.files;
    if (m_indexWatcher.isRunning()) {
        m_pendingOpenings.push_back(opening);
        return;
    }
    startIndexing(opening);
}

void MainWindow::startIndexing(const Opening& opening)
{
    m_currentOpening = opening;
    m_cancelIndexing = std::make_shared<std::atomic_bool>(false);
    m_progress->setRange(0, 0);
    m_progress->show();
    m_cancelButton->show();
    m_summaryLabel->setText(tr("Indexing..."));
    const QString database = m_indexDatabase;
    const auto cancel = m_cancelIndexing;
    QPointer<MainWindow> self(this);
    const auto progress = [self](int done, int total, const QString&) {
        QMetaObject::invokeMethod(
            qApp,
            [self, done, total] {
                if (!self) return;
                self->m_progress->setRange(0, std::max(total, 1));
                self->m_progress->setValue(done);
            },
            Qt::QueuedConnection);
    };
    m_indexWatcher.setFuture(QtConcurrent::run([database, opening, cancel, progress] {
        index::StudyIndex index(database);  // this thread's own connection
        index::IndexReport report;
        if (!opening.folders.isEmpty()) report = index.indexFolders(opening.folders, progress, cancel.get());
        if (!opening.files.isEmpty() && !*cancel) {
            index::IndexReport files = index.indexFiles(opening.files, progress, cancel.get());
            report.filesSeen += files.filesSeen;
            report.indexed += files.indexed;
            report.unchanged += files.unchanged;
            report.skipped += files.skipped;
            report.cancelled = report.cancelled || files.cancelled;
            report.skippedFiles.insert(report.skippedFiles.end(), files.skippedFiles.begin(), files.skippedFiles.end());
            report.seconds += files.seconds;
        }
        return report;
    }));
}

void MainWindow::indexingDone()
{
    m_progress->hide();
    m_cancelButton->hide();
    index::IndexReport report;
    try {
        report = m_indexWatcher.result();
    } catch (const std::exception& error) {
        m_summaryLabel->setText(tr("Indexing failed: %1").arg(ErrorText::of(error)));
        Q_EMIT openingFinished();
        return;
    }
    m_skipped = report.skippedFiles;
    applyFilter();

    // One pass over the worklist: the series among what was opened (the first is shown, or they are
    // analysed as they arrive), how many images and studies that is, and every image for the review
    // progress.
    const index::PathRoots opened(m_currentOpening.requested);
    QStringList openedSeries;
    int firstSeries = -1;
    int images = 0;
    QSet<QString> studies;
    QSet<QString> worklist;
    for (int s = 0; s < m_seriesOrder.size(); ++s) {
        bool inOpening = false;
        for (const index::InstanceRecord& instance : m_index->instances(m_seriesOrder[s], m_currentOpening.requested)) {
            worklist.insert(instance.sopInstanceUid);
            if (!opened.contains(instance.filePath)) continue;
            inOpening = true;
            ++images;
        }
        if (!inOpening) continue;
        openedSeries << m_seriesOrder[s];
        if (firstSeries < 0) firstSeries = s;
        const QModelIndex found = m_model->seriesIndex(m_seriesOrder[s]);
        studies.insert(m_model->data(found.parent(), viewer::StudyBrowserModel::KeyRole).toString());
    }
    // Plural forms come from the translation (pulmo_en.qm holds English's: "1 image", "2 images").
    m_summary = tr("%1 in %2", "images in studies")
                    .arg(tr("%Ln image(s)", nullptr, images), tr("%Ln study(s)", nullptr, int(studies.size())));
    if (report.skipped > 0) m_summary = tr("%1, %Ln file(s) skipped", nullptr, report.skipped).arg(m_summary);
    if (report.cancelled) m_summary = tr("%1 (indexing cancelled)").arg(m_summary);
    m_summaryLabel->setText(m_summary);
    m_detailsButton->setVisible(report.skipped > 0);
    m_feedback->setWorklist(worklist);
    updateReviewProgress();
    if (m_currentOpening.show) {  // not PACS arrivals: they only index
        m_viewRoots = m_currentOpening.requested;
        if (firstSeries >= 0) {
            m_instances.clear();  // read again: the copies under what was just opened are the ones shown
            showSeries(firstSeries, 0);
        }
    } else if (automaticAnalysis()) {
        queueSeriesForAnalysis(openedSeries);
    }
    m_thumbnails->refill(m_seriesOrder);
    Q_EMIT openingFinished();

    if (!m_pendingOpenings.empty()) {
        const Opening next = m_pendingOpenings.front();
        m_pendingOpenings.erase(m_pendingOpenings.begin());
        startIndexing(next);
    }
}

void MainWindow::applyFilter()
{
    const QString current = m_seriesPosition >= 0 ? m_seriesOrder.value(m_seriesPosition) : QString();
    m_browser->reload();
    m_seriesOrder = m_model->seriesInOrder();
    m_seriesPosition = m_seriesOrder.indexOf(current);
}

void MainWindow::showSeries(int seriesPosition, int instancePosition)
{
    if (seriesPosition < 0 || seriesPosition >= m_seriesOrder.size()) return;
    if (seriesPosition != m_seriesPosition || m_instances.empty()) {
        m_seriesPosition = seriesPosition;
        m_instances = m_index->instances(m_seriesOrder[seriesPosition], m_viewRoots);
    }
    if (m_instances.empty()) return;
    m_instancePosition = std::clamp(instancePosition, 0, int(m_instances.size()) - 1);
    m_browser->select(m_seriesOrder[seriesPosition]);
    requestImage(m_instances[size_t(m_instancePosition)].filePath, true);
}

void MainWindow::requestImage(const QString& filePath, bool display)
{
    if (display) {
        ++m_generation;
        m_currentFile = filePath;
    }
    if (auto cached = m_cache->find(filePath)) {
        if (display) imageDecoded(filePath, cached, {}, m_generation, true);
        return;
    }
    if (m_decoding.contains(filePath)) return;  // on its way; a display request takes it when it lands
    m_decoding << filePath;
    const quint64 generation = m_generation;
    QPointer<MainWindow> self(this);
    ++m_backgroundJobs;
    QThreadPool::globalInstance()->start([self, filePath, generation, display] {
        std::shared_ptr<const dicom::DecodedImage> image;
        QString error;
        try {
            image = dicom::loadImage(filePath.toStdString());
        } catch (const std::exception& exception) {
            error = ErrorText::of(exception);  // QCoreApplication::translate is thread-safe
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, filePath, image, error, generation, display] {
                if (self) self->imageDecoded(filePath, image, error, generation, display);
            },
            Qt::QueuedConnection);
    });
}

void MainWindow::imageDecoded(const QString& filePath, std::shared_ptr<const dicom::DecodedImage> image,
                              const QString& error, quint64 generation, bool)
{
    if (m_decoding.removeAll(filePath) > 0) --m_backgroundJobs;
    if (image) m_cache->insert(filePath, image);
    // Shown if it is what the reader asked for last, whether requested for display or prefetched.
    if (filePath != m_currentFile || generation > m_generation) return;
    if (!image) {
        m_view->clear();
        statusBar()->showMessage(error, 10000);
        return;
    }
    if (m_view->image() != image) {
        m_view->setImage(image);
        m_currentSop = QString::fromStdString(image->info().sopInstanceUid);
        m_aiPanel->setVerdictEnabled(false);
        m_feedback->auditImageOpened(image->info(), filePath);
        if (const auto cached = m_ai->cached(m_currentSop))
            aiResult(m_currentSop, *cached);
        else if (automaticAnalysis())
            analyseCurrent();
        else
            m_aiPanel->showPending(tr("Press Shift+A to analyse this image."));
    }
    if (image->frameCount() >= 1) {
        // A thumbnail for the series, from what is decoded anyway.
        m_model->setThumbnail(m_seriesOrder.value(m_seriesPosition), ThumbnailQueue::thumbnail(image));
    }
    updateWindowTitle();
    Q_EMIT imageShown(filePath);
    prefetchNext();
}

void MainWindow::prefetchNext()
{
    // Decode the next image of the worklist ahead of the reader.
    QString next;
    if (m_instancePosition + 1 < int(m_instances.size())) {
        next = m_instances[size_t(m_instancePosition + 1)].filePath;
    } else if (m_seriesPosition + 1 < m_seriesOrder.size()) {
        const auto instances = m_index->instances(m_seriesOrder[m_seriesPosition + 1], m_viewRoots);
        if (!instances.empty()) next = instances.front().filePath;
    }
    if (!next.isEmpty() && !m_cache->contains(next)) requestImage(next, false);
}

void MainWindow::nextImage()
{
    if (m_instancePosition + 1 < int(m_instances.size()))
        showSeries(m_seriesPosition, m_instancePosition + 1);
    else
        nextStudy();
}

void MainWindow::previousImage()
{
    if (m_instancePosition > 0)
        showSeries(m_seriesPosition, m_instancePosition - 1);
    else
        previousStudy();
}

void MainWindow::nextStudy()
{
    if (m_seriesPosition + 1 < m_seriesOrder.size()) showSeries(m_seriesPosition + 1, 0);
}

void MainWindow::previousStudy()
{
    if (m_seriesPosition > 0) showSeries(m_seriesPosition - 1, 0);
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

void MainWindow::showSkippedDetails()
{
    QStringList lines;
    for (const index::SkippedFile& skipped : m_skipped)
        lines << ErrorText::skippedFile(skipped.filePath, skipped.cause);
    QMessageBox box(QMessageBox::Information, tr("Skipped files"),
                    tr("%Ln file(s) were not opened: they are not DICOM images or could not be read.", nullptr,
                       int(m_skipped.size())),
                    QMessageBox::Ok, this);
    box.setDetailedText(lines.join(QLatin1Char('\n')));
    box.exec();
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
    current.reader = QSettings().value(QStringLiteral("feedback/reader")).toString();
    current.pacs = m_pacs->settings();
    current.language = savedLanguage();
    PreferencesDialog dialog(current, m_ai->model(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    applyPreferences(dialog.preferences());
}

void MainWindow::applyPreferences(const Preferences& preferences)
{
    QSettings settings;
    m_cache->setBudget(qint64(preferences.cacheMegabytes) << 20);
    saveLanguage(preferences.language);  // at the next start
    settings.setValue(QStringLiteral("cacheMegabytes"), preferences.cacheMegabytes);
    if (preferences.reader.isEmpty())
        settings.remove(QStringLiteral("feedback/reader"));
    else
        settings.setValue(QStringLiteral("feedback/reader"), preferences.reader);
    m_feedback->setReader(preferences.reader.isEmpty() ? feedback::FeedbackStore::defaultReader() : preferences.reader);
    preferences.pacs.save();
    m_pacs->setSettings(preferences.pacs);
    if (m_pacsBrowser) m_pacsBrowser->reloadPeers();
    const AiSettings& ai = preferences.ai;
    settings.setValue(QStringLiteral("ai/model"), ai.modelPath);
    settings.setValue(QStringLiteral("ai/device"), ai.device);
    settings.setValue(QStringLiteral("ai/threshold"),
                      ai.thresholdOverride ? QVariant(*ai.thresholdOverride) : QVariant());
    const AiSettings& old = m_ai->settings();
    if (ai.modelPath == old.modelPath && ai.device == old.device && ai.thresholdOverride == old.thresholdOverride)
        return;
    m_batch->stop();  // its queued work belongs to the old model
    m_ai->setSettings(ai);
}

void MainWindow::exportForRetraining()
{
    if (!m_feedback->isAvailable()) {
        QMessageBox::warning(this, tr("Export"),
                             tr("The feedback database is unavailable: %1").arg(m_feedback->unavailableReason()));
        return;
    }
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export into an empty folder"));
    if (!folder.isEmpty()) exportForRetrainingInto(folder);
}

void MainWindow::exportForRetrainingInto(const QString& folder)
{
    if (!m_feedback->isAvailable()) {
        Q_EMIT retrainingExportFinished(
            false, tr("The feedback database is unavailable: %1").arg(m_feedback->unavailableReason()));
        return;
    }
    auto* dialog = new QProgressDialog(tr("Exporting reviewed images..."), QString(), 0, 0, this);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(0);
    dialog->show();
    QPointer<QProgressDialog> progressDialog(dialog);
    m_feedback->exportForRetraining(
        folder, this,
        [progressDialog](int done, int total) {
            if (!progressDialog) return;
            progressDialog->setMaximum(total);
            progressDialog->setValue(done);
        },
        [this, progressDialog](bool ok, const QString& message) {
            if (progressDialog) progressDialog->deleteLater();
            auto* box = new QMessageBox(ok ? QMessageBox::Information : QMessageBox::Warning, tr("Export"), message,
                                        QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();  // not exec(): the window goes on while the reader reads it
            Q_EMIT retrainingExportFinished(ok, message);
        });
}

void MainWindow::readSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("windowState")).toByteArray());
    m_cache->setBudget(qint64(settings.value(QStringLiteral("cacheMegabytes"), kDefaultCacheMegabytes).toInt()) << 20);
    const bool annotations = settings.value(QStringLiteral("annotations"), true).toBool();
    m_annotationsAction->setChecked(annotations);
    m_view->setAnnotationsVisible(annotations);
}

void MainWindow::writeSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("windowState"), saveState());
    settings.setValue(QStringLiteral("annotations"), m_annotationsAction->isChecked());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    writeSettings();
    if (m_cancelIndexing) *m_cancelIndexing = true;
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
