#include "GuiLogging.h"

#include "MainWindow.h"

#include <memory>

namespace pulmo::app {

Q_LOGGING_CATEGORY(lcGui, "pulmo.gui", QtWarningMsg)

void logWindowEvents(MainWindow& window, QElapsedTimer started)
{
    auto shown = std::make_shared<int>(0);
    QObject::connect(&window, &MainWindow::imageShown, &window, [shown, started](const QString& filePath) {
        // The path may name a patient (a user's folder): debug only.
        qCDebug(lcGui, "image shown: %s", qUtf8Printable(filePath));
        if ((*shown)++ == 0 && started.isValid())
            qCInfo(lcGui, "first image shown %lld ms after start", static_cast<long long>(started.elapsed()));
    });
    QObject::connect(&window, &MainWindow::openingFinished, &window, [&window] {
        qCInfo(lcGui, "opening finished: %s",
               window.currentFile().isEmpty() ? "nothing to show" : "an image on screen");
    });
    QObject::connect(&window, &MainWindow::aiSettled, &window,
                     [&window] { qCDebug(lcGui, "AI settled for %s", qUtf8Printable(window.currentFile())); });
}

}  // namespace pulmo::app
