// pulmo: the workstation.
//   pulmo [PATHS...]                         open files, folders, DICOMDIRs
//   pulmo --screenshot OUT.png [PATHS...]    render the window offscreen with them open, save, exit
//   pulmo --exit-after-first-result FILE     print the times to the model, the first image and its AI
//                                            result, then exit (for measurements)
//   pulmo --preload-ai                       load the AI process and the saved model, keep them loaded
//                                            (ai/keepLoadedMinutes), exit: at login, for a first study
//                                            whose AI result follows its first image
#include "GuiLogging.h"
#include "Logging.h"
#include "MainWindow.h"
#include "NumericLocale.h"
#include "RemoteBackend.h"
#include "Translations.h"

#include "index/StudyIndex.h"
#include "widgets/ImageView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

int main(int argc, char* argv[])
{
    QElapsedTimer started;
    started.start();
    // First thing: the AI's process starts loading LibTorch while this one starts its window.
    const bool aiWasKeptLoaded = pulmo::app::AiController::aiHost()->connectedToKeptHost();
    // A screenshot needs no display: choose the offscreen platform before Qt looks for one.
    for (int i = 1; i < argc; ++i)
        if ((QByteArray(argv[i]) == "--screenshot" || QByteArray(argv[i]) == "--preload-ai") &&
            qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication application(argc, argv);
    pulmo::app::useCNumericLocale();  // the C library's numbers in "C" again, after Qt set them from the user's locale
    pulmo::app::configureLogging();   // QT_LOGGING_RULES read by now; DCMTK's log follows pulmo.dicom and pulmo.net
    QApplication::setApplicationName(QStringLiteral("Pulmo"));
    QApplication::setOrganizationName(QStringLiteral("Pulmo"));
    QApplication::setApplicationVersion(QStringLiteral(PULMO_VERSION));
    pulmo::app::installTranslations(pulmo::app::savedLanguage());  // before the first translated text

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Chest X-ray workstation (not for clinical use)"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("PATHS"),
                                 QApplication::translate("main", "Files, folders or DICOMDIRs to open"),
                                 QStringLiteral("[PATHS...]"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QApplication::translate("main", "Save a picture of the window and exit."),
                                        QStringLiteral("OUT.png"));
    const QCommandLineOption indexDatabase(QStringLiteral("index-db"),
                                           QApplication::translate("main", "Study index database to use."),
                                           QStringLiteral("PATH"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QApplication::translate("main", "Window size for --screenshot."),
                                  QStringLiteral("WIDTHxHEIGHT"), QStringLiteral("1600x1000"));
    const QCommandLineOption firstImage(
        QStringLiteral("exit-after-first-image"),
        QApplication::translate("main",
                                "Print the time from start to the first image painted, then exit (for measurements)."));
    const QCommandLineOption firstResult(
        QStringLiteral("exit-after-first-result"),
        QApplication::translate("main",
                                "Print the times from start to the model loaded, the first image painted and "
                                "its AI result, then exit (for measurements)."));
    const QCommandLineOption model(
        QStringLiteral("model"), QApplication::translate("main", "AI model for this session (the saved choice stays)."),
        QStringLiteral("PATH"));
    const QCommandLineOption preloadAi(
        QStringLiteral("preload-ai"),
        QApplication::translate("main",
                                "Load the AI and the saved model, keep them loaded for the next window, "
                                "and exit (at login)."));
    parser.addOptions({screenshot, indexDatabase, size, firstImage, firstResult, model, preloadAi});
    parser.process(application);

    if (parser.isSet(preloadAi)) {
        // The window's own way to its model (AiController), without a window: the host then keeps
        // LibTorch and this model for the first window that asks for them.
        if (!pulmo::app::AiController::aiHost()->keptLoaded()) {
            std::fprintf(stderr, "pulmo: %s\n",
                         qPrintable(pulmo::app::AiController::keepLoadedSeconds() == 0
                                        ? QApplication::translate("main",
                                                                  "the AI is not kept loaded "
                                                                  "(Preferences > Keep the AI loaded)")
                                        : QApplication::translate("main",
                                                                  "the AI cannot be kept loaded: "
                                                                  "no private runtime folder (XDG_RUNTIME_DIR)")));
            return 1;
        }
        pulmo::app::AiSettings ai = pulmo::app::MainWindow::savedAiSettings();
        if (parser.isSet(model)) ai.modelPath = QFileInfo(parser.value(model)).absoluteFilePath();
        pulmo::app::AiController controller(ai);
        int exitCode = 1;
        QObject::connect(&controller, &pulmo::app::AiController::statusChanged, &controller, [&controller, &exitCode] {
            if (!controller.isReady()) return;
            const QString reason = controller.unavailableReason();
            if (reason.isEmpty())
                exitCode = 0;
            else
                std::fprintf(stderr, "pulmo: %s\n", qPrintable(reason));
            QApplication::quit();
        });
        application.exec();
        return exitCode;
    }

    const QString database =
        parser.isSet(indexDatabase) ? parser.value(indexDatabase) : pulmo::index::StudyIndex::defaultDatabasePath();
    QDir().mkpath(QFileInfo(database).absolutePath());
    std::unique_ptr<pulmo::app::MainWindow> window;
    try {
        pulmo::app::AiSettings ai = pulmo::app::MainWindow::savedAiSettings();
        if (parser.isSet(model)) ai.modelPath = QFileInfo(parser.value(model)).absoluteFilePath();
        window = std::make_unique<pulmo::app::MainWindow>(database, ai);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "pulmo: %s\n", error.what());
        return 1;
    }
    QStringList paths;
    for (const QString& path : parser.positionalArguments()) paths << QFileInfo(path).absoluteFilePath();
    pulmo::app::logWindowEvents(*window, started);
    qCInfo(pulmo::app::lcGui, "started in %lld ms; opening %lld path(s)", static_cast<long long>(started.elapsed()),
           static_cast<long long>(paths.size()));

    if (parser.isSet(screenshot)) {
        const QStringList dimensions = parser.value(size).split(QLatin1Char('x'));
        window->resize(dimensions.value(0).toInt() > 0 ? dimensions.value(0).toInt() : 1600,
                       dimensions.value(1).toInt() > 0 ? dimensions.value(1).toInt() : 1000);
        window->show();
        const QString output = parser.value(screenshot);
        int exitCode = 0;
        const auto save = [&window, output, &exitCode] {
            QApplication::processEvents();
            if (!window->grab().save(output)) {
                std::fprintf(
                    stderr, "pulmo: %s\n",
                    qPrintable(QApplication::translate("main", "%1: cannot write the screenshot").arg(output)));
                exitCode = 1;
            }
            QApplication::quit();
        };
        if (paths.isEmpty()) {
            QTimer::singleShot(0, save);
        } else {
            // The picture is taken once the image is on screen and the AI has settled (a result with
            // its heatmap, or the reason there is none).
            auto imageReady = std::make_shared<bool>(false);
            auto aiReady = std::make_shared<bool>(false);
            const auto maybeSave = [imageReady, aiReady, save] {
                if (*imageReady && *aiReady) QTimer::singleShot(50, save);
            };
            QObject::connect(window.get(), &pulmo::app::MainWindow::imageShown, window.get(),
                             [&window, imageReady, aiReady, maybeSave] {
                                 if (*imageReady) return;
                                 *imageReady = true;
                                 *aiReady = *aiReady || window->aiSettledForCurrentImage();
                                 maybeSave();
                             });
            QObject::connect(window.get(), &pulmo::app::MainWindow::aiSettled, window.get(),
                             [aiReady, imageReady, maybeSave] {
                                 if (*aiReady || !*imageReady) return;
                                 *aiReady = true;
                                 maybeSave();
                             });
            QObject::connect(window.get(), &pulmo::app::MainWindow::openingFinished, window.get(), [&window, save] {
                if (window->currentFile().isEmpty())
                    QTimer::singleShot(0, save);  // nothing to show: say so in the picture
            });
            // Never hang: give up after two minutes with whatever is on screen.
            QTimer::singleShot(120000, [&exitCode, save] {
                std::fprintf(stderr, "pulmo: %s\n",
                             qPrintable(QApplication::translate("main", "the image did not arrive within 2 minutes")));
                save();
                exitCode = 1;
            });
            window->openPaths(paths);
        }
        application.exec();
        return exitCode;
    }
    const auto milliseconds = [&started] {
        return QString::number(double(started.nsecsElapsed()) / 1e6, 'f', 1);  // 'f' is locale-free in Qt
    };
    if (parser.isSet(firstImage)) {
        QObject::connect(window->imageView(), &pulmo::viewer::ImageView::imagePainted, window.get(), [milliseconds] {
            std::printf("first image painted after %s ms\n", qPrintable(milliseconds()));
            std::fflush(stdout);
            QApplication::quit();
        });
    } else if (parser.isSet(firstResult)) {
        // The AI's part of the way to the first answer: the model loads while the image is indexed and
        // decoded; the answer comes when both are there (plus one inference).
        auto painted = std::make_shared<bool>(false);
        auto answered = std::make_shared<bool>(false);
        const auto quitWhenBoth = [painted, answered] {
            if (*painted && *answered) QApplication::quit();
        };
        QObject::connect(window->ai(), &pulmo::app::AiController::statusChanged, window.get(),
                         [&window, milliseconds, aiWasKeptLoaded] {
                             if (!window->ai()->isReady()) return;
                             std::printf("model ready after %s ms%s%s\n", qPrintable(milliseconds()),
                                         window->ai()->unavailableReason().isEmpty() ? "" : " (AI unavailable)",
                                         aiWasKeptLoaded ? " (AI process kept loaded)" : "");
                             std::fflush(stdout);
                         });
        QObject::connect(window->imageView(), &pulmo::viewer::ImageView::imagePainted, window.get(),
                         [painted, milliseconds, quitWhenBoth] {
                             if (*painted) return;
                             *painted = true;
                             std::printf("first image painted after %s ms\n", qPrintable(milliseconds()));
                             std::fflush(stdout);
                             quitWhenBoth();
                         });
        QObject::connect(window.get(), &pulmo::app::MainWindow::aiSettled, window.get(),
                         [&window, answered, milliseconds, quitWhenBoth] {
                             if (*answered || !window->aiSettledForCurrentImage()) return;
                             *answered = true;
                             std::printf("first AI result after %s ms\n", qPrintable(milliseconds()));
                             std::fflush(stdout);
                             quitWhenBoth();
                         });
    }
    window->show();
    if (!paths.isEmpty()) window->openPaths(paths);
    return application.exec();
}
