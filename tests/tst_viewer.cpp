// The workstation's GUI, offscreen: window/level by mouse drag against the pipeline's own output,
// view geometry (fit, rotate, flip, zoom), the ruler in millimetres, presets, the study browser
// model under QAbstractItemModelTester, opening a folder in the main window, paging through the
// worklist, and `pulmo --screenshot`.
#include "AiPanel.h"
#include "MainWindow.h"
#include "SkippedFilesDialog.h"
#include "StudyExports.h"
#include "Translations.h"
#include "cache/ImageCache.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "dicom/DisplayPipeline.h"
#include "index/StudyIndex.h"
#include "widgets/ImageView.h"
#include "widgets/PersonName.h"
#include "widgets/StudyBrowserModel.h"

#include <QtTest>
#include <QDirIterator>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QImage>
#include <QLineEdit>
#include <QMessageBox>
#include <QMouseEvent>
#include <QProcess>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTableView>

#include "support/CharsetCorpus.h"

using namespace pulmo;

namespace {

dicom::GrayImageSpec studyImage(int rows, int columns, const QString& patient, const QString& study,
                                const QString& series, int seed)
{
    dicom::GrayImageSpec spec;
    spec.rows = rows;
    spec.columns = columns;
    spec.bitsStored = 12;
    spec.highBit = 11;
    spec.modality = "DX";
    spec.patientId = patient.toStdString();
    spec.patientName = ("TEST^" + patient).toStdString();
    spec.studyInstanceUid = study.toStdString();
    spec.seriesInstanceUid = series.toStdString();
    spec.pixelSpacingMm = 0.2;
    spec.voiPresets = {dicom::VoiPreset::window(2000, 3000)};
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < columns; ++x) spec.storedValues.push_back((x * 13 + y * 7 + seed * 101) % 4096);
    return spec;
}

void drag(QWidget* widget, Qt::MouseButton button, QPoint from, QPoint to)
{
    QMouseEvent press(QEvent::MouseButtonPress, from, widget->mapToGlobal(from), button, button, Qt::NoModifier);
    QApplication::sendEvent(widget, &press);
    const QPoint middle = (from + to) / 2;
    QMouseEvent moveHalf(QEvent::MouseMove, middle, widget->mapToGlobal(middle), Qt::NoButton, button, Qt::NoModifier);
    QApplication::sendEvent(widget, &moveHalf);
    QMouseEvent move(QEvent::MouseMove, to, widget->mapToGlobal(to), Qt::NoButton, button, Qt::NoModifier);
    QApplication::sendEvent(widget, &move);
    QMouseEvent release(QEvent::MouseButtonRelease, to, widget->mapToGlobal(to), button, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(widget, &release);
}

bool near(const QPointF& a, const QPointF& b)
{
    return std::abs(a.x() - b.x()) < 1e-6 && std::abs(a.y() - b.y()) < 1e-6;
}

}  // namespace

class TestViewer : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_folder;
    QString m_single;  // 300 x 200

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QStandardPaths::setTestModeEnabled(true);
        pulmo::app::installTranslations(QStringLiteral("en"));  // as the program does: English plurals
        m_single = m_work.filePath(QStringLiteral("single.dcm"));
        dicom::writeGrayImage(m_single.toStdString(), studyImage(200, 300, "P0", "1.2.9.1", "1.2.9.1.1", 0));
        // A folder: 3 patients, 4 studies, 5 images, and one file that is not DICOM.
        m_folder = m_work.filePath(QStringLiteral("studies"));
        QVERIFY(QDir().mkpath(m_folder + QStringLiteral("/b")));
        const struct {
            const char* patient;
            const char* study;
            const char* series;
            const char* file;
        } images[] = {{"P1", "1.2.9.10", "1.2.9.10.1", "a1.dcm"},
                      {"P1", "1.2.9.10", "1.2.9.10.1", "a2.dcm"},
                      {"P1", "1.2.9.11", "1.2.9.11.1", "b/a3.dcm"},
                      {"P2", "1.2.9.20", "1.2.9.20.1", "b/c1.dcm"},
                      {"P3", "1.2.9.30", "1.2.9.30.1", "d1.dcm"}};
        int seed = 1;
        for (const auto& image : images) {
            dicom::GrayImageSpec spec = studyImage(120, 100, image.patient, image.study, image.series, seed++);
            spec.sopInstanceUid = "1.2.9.99." + std::to_string(seed);
            dicom::writeGrayImage((m_folder + QLatin1Char('/') + QString::fromLatin1(image.file)).toStdString(), spec);
        }
        QFile notes(m_folder + QStringLiteral("/notes.txt"));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("reading notes");
    }

    void windowLevelDrag_rendersWhatThePipelineRendersForTheNewWindow()
    {
        viewer::ImageView view;
        view.resize(600, 400);
        view.show();
        const auto image = dicom::loadImage(m_single.toStdString());
        view.setImage(image);
        QCOMPARE(view.windowCenter(), 2000.0);
        QCOMPARE(view.windowWidth(), 3000.0);
        const auto [lowest, highest] = image->modalityRange(0);
        const double sensitivity = std::max((highest - lowest) / 1024.0, 0.01);
        drag(&view, Qt::LeftButton, QPoint(100, 100), QPoint(160, 140));  // +60 x (width), +40 y (centre)
        QCOMPARE(view.windowWidth(), 3000.0 + 60 * sensitivity);
        QCOMPARE(view.windowCenter(), 2000.0 + 40 * sensitivity);

        dicom::DisplayPipeline expected(image);
        expected.setWindow(view.windowCenter(), view.windowWidth());
        const QImage reference = expected.renderImage();
        QCOMPARE(view.renderedImage(), reference);
        QVERIFY(view.renderedImage() != dicom::DisplayPipeline(image).renderImage());  // the drag changed it
    }

    void screenPixels_areThePipelinesPixelsUnderTheViewTransform()
    {
        // What is painted (the on-screen fast path) against the whole-frame rendering, pixel by pixel.
        viewer::ImageView view;
        view.resize(600, 400);
        view.setAnnotationsVisible(false);
        view.show();
        view.setImage(dicom::loadImage(m_single.toStdString()));  // 300 x 200, fit zoom 2
        view.setWindow(1800, 2500);
        const auto compare = [&](const char* what) {
            const QImage rendered = view.renderedImage();
            const QImage screen = view.grab().toImage().convertToFormat(QImage::Format_Grayscale8);
            // In device pixels: on a high-DPI screen (QT_SCALE_FACTOR=2) there are more of them.
            const qreal ratio = screen.devicePixelRatio();
            const QTransform toImage = (view.imageToWidget() * QTransform::fromScale(ratio, ratio)).inverted();
            int mismatches = 0;
            for (int y = 1; y < screen.height(); y += 3)
                for (int x = 1; x < screen.width(); x += 3) {
                    const QPointF source = toImage.map(QPointF(x + 0.5, y + 0.5));
                    const int sx = int(std::floor(source.x())), sy = int(std::floor(source.y()));
                    if (sx < 0 || sy < 0 || sx >= rendered.width() || sy >= rendered.height()) continue;
                    if (screen.constScanLine(y)[x] != rendered.constScanLine(sy)[sx]) ++mismatches;
                }
            QVERIFY2(mismatches == 0,
                     qPrintable(QStringLiteral("%1: %2 screen pixels differ").arg(what).arg(mismatches)));
        };
        compare("fit");
        view.rotateClockwise();
        compare("rotated");
        view.flipHorizontally();
        compare("rotated and flipped");
        view.resetView();
        view.setZoom(3.0);
        view.setWindow(2100, 900);
        compare("zoom 3");
    }

    void geometry_fitRotateFlipZoom()
    {
        viewer::ImageView view;
        view.resize(600, 400);
        view.show();
        view.setImage(dicom::loadImage(m_single.toStdString()));  // 300 x 200
        QCOMPARE(view.zoom(), 2.0);                               // min(600/300, 400/200)
        QVERIFY(near(view.imageToWidget().map(QPointF(0, 0)), QPointF(0, 0)));
        QVERIFY(near(view.imageToWidget().map(QPointF(300, 200)), QPointF(600, 400)));

        view.rotateClockwise();  // now 200 wide, 300 high: fit = min(600/200, 400/300) = 4/3
        QVERIFY(std::abs(view.zoom() - 4.0 / 3.0) < 1e-9);
        // The image's top-left corner goes to the top-right of the displayed area.
        QVERIFY(near(view.imageToWidget().map(QPointF(0, 0)), QPointF(300 + 100 * 4.0 / 3.0, 0)));
        view.rotateCounterClockwise();

        view.flipHorizontally();
        QVERIFY(near(view.imageToWidget().map(QPointF(0, 0)), QPointF(600, 0)));
        view.flipHorizontally();
        view.flipVertically();
        QVERIFY(near(view.imageToWidget().map(QPointF(0, 0)), QPointF(0, 400)));
        view.flipVertically();

        view.zoomIn();
        QCOMPARE(view.zoom(), 2.5);
        QVERIFY(!view.isFitToWindow());
        view.actualSize();
        QCOMPARE(view.zoom(), 1.0);
        QVERIFY(near(view.imageToWidget().map(QPointF(150, 100)), QPointF(300, 200)));  // centred
        view.resetView();
        QCOMPARE(view.zoom(), 2.0);
        QCOMPARE(view.rotation(), 0);
    }

    void ruler_measuresMillimetresFromPixelSpacing()
    {
        viewer::ImageView view;
        view.resize(600, 400);
        view.show();
        view.setImage(dicom::loadImage(m_single.toStdString()));
        view.setTool(viewer::ImageView::Tool::Ruler);
        // At zoom 2, 200 widget pixels are 100 image pixels: 100 x 0.2 mm = 20 mm.
        drag(&view, Qt::LeftButton, QPoint(100, 100), QPoint(300, 100));
        QCOMPARE(int(view.rulers().size()), 1);
        const auto millimetres = view.rulerLengthMm(view.rulers().front());
        QVERIFY(millimetres.has_value());
        QVERIFY(std::abs(*millimetres - 20.0) < 1e-9);
        view.clearRulers();
        QVERIFY(view.rulers().empty());
    }

    void presets_fullRangeAndFromFile()
    {
        viewer::ImageView view;
        view.resize(300, 300);
        view.show();
        const auto image = dicom::loadImage(m_single.toStdString());
        view.setImage(image);
        QCOMPARE(int(view.presets().size()), 5);
        view.applyPreset(4);  // full range: LINEAR_EXACT over min..max
        const auto [lowest, highest] = image->modalityRange(0);
        QCOMPARE(view.windowCenter(), (lowest + highest) / 2.0);
        QCOMPARE(view.windowWidth(), highest - lowest);
        view.applyPreset(1);  // lung: a window inside the image's range
        QVERIFY(view.windowWidth() < highest - lowest);
        view.applyPreset(0);
        QCOMPARE(view.windowCenter(), 2000.0);
    }

    void imageCache_staysWithinItsBudget()
    {
        viewer::ImageCache cache(3 * 120 * 100 * 2);  // three 120x100 16-bit images
        const QDir folder(m_folder);
        QStringList files{folder.filePath("a1.dcm"), folder.filePath("a2.dcm"), folder.filePath("b/a3.dcm"),
                          folder.filePath("b/c1.dcm"), folder.filePath("d1.dcm")};
        for (const QString& file : files) cache.insert(file, dicom::loadImage(file.toStdString()));
        QCOMPARE(cache.count(), 3);
        QVERIFY(cache.usedBytes() <= cache.budget());
        QVERIFY(!cache.contains(files[0]));  // least recently used went first
        QVERIFY(cache.contains(files[4]));
    }

    void browserModel_passesTheModelTester()
    {
        const QString database = m_work.filePath(QStringLiteral("model-index.sqlite"));
        index::StudyIndex studyIndex(database);
        const index::IndexReport report = studyIndex.indexFolders({m_folder});
        QCOMPARE(report.skipped, 1);
        viewer::StudyBrowserModel model(&studyIndex);
        model.reload();
        {
            // Qt 6.4's tester runs its checks, fetchMore included, from modelReset before it marks
            // the reset finished, so a lazy model cannot be reset under it: attach it between resets.
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            QCOMPARE(model.rowCount(), 4);  // one row per study
            QCOMPARE(model.seriesInOrder().size(), 4);
            QTableView table;
            table.setModel(&model);
            table.setSortingEnabled(true);
            table.sortByColumn(viewer::StudyBrowserModel::StudyDateColumn, Qt::DescendingOrder);
            for (int column = 0; column < model.columnCount(); ++column)
                for (int row = 0; row < model.rowCount(); ++row) {
                    const QModelIndex cell = model.index(row, column);
                    (void)model.data(cell, Qt::ToolTipRole);
                    QCOMPARE(model.data(cell, viewer::StudyBrowserModel::KindRole).toString(), QStringLiteral("study"));
                }
        }
        index::StudyFilter onlyP2;
        onlyP2.patientId = QStringLiteral("P2");
        model.reload(onlyP2);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.seriesInOrder(), QStringList{QStringLiteral("1.2.9.20.1")});
    }

    void mainWindow_opensAFolderAndPagesThroughTheWorklist()
    {
        const QString database = m_work.filePath(QStringLiteral("window-index.sqlite"));
        app::MainWindow window(database);
        window.resize(1200, 800);
        window.show();
        QSignalSpy shown(&window, &app::MainWindow::imageShown);
        QSignalSpy finished(&window, &app::MainWindow::openingFinished);
        window.openPaths({m_folder});
        QVERIFY(finished.wait(60000));
        QCOMPARE(window.openingSummary(), QStringLiteral("5 images in 4 studies, 1 other file"));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
        QVERIFY(window.imageView()->hasImage());
        const QString first = window.currentFile();
        QVERIFY(first.endsWith(QLatin1String(".dcm")));

        window.nextImage();  // within the first series (two images) or on to the next
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 2, 30000);
        QVERIFY(window.currentFile() != first);
        window.nextStudy();
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 3, 30000);
        window.previousStudy();
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 4, 30000);
        QVERIFY(window.cache().count() >= 2);  // seen images stay decoded
    }

    void personName_isSaidFamilyFirst_andKeepsEveryComponentGroup()
    {
        QCOMPARE(viewer::displayPersonName(QStringLiteral("DOE^JOHN^Q")), QStringLiteral("DOE, JOHN Q"));
        QCOMPARE(viewer::displayPersonName(QStringLiteral("DOE")), QStringLiteral("DOE"));
        QCOMPARE(viewer::displayPersonName(QStringLiteral("Yamada^Tarou=山田^太郎=やまだ^たろう")),
                 QStringLiteral("Yamada, Tarou = 山田, 太郎 = やまだ, たろう"));
        QCOMPARE(viewer::displayPersonName(QStringLiteral("=山田^太郎")), QStringLiteral("山田, 太郎"));
    }

    // The window title and the corner annotations take the name as decoded by the file's Specific
    // Character Set (the annotation is displayPersonName of the image's name).
    void mainWindow_showsNamesDecodedByTheirCharacterSet_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* name : {"chrGerm.dcm", "chrGreek.dcm", "chrH31.dcm", "chrX2.dcm"})
            QTest::newRow(name) << QDir(test::charsetCorpusFolder()).filePath(QString::fromLatin1(name));
    }

    void mainWindow_showsNamesDecodedByTheirCharacterSet()
    {
        QFETCH(QString, file);
        const test::PydicomReading expected = test::pydicomReading(file);
        QVERIFY2(expected.reported && expected.hasName, qPrintable(expected.error));
        app::MainWindow window(m_work.filePath(QStringLiteral("charset-index.sqlite")));
        window.resize(1000, 700);
        window.show();
        QSignalSpy shown(&window, &app::MainWindow::imageShown);
        window.openPaths({file});
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
        QVERIFY(window.imageView()->hasImage());
        const QString name = QString::fromStdString(window.imageView()->image()->info().patientName);
        QCOMPARE(name, expected.name);
        QVERIFY2(window.windowTitle().startsWith(viewer::displayPersonName(expected.name) + QStringLiteral(" - ")),
                 qUtf8Printable(window.windowTitle()));
        QVERIFY(!viewer::displayPersonName(name).contains(QChar::ReplacementCharacter));
    }

    void exportDeidentifiedStudy_writesTheStudyOnScreen_leavingOutWhatMayShowIdentity()
    {
        app::MainWindow window(m_work.filePath(QStringLiteral("deid-index.sqlite")));
        window.show();
        QSignalSpy shown(&window, &app::MainWindow::imageShown);
        QSignalSpy finished(&window, &app::MainWindow::openingFinished);
        window.openPaths({m_folder});
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
        // The files of the study on screen (see initTestCase): a1 and a2 are one study.
        const QString onScreen = QFileInfo(window.currentFile()).fileName();
        const int studyFiles = onScreen == QLatin1String("a1.dcm") || onScreen == QLatin1String("a2.dcm") ? 2 : 1;

        // The test images are secondary captures that do not say whether their pixels show text:
        // left out, each named, unless the reader says otherwise.
        const QString out = m_work.filePath(QStringLiteral("deid-out"));
        QSignalSpy done(window.exports(), &app::StudyExports::deidentifiedExportFinished);
        deid::DeidOptions options;
        options.shiftDates = true;
        window.exports()->exportDeidentifiedStudyInto(out, options, QStringLiteral("Lung study group"));
        QVERIFY(done.wait(60000));
        QString message = done.at(0).at(1).toString();
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(message));
        QVERIFY2(message.startsWith(QLatin1String("De-identified 0 files into")), qPrintable(message));
        QCOMPARE(message.count(QLatin1String("Not exported: ")), studyFiles);
        QVERIFY2(message.contains(QLatin1String("a secondary capture that does not say")), qPrintable(message));
        QTRY_VERIFY(window.findChild<QMessageBox*>() != nullptr);
        window.findChild<QMessageBox*>()->close();

        options.allowBurnedIn = true;
        window.exports()->exportDeidentifiedStudyInto(out, options, QStringLiteral("Lung study group"));
        QVERIFY(done.wait(60000));
        message = done.at(1).at(1).toString();
        QVERIFY2(done.at(1).at(0).toBool(), qPrintable(message));
        QVERIFY2(message.startsWith(studyFiles == 2 ? QLatin1String("De-identified 2 files into")
                                                    : QLatin1String("De-identified 1 file into")),
                 qPrintable(message));
        const QStringList written = QDir(out).entryList(QDir::Files);
        QCOMPARE(written.size(), studyFiles);
        for (const QString& name : written) {
            const QString file = QDir(out).filePath(name);
            const dicom::ImageInfo info = dicom::readImageInfo(file.toStdString());
            QVERIFY2(info.patientId.rfind("PULMO-", 0) == 0, info.patientId.c_str());
            QVERIFY2(info.patientName.find("TEST") == std::string::npos, info.patientName.c_str());
            QVERIFY2(info.sopInstanceUid.rfind("2.25.", 0) == 0, info.sopInstanceUid.c_str());
            QVERIFY(!info.studyDate.empty() && info.studyDate != "20260101");  // shifted, not removed
        }
        QTRY_VERIFY(window.findChild<QMessageBox*>() != nullptr);
        window.findChild<QMessageBox*>()->close();
    }

    void studiesPanel_showsThumbnails_filtersByPatientId_andOpensTheActivatedPatientsFirstSeries()
    {
        app::MainWindow window(m_work.filePath(QStringLiteral("panel-index.sqlite")));
        window.show();
        QSignalSpy shown(&window, &app::MainWindow::imageShown);
        QSignalSpy finished(&window, &app::MainWindow::openingFinished);
        window.openPaths({m_folder});
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
        QCOMPARE(window.browserModel()->rowCount(), 4);  // studies of P1 (two), P2, P3
        // Every series gets its thumbnail in the background: 4 series, one of them decoded for display.
        const QStringList series = window.browserModel()->seriesInOrder();
        QCOMPARE(series.size(), 4);
        for (const QString& uid : series)
            QTRY_VERIFY2_WITH_TIMEOUT(window.browserModel()->hasThumbnail(uid), qPrintable(uid), 30000);

        // The Patient ID field, Enter: only P2 is left.
        QLineEdit* patientId = nullptr;
        for (QLineEdit* edit : window.findChildren<QLineEdit*>())
            if (edit->toolTip().startsWith(QLatin1String("Patient ID"))) patientId = edit;
        QVERIFY(patientId);
        QTest::keyClicks(patientId, QStringLiteral("P2"));
        QTest::keyClick(patientId, Qt::Key_Return);
        QCOMPARE(window.browserModel()->rowCount(), 1);

        // Enter on the study row opens its first series (b/c1.dcm).
        QTableView* tree = window.browserView();
        tree->setFocus();
        tree->setCurrentIndex(window.browserModel()->index(0, 0));
        shown.clear();
        QTest::keyClick(tree, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
        QVERIFY2(window.currentFile().endsWith(QLatin1String("/b/c1.dcm")), qPrintable(window.currentFile()));

        // Emptied again: all three patients.
        patientId->clear();
        QTest::keyClick(patientId, Qt::Key_Return);
        QCOMPARE(window.browserModel()->rowCount(), 4);
    }

    void mainWindow_opensACopyOfAnIndexedFolder_fromTheCopy()
    {
        // The same images (same SOP Instance UIDs) in two folders: "copy-a" sorts first. Opening
        // "copy-b" counts and shows copy-b's files, also once copy-a is gone from the disk but is
        // still remembered by the index (as after a clone of the project was deleted).
        const auto copyTree = [](const QString& from, const QString& to) {
            QDirIterator files(from, QDir::Files, QDirIterator::Subdirectories);
            while (files.hasNext()) {
                const QString file = files.next();
                const QString target = to + file.mid(from.size());
                QDir().mkpath(QFileInfo(target).absolutePath());
                if (!QFile::copy(file, target)) return false;
            }
            return true;
        };
        const QString copyA = m_work.filePath(QStringLiteral("copies/copy-a"));
        const QString copyB = m_work.filePath(QStringLiteral("copies/copy-b"));
        QVERIFY(copyTree(m_folder, copyA));
        QVERIFY(copyTree(m_folder, copyB));

        app::MainWindow window(m_work.filePath(QStringLiteral("copies-index.sqlite")));
        window.show();
        QSignalSpy shown(&window, &app::MainWindow::imageShown);
        QSignalSpy finished(&window, &app::MainWindow::openingFinished);
        const auto openAndCheck = [&](const QString& folder) {
            shown.clear();
            finished.clear();
            window.openPaths({folder});
            QVERIFY(finished.wait(60000));
            QCOMPARE(window.openingSummary(), QStringLiteral("5 images in 4 studies, 1 other file"));
            QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
            QVERIFY2(window.currentFile().startsWith(folder + QLatin1Char('/')), qPrintable(window.currentFile()));
            window.nextImage();
            QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 2, 30000);
            QVERIFY2(window.currentFile().startsWith(folder + QLatin1Char('/')), qPrintable(window.currentFile()));
        };
        openAndCheck(copyA);
        if (QTest::currentTestFailed()) return;
        openAndCheck(copyB);  // copy-a's paths sort first and exist: copy-b's are still the ones shown
        if (QTest::currentTestFailed()) return;
        QVERIFY(QDir(copyA).removeRecursively());
        openAndCheck(copyB);  // copy-a's files remembered by the index, gone from the disk
    }

    void dicomDir_opensTheImagesItLists()
    {
        // A DICOMDIR made by DCMTK's own dcmmkdir over two images of one study.
        const QString media = m_work.filePath(QStringLiteral("media"));
        QVERIFY(QDir().mkpath(media + QStringLiteral("/DATA")));
        for (int i = 1; i <= 2; ++i) {
            dicom::GrayImageSpec spec = studyImage(64, 64, "PDIR", "1.2.9.50", "1.2.9.50.1", 10 + i);
            spec.sopInstanceUid = "1.2.9.50.1." + std::to_string(i);
            dicom::writeGrayImage((media + QStringLiteral("/DATA/IMG%1").arg(i)).toStdString(), spec);
        }
        QProcess mkdir;
        mkdir.setWorkingDirectory(media);
        mkdir.start(QStringLiteral("dcmmkdir"),
                    {QStringLiteral("+I"), QStringLiteral("+r"), QStringLiteral("+id"), media, QStringLiteral("DATA")});
        QVERIFY(mkdir.waitForFinished(60000));
        QVERIFY2(mkdir.exitCode() == 0, mkdir.readAllStandardError().constData());
        const QString dicomDir = media + QStringLiteral("/DICOMDIR");
        const std::vector<std::string> listed = dicom::dicomDirectoryFiles(dicomDir.toStdString());
        QCOMPARE(int(listed.size()), 2);
        QVERIFY(QFileInfo::exists(QString::fromStdString(listed.front())));

        app::MainWindow window(m_work.filePath(QStringLiteral("dicomdir-index.sqlite")));
        window.show();
        QSignalSpy shown(&window, &app::MainWindow::imageShown);
        QSignalSpy finished(&window, &app::MainWindow::openingFinished);
        window.openPaths({dicomDir});
        QVERIFY(finished.wait(60000));
        QCOMPARE(window.openingSummary(), QStringLiteral("2 images in 1 study"));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
        QVERIFY(window.currentFile().contains(QLatin1String("/DATA/IMG")));
    }

    /// A copy of a demo radiograph cut at `bytes`, or in the middle of its patient name's value when
    /// `bytes` is 0 (the file then ends inside its header).
    QString cutDemoFile(const QString& target, qsizetype bytes)
    {
        QFile demo(QStringLiteral(PULMO_SOURCE_DIR "/resources/demo/SYN1-0001.dcm"));
        if (!demo.open(QIODevice::ReadOnly)) return {};
        const QByteArray whole = demo.readAll();
        if (bytes == 0) bytes = whole.indexOf("PHANTOM^CHEST") + 5;
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile cut(target);
        if (bytes <= 5 || !cut.open(QIODevice::WriteOnly) || cut.write(whole.left(bytes)) != bytes) return {};
        return target;
    }

    void opening_countsOtherFilesApartFromUnreadableOnes_andDetailsSayWhyInWords()
    {
        // Two images of one study, a README and a JSON file beside them, and a demo radiograph cut
        // inside its header.
        const QString folder = m_work.filePath(QStringLiteral("mixed"));
        QVERIFY(QDir().mkpath(folder));
        for (int i = 1; i <= 2; ++i) {
            dicom::GrayImageSpec spec = studyImage(64, 64, "PMIX", "1.2.9.60", "1.2.9.60.1", 20 + i);
            spec.sopInstanceUid = "1.2.9.60.1." + std::to_string(i);
            dicom::writeGrayImage((folder + QStringLiteral("/image%1.dcm").arg(i)).toStdString(), spec);
        }
        for (const auto& [name, content] : {std::pair{"README.txt", "Images of the reading-room test.\n"},
                                            std::pair{"labels.json", "{\"image1.dcm\": \"NORMAL\"}\n"}}) {
            QFile file(folder + QLatin1Char('/') + QLatin1String(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const QString cut = cutDemoFile(folder + QStringLiteral("/cut-in-header.dcm"), 0);
        QVERIFY(!cut.isEmpty());

        app::MainWindow window(m_work.filePath(QStringLiteral("mixed-index.sqlite")));
        window.show();
        QSignalSpy finished(&window, &app::MainWindow::openingFinished);
        window.openPaths({folder});
        QVERIFY(finished.wait(60000));
        QCOMPARE(window.openingSummary(), QStringLiteral("2 images in 1 study, 2 other files, 1 unreadable"));

        QPushButton* details = nullptr;
        for (QPushButton* button : window.statusBar()->findChildren<QPushButton*>())
            if (button->text() == QLatin1String("Details")) details = button;
        QVERIFY(details && details->isVisible());
        details->click();
        auto* dialog = window.findChild<app::SkippedFilesDialog*>();
        QVERIFY(dialog && dialog->isVisible());
        const QStringList unreadable = dialog->unreadableLines();
        const QStringList other = dialog->otherLines();
        QCOMPARE(unreadable.size(), 1);
        QCOMPARE(unreadable.at(0),
                 cut + QStringLiteral(": The file ends before its data does (truncated, as by an interrupted copy)."));
        QCOMPARE(other.size(), 2);
        QCOMPARE(other.at(0), folder + QStringLiteral("/README.txt: Not a DICOM file."));
        QCOMPARE(other.at(1), folder + QStringLiteral("/labels.json: Not a DICOM file."));
        const QString summary = dialog->summaryText();
        QVERIFY2(summary.startsWith(QLatin1String("1 file looks like an image but cannot be read")) &&
                     summary.contains(QLatin1String("2 other files are not images")),
                 qPrintable(summary));
        if (qEnvironmentVariableIsSet("PULMO_SCREENSHOT_DIR"))
            dialog->grab().save(
                QDir(qEnvironmentVariable("PULMO_SCREENSHOT_DIR")).filePath(QStringLiteral("pulmo-details.png")));
        for (const QString& line : unreadable + other + QStringList{summary})
            for (const char* jargon : {"DCMTK", "stream", "I/O", "suspension", "element"})
                QVERIFY2(!line.contains(QLatin1String(jargon), Qt::CaseInsensitive), qPrintable(line));
        dialog->close();
    }

    void brokenImage_isSaidUntilAnotherImageOpens_andTheAiPanelSaysThereIsNoImage()
    {
        // A demo radiograph cut in half: its header reads (it is listed), its pixels do not decode.
        const QString half = cutDemoFile(m_work.filePath(QStringLiteral("broken/half.dcm")), 3447154 / 2);
        QVERIFY(!half.isEmpty());
        app::MainWindow window(m_work.filePath(QStringLiteral("broken-index.sqlite")));  // the demo model
        window.show();
        window.openPaths({half});
        const QString message =
            half + QStringLiteral(": The file ends before its data does (truncated, as by an interrupted copy).");
        QTRY_COMPARE_WITH_TIMEOUT(window.statusBar()->currentMessage(), message, 60000);
        QVERIFY(!window.imageView()->hasImage());
        // The model loads (nothing else is coming to wait for) and the panel does not wait for ever.
        QTRY_VERIFY_WITH_TIMEOUT(window.ai()->isReady(), 120000);
        QVERIFY2(window.ai()->unavailableReason().isEmpty(), qPrintable(window.ai()->unavailableReason()));
        QTRY_COMPARE_WITH_TIMEOUT(window.aiPanel()->labelText(), QStringLiteral("No image"), 10000);
        QVERIFY2(window.aiPanel()->statusText().contains(QLatin1String("could not be read")),
                 qPrintable(window.aiPanel()->statusText()));
        QCOMPARE(window.statusBar()->currentMessage(), message);  // still said while the file is current
        // Not an image to review: left out of the count.
        QVERIFY2(window.aiPanel()->progressText().startsWith(QLatin1String("0 of 0 reviewed")),
                 qPrintable(window.aiPanel()->progressText()));

        QSignalSpy shown(&window, &app::MainWindow::imageShown);
        window.openPaths({m_single});
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 60000);
        // Gone (another message, such as an audit failure, may stand there instead: it is not about an image).
        QVERIFY2(!window.statusBar()->currentMessage().contains(QLatin1String("half.dcm")),
                 qPrintable(window.statusBar()->currentMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(window.aiPanel()->labelText() != QLatin1String("No image"), 10000);
        // The readable image counts, the broken one (still in the index and the list) does not.
        QVERIFY2(window.aiPanel()->progressText().startsWith(QLatin1String("0 of 1 reviewed")),
                 qPrintable(window.aiPanel()->progressText()));
    }

    void screenshot_writesThePicture()
    {
        const QString output = m_work.filePath(QStringLiteral("screenshot.png"));
        QProcess pulmo;
        pulmo.start(QStringLiteral(PULMO_GUI_PATH),
                    {QStringLiteral("--screenshot"), output, QStringLiteral("--index-db"),
                     m_work.filePath(QStringLiteral("screenshot-index.sqlite")), QStringLiteral("--size"),
                     QStringLiteral("1280x800"), m_single});
        QVERIFY(pulmo.waitForFinished(120000));
        QCOMPARE(pulmo.exitCode(), 0);
        const QImage picture(output);
        QCOMPARE(picture.size(), QSize(1280, 800));
        // The image is in the picture: many distinct grey levels, not an empty black view.
        QSet<QRgb> colours;
        for (int y = 0; y < picture.height(); y += 7)
            for (int x = 0; x < picture.width(); x += 7) colours.insert(picture.pixel(x, y));
        QVERIFY(colours.size() > 100);
    }
};

QTEST_MAIN(TestViewer)
#include "tst_viewer.moc"
