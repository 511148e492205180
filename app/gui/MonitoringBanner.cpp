#include "MonitoringBanner.h"

#include "AiPanel.h"
#include "GuiLogging.h"
#include "MonitoringDialog.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace pulmo::app {

MonitoringBanner::MonitoringBanner(QWidget* window, QString databasePath, AiPanel* panel)
    : QObject(window), m_window(window), m_databasePath(std::move(databasePath)), m_panel(panel)
{
    // Now, hourly, and from the banner's link to the dialog.
    connect(m_panel, &AiPanel::monitoringRequested, this, &MonitoringBanner::openModelMonitoring);
    auto* timer = new QTimer(this);
    timer->setInterval(60 * 60 * 1000);
    connect(timer, &QTimer::timeout, this, &MonitoringBanner::refreshMonitoringBanner);
    timer->start();
    QTimer::singleShot(0, this, &MonitoringBanner::refreshMonitoringBanner);
}

void MonitoringBanner::openModelMonitoring()
{
    auto* dialog = new MonitoringDialog(m_databasePath, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, &MonitoringBanner::refreshMonitoringBanner);
    dialog->open();
}

void MonitoringBanner::refreshMonitoringBanner()
{
    // Reading a year of observations takes a moment: off the UI thread, the answer back on it.
    const QString path = m_databasePath;
    const int generation = ++m_monitoringGeneration;  // only the newest reading shows
    auto* watcher = new QFutureWatcher<MonitoringOverview>(this);
    connect(watcher, &QFutureWatcher<MonitoringOverview>::finished, this, [this, watcher, generation] {
        const MonitoringOverview overview = watcher->result();
        watcher->deleteLater();
        if (generation != m_monitoringGeneration) return;
        if (!overview.error.isEmpty()) qCWarning(lcGui, "model monitoring: %s", qPrintable(overview.error));
        const QString text = monitoringBannerText(overview);
        m_panel->setMonitoringAlarms(text);
        Q_EMIT monitoringBannerRefreshed(text);
    });
    watcher->setFuture(QtConcurrent::run([path] { return monitoringOverview(path); }));
}

}  // namespace pulmo::app
