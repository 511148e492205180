#pragma once
// Model monitoring's charts (issue 20 item 5), made one way for `pulmo-cli monitor --report`,
// `pulmo-cli golden --report` and the workstation's AI > Model Monitoring: QtCharts (Debian
// qt6-charts-dev) charts of the daily figures against their thresholds, with each alarm's first
// day marked; rendered to PNG without a window, or shown in a QChartView. Titles and axis names go
// through QCoreApplication::translate("MonitoringCharts", ...): the workstation shows them in the
// user's language, the CLI (no translator) in English. Needs a QApplication.

#include "GoldenStore.h"
#include "monitoring/DriftMonitor.h"
#include "monitoring/GoldenSet.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

#include <vector>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace pulmo::app {

/// The monitoring charts, in the order they are shown: "input_histogram", "input_statistics",
/// "metadata", "prediction", "agreement".
QStringList monitoringChartIds();
/// The chart `id` of `result` (a new QChart the caller owns); alarms of its kind are marked.
QChart* monitoringChart(const monitoring::MonitorResult& result, const QString& id);
/// The golden-set runs of one model: the sensitivity's and specificity's lower bounds per run,
/// with their floors.
QChart* goldenChart(const std::vector<feedback::GoldenRun>& runs);
/// A reliability diagram: the share of positive cases against the mean probability per bin, and
/// the diagonal of perfect calibration.
QChart* reliabilityChart(const monitoring::GoldenSummary& summary);

/// Draws `chart` (then deleted) into an image of `size`.
QImage renderChart(QChart* chart, QSize size = {900, 420});
/// Writes the reliability diagram as a PNG; throws std::runtime_error naming the file.
void writeReliabilityDiagram(const QString& path, const monitoring::GoldenSummary& summary);

/// One model's part of a report.
struct MonitoringReportModel {
    QString modelSha256;
    monitoring::MonitorResult result;
    std::vector<feedback::GoldenRun> golden;
    std::vector<monitoring::Alarm> alarms;  ///< the monitor's and the golden runs'
};
/// Writes index.html and one PNG per chart and model into `folder`; returns the files written.
/// Throws std::runtime_error naming a file that cannot be written.
QStringList writeMonitoringReport(const QString& folder, const std::vector<MonitoringReportModel>& models);

}  // namespace pulmo::app
