#include "GoldenStore.h"

#include "Statement.h"

#include <QStringList>

#include <algorithm>
#include <cmath>
#include <map>
#include <limits>

namespace pulmo::feedback {

namespace {

constexpr const char* kRunColumns =
    "run_utc, model_sha256, set_path, set_sha256, images, positives, sensitivity, sensitivity_low, "
    "sensitivity_high, specificity, specificity_low, specificity_high, ece, target_sensitivity, threshold_for_target, "
    "min_sensitivity, min_specificity, compared_run_id, compared_images, largest_change, tolerance, passed, failures, "
    "reader";

void bindReal(Statement& statement, int index, double value)
{
    if (std::isfinite(value))
        statement.bind(index, value);
    else
        statement.bindNull(index);
}

double realOrNaN(const Statement& statement, int column)
{
    return statement.isNull(column) ? std::numeric_limits<double>::quiet_NaN() : statement.real(column);
}

}  // namespace

void GoldenStore::record(GoldenRun& run, const std::vector<GoldenOutput>& outputs)
{
    Transaction transaction(m_database);
    Statement insert(m_database, (std::string("INSERT INTO golden_runs(") + kRunColumns +
                                  ") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                                     .c_str());
    insert.bind(1, run.runUtc)
        .bind(2, run.modelSha256)
        .bind(3, run.setPath)
        .bind(4, run.setSha256)
        .bind(5, qint64(run.images))
        .bind(6, qint64(run.positives));
    const double reals[] = {run.sensitivity,
                            run.sensitivityLow,
                            run.sensitivityHigh,
                            run.specificity,
                            run.specificityLow,
                            run.specificityHigh,
                            run.expectedCalibrationError,
                            run.targetSensitivity,
                            run.thresholdForTarget,
                            run.minSensitivity,
                            run.minSpecificity};
    for (int i = 0; i < int(std::size(reals)); ++i) bindReal(insert, 7 + i, reals[i]);
    if (run.comparedRunId > 0)
        insert.bind(18, run.comparedRunId);
    else
        insert.bindNull(18);
    insert.bind(19, qint64(run.comparedImages));
    bindReal(insert, 20, run.largestChange);
    insert.bind(21, run.tolerance).bind(22, qint64(run.passed ? 1 : 0)).bind(23, run.failures).bind(24, run.reader);
    insert.run();
    run.id = m_database.lastInsertId();
    Statement output(
        m_database,
        "INSERT OR IGNORE INTO golden_outputs(run_id, image_sha256, label, probability) VALUES(?, ?, ?, ?)");
    for (const GoldenOutput& o : outputs) {
        output.reset();
        output.bind(1, run.id).bind(2, o.imageSha256).bind(3, o.label).bind(4, o.probability);
        output.run();
    }
    transaction.commit();
}

std::vector<GoldenRun> GoldenStore::runs(const QString& modelSha256) const
{
    Statement query(m_database, (std::string("SELECT id, ") + kRunColumns +
                                 " FROM golden_runs WHERE ? = '' OR model_sha256 = ? ORDER BY id")
                                    .c_str());
    query.bind(1, modelSha256).bind(2, modelSha256);
    std::vector<GoldenRun> out;
    while (query.step()) {
        GoldenRun run;
        run.id = query.integer(0);
        run.runUtc = query.text(1);
        run.modelSha256 = query.text(2);
        run.setPath = query.text(3);
        run.setSha256 = query.text(4);
        run.images = long(query.integer(5));
        run.positives = long(query.integer(6));
        double* reals[] = {&run.sensitivity,
                           &run.sensitivityLow,
                           &run.sensitivityHigh,
                           &run.specificity,
                           &run.specificityLow,
                           &run.specificityHigh,
                           &run.expectedCalibrationError,
                           &run.targetSensitivity,
                           &run.thresholdForTarget,
                           &run.minSensitivity,
                           &run.minSpecificity};
        for (int i = 0; i < int(std::size(reals)); ++i) *reals[i] = realOrNaN(query, 7 + i);
        run.comparedRunId = query.isNull(18) ? 0 : query.integer(18);
        run.comparedImages = long(query.integer(19));
        run.largestChange = realOrNaN(query, 20);
        run.tolerance = query.real(21);
        run.passed = query.integer(22) != 0;
        run.failures = query.text(23);
        run.reader = query.text(24);
        out.push_back(run);
    }
    return out;
}

std::map<QString, double> GoldenStore::outputs(qint64 runId) const
{
    Statement query(m_database, "SELECT image_sha256, probability FROM golden_outputs WHERE run_id = ?");
    query.bind(1, runId);
    std::map<QString, double> out;
    while (query.step()) out[query.text(0)] = query.real(1);
    return out;
}

std::vector<monitoring::Alarm> goldenAlarms(const std::vector<GoldenRun>& runs)
{
    std::vector<monitoring::Alarm> out;
    std::map<std::string, monitoring::Alarm> open;
    const auto dayOf = [](const GoldenRun& run) {
        int day = 0;
        monitoring::dayFromIso(run.runUtc.left(10).toStdString(), day);
        return day;
    };
    for (const GoldenRun& run : runs) {
        const QStringList failures = run.failures.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const char* metric : {"sensitivity", "specificity", "determinism"}) {
            const bool failed = failures.contains(QLatin1String(metric));
            // An episode per failure and set: a run on another set neither continues nor ends it,
            // and a run compared with nothing says nothing of determinism.
            const std::string key = std::string(metric) + '\x1f' + run.setSha256.toStdString();
            if (!failed && std::string(metric) == "determinism" && run.comparedImages == 0) continue;
            auto it = open.find(key);
            if (!failed) {
                if (it != open.end()) {
                    out.push_back(it->second);
                    open.erase(it);
                }
                continue;
            }
            monitoring::Alarm alarm;
            alarm.kind = "golden_set";
            alarm.metric =
                std::string(metric) == "determinism" ? "largest_output_change" : std::string(metric) + "_lower_bound";
            alarm.window = "run " + std::to_string(run.id);
            alarm.detail = "set " + run.setSha256.left(12).toStdString();
            alarm.value = std::string(metric) == "sensitivity"   ? run.sensitivityLow
                          : std::string(metric) == "specificity" ? run.specificityLow
                                                                 : run.largestChange;
            alarm.threshold = std::string(metric) == "sensitivity"   ? run.minSensitivity
                              : std::string(metric) == "specificity" ? run.minSpecificity
                                                                     : run.tolerance;
            alarm.samples = run.images;
            alarm.firstAlarm = alarm.lastHeld = alarm.windowFirst = alarm.windowLast = dayOf(run);
            alarm.latest = alarm.value;
            alarm.pValue = 0.05;  // the 95% bound
            if (it == open.end()) {
                open.emplace(key, alarm);
            } else {
                it->second.lastHeld = alarm.lastHeld;
                it->second.latest = alarm.value;
            }
        }
    }
    for (auto& [metric, alarm] : open) {
        alarm.open = true;
        out.push_back(alarm);
    }
    std::stable_sort(out.begin(), out.end(), [](const monitoring::Alarm& a, const monitoring::Alarm& b) {
        return a.firstAlarm < b.firstAlarm;
    });
    return out;
}

}  // namespace pulmo::feedback
