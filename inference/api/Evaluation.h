#pragma once
// The arithmetic of a classifier evaluation, free of LibTorch and Qt so that it can be checked
// against hand-computed values: proportions with Wilson score intervals, the confusion-matrix
// metrics, ROC AUC by the Mann-Whitney statistic, the ROC curve, and the Grad-CAM pointing game.

#include <cstdint>
#include <vector>

namespace pulmo::inference {

/// z for a two-sided 95% interval: the 0.975 quantile of the standard normal distribution.
constexpr double kZ95 = 1.959963984540054;

/// successes / trials with its Wilson score interval. With no trials the value and the bounds are
/// NaN (there is nothing to estimate).
struct Proportion {
    int successes = 0;
    int trials = 0;
    double value = 0.0;
    double lower = 0.0;
    double upper = 0.0;
};

/// Wilson (1927) score interval: centre (p + z^2/2n) / (1 + z^2/n), half-width
/// z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n). Unlike the Wald interval it stays inside [0, 1] and
/// is not empty at p = 0 or 1. Requires 0 <= successes <= trials.
Proportion wilsonProportion(int successes, int trials, double z = kZ95);

/// Counts for the positive class.
struct ConfusionCounts {
    int truePositive = 0;
    int falseNegative = 0;
    int trueNegative = 0;
    int falsePositive = 0;

    int total() const { return truePositive + falseNegative + trueNegative + falsePositive; }
};

struct BinaryMetrics {
    Proportion accuracy;     ///< (TP + TN) / all
    Proportion sensitivity;  ///< TP / (TP + FN)
    Proportion specificity;  ///< TN / (TN + FP)
    Proportion ppv;          ///< TP / (TP + FP)
    Proportion npv;          ///< TN / (TN + FN)
};

BinaryMetrics binaryMetrics(const ConfusionCounts& counts, double z = kZ95);

/// Area under the ROC curve as the Mann-Whitney statistic: the share of (positive, negative) pairs
/// in which the positive scores higher, ties counting one half. NaN when either class is empty.
double rocAuc(const std::vector<double>& scores, const std::vector<bool>& positive);

struct RocPoint {
    double falsePositiveRate = 0.0;
    double truePositiveRate = 0.0;
    double threshold = 0.0;  ///< "positive when score >= threshold"
};

/// The ROC curve's corners from (0, 0) to (1, 1), one per distinct score (tied scores move both
/// rates at once, so that the trapezoids under the curve sum to rocAuc()). Empty when either
/// class is empty.
std::vector<RocPoint> rocCurve(const std::vector<double>& scores, const std::vector<bool>& positive);

/// A box in pixel coordinates, corners inclusive (x0..x1 columns, y0..y1 rows).
struct PixelBox {
    int x0 = 0;
    int y0 = 0;
    int x1 = 0;
    int y1 = 0;
};

struct HeatmapPeak {
    bool valid = false;  ///< false for an empty or all-zero map (nothing to point at)
    double x = 0.0;      ///< column, pixel units
    double y = 0.0;      ///< row
    int pixels = 0;      ///< how many pixels hold the maximum
};

/// Where a heatmap (row by row, width x height) has its maximum: the centroid of the pixels that
/// hold the maximal value (an 8-bit map upsampled from 7x7 or 14x14 has a small plateau at its peak).
HeatmapPeak heatmapPeak(const std::vector<uint8_t>& map, int width, int height);

/// The pointing game (Zhang et al., 2016): a hit when the peak lies inside any of the boxes,
/// widened by `tolerance` pixels on every side. No peak or no box is a miss.
bool pointingGameHit(const HeatmapPeak& peak, const std::vector<PixelBox>& boxes, double tolerance = 0.0);

}  // namespace pulmo::inference
