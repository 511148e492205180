#pragma once
// The workstation's log, "pulmo.gui": openings, images shown, AI results settled, PACS jobs.

#include <QElapsedTimer>
#include <QLoggingCategory>

namespace pulmo::app {

class MainWindow;

/// "pulmo.gui": warnings and above by default; QT_LOGGING_RULES="pulmo.gui.debug=true" shows the rest.
Q_DECLARE_LOGGING_CATEGORY(lcGui)

/// Logs what `window` signals (images shown, with the time since `started` for the first; openings
/// finished; the AI settled), from outside the window so that the window does not carry it. UI thread.
void logWindowEvents(MainWindow& window, QElapsedTimer started);

}  // namespace pulmo::app
