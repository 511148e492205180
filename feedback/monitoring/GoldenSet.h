#pragma once
// The golden set's figures (issue 20 item 4): a model's answers on labelled, confirmed cases
// against safety floors. Sensitivity and specificity count every case (an INDETERMINATE answer is
// neither a detection nor a clearance), with Clopper-Pearson intervals; calibration of the
// positive label's probability (expected calibration error over equal-width bins, and the bins
// themselves for a reliability diagram); and the threshold on that probability that keeps a
// chosen sensitivity.

#include "monitoring/DriftStatistics.h"

#include <vector>

namespace pulmo::monitoring {

struct GoldenCase {
    double probability = 0;  ///< of the positive label
    bool truth = false;      ///< the case is positive
    bool answeredPositive = false;
    bool indeterminate = false;
};

struct ReliabilityBin {
    double low = 0;
    double high = 0;
    long count = 0;
    double meanProbability = 0;   ///< NaN when empty
    double fractionPositive = 0;  ///< NaN when empty
};

struct GoldenSummary {
    long positives = 0, negatives = 0;
    long truePositive = 0, falseNegative = 0, trueNegative = 0, falsePositive = 0;
    long indeterminatePositive = 0, indeterminateNegative = 0;
    double sensitivity = 0;  ///< NaN without positives
    Interval sensitivityInterval;
    double specificity = 0;  ///< NaN without negatives
    Interval specificityInterval;
    double expectedCalibrationError = 0;
    std::vector<ReliabilityBin> reliability;
    double targetSensitivity = 0;
    double thresholdForTarget =
        0;  ///< the largest threshold whose sensitivity is at least the target; NaN without positives
    double sensitivityAtThreshold = 0;
    double specificityAtThreshold = 0;  ///< NaN without negatives
};

/// Throws std::invalid_argument for no cases, a probability outside 0..1, bins outside 1..100, a
/// target outside (0, 1] or a confidence outside (0, 1).
GoldenSummary summariseGolden(const std::vector<GoldenCase>& cases, int bins = 10, double targetSensitivity = 0.95,
                              double confidence = 0.95);

}  // namespace pulmo::monitoring
