// MainWindow's construction: the Studies and AI docks, the menus with their shortcuts, and the
// status bar. The behaviour behind them is in MainWindow.cpp.
#include "MainWindow.h"

#include "StatusLine.h"

#include "AiPanel.h"
#include "BatchAnalysis.h"
#include "ThumbnailQueue.h"
#include "StudyBrowserPanel.h"
#include "StudyExports.h"
#include "VerdictFlow.h"
#include "ViewportGrid.h"
#include "FeedbackSession.h"
#include "HelpDialogs.h"
#include "MonitoringBanner.h"
#include "OpeningQueue.h"
#include "PacsBrowser.h"
#include "PacsController.h"
#include "PreferencesDialog.h"
#include "WindowLayout.h"
#include "widgets/ImageView.h"
#include "widgets/StudyBrowserModel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QTableView>

#include <algorithm>
#include <array>
#include <cmath>

namespace pulmo::app {

void MainWindow::createBrowser()
{
    m_browser = new StudyBrowserPanel(m_index.get(), this);
    m_model = m_browser->model();
    m_tree = m_browser->table();
    m_thumbnails = new ThumbnailQueue(m_index.get(), m_model, m_loader, this);
    // Next and previous follow the list as the reader sees it: sorted and filtered.
    connect(
        m_browser, &StudyBrowserPanel::orderChanged, this,
        [this](const QStringList& series, const QStringList& studies) { m_worklist.setSeriesOrder(series, studies); });
    connect(m_browser, &StudyBrowserPanel::stripShown, m_thumbnails, &ThumbnailQueue::prioritise);
    connect(m_browser, &StudyBrowserPanel::filterChanged, this, &MainWindow::applyFilter);
    connect(m_browser, &StudyBrowserPanel::seriesActivated, this,
            [this](const QString& series) { showImage(m_worklist.moveToSeries(series)); });
    // A report's tile shows the image the report is about (the AI panel hooks documentActivated).
    connect(m_browser, &StudyBrowserPanel::imageActivated, this, &MainWindow::showImageOfFile);
    auto* dock = new QDockWidget(tr("Studies"), this);
    dock->setObjectName(QStringLiteral("StudiesDock"));
    dock->setWidget(m_browser);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
}

void MainWindow::createActions()
{
    m_layout = new WindowLayout(this);
    const auto make = [this](const QString& text, const QKeySequence& shortcut, const QString& tip, auto slot) {
        auto* action = new QAction(text, this);
        action->setShortcut(shortcut);
        action->setToolTip(tr("%1 (%2)", "tool tip (shortcut)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
        action->setStatusTip(tip);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);  // shortcuts work with menus hidden too
        return action;
    };

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(
        make(tr("&Open Files..."), QKeySequence::Open, tr("Open DICOM files"), &MainWindow::openFilesDialog));
    file->addAction(make(tr("Open &Folder..."), QKeySequence(tr("Ctrl+Shift+O")),
                         tr("Open every DICOM file under a folder"), &MainWindow::openFolderDialog));
    file->addAction(make(tr("Open &DICOMDIR..."), QKeySequence(tr("Ctrl+D")), tr("Open the studies a DICOMDIR lists"),
                         &MainWindow::openDicomDirDialog));
    file->addAction(make(tr("&Query PACS..."), QKeySequence(tr("Ctrl+Shift+F")),
                         tr("Find studies on a PACS and retrieve them (C-FIND, C-MOVE, C-GET)"),
                         &MainWindow::openPacsBrowser));
    file->addSeparator();
    file->addAction(make(tr("&Export for Retraining..."), QKeySequence(tr("Ctrl+E")),
                         tr("Write the reviewed images as a de-identified ImageFolder tree, split by patient"),
                         [this] { m_exports->exportForRetraining(); }));
    file->addAction(make(tr("Export De-&identified Study..."), QKeySequence(tr("Ctrl+Shift+E")),
                         tr("Write the study on screen as DICOM without the patient's identity"),
                         [this] { m_exports->exportDeidentifiedStudy(); }));
    file->addSeparator();
    file->addAction(make(tr("&Preferences..."), QKeySequence(tr("Ctrl+,")), tr("Cache size and other settings"),
                         &MainWindow::openPreferences));
    file->addSeparator();
    file->addAction(make(tr("&Quit"), QKeySequence::Quit, tr("Quit Pulmo"), &QWidget::close));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undoAction =
        make(tr("&Undo Verdict"), QKeySequence::Undo,
             tr("Withdraw the last verdict of this session (it stays in the history)"), [this] { m_verdicts->undo(); });
    undoAction->setAutoRepeat(false);
    edit->addAction(undoAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(make(tr("&Fit to Window"), QKeySequence(tr("F")), tr("Fit the image to the window"),
                         [this] { m_view->fitToWindow(); }));
    view->addAction(make(tr("&Actual Size (1:1)"), QKeySequence(tr("Ctrl+0")), tr("One image pixel per screen pixel"),
                         [this] { m_view->actualSize(); }));
    QAction* zoomIn = make(tr("Zoom &In"), QKeySequence(tr("+")), tr("Zoom in"), [this] { m_view->zoomIn(); });
    // '=' too: the unshifted '+' key of most keyboards; and the platform's Ctrl++.
    zoomIn->setShortcuts({QKeySequence(tr("+")), QKeySequence(tr("=")), QKeySequence(QKeySequence::ZoomIn)});
    view->addAction(zoomIn);
    QAction* zoomOut = make(tr("Zoom &Out"), QKeySequence(tr("-")), tr("Zoom out"), [this] { m_view->zoomOut(); });
    zoomOut->setShortcuts({QKeySequence(tr("-")), QKeySequence(QKeySequence::ZoomOut)});
    view->addAction(zoomOut);
    view->addSeparator();
    view->addAction(make(tr("Rotate &Right"), QKeySequence(tr("R")), tr("Rotate 90 degrees clockwise"),
                         [this] { m_view->rotateClockwise(); }));
    view->addAction(make(tr("Rotate &Left"), QKeySequence(tr("Shift+R")), tr("Rotate 90 degrees counter-clockwise"),
                         [this] { m_view->rotateCounterClockwise(); }));
    view->addAction(make(tr("Flip &Horizontally"), QKeySequence(tr("X")), tr("Mirror left and right"),
                         [this] { m_view->flipHorizontally(); }));
    view->addAction(make(tr("Flip &Vertically"), QKeySequence(tr("Y")), tr("Mirror top and bottom"),
                         [this] { m_view->flipVertically(); }));
    view->addAction(
        make(tr("&Invert"), QKeySequence(tr("I")), tr("Invert the grey scale"), [this] { m_view->toggleInvert(); }));
    view->addAction(make(tr("&Reset"), QKeySequence(tr("Home")), tr("Reset zoom, rotation, flips, invert and window"),
                         [this] { m_view->resetView(); }));
    view->addSeparator();
    m_annotationsAction = make(tr("&Annotations"), QKeySequence(tr("O")), tr("Show or hide the corner annotations"),
                               [this](bool on) { m_grid->setAnnotationsVisible(on); });
    m_annotationsAction->setCheckable(true);
    m_annotationsAction->setChecked(true);
    view->addAction(m_annotationsAction);
    m_rulerAction =
        make(tr("&Measure Distance"), QKeySequence(tr("M")),
             tr("Drag to measure a distance in millimetres (left button)"), [this](bool on) {
                 m_view->setTool(on ? viewer::ImageView::Tool::Ruler : viewer::ImageView::Tool::WindowLevel);
             });
    m_rulerAction->setCheckable(true);
    view->addAction(m_rulerAction);
    connect(m_view, &viewer::ImageView::toolChanged, m_rulerAction, [this](viewer::ImageView::Tool tool) {
        m_rulerAction->setChecked(tool == viewer::ImageView::Tool::Ruler);
    });
    view->addAction(make(tr("&Clear Measurements"), QKeySequence(QKeySequence::Delete),
                         tr("Remove every distance measurement"), [this] { m_view->clearRulers(); }));
    // The image beside its priors (ViewportGrid.h).
    view->addSeparator();
    QMenu* viewports = view->addMenu(tr("La&yout"));
    auto* layouts = new QActionGroup(this);
    struct LayoutChoice {
        ViewportGrid::Layout layout;
        QString name;
        const char* keys;
        QString tip;
    };
    const std::array<LayoutChoice, 3> choices{
        {{ViewportGrid::Layout::Single, tr("&Single View (1 x 1)"), "Ctrl+1", tr("One view: the image being read")},
         {ViewportGrid::Layout::SideBySide, tr("Side by Side (1 x &2)"), "Ctrl+2",
          tr("The image beside the patient's most recent earlier study")},
         {ViewportGrid::Layout::TwoByTwo, tr("&Four Views (2 x 2)"), "Ctrl+4",
          tr("The image and the patient's three most recent earlier studies")}}};
    for (const LayoutChoice& choice : choices) {
        const ViewportGrid::Layout layout = choice.layout;
        QAction* action = make(choice.name, QKeySequence(QString::fromLatin1(choice.keys)), choice.tip,
                               [this, layout] { m_grid->setLayout(layout); });
        action->setCheckable(true);
        action->setChecked(m_grid->layout() == layout);
        layouts->addAction(action);
        viewports->addAction(action);
    }
    QAction* linkViews =
        make(tr("Lin&k Views"), QKeySequence(tr("L")), tr("Window/level, zoom and pan change in every view at once"),
             [this](bool on) { m_grid->setLinked(on); });
    linkViews->setCheckable(true);
    linkViews->setChecked(m_grid->linked());
    view->addAction(linkViews);
    view->addAction(make(tr("Ol&der Prior"), QKeySequence(tr("[")), tr("Show the next older prior study beside"),
                         [this] { m_grid->olderPrior(); }));
    view->addAction(make(tr("Ne&wer Prior"), QKeySequence(tr("]")), tr("Show the next newer prior study beside"),
                         [this] { m_grid->newerPrior(); }));
    // The window's frame (WindowLayout.h): a closed dock comes back from Panels.
    view->addSeparator();
    m_layout->attachPanelsMenu(view->addMenu(tr("&Panels")));
    QAction* resetLayout = view->addAction(tr("Reset &Layout"));
    resetLayout->setStatusTip(tr("Put the panels and toolbars back where they were at first"));
    connect(resetLayout, &QAction::triggered, m_layout, &WindowLayout::resetLayout);

    QMenu* aiMenu = menuBar()->addMenu(tr("&AI"));
    m_heatmapAction = make(tr("&Heatmap"), QKeySequence(tr("H")), tr("Show or hide the AI's heatmap"), [this](bool on) {
        auto style = m_aiPanel->heatmapStyle();
        style.visible = on;
        m_aiPanel->setHeatmapStyle(style);
    });
    m_heatmapAction->setCheckable(true);
    m_heatmapAction->setChecked(true);
    aiMenu->addAction(m_heatmapAction);
    // The outline leaves the opacity the map points at visible inside its lines (HeatmapStyle::Shape).
    m_heatmapOutlineAction =
        make(tr("Heatmap as &Outline"), QKeySequence(tr("Shift+H")),
             tr("Draw the heatmap as contour lines, so that what it points at stays visible"), [this](bool on) {
                 auto style = m_aiPanel->heatmapStyle();
                 style.shape = on ? viewer::HeatmapStyle::Shape::Contour : viewer::HeatmapStyle::Shape::Filled;
                 m_aiPanel->setHeatmapStyle(style);
             });
    m_heatmapOutlineAction->setCheckable(true);
    aiMenu->addAction(m_heatmapOutlineAction);
    aiMenu->addAction(make(tr("&Analyse Image"), QKeySequence(tr("Shift+A")),
                           tr("Ask the AI about the image on screen"), &MainWindow::analyseCurrent));
    m_automaticAction =
        make(tr("A&utomatic Analysis"), QKeySequence(tr("Ctrl+Shift+A")), tr("Analyse every image when it is shown"),
             [](bool on) { QSettings().setValue(QStringLiteral("ai/automatic"), on); });
    m_automaticAction->setCheckable(true);
    m_automaticAction->setChecked(QSettings().value(QStringLiteral("ai/automatic"), true).toBool());
    aiMenu->addAction(m_automaticAction);
    aiMenu->addSeparator();
    aiMenu->addAction(make(tr("&Send Result to PACS"), QKeySequence(tr("Ctrl+Shift+S")),
                           tr("Store the AI's report and heatmap on the PACS nodes marked \"AI results\""),
                           &MainWindow::sendCurrentResult));
    aiMenu->addSeparator();
    // A held key is one verdict, not one per auto-repeat (VerdictFlow.h says what else must hold).
    QAction* agreeAction = make(tr("A&gree"), QKeySequence(tr("A")), tr("The AI is right: save the verdict and go on"),
                                &MainWindow::agree);
    agreeAction->setAutoRepeat(false);
    aiMenu->addAction(agreeAction);
    QAction* disagreeAction = make(tr("&Disagree..."), QKeySequence(tr("D")),
                                   tr("The AI is wrong: choose the right label, then Enter"), &MainWindow::disagree);
    disagreeAction->setAutoRepeat(false);
    aiMenu->addAction(disagreeAction);
    QAction* changeAction = make(tr("&Change Verdict"), QKeySequence(tr("C")),
                                 tr("Give an image that has a verdict a new one"), [this] { m_verdicts->change(); });
    changeAction->setAutoRepeat(false);
    aiMenu->addAction(changeAction);
    aiMenu->addAction(make(tr("Cancel Disagreement"), QKeySequence(Qt::Key_Escape),
                           tr("Back out of a disagreement or a change"), [this] { m_verdicts->cancel(); }));
    QAction* revealAction =
        make(tr("&Reveal AI Result"), QKeySequence(Qt::Key_Space),
             tr("Show the AI's label, probabilities and heatmap after your own first look (Preferences: Show the AI "
                "after my first look)"),
             [this] { m_verdicts->reveal(); });
    revealAction->setAutoRepeat(false);
    aiMenu->addAction(revealAction);
    aiMenu->addSeparator();
    aiMenu->addAction(make(tr("Analyse A&ll Studies"), QKeySequence(tr("Ctrl+Shift+L")),
                           tr("Analyse every study of the list in the background; sort the AI column to triage"),
                           &MainWindow::startBatchAnalysis));
    aiMenu->addSeparator();
    {
        auto* monitoring = new QAction(tr("Model &Monitoring..."), this);
        monitoring->setObjectName(QStringLiteral("modelMonitoringAction"));
        monitoring->setStatusTip(
            tr("Whether the model still sees the images it was accepted on, still predicts as "
               "it did, still agrees with the readers and still passes its golden set"));
        connect(monitoring, &QAction::triggered, m_monitoring, &MonitoringBanner::openModelMonitoring);
        aiMenu->addAction(monitoring);
    }

    QMenu* window = menuBar()->addMenu(tr("&Window/Level"));
    auto* presets = addToolBar(tr("Window presets"));
    presets->setObjectName(QStringLiteral("PresetsToolBar"));
    const QStringList names{tr("From File"), tr("Lung"), tr("Mediastinum"), tr("Bone"), tr("Full Range")};
    // The active preset is checked; none once the reader drags the window ("Custom" in the corner).
    auto* presetGroup = new QActionGroup(this);
    presetGroup->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    const auto checkPreset = [presetGroup](int index) {
        const QList<QAction*> actions = presetGroup->actions();
        for (int i = 0; i < actions.size(); ++i) actions[i]->setChecked(i == index);
    };
    for (int i = 0; i < names.size(); ++i) {
        QAction* preset = make(names[i], QKeySequence(QString::number(i + 1)), tr("Window preset: %1").arg(names[i]),
                               [this, i, checkPreset] {
                                   m_view->applyPreset(i);
                                   checkPreset(m_view->activePreset());  // a click on the checked one keeps it
                               });
        preset->setCheckable(true);
        presetGroup->addAction(preset);
        window->addAction(preset);
        presets->addAction(preset);
    }
    connect(m_view, &viewer::ImageView::presetChanged, presetGroup, checkPreset);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    go->addAction(
        make(tr("&Next Study"), QKeySequence(tr("N")), tr("Next study of the worklist"), &MainWindow::nextStudy));
    go->addAction(make(tr("&Previous Study"), QKeySequence(tr("P")), tr("Previous study of the worklist"),
                       &MainWindow::previousStudy));
    go->addAction(make(tr("Next &Unreviewed"), QKeySequence(tr("U")),
                       tr("Next image without your verdict, in the order of the list"), &MainWindow::nextUnreviewed));
    go->addAction(
        make(tr("Next &Image"), QKeySequence(Qt::Key_Right), tr("Next image of the series"), &MainWindow::nextImage));
    go->addAction(make(tr("Previous I&mage"), QKeySequence(Qt::Key_Left), tr("Previous image of the series"),
                       &MainWindow::previousImage));
    go->addAction(make(tr("Next &Frame"), QKeySequence(Qt::Key_Down), tr("Next frame of a multi-frame image"),
                       [this] { m_view->nextFrame(); }));
    go->addAction(make(tr("Previous F&rame"), QKeySequence(Qt::Key_Up), tr("Previous frame of a multi-frame image"),
                       [this] { m_view->previousFrame(); }));

    // Help (HelpDialogs.h): the sheet is made from the actions above each time, so it never goes stale.
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts = make(tr("&Keyboard Shortcuts"), QKeySequence(QKeySequence::HelpContents),
                              tr("Every action with its keys"), &MainWindow::showShortcutSheet);
    shortcuts->setShortcuts({QKeySequence(QKeySequence::HelpContents), QKeySequence(tr("?"))});
    help->addAction(shortcuts);
    QAction* about = help->addAction(tr("&About Pulmo"));
    about->setStatusTip(tr("Pulmo's version, the model in use and the libraries"));
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_view, &viewer::ImageView::windowChanged, this, &MainWindow::updateWindowTitle);
}

void MainWindow::showShortcutSheet()
{
    auto* sheet = new ShortcutSheet(this, this);
    sheet->setAttribute(Qt::WA_DeleteOnClose);
    sheet->show();
}

void MainWindow::showAbout()
{
    auto* about = new AboutDialog(AboutFacts::of(*m_ai), this);
    about->setAttribute(Qt::WA_DeleteOnClose);
    about->open();
}

void MainWindow::createAiDock()
{
    m_aiPanel = new AiPanel(this);
    m_aiPanel->setMinimumWidth(260);
    m_aiPanel->setMaximumWidth(340);
    // Scrollable, so that the panel never forces the window taller than a small screen.
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_aiPanel);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(280);
    scroll->setMaximumWidth(360);
    auto* dock = new QDockWidget(tr("AI second reader"), this);
    dock->setObjectName(QStringLiteral("AiDock"));
    dock->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    connect(m_aiPanel, &AiPanel::heatmapStyleChanged, this, [this](const viewer::ImageView::HeatmapStyle& style) {
        m_view->setHeatmapStyle(style);
        if (m_heatmapAction) m_heatmapAction->setChecked(style.visible);
        if (m_heatmapOutlineAction)
            m_heatmapOutlineAction->setChecked(style.shape == viewer::HeatmapStyle::Shape::Contour);
    });
    m_view->setHeatmapStyle(m_aiPanel->heatmapStyle());
    connect(m_ai, &AiController::resultReady, this, &MainWindow::aiResult);
    connect(m_ai, &AiController::modelInputReady, this, [this](const QString& sopInstanceUid, const AiOutcome& input) {
        if (sopInstanceUid != m_currentSop || !input.ok || !input.model) return;  // the reader moved on
        m_aiPanel->showModelInput(input.prediction, input.model->card);
        Q_EMIT modelInputShown();
    });
    connect(m_ai, &AiController::statusChanged, this, &MainWindow::aiStatusChanged);
    aiStatusChanged();
}

void MainWindow::createStatusBar()
{
    m_status = new StatusLine(statusBar(), m_openings, m_batch, m_pacs);
}

}  // namespace pulmo::app
