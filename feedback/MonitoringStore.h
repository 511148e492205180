#pragma once
// Model monitoring's records (issue 20 item 1), in the feedback database: one observation per
// image and model (when, the answer, the image's metadata as categories, a summary of the 8-bit
// model input), and daily aggregates per model, kept in the same transaction, so that a year of a
// busy department stays small and quick to read.

#include "FeedbackDatabase.h"
#include "monitoring/DriftMonitor.h"

#include <QString>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace pulmo::feedback {

/// The input histogram's bins: 64 of 4 grey levels each (0-3, 4-7, ..., 252-255).
constexpr int kInputHistogramBins = 64;

struct MonitoringObservation {
    QString observedUtc;      ///< ISO 8601 UTC with milliseconds ("2026-12-02T07:30:00.000Z"); its date is the day
    QString source;           ///< "workstation", "cli" or "node"
    qint64 predictionId = 0;  ///< the prediction row (its verdicts), 0: none
    QString modelSha256;
    QString sopInstanceUid;
    QString label;           ///< the answer shown, INDETERMINATE included
    double probability = 0;  ///< of the card's positive label
    bool positive = false;   ///< the answer is the positive label
    bool indeterminate = false;
    // The image's metadata, as categories (empty when absent).
    QString manufacturer, manufacturerModel, modality, viewPosition, bodyPart;
    QString pixelSpacing;  ///< "0.143" (mm, 3 decimals, row spacing), empty when none
    int bitsStored = 0;
    QString photometric, station, institution;
    // The 8-bit model input (before its resize to the model's size).
    double inputMean = 0, inputSd = 0, inputP01 = 0, inputP50 = 0, inputP99 = 0;
    std::array<uint32_t, kInputHistogramBins> inputHistogram{};
};

/// One day of one model.
struct MonitoringDay {
    QString day;  ///< "2026-12-02" (UTC)
    qint64 images = 0;
    qint64 positive = 0;
    qint64 indeterminate = 0;
    double probabilitySum = 0;
    std::array<uint64_t, kInputHistogramBins> inputHistogram{};
};

class MonitoringStore {
public:
    explicit MonitoringStore(FeedbackDatabase& database) : m_database(database) {}

    /// Records `observation` and adds it to its day, in one transaction. False (nothing written)
    /// when the image was recorded for this model before. Throws std::invalid_argument for a time
    /// that is not ISO 8601 UTC, a source not listed or a probability outside 0..1; DatabaseError
    /// when the database refuses.
    bool record(const MonitoringObservation& observation);

    /// The days of `modelSha256` in order.
    std::vector<MonitoringDay> days(const QString& modelSha256) const;
    /// The observations of `modelSha256` from `firstDay` to `lastDay` (inclusive, "YYYY-MM-DD").
    std::vector<MonitoringObservation> observations(const QString& modelSha256, const QString& firstDay,
                                                    const QString& lastDay) const;

    /// The models with observations, the one used last first.
    std::vector<QString> models() const;
    /// Everything monitoring::monitor() reads of `modelSha256`: its days, and its observations with
    /// the current verdict of each one's prediction (the last agree or disagree not withdrawn).
    monitoring::Stream stream(const QString& modelSha256) const;

    /// What the monitor needs of one observation.
    static monitoring::ImageRecord imageRecord(const MonitoringObservation& observation,
                                               monitoring::Verdict verdict = monitoring::Verdict::None);

private:
    FeedbackDatabase& m_database;
};

}  // namespace pulmo::feedback
