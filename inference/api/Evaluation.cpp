#include "Evaluation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace pulmo::inference {

Proportion wilsonProportion(int successes, int trials, double z)
{
    if (successes < 0 || trials < 0 || successes > trials)
        throw std::invalid_argument("wilsonProportion: need 0 <= successes <= trials");
    Proportion result;
    result.successes = successes;
    result.trials = trials;
    if (trials == 0) {
        result.value = result.lower = result.upper = std::numeric_limits<double>::quiet_NaN();
        return result;
    }
    const double n = trials;
    const double p = successes / n;
    const double z2 = z * z;
    const double denominator = 1.0 + z2 / n;
    const double centre = (p + z2 / (2.0 * n)) / denominator;
    const double halfWidth = z * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator;
    result.value = p;
    // At p = 0 (or 1) the bound is exactly 0 (or 1); rounding must not push it a hair past.
    result.lower = successes == 0 ? 0.0 : std::max(0.0, centre - halfWidth);
    result.upper = successes == trials ? 1.0 : std::min(1.0, centre + halfWidth);
    return result;
}

BinaryMetrics binaryMetrics(const ConfusionCounts& c, double z)
{
    BinaryMetrics metrics;
    metrics.accuracy = wilsonProportion(c.truePositive + c.trueNegative, c.total(), z);
    metrics.sensitivity = wilsonProportion(c.truePositive, c.truePositive + c.falseNegative, z);
    metrics.specificity = wilsonProportion(c.trueNegative, c.trueNegative + c.falsePositive, z);
    metrics.ppv = wilsonProportion(c.truePositive, c.truePositive + c.falsePositive, z);
    metrics.npv = wilsonProportion(c.trueNegative, c.trueNegative + c.falseNegative, z);
    return metrics;
}

double rocAuc(const std::vector<double>& scores, const std::vector<bool>& positive)
{
    if (scores.size() != positive.size()) throw std::invalid_argument("rocAuc: one label per score");
    // Mann-Whitney U from mid-ranks: U = R+ - n+(n+ + 1)/2, AUC = U / (n+ n-).
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
    double positiveRankSum = 0.0;
    size_t positives = 0;
    for (size_t start = 0; start < order.size();) {
        size_t end = start;
        while (end < order.size() && scores[order[end]] == scores[order[start]]) ++end;
        const double midRank = 0.5 * double(start + 1 + end);  // ranks start+1 .. end, averaged
        for (size_t i = start; i < end; ++i)
            if (positive[order[i]]) {
                positiveRankSum += midRank;
                ++positives;
            }
        start = end;
    }
    const size_t negatives = scores.size() - positives;
    if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
    const double np = double(positives);
    return (positiveRankSum - np * (np + 1.0) / 2.0) / (np * double(negatives));
}

std::vector<RocPoint> rocCurve(const std::vector<double>& scores, const std::vector<bool>& positive)
{
    if (scores.size() != positive.size()) throw std::invalid_argument("rocCurve: one label per score");
    const size_t positives = size_t(std::count(positive.begin(), positive.end(), true));
    const size_t negatives = scores.size() - positives;
    if (positives == 0 || negatives == 0) return {};
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    std::vector<RocPoint> curve{{0.0, 0.0, std::numeric_limits<double>::infinity()}};
    size_t truePositives = 0, falsePositives = 0;
    for (size_t start = 0; start < order.size();) {
        size_t end = start;
        for (; end < order.size() && scores[order[end]] == scores[order[start]]; ++end)
            ++(positive[order[end]] ? truePositives : falsePositives);
        curve.push_back({double(falsePositives) / double(negatives), double(truePositives) / double(positives),
                         scores[order[start]]});
        start = end;
    }
    return curve;
}

HeatmapPeak heatmapPeak(const std::vector<uint8_t>& map, int width, int height)
{
    HeatmapPeak peak;
    if (width <= 0 || height <= 0 || map.size() != size_t(width) * size_t(height)) return peak;
    const uint8_t maximum = *std::max_element(map.begin(), map.end());
    if (maximum == 0) return peak;
    double sumX = 0.0, sumY = 0.0;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            if (map[size_t(y) * size_t(width) + size_t(x)] == maximum) {
                sumX += x;
                sumY += y;
                ++peak.pixels;
            }
    peak.valid = true;
    peak.x = sumX / peak.pixels;
    peak.y = sumY / peak.pixels;
    return peak;
}

bool pointingGameHit(const HeatmapPeak& peak, const std::vector<PixelBox>& boxes, double tolerance)
{
    if (!peak.valid) return false;
    return std::any_of(boxes.begin(), boxes.end(), [&](const PixelBox& box) {
        return peak.x >= box.x0 - tolerance && peak.x <= box.x1 + tolerance && peak.y >= box.y0 - tolerance &&
               peak.y <= box.y1 + tolerance;
    });
}

}  // namespace pulmo::inference
