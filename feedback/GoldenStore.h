#pragma once
// Golden-set runs (issue 20 item 4), in the feedback database: each run's figures, floors and
// verdict, and each image's probability, so that a later run of the same model on the same images
// can show whether the pipeline changed (feedback schema 7).

#include "FeedbackDatabase.h"
#include "monitoring/DriftMonitor.h"

#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace pulmo::feedback {

struct GoldenRun {
    qint64 id = 0;
    QString runUtc;  ///< ISO 8601 UTC with milliseconds
    QString modelSha256;
    QString setPath;
    QString setSha256;  ///< of the set's sorted "image SHA-256 label" lines
    long images = 0;
    long positives = 0;
    // NaN where the set had no case to count (stored as NULL).
    double sensitivity = 0, sensitivityLow = 0, sensitivityHigh = 0;
    double specificity = 0, specificityLow = 0, specificityHigh = 0;
    double expectedCalibrationError = 0;
    double targetSensitivity = 0;
    double thresholdForTarget = 0;
    double minSensitivity = 0, minSpecificity = 0;
    qint64 comparedRunId = 0;  ///< the earlier run of the model its outputs were compared with; 0: none
    long comparedImages = 0;
    double largestChange = 0;  ///< the largest probability change on an image both runs saw; NaN: none
    double tolerance = 1e-5;   ///< the largest change that is not an alarm
    bool passed = false;
    QString failures;  ///< comma-separated: sensitivity, specificity, determinism
    QString reader;
};

struct GoldenOutput {
    QString imageSha256;
    QString label;
    double probability = 0;
};

/// The golden runs' alarms (kind golden_set): per failure (sensitivity, specificity,
/// determinism) an episode from the first run that failed it to the run that passed it again,
/// open while the last run fails.
std::vector<monitoring::Alarm> goldenAlarms(const std::vector<GoldenRun>& runs);

class GoldenStore {
public:
    explicit GoldenStore(FeedbackDatabase& database) : m_database(database) {}

    /// Records `run` (its id set) and its outputs in one transaction.
    void record(GoldenRun& run, const std::vector<GoldenOutput>& outputs);
    /// The runs of `modelSha256`, oldest first; of every model when empty.
    std::vector<GoldenRun> runs(const QString& modelSha256 = {}) const;
    /// The probabilities of run `runId`, by image SHA-256.
    std::map<QString, double> outputs(qint64 runId) const;

private:
    FeedbackDatabase& m_database;
};

}  // namespace pulmo::feedback
