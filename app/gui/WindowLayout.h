#pragma once
// The main window's frame as the reader left it: its size and place, which docks and toolbars are
// open and where (QMainWindow::saveGeometry/saveState under "window/..."), and the heatmap's look
// (under "view/..."), all surviving a restart. The first window, with nothing saved, opens at about
// 80% of the screen's available area, centred. View > Panels lists every dock and toolbar (their
// toggleViewAction, read when the menu opens, so a dock added later is there too), so a closed dock
// can come back; Reset Layout puts the docks and toolbars back where the window first built them.
//
// UI thread only.

#include "overlay/HeatmapRenderer.h"

#include <QByteArray>
#include <QObject>
#include <QRect>

class QMainWindow;
class QMenu;
class QSettings;

namespace pulmo::app {

class WindowLayout : public QObject {
    Q_OBJECT
public:
    /// `window` (the parent) must have built its docks and toolbars, each with an object name.
    explicit WindowLayout(QMainWindow* window);

    /// Keeps the layout as built now for resetLayout(); call before restore().
    void captureDefault();
    /// The saved geometry and dock state; without a saved geometry, firstGeometry() on the window's
    /// screen.
    void restore(const QSettings& settings);
    void save(QSettings& settings) const;
    /// View > Reset Layout: docks and toolbars back to their first places and visibility.
    void resetLayout();
    /// Fills `menu` with the docks' and toolbars' show/hide actions whenever it is about to show.
    void attachPanelsMenu(QMenu* menu);

    /// About 80% of `available` (a screen's available geometry), centred in it.
    static QRect firstGeometry(const QRect& available);

    static viewer::HeatmapStyle loadHeatmapStyle(const QSettings& settings, const viewer::HeatmapStyle& defaults);
    static void saveHeatmapStyle(QSettings& settings, const viewer::HeatmapStyle& style);

private:
    QMainWindow* m_window;
    QByteArray m_default;
};

}  // namespace pulmo::app
