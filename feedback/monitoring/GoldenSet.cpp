#include "monitoring/GoldenSet.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

namespace pulmo::monitoring {

GoldenSummary summariseGolden(const std::vector<GoldenCase>& cases, int bins, double targetSensitivity,
                              double confidence)
{
    if (cases.empty()) throw std::invalid_argument("golden set: no cases");
    if (bins < 1 || bins > 100) throw std::invalid_argument("golden set: bins must be 1 .. 100");
    if (!(targetSensitivity > 0 && targetSensitivity <= 1))
        throw std::invalid_argument("golden set: the target sensitivity must be in (0, 1]");
    if (!(confidence > 0 && confidence < 1)) throw std::invalid_argument("golden set: confidence must be in (0, 1)");
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

    GoldenSummary s;
    s.targetSensitivity = targetSensitivity;
    std::vector<double> positiveScores, negativeScores;
    std::vector<double> binSum(size_t(bins), 0.0);
    std::vector<long> binPositives(size_t(bins), 0);
    s.reliability.resize(size_t(bins));
    for (const GoldenCase& c : cases) {
        if (!(c.probability >= 0 && c.probability <= 1))
            throw std::invalid_argument("golden set: a probability is outside 0..1");
        const bool detected = c.answeredPositive && !c.indeterminate;
        const bool cleared = !c.answeredPositive && !c.indeterminate;
        if (c.truth) {
            ++s.positives;
            positiveScores.push_back(c.probability);
            if (c.indeterminate) ++s.indeterminatePositive;
            s.truePositive += detected ? 1 : 0;
            s.falseNegative += cleared ? 1 : 0;
        } else {
            ++s.negatives;
            negativeScores.push_back(c.probability);
            if (c.indeterminate) ++s.indeterminateNegative;
            s.trueNegative += cleared ? 1 : 0;
            s.falsePositive += detected ? 1 : 0;
        }
        const size_t bin = size_t(std::min(int(c.probability * bins), bins - 1));
        ++s.reliability[bin].count;
        binSum[bin] += c.probability;
        binPositives[bin] += c.truth ? 1 : 0;
    }
    const double n = double(cases.size());
    for (int b = 0; b < bins; ++b) {
        ReliabilityBin& bin = s.reliability[size_t(b)];
        bin.low = double(b) / bins;
        bin.high = double(b + 1) / bins;
        if (bin.count == 0) {
            bin.meanProbability = bin.fractionPositive = kNaN;
            continue;
        }
        bin.meanProbability = binSum[size_t(b)] / double(bin.count);
        bin.fractionPositive = double(binPositives[size_t(b)]) / double(bin.count);
        s.expectedCalibrationError += double(bin.count) / n * std::abs(bin.meanProbability - bin.fractionPositive);
    }
    if (s.positives > 0) {
        s.sensitivity = double(s.truePositive) / double(s.positives);
        s.sensitivityInterval = clopperPearsonInterval(s.truePositive, s.positives, confidence);
        std::sort(positiveScores.begin(), positiveScores.end(), std::greater<>());
        // The k-th largest positive score keeps k of the positives at or above it.
        const long k = std::max(1L, long(std::ceil(targetSensitivity * double(s.positives) - 1e-9)));
        s.thresholdForTarget = positiveScores[size_t(k - 1)];
        s.sensitivityAtThreshold = double(std::count_if(positiveScores.begin(), positiveScores.end(),
                                                        [&](double p) { return p >= s.thresholdForTarget; })) /
                                   double(s.positives);
        s.specificityAtThreshold = s.negatives > 0
                                       ? double(std::count_if(negativeScores.begin(), negativeScores.end(),
                                                              [&](double p) { return p < s.thresholdForTarget; })) /
                                             double(s.negatives)
                                       : kNaN;
    } else {
        s.sensitivity = s.thresholdForTarget = s.sensitivityAtThreshold = s.specificityAtThreshold = kNaN;
        s.sensitivityInterval = {kNaN, kNaN};
    }
    if (s.negatives > 0) {
        s.specificity = double(s.trueNegative) / double(s.negatives);
        s.specificityInterval = clopperPearsonInterval(s.trueNegative, s.negatives, confidence);
    } else {
        s.specificity = kNaN;
        s.specificityInterval = {kNaN, kNaN};
    }
    return s;
}

}  // namespace pulmo::monitoring
