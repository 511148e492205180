// The window around the reading, offscreen on a 1920x1080 screen (the offscreen platform's own
// configuration): F1 and ? open a shortcut sheet that lists every action with a shortcut; About
// names the model card, the model's SHA-256 and the Qt, DCMTK and LibTorch versions (checked against
// the card's JSON, a hash of the file, dcmdump and Python's torch), and says "not loaded yet" without
// loading LibTorch; View > Panels brings a closed dock back and Reset Layout restores the first
// layout; the first window opens at 80% of the screen, centred; '=' zooms in; the layout and the
// heatmap's look survive a restart (a window destroyed and made again, on a temporary settings file).
#include "AiController.h"
#include "AiPanel.h"
#include "HelpDialogs.h"
#include "MainWindow.h"
#include "Translations.h"
#include "dicom/DicomWriter.h"
#include "widgets/ImageView.h"

#include <QtTest>

#include <QAction>
#include <QApplication>
#include <QCryptographicHash>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>

#include <cstdlib>
#include <memory>

using namespace pulmo;

namespace {

const QString kDemoModel = QStringLiteral(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.pt");

/// The first action in `window`'s menus whose text, without '&', is `text`.
QAction* menuAction(const QMainWindow& window, const QString& text)
{
    for (QAction* action : window.findChildren<QAction*>())
        if (QString(action->text()).remove(QLatin1Char('&')) == text) return action;
    return nullptr;
}

QMenu* panelsMenu(const QMainWindow& window)
{
    for (QMenu* menu : window.findChildren<QMenu*>())
        if (QString(menu->title()).remove(QLatin1Char('&')) == QLatin1String("Panels")) return menu;
    return nullptr;
}

/// With PULMO_SCREENSHOT_DIR set, a picture of `widget` there, to look at.
void saveScreenshot(QWidget* widget, const QString& name)
{
    if (!qEnvironmentVariableIsSet("PULMO_SCREENSHOT_DIR")) return;
    QApplication::processEvents();
    widget->grab().save(QDir(qEnvironmentVariable("PULMO_SCREENSHOT_DIR")).filePath(name));
}

/// What a program prints, or empty.
QString output(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000)) return {};
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError()).trimmed();
}

}  // namespace

class TestWindowLayout : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_image;
    int m_settingsRun = 0;

    /// A fresh, empty settings location: nothing saved by an earlier test.
    void freshSettings()
    {
        const QString folder = m_work.filePath(QStringLiteral("settings-%1").arg(++m_settingsRun));
        QDir().mkpath(folder);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, folder);
        QSettings().clear();
        QSettings().setValue(QStringLiteral("feedback/database"), m_work.filePath(QStringLiteral("feedback.sqlite")));
    }

    std::unique_ptr<app::MainWindow> window(const QString& model = {})
    {
        app::AiSettings ai;
        ai.modelPath = model;
        return std::make_unique<app::MainWindow>(m_work.filePath(QStringLiteral("index.sqlite")), ai);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QStandardPaths::setTestModeEnabled(true);
        app::installTranslations(QStringLiteral("en"));
        const QScreen* screen = QGuiApplication::primaryScreen();
        QVERIFY(screen);
        QCOMPARE(screen->geometry().size(), QSize(1920, 1080));  // the configuration main() gave the platform
        dicom::GrayImageSpec spec;
        spec.rows = 200;
        spec.columns = 160;
        spec.modality = "DX";
        for (int i = 0; i < spec.rows * spec.columns; ++i) spec.storedValues.push_back((i * 7) % 4096);
        m_image = m_work.filePath(QStringLiteral("chest.dcm"));
        dicom::writeGrayImage(m_image.toStdString(), spec);
    }

    void about_beforeTheModelLoads_saysNotLoadedYet_andTheWindowNeverMapsLibTorch()
    {
        app::AiSettings settings;
        settings.modelPath = kDemoModel;
        app::AiController ai(settings, nullptr);
        // Asked at once: pulmo-ai-host is still starting, and the controller learns of the model only
        // through its event loop, which has not run.
        app::AboutDialog dialog(app::AboutFacts::of(ai));
        const QString text = dialog.plainText();
        QVERIFY2(text.contains(QStringLiteral("LibTorch: not loaded yet")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Card and SHA-256: not loaded yet")), qPrintable(text));
        QVERIFY2(text.contains(kDemoModel), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("DCMTK: 3.")), qPrintable(text));
        QTRY_VERIFY_WITH_TIMEOUT(ai.isReady(), 60000);
        QVERIFY(ai.model());
        // LibTorch loaded in pulmo-ai-host, never in the window's process.
        QFile maps(QStringLiteral("/proc/self/maps"));
        QVERIFY(maps.open(QIODevice::ReadOnly));
        const QByteArray mapped = maps.readAll();
        QVERIFY2(!mapped.contains("libtorch") && !mapped.contains("libpulmo_inference_torch"),
                 "LibTorch was loaded into the window's process");
    }

    void shortcutSheet_opensWithF1AndQuestionMark_andListsEveryActionWithAShortcut()
    {
        freshSettings();
        auto main = window();
        main->show();
        main->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(main.get()));  // window shortcuts need the active window
        QAction* sheetAction = menuAction(*main, QStringLiteral("Keyboard Shortcuts"));
        QVERIFY(sheetAction);
        QCOMPARE(sheetAction->shortcuts(),
                 QList<QKeySequence>({QKeySequence(Qt::Key_F1), QKeySequence(Qt::Key_Question)}));
        QList<const QAction*> withShortcut;
        for (const QAction* action : main->findChildren<QAction*>())
            if (!action->shortcuts().isEmpty()) withShortcut << action;
        QVERIFY2(withShortcut.size() >= 30, qPrintable(QString::number(withShortcut.size())));

        for (const int key : {int(Qt::Key_F1), int(Qt::Key_Question)}) {
            main->activateWindow();  // back from the sheet closed before
            QVERIFY(QTest::qWaitForWindowActive(main.get()));
            // '?' as Qt's key mapper hands it to shortcuts (the Shift that makes it is dropped on X11).
            QTest::keyClick(main.get(), Qt::Key(key));
            QTRY_VERIFY_WITH_TIMEOUT(main->findChild<app::ShortcutSheet*>() != nullptr, 5000);
            auto* sheet = main->findChild<app::ShortcutSheet*>();
            QVERIFY(sheet->isVisible());
            const QList<const QAction*> listed = sheet->listedActions();
            for (const QAction* action : withShortcut)
                QVERIFY2(listed.contains(action), qPrintable(QStringLiteral("not on the sheet: %1 (%2)")
                                                                 .arg(action->text(), action->shortcut().toString())));
            QCOMPARE(listed.size(), withShortcut.size());  // each once
            const QStringList rows = sheet->rows();
            QVERIFY2(rows.contains(QStringLiteral("View: Zoom In = +, =, Ctrl++")), qPrintable(rows.join('\n')));
            QVERIFY2(rows.contains(QStringLiteral("Help: Keyboard Shortcuts = F1, ?")), qPrintable(rows.join('\n')));
            saveScreenshot(sheet, QStringLiteral("pulmo-shortcuts.png"));
            sheet->close();
            QTRY_VERIFY(main->findChild<app::ShortcutSheet*>() == nullptr);  // deleted on close
        }
    }

    void about_namesTheModelCardItsHashAndTheLibraryVersions()
    {
        freshSettings();
        auto main = window(kDemoModel);
        main->show();
        QTRY_VERIFY_WITH_TIMEOUT(main->ai()->isReady(), 120000);  // nothing opened: the AI starts at once
        QVERIFY2(main->ai()->unavailableReason().isEmpty(), qPrintable(main->ai()->unavailableReason()));
        QAction* about = menuAction(*main, QStringLiteral("About Pulmo"));
        QVERIFY(about);
        about->trigger();
        auto* dialog = main->findChild<app::AboutDialog*>();
        QVERIFY(dialog);
        const QString text = dialog->plainText();

        // The oracles: the card's JSON, a hash of the model file, dcmdump, Python's torch.
        QFile cardFile(QString(kDemoModel).replace(QLatin1String(".pt"), QLatin1String(".json")));
        QVERIFY(cardFile.open(QIODevice::ReadOnly));
        const QJsonObject card = QJsonDocument::fromJson(cardFile.readAll()).object();
        QFile model(kDemoModel);
        QVERIFY(model.open(QIODevice::ReadOnly));
        const QString sha256 =
            QString::fromLatin1(QCryptographicHash::hash(model.readAll(), QCryptographicHash::Sha256).toHex());
        QStringList labels;
        for (const QJsonValue& label : card.value(QStringLiteral("labels")).toArray()) labels << label.toString();
        const QRegularExpressionMatch dcmtk =
            QRegularExpression(QStringLiteral("v(\\d+\\.\\d+\\.\\d+)"))
                .match(output(QStringLiteral("dcmdump"), {QStringLiteral("--version")}));
        QVERIFY(dcmtk.hasMatch());
        const QRegularExpressionMatch torch =
            QRegularExpression(QStringLiteral("^(\\d+\\.\\d+\\.\\d+)"))
                .match(output(QStringLiteral(PULMO_SYSTEM_PYTHON),
                              {QStringLiteral("-c"), QStringLiteral("import torch; print(torch.__version__)")}));
        QVERIFY(torch.hasMatch());

        for (const QString& expected :
             {QStringLiteral("Name: ") + card.value(QStringLiteral("name")).toString(),
              QStringLiteral("Version: ") + card.value(QStringLiteral("version")).toString(),
              QStringLiteral("Classes: ") + labels.join(QStringLiteral(", ")),
              QStringLiteral("Threshold: ") + QString::number(card.value(QStringLiteral("threshold")).toDouble()),
              QStringLiteral("SHA-256: ") + sha256, QStringLiteral("Qt: ") + QString::fromLatin1(qVersion()),
              QStringLiteral("DCMTK: ") + dcmtk.captured(1), QStringLiteral("LibTorch: ") + torch.captured(1),
              QStringLiteral("research only, not for clinical use")})
            QVERIFY2(text.contains(expected), qPrintable(QStringLiteral("'%1' missing from:\n%2").arg(expected, text)));
        saveScreenshot(dialog, QStringLiteral("pulmo-about.png"));
        for (const QSize size : {QSize(1920, 1080), QSize(900, 600)}) {
            main->resize(size);
            saveScreenshot(main.get(), QStringLiteral("pulmo-window-%1x%2.png").arg(size.width()).arg(size.height()));
        }
        dialog->close();
    }

    void firstWindow_withNothingSaved_opensAt80PercentOfTheScreen_centred()
    {
        freshSettings();
        auto main = window();
        main->show();
        QVERIFY(QTest::qWaitForWindowExposed(main.get()));
        const QRect available = main->screen()->availableGeometry();
        const QRect frame = main->geometry();
        QVERIFY2(std::abs(frame.width() - available.width() * 0.8) <= available.width() * 0.02 &&
                     std::abs(frame.height() - available.height() * 0.8) <= available.height() * 0.02,
                 qPrintable(QStringLiteral("%1x%2 on %3x%4")
                                .arg(frame.width())
                                .arg(frame.height())
                                .arg(available.width())
                                .arg(available.height())));
        QVERIFY2((frame.center() - available.center()).manhattanLength() <= 40,
                 qPrintable(QStringLiteral("centre %1,%2").arg(frame.center().x()).arg(frame.center().y())));
    }

    void equalsKey_zoomsIn_asPlusDoes()
    {
        freshSettings();
        auto main = window();
        main->show();
        QVERIFY(QTest::qWaitForWindowExposed(main.get()));
        QSignalSpy shown(main.get(), &app::MainWindow::imageShown);
        main->openPaths({m_image});
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 60000);
        main->imageView()->setFocus();
        for (const Qt::Key key : {Qt::Key_Equal, Qt::Key_Plus}) {
            const double before = main->imageView()->zoom();
            QTest::keyClick(main->imageView(), key);
            QVERIFY2(main->imageView()->zoom() > before * 1.05,
                     qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(main->imageView()->zoom())));
        }
        const double before = main->imageView()->zoom();
        QTest::keyClick(main->imageView(), Qt::Key_Minus);
        QVERIFY(main->imageView()->zoom() < before);
    }

    void panelsMenu_bringsAClosedDockBack_andResetLayoutRestoresIt()
    {
        freshSettings();
        auto main = window();
        main->show();
        QVERIFY(QTest::qWaitForWindowExposed(main.get()));
        auto* studies = main->findChild<QDockWidget*>(QStringLiteral("StudiesDock"));
        auto* ai = main->findChild<QDockWidget*>(QStringLiteral("AiDock"));
        QVERIFY(studies && ai);
        QVERIFY(studies->isVisible() && ai->isVisible());
        QMenu* panels = panelsMenu(*main);
        QVERIFY(panels);

        studies->close();
        QVERIFY(!studies->isVisible());
        Q_EMIT panels->aboutToShow();  // the menu is filled as it opens
        QVERIFY(panels->actions().contains(studies->toggleViewAction()));
        QVERIFY(panels->actions().contains(ai->toggleViewAction()));
        studies->toggleViewAction()->trigger();
        QTRY_VERIFY(studies->isVisible());

        studies->close();
        ai->setFloating(true);
        QAction* reset = menuAction(*main, QStringLiteral("Reset Layout"));
        QVERIFY(reset);
        reset->trigger();
        QTRY_VERIFY(studies->isVisible());
        QVERIFY(!ai->isFloating());
        QCOMPARE(main->dockWidgetArea(studies), Qt::LeftDockWidgetArea);
        QCOMPARE(main->dockWidgetArea(ai), Qt::RightDockWidgetArea);
    }

    void layoutAndHeatmapSettings_surviveARestart()
    {
        freshSettings();
        {
            auto first = window();
            first->show();
            QVERIFY(QTest::qWaitForWindowExposed(first.get()));
            first->resize(1100, 720);
            first->findChild<QDockWidget*>(QStringLiteral("StudiesDock"))->close();
            viewer::HeatmapStyle style = first->aiPanel()->heatmapStyle();
            style.opacity = 0.8;
            style.colormap = viewer::Colormap::Viridis;
            style.visible = false;
            first->aiPanel()->setHeatmapStyle(style);
            QCOMPARE(first->imageView()->heatmapStyle().opacity, 0.8);
            QVERIFY(first->close());  // the settings are written as the window closes
        }
        auto second = window();
        second->show();
        QVERIFY(QTest::qWaitForWindowExposed(second.get()));
        QCOMPARE(second->size(), QSize(1100, 720));
        QVERIFY(!second->findChild<QDockWidget*>(QStringLiteral("StudiesDock"))->isVisible());
        QVERIFY(second->findChild<QDockWidget*>(QStringLiteral("AiDock"))->isVisible());
        const viewer::HeatmapStyle style = second->aiPanel()->heatmapStyle();
        QCOMPARE(style.opacity, 0.8);
        QCOMPARE(int(style.colormap), int(viewer::Colormap::Viridis));
        QVERIFY(!style.visible);
        QCOMPARE(second->imageView()->heatmapStyle().opacity, 0.8);  // the view draws what was saved
        QVERIFY(!second->imageView()->heatmapStyle().visible);
        const QSettings saved;
        QVERIFY(saved.contains(QStringLiteral("window/geometry")) && saved.contains(QStringLiteral("window/state")));
        QCOMPARE(saved.value(QStringLiteral("view/heatmapColormap")).toString(), QStringLiteral("viridis"));
    }
};

int main(int argc, char* argv[])
{
    // A 1920x1080 screen, as in a reading room, for the offscreen platform (Qt's own JSON configuration).
    QTemporaryDir platform;
    const QString config = platform.filePath(QStringLiteral("offscreen.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly)) return 2;
    file.write(R"({"screens": [{"name": "reading-room", "x": 0, "y": 0, "width": 1920, "height": 1080,
                   "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})");
    file.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + config.toLocal8Bit());
    QApplication application(argc, argv);
    TestWindowLayout test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_windowlayout.moc"
