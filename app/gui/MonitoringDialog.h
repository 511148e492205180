#pragma once
// AI > Model Monitoring (issue 20 item 5): for each model in the feedback database, its reference
// period, its alarms (input, metadata, prediction and agreement drift, and the golden set) and the
// same charts as `pulmo-cli monitor --report`, in the user's language; and the one-line overview
// behind the AI panel's banner while an alarm is open.

#include "monitoring/DriftMonitor.h"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <vector>

class QComboBox;
class QLabel;
class QTabWidget;
class QTableWidget;

namespace pulmo::app {

/// The open alarms of the model put in use last, for the banner. Empty `modelSha256`: nothing
/// recorded (or the database could not be read: `error`).
struct MonitoringOverview {
    QString modelSha256;
    int open = 0;
    QStringList kinds;  ///< of the open alarms, translated, each once
    QString error;
};
MonitoringOverview monitoringOverview(const QString& databasePath);
/// "Model monitoring: 2 open alarms (input drift, reader agreement)"; empty with no open alarm.
QString monitoringBannerText(const MonitoringOverview& overview);
/// A kind ("input_drift", ...) in words.
QString monitoringKindName(const std::string& kind);

class MonitoringDialog : public QDialog {
    Q_OBJECT
public:
    explicit MonitoringDialog(const QString& databasePath, QWidget* parent = nullptr);

    QComboBox* models() const { return m_models; }
    QTableWidget* alarms() const { return m_alarms; }
    QTabWidget* charts() const { return m_charts; }
    QLabel* summary() const { return m_summary; }

private:
    void showModel(int index);

    QString m_databasePath;
    QComboBox* m_models = nullptr;
    QLabel* m_summary = nullptr;
    QTableWidget* m_alarms = nullptr;
    QTabWidget* m_charts = nullptr;
};

}  // namespace pulmo::app
