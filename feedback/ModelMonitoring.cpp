#include "ModelMonitoring.h"

#include "MonitoringStore.h"

#include <algorithm>

namespace pulmo::feedback {

ModelMonitoring monitorModel(FeedbackDatabase& database, const QString& modelSha256,
                             const monitoring::MonitorSettings& settings)
{
    ModelMonitoring out;
    out.result = monitoring::monitor(MonitoringStore(database).stream(modelSha256), settings);
    out.golden = GoldenStore(database).runs(modelSha256);
    out.alarms = out.result.alarms;
    const std::vector<monitoring::Alarm> golden = goldenAlarms(out.golden);
    out.alarms.insert(out.alarms.end(), golden.begin(), golden.end());
    return out;
}

std::vector<QString> monitoredModels(FeedbackDatabase& database)
{
    std::vector<QString> models = MonitoringStore(database).models();
    for (const GoldenRun& run : GoldenStore(database).runs())
        if (std::find(models.begin(), models.end(), run.modelSha256) == models.end()) models.push_back(run.modelSha256);
    return models;
}

}  // namespace pulmo::feedback
