#pragma once
// Model monitoring in the window (issue 20): AI > Model Monitoring opens the dialog on the feedback
// database, and the AI panel's banner says while the model in use has an open alarm. The banner is
// read at start, hourly, and after the dialog closes; the panel's link to it opens the dialog.
//
// It owns no widget; the dialog is the window's child. UI thread only.

#include <QObject>
#include <QString>

class QWidget;

namespace pulmo::app {

class AiPanel;

class MonitoringBanner : public QObject {
    Q_OBJECT
public:
    /// `window`: the parent of the dialog and of this object. `databasePath`: the feedback
    /// database (FeedbackSession::databasePath()). `panel` shows the banner and must outlive this
    /// object (the window owns both). The first reading is queued from here.
    MonitoringBanner(QWidget* window, QString databasePath, AiPanel* panel);

public Q_SLOTS:
    /// AI > Model Monitoring (issue 20): the monitoring dialog on the feedback database.
    void openModelMonitoring();
    /// Reads the open alarms of the model in use in the background and shows or hides the AI
    /// panel's banner (at start, hourly, after the dialog); monitoringBannerRefreshed() follows.
    void refreshMonitoringBanner();

Q_SIGNALS:
    /// The AI panel's monitoring banner was brought up to date (empty `text`: hidden).
    void monitoringBannerRefreshed(const QString& text);

private:
    QWidget* m_window;
    QString m_databasePath;
    AiPanel* m_panel;
    int m_monitoringGeneration = 0;  // refreshMonitoringBanner()'s readings, the newest shown
};

}  // namespace pulmo::app
