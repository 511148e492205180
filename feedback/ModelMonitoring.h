#pragma once
// One model's monitoring as every reader of it needs it (pulmo-cli monitor, AI > Model Monitoring,
// the node's metrics): the monitor's result on its recorded stream, its golden runs, and the
// alarms of both.

#include "FeedbackDatabase.h"
#include "GoldenStore.h"
#include "monitoring/DriftMonitor.h"

#include <QString>

#include <vector>

namespace pulmo::feedback {

struct ModelMonitoring {
    monitoring::MonitorResult result;
    std::vector<GoldenRun> golden;
    std::vector<monitoring::Alarm> alarms;  ///< the monitor's, then the golden runs'
};

ModelMonitoring monitorModel(FeedbackDatabase& database, const QString& modelSha256,
                             const monitoring::MonitorSettings& settings = {});

/// The models with observations (the one used last first), then those with golden runs only.
std::vector<QString> monitoredModels(FeedbackDatabase& database);

}  // namespace pulmo::feedback
