// Reading against the prior, offscreen: in 1x2 the patient's most recent earlier study (same
// Patient ID, same View Position) hangs beside the image being read, never a later study or another
// patient's; [ and ] step through the priors and stop at the ends; 2x2 shows the next older ones;
// window/level, zoom and pan follow from one view to the other while linked, not after the toggle;
// rotations stay each view's own; a patient without a prior is told so; the layout and the link
// survive a new window.
#include "MainWindow.h"
#include "Translations.h"
#include "ViewportGrid.h"
#include "dicom/DecodedImage.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "widgets/ImageView.h"

#include <QtTest>

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QProcess>
#include <QTemporaryDir>

#include <cmath>

using namespace pulmo;

namespace {

struct Image {
    const char* file;
    const char* patient;
    const char* date;
    const char* study;
    const char* sop;
    const char* view;
    int seed;
};

// Patient CMP-A: three studies a year apart; its 2023 study has a lateral before its PA. Patient
// CMP-B: one study, dated between A's (another patient's study is nobody's prior). CMP-C: one PA.
const Image kImages[] = {
    {"a3.dcm", "CMP-A", "20240301", "1.2.9.500.3", "1.2.9.500.3.1", "PA", 1},
    {"a2-1-lateral.dcm", "CMP-A", "20230401", "1.2.9.500.2", "1.2.9.500.2.9", "LL", 2},
    {"a2-2-pa.dcm", "CMP-A", "20230401", "1.2.9.500.2", "1.2.9.500.2.1", "PA", 3},
    {"a1.dcm", "CMP-A", "20220501", "1.2.9.500.1", "1.2.9.500.1.1", "PA", 4},
    {"b1.dcm", "CMP-B", "20230601", "1.2.9.600.1", "1.2.9.600.1.1", "PA", 5},
};

void drag(QWidget* widget, Qt::MouseButton button, QPoint from, QPoint to)
{
    QMouseEvent press(QEvent::MouseButtonPress, from, widget->mapToGlobal(from), button, button, Qt::NoModifier);
    QApplication::sendEvent(widget, &press);
    QMouseEvent move(QEvent::MouseMove, to, widget->mapToGlobal(to), Qt::NoButton, button, Qt::NoModifier);
    QApplication::sendEvent(widget, &move);
    QMouseEvent release(QEvent::MouseButtonRelease, to, widget->mapToGlobal(to), button, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(widget, &release);
}

QString sopOf(const viewer::ImageView* view)
{
    const auto image = view->image();
    return image ? QString::fromStdString(image->info().sopInstanceUid) : QString();
}

/// The window's action with `shortcut` (what the reader's key triggers), or nullptr.
QAction* actionFor(QWidget* window, const QString& shortcut)
{
    for (QAction* action : window->findChildren<QAction*>())
        if (action->shortcuts().contains(QKeySequence(shortcut))) return action;
    return nullptr;
}

}  // namespace

class TestCompare : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_folder;

    QString file(const char* name) const { return QDir(m_folder).filePath(QString::fromLatin1(name)); }

    std::unique_ptr<app::MainWindow> window(QSize size = QSize(1400, 900))
    {
        app::AiSettings ai;
        ai.modelPath = m_work.filePath(QStringLiteral("no-model.pt"));  // no AI: these tests are about viewing
        auto window = std::make_unique<app::MainWindow>(m_work.filePath(QStringLiteral("index.sqlite")), ai);
        window->resize(size);
        window->show();
        return window;
    }

    /// Indexes the folder, then shows `name` as the image being read and waits for its priors.
    bool show(app::MainWindow& window, const char* name)
    {
        QSignalSpy finished(&window, &app::MainWindow::openingFinished);
        window.openPaths({file(name)});
        if (!finished.wait(60000)) return false;
        const QString sop =
            QString::fromLatin1(std::find_if(std::begin(kImages), std::end(kImages), [&](const Image& image) {
                                    return qstrcmp(image.file, name) == 0;
                                })->sop);
        return QTest::qWaitFor([&] { return sopOf(window.imageView()) == sop && window.viewportGrid()->isSettled(); },
                               30000);
    }

    bool settled(app::MainWindow& window)
    {
        return QTest::qWaitFor([&] { return window.viewportGrid()->isSettled(); }, 30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QStandardPaths::setTestModeEnabled(true);
        // Settings of their own: a saved 2x2 layout must not reach other suites' windows.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_work.filePath(QStringLiteral("settings")));
        QSettings().clear();
        QSettings().setValue(QStringLiteral("feedback/database"), m_work.filePath(QStringLiteral("feedback.sqlite")));
        app::installTranslations(QStringLiteral("en"));
        m_folder = m_work.filePath(QStringLiteral("patients"));
        QVERIFY(QDir().mkpath(m_folder));
        for (const Image& image : kImages) {
            dicom::GrayImageSpec spec;
            spec.rows = 240;
            spec.columns = 200;
            spec.bitsStored = 12;
            spec.highBit = 11;
            spec.modality = "DX";
            spec.patientId = image.patient;
            spec.patientName = std::string("COMPARE^") + image.patient;
            spec.studyDate = image.date;
            spec.studyInstanceUid = image.study;
            spec.seriesInstanceUid = std::string(image.study) + ".1";
            spec.sopInstanceUid = image.sop;
            spec.viewPosition = image.view;
            spec.voiPresets = {dicom::VoiPreset::window(2000, 3000)};
            for (int y = 0; y < spec.rows; ++y)
                for (int x = 0; x < spec.columns; ++x)
                    spec.storedValues.push_back((x * 13 + y * 7 + image.seed * 101) % 4096);
            dicom::writeGrayImage(file(image.file).toStdString(), spec);
        }
        // Index everything once: the priors come from the index, not from what was opened last.
        auto first = window();
        QSignalSpy finished(first.get(), &app::MainWindow::openingFinished);
        first->openPaths({m_folder});
        QVERIFY(finished.wait(60000));
    }

    void init() { QSettings().remove(QStringLiteral("view")); }

    void singleView_isTheDefault_andHangsNothing()
    {
        auto w = window();
        QCOMPARE(w->viewportGrid()->layout(), app::ViewportGrid::Layout::Single);
        QVERIFY(show(*w, "a3.dcm"));
        QCOMPARE(w->viewportGrid()->visibleViews(), 1);
        QVERIFY(!w->viewportGrid()->view(1)->isVisible());
        QVERIFY(!w->viewportGrid()->view(1)->hasImage());
        QCOMPARE(w->imageView(), w->viewportGrid()->current());

        // Switching to 1x2 hangs the prior of the image already on screen.
        QElapsedTimer timer;
        timer.start();
        w->viewportGrid()->setLayout(app::ViewportGrid::Layout::SideBySide);
        QVERIFY(settled(*w));
        const qint64 elapsed = timer.nsecsElapsed();
        QCOMPARE(sopOf(w->viewportGrid()->view(1)), QStringLiteral("1.2.9.500.2.1"));
        qInfo("prior looked up, decoded and shown in %s ms", qPrintable(QLocale::c().toString(elapsed / 1e6, 'f', 1)));
    }

    void sideBySide_hangsTheMostRecentEarlierStudy_ofTheSamePatientAndView()
    {
        auto w = window();
        QAction* sideBySide = actionFor(w.get(), QStringLiteral("Ctrl+2"));
        QVERIFY(sideBySide);
        sideBySide->trigger();
        QVERIFY(show(*w, "a3.dcm"));
        viewer::ImageView* prior = w->viewportGrid()->view(1);
        QVERIFY(prior->isVisible());
        // The 2023 PA, not the 2023 lateral that comes first in the study, nor B's 2023-06 study.
        QCOMPARE(sopOf(prior), QStringLiteral("1.2.9.500.2.1"));
        QCOMPARE(prior->comparisonLabel(), QStringLiteral("Prior 1 of 2 · 2023-04-01"));
        QVERIFY(!prior->hasHeatmap());
        QVERIFY(w->imageView()->comparisonLabel().startsWith(QStringLiteral("Current")));

        // Reading the 2023 study: its prior is 2022, not the later 2024 study.
        QVERIFY(show(*w, "a2-1-lateral.dcm"));                    // the study's first image: then on to its PA
        QCOMPARE(sopOf(prior), QStringLiteral("1.2.9.500.1.1"));  // no lateral in 2022: its first image
        w->nextImage();
        QVERIFY(QTest::qWaitFor(
            [&] { return sopOf(w->imageView()) == QStringLiteral("1.2.9.500.2.1") && w->viewportGrid()->isSettled(); },
            30000));
        QCOMPARE(sopOf(prior), QStringLiteral("1.2.9.500.1.1"));
        QCOMPARE(prior->comparisonLabel(), QStringLiteral("Prior 1 of 1 · 2022-05-01"));
    }

    void priorKeys_stepToOlderAndNewerPriors_andStopAtTheEnds()
    {
        auto w = window();
        w->viewportGrid()->setLayout(app::ViewportGrid::Layout::SideBySide);
        QVERIFY(show(*w, "a3.dcm"));
        QAction* older = actionFor(w.get(), QStringLiteral("["));
        QAction* newer = actionFor(w.get(), QStringLiteral("]"));
        QVERIFY(older && newer);
        QVERIFY(older->toolTip().contains(QStringLiteral("[")));
        viewer::ImageView* prior = w->viewportGrid()->view(1);
        QCOMPARE(w->viewportGrid()->priorCount(), 2);

        older->trigger();
        QVERIFY(settled(*w));
        QCOMPARE(sopOf(prior), QStringLiteral("1.2.9.500.1.1"));
        QCOMPARE(prior->comparisonLabel(), QStringLiteral("Prior 2 of 2 · 2022-05-01"));
        QVERIFY(!w->viewportGrid()->olderPrior());  // the oldest: it stays
        older->trigger();
        QVERIFY(settled(*w));
        QCOMPARE(sopOf(prior), QStringLiteral("1.2.9.500.1.1"));
        QCOMPARE(w->viewportGrid()->priorIndex(), 1);

        newer->trigger();
        QVERIFY(settled(*w));
        QCOMPARE(sopOf(prior), QStringLiteral("1.2.9.500.2.1"));
        QVERIFY(!w->viewportGrid()->newerPrior());  // the most recent prior: it stays
        newer->trigger();
        QVERIFY(settled(*w));
        QCOMPARE(w->viewportGrid()->priorIndex(), 0);
        QCOMPARE(sopOf(prior), QStringLiteral("1.2.9.500.2.1"));

        // The keys themselves (a shortcut Qt finds ambiguous would trigger nothing).
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QTest::keyClick(w.get(), Qt::Key_BracketLeft);
        QVERIFY(settled(*w));
        QCOMPARE(w->viewportGrid()->priorIndex(), 1);
        QTest::keyClick(w.get(), Qt::Key_BracketRight);
        QVERIFY(settled(*w));
        QCOMPARE(w->viewportGrid()->priorIndex(), 0);
        QTest::keyClick(w.get(), Qt::Key_4, Qt::ControlModifier);
        QCOMPARE(w->viewportGrid()->layout(), app::ViewportGrid::Layout::TwoByTwo);
        QTest::keyClick(w.get(), Qt::Key_L);
        QVERIFY(!w->viewportGrid()->linked());
        QTest::keyClick(w.get(), Qt::Key_L);
        QVERIFY(w->viewportGrid()->linked());
        QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(w->viewportGrid()->layout(), app::ViewportGrid::Layout::Single);
        QCOMPARE(sopOf(w->imageView()), QStringLiteral("1.2.9.500.3.1"));  // the current one never moves
    }

    void twoByTwo_showsTheNextOlderPriors_andSaysWhereThereIsNone()
    {
        auto w = window();
        QAction* four = actionFor(w.get(), QStringLiteral("Ctrl+4"));
        QVERIFY(four);
        four->trigger();
        QVERIFY(show(*w, "a3.dcm"));
        const app::ViewportGrid* grid = w->viewportGrid();
        QCOMPARE(grid->visibleViews(), 4);
        QCOMPARE(sopOf(grid->view(1)), QStringLiteral("1.2.9.500.2.1"));
        QCOMPARE(sopOf(grid->view(2)), QStringLiteral("1.2.9.500.1.1"));
        QCOMPARE(grid->view(2)->comparisonLabel(), QStringLiteral("Prior 2 of 2 · 2022-05-01"));
        QVERIFY(!grid->view(3)->hasImage());
        QCOMPARE(grid->view(3)->message(), QStringLiteral("No earlier study"));

        const QString screenshots = qEnvironmentVariable("PULMO_COMPARE_SCREENSHOTS");
        if (!screenshots.isEmpty()) {  // for looking at, by hand
            for (const QSize size : {QSize(1920, 1080), QSize(900, 600)}) {
                w->resize(size);
                QTest::qWait(100);
                w->grab().save(QDir(screenshots).filePath(QStringLiteral("compare-2x2-%1.png").arg(size.width())));
                w->viewportGrid()->setLayout(app::ViewportGrid::Layout::SideBySide);
                QVERIFY(settled(*w));
                QTest::qWait(100);
                w->grab().save(QDir(screenshots).filePath(QStringLiteral("compare-1x2-%1.png").arg(size.width())));
                w->viewportGrid()->setLayout(app::ViewportGrid::Layout::TwoByTwo);
                QVERIFY(settled(*w));
            }
        }
    }

    void patientWithoutPrior_isToldThereIsNoEarlierStudy()
    {
        auto w = window();
        w->viewportGrid()->setLayout(app::ViewportGrid::Layout::SideBySide);
        QVERIFY(show(*w, "b1.dcm"));  // A's studies are earlier, but another patient's
        viewer::ImageView* prior = w->viewportGrid()->view(1);
        QVERIFY(!prior->hasImage());
        QCOMPARE(prior->message(), QStringLiteral("No earlier study of this patient"));
        QCOMPARE(w->viewportGrid()->priorIndex(), -1);
        QVERIFY(!w->viewportGrid()->olderPrior());

        QVERIFY(show(*w, "a1.dcm"));  // A's first study
        QVERIFY(!prior->hasImage());
        QCOMPARE(prior->message(), QStringLiteral("No earlier study of this patient"));
    }

    void windowLevel_followsWhileLinked_andNotAfterTheToggle()
    {
        auto w = window();
        w->viewportGrid()->setLayout(app::ViewportGrid::Layout::SideBySide);
        QVERIFY(show(*w, "a3.dcm"));
        viewer::ImageView* current = w->imageView();
        viewer::ImageView* prior = w->viewportGrid()->view(1);
        QVERIFY(prior->hasImage());
        QVERIFY(w->viewportGrid()->linked());
        // The prior starts at its own window; a change in one view moves the other by as much.
        prior->setWindow(1500.0, 2000.0);
        const double priorCenter = prior->windowCenter();
        const double priorWidth = prior->windowWidth();
        const double currentCenter = current->windowCenter();
        const double currentWidth = current->windowWidth();
        QCOMPARE(currentCenter, 1500.0);  // that was a change in the prior's view: the current followed
        current->setWindow(currentCenter + 100.0, currentWidth * 0.5);
        QCOMPARE(prior->windowCenter(), priorCenter + 100.0);
        QCOMPARE(prior->windowWidth(), priorWidth * 0.5);
        // A left drag in the current view, as the reader does it.
        const double beforeDrag = prior->windowCenter();
        drag(current, Qt::LeftButton, QPoint(100, 100), QPoint(100, 160));
        QVERIFY(current->windowCenter() != currentCenter + 100.0);
        QCOMPARE(prior->windowCenter() - beforeDrag, current->windowCenter() - (currentCenter + 100.0));
        // A preset is the same preset in both.
        current->applyPreset(1);
        QCOMPARE(prior->activePreset(), 1);

        QAction* link = actionFor(w.get(), QStringLiteral("L"));
        QVERIFY(link && link->isCheckable() && link->isChecked());
        link->trigger();
        QVERIFY(!w->viewportGrid()->linked());
        const double unlinkedCenter = prior->windowCenter();
        const double unlinkedWidth = prior->windowWidth();
        current->setWindow(current->windowCenter() - 300.0, current->windowWidth() * 2.0);
        QCOMPARE(prior->windowCenter(), unlinkedCenter);
        QCOMPARE(prior->windowWidth(), unlinkedWidth);
        current->zoomIn();
        QVERIFY(prior->isFitToWindow());
    }

    void zoomAndPan_followWhileLinked_rotationDoesNot()
    {
        auto w = window();
        w->viewportGrid()->setLayout(app::ViewportGrid::Layout::SideBySide);
        QVERIFY(show(*w, "a3.dcm"));
        viewer::ImageView* current = w->imageView();
        viewer::ImageView* prior = w->viewportGrid()->view(1);
        QVERIFY(prior->hasImage() && prior->isFitToWindow());
        const double priorFit = prior->zoom();
        current->zoomIn();
        QVERIFY(!prior->isFitToWindow());
        QVERIFY(std::abs(prior->zoom() - priorFit * 1.25) < 1e-9);
        // A middle drag pans both by as much.
        const QPointF panBefore = prior->pan();
        drag(current, Qt::MiddleButton, QPoint(150, 150), QPoint(190, 130));
        QVERIFY(std::abs(prior->pan().x() - panBefore.x() - 40.0) < 1e-9);
        QVERIFY(std::abs(prior->pan().y() - panBefore.y() + 20.0) < 1e-9);
        // Zoom in the prior's view: the current follows.
        const double currentZoom = current->zoom();
        prior->zoomOut();
        QVERIFY(std::abs(current->zoom() - currentZoom / 1.25) < 1e-9);
        // Fit in one view fits both.
        current->fitToWindow();
        QVERIFY(prior->isFitToWindow());
        // Rotation and flips stay each view's own.
        current->rotateClockwise();
        current->flipHorizontally();
        QCOMPARE(prior->rotation(), 0);
        QVERIFY(!prior->flippedHorizontally());
    }

    void layoutAndLink_surviveANewWindow()
    {
        {
            auto w = window();
            actionFor(w.get(), QStringLiteral("Ctrl+4"))->trigger();
            actionFor(w.get(), QStringLiteral("L"))->trigger();  // off
        }
        QCOMPARE(QSettings().value(QStringLiteral("view/layout")).toString(), QStringLiteral("2x2"));
        auto w = window();
        QCOMPARE(w->viewportGrid()->layout(), app::ViewportGrid::Layout::TwoByTwo);
        QVERIFY(actionFor(w.get(), QStringLiteral("Ctrl+4"))->isChecked());
        QVERIFY(!actionFor(w.get(), QStringLiteral("Ctrl+1"))->isChecked());
        QVERIFY(!w->viewportGrid()->linked());
        QVERIFY(!actionFor(w.get(), QStringLiteral("L"))->isChecked());
        QVERIFY(show(*w, "a3.dcm"));
        QCOMPARE(sopOf(w->viewportGrid()->view(1)), QStringLiteral("1.2.9.500.2.1"));
        actionFor(w.get(), QStringLiteral("Ctrl+1"))->trigger();
        QCOMPARE(w->viewportGrid()->visibleViews(), 1);
        QVERIFY(!w->viewportGrid()->view(1)->hasImage());  // hidden views let their images go
        QCOMPARE(QSettings().value(QStringLiteral("view/layout")).toString(), QStringLiteral("1x1"));
    }

    void phantomFollowUps_eachStudyIsReadAgainstItsPatientsPreviousOne()
    {
        // The phantom generator's follow-up studies (same patient, same anatomy, later dates).
        const QString folder = m_work.filePath(QStringLiteral("phantom-follow-ups"));
        QProcess cli;
        cli.start(QStringLiteral(PULMO_CLI_PATH),
                  {QStringLiteral("phantom"), QStringLiteral("--out"), folder, QStringLiteral("--patients"),
                   QStringLiteral("3"), QStringLiteral("--follow-up-fraction"), QStringLiteral("1"),
                   QStringLiteral("--max-studies"), QStringLiteral("3"), QStringLiteral("--size"),
                   QStringLiteral("256"), QStringLiteral("--seed"), QStringLiteral("7")});
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 0);
        // The oracle: every file's patient and date, read back from the files themselves.
        struct Study {
            QString file, patient, date, sop;
        };
        std::vector<Study> studies;
        for (const QFileInfo& entry : QDir(folder).entryInfoList({QStringLiteral("*.dcm")}, QDir::Files)) {
            const auto image = dicom::loadImage(entry.absoluteFilePath().toStdString());
            studies.push_back({entry.absoluteFilePath(), QString::fromStdString(image->info().patientId),
                               QString::fromStdString(image->info().studyDate),
                               QString::fromStdString(image->info().sopInstanceUid)});
        }
        QVERIFY(studies.size() >= 6);  // three patients, two or three studies each
        auto w = window();
        w->viewportGrid()->setLayout(app::ViewportGrid::Layout::SideBySide);
        QSignalSpy finished(w.get(), &app::MainWindow::openingFinished);
        w->openPaths({folder});
        QVERIFY(finished.wait(60000));
        int checked = 0;
        for (const Study& current : studies) {
            const Study* expected = nullptr;  // the same patient's latest study before this one
            for (const Study& other : studies)
                if (other.patient == current.patient && other.date < current.date &&
                    (!expected || other.date > expected->date))
                    expected = &other;
            QSignalSpy opened(w.get(), &app::MainWindow::openingFinished);
            w->openPaths({current.file});
            QVERIFY(opened.wait(60000));
            QVERIFY(QTest::qWaitFor(
                [&] { return sopOf(w->imageView()) == current.sop && w->viewportGrid()->isSettled(); }, 30000));
            viewer::ImageView* prior = w->viewportGrid()->view(1);
            if (expected) {
                QCOMPARE(sopOf(prior), expected->sop);
                ++checked;
            } else {
                QVERIFY(!prior->hasImage());
                QCOMPARE(prior->message(), QStringLiteral("No earlier study of this patient"));
            }
        }
        QVERIFY(checked >= 3);
    }
};

QTEST_MAIN(TestCompare)

#include "tst_compare.moc"
