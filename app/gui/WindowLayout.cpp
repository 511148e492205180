#include "WindowLayout.h"

#include <QDockWidget>
#include <QGuiApplication>
#include <QMainWindow>
#include <QMenu>
#include <QScreen>
#include <QSettings>
#include <QToolBar>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace pulmo::app {
namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kHeatmapVisible = QStringLiteral("view/heatmapVisible");
const QString kHeatmapOpacity = QStringLiteral("view/heatmapOpacity");
const QString kHeatmapColormap = QStringLiteral("view/heatmapColormap");
const QString kHeatmapThreshold = QStringLiteral("view/heatmapThreshold");
const QString kHeatmapShape = QStringLiteral("view/heatmapStyle");  // "filled" or "contour"

/// Stable names in the settings file (the shown names are translated).
constexpr std::array<std::pair<viewer::Colormap, const char*>, 3> kColormaps = {{
    {viewer::Colormap::Jet, "jet"},
    {viewer::Colormap::Inferno, "inferno"},
    {viewer::Colormap::Viridis, "viridis"},
}};

}  // namespace

WindowLayout::WindowLayout(QMainWindow* window) : QObject(window), m_window(window) {}

void WindowLayout::captureDefault()
{
    m_default = m_window->saveState();
}

QRect WindowLayout::firstGeometry(const QRect& available)
{
    const QSize size(int(std::lround(available.width() * 0.8)), int(std::lround(available.height() * 0.8)));
    QRect geometry(QPoint(), size);
    geometry.moveCenter(available.center());
    return geometry;
}

void WindowLayout::restore(const QSettings& settings)
{
    // The keys before "window/...", read once so that an existing layout is not lost.
    const QByteArray geometry = settings.value(kGeometry, settings.value(QStringLiteral("geometry"))).toByteArray();
    const QByteArray state = settings.value(kState, settings.value(QStringLiteral("windowState"))).toByteArray();
    if (geometry.isEmpty() || !m_window->restoreGeometry(geometry)) {
        const QScreen* screen = m_window->screen() ? m_window->screen() : QGuiApplication::primaryScreen();
        if (screen) m_window->setGeometry(firstGeometry(screen->availableGeometry()));
    }
    if (!state.isEmpty()) m_window->restoreState(state);
}

void WindowLayout::save(QSettings& settings) const
{
    settings.setValue(kGeometry, m_window->saveGeometry());
    settings.setValue(kState, m_window->saveState());
}

void WindowLayout::resetLayout()
{
    // restoreState() shows, docks and places every dock and toolbar as it was (a closed or floated
    // one too).
    if (!m_default.isEmpty()) m_window->restoreState(m_default);
}

void WindowLayout::attachPanelsMenu(QMenu* menu)
{
    connect(menu, &QMenu::aboutToShow, menu, [this, menu] {
        menu->clear();
        for (QDockWidget* dock : m_window->findChildren<QDockWidget*>())
            if (dock->parentWidget() == m_window) menu->addAction(dock->toggleViewAction());
        bool first = true;
        for (QToolBar* toolBar : m_window->findChildren<QToolBar*>()) {
            if (toolBar->parentWidget() != m_window) continue;
            if (std::exchange(first, false)) menu->addSeparator();
            menu->addAction(toolBar->toggleViewAction());
        }
    });
}

viewer::HeatmapStyle WindowLayout::loadHeatmapStyle(const QSettings& settings, const viewer::HeatmapStyle& defaults)
{
    viewer::HeatmapStyle style = defaults;
    style.visible = settings.value(kHeatmapVisible, defaults.visible).toBool();
    bool ok = false;
    const double opacity = settings.value(kHeatmapOpacity).toDouble(&ok);  // QVariant: locale-free
    if (ok && std::isfinite(opacity)) style.opacity = std::clamp(opacity, 0.0, 1.0);
    const int threshold = settings.value(kHeatmapThreshold).toInt(&ok);
    if (ok) style.threshold = std::clamp(threshold, 0, 255);
    const QString colormap = settings.value(kHeatmapColormap).toString();
    for (const auto& [map, name] : kColormaps)
        if (colormap == QLatin1String(name)) style.colormap = map;
    if (const auto shape = viewer::heatmapShapeFromString(settings.value(kHeatmapShape).toString().toStdString()))
        style.shape = *shape;
    return style;
}

void WindowLayout::saveHeatmapStyle(QSettings& settings, const viewer::HeatmapStyle& style)
{
    settings.setValue(kHeatmapVisible, style.visible);
    settings.setValue(kHeatmapOpacity, style.opacity);
    settings.setValue(kHeatmapThreshold, style.threshold);
    for (const auto& [map, name] : kColormaps)
        if (style.colormap == map) settings.setValue(kHeatmapColormap, QLatin1String(name));
    settings.setValue(kHeatmapShape, QLatin1String(viewer::toString(style.shape)));
}

}  // namespace pulmo::app
