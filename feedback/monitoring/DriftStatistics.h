#pragma once
// The statistics of model monitoring (issue 20): how far the images and the predictions of a
// window have moved from the model's reference period. Plain C++ on doubles and counts; the
// distributions' special functions (normal, chi-square and beta quantiles and tails) are
// Boost.Math's (Debian libboost-math1.74-dev), inside the .cpp file. Every function is checked
// against SciPy (tests/oracle/drift_oracle.py) by tst_driftstatistics.

#include <vector>

namespace pulmo::monitoring {

/// Jensen-Shannon distance, base 2 (0: the same distribution, 1: disjoint), between two histograms
/// of the same bins: counts or weights, normalised here; the square root of the divergence, as
/// scipy.spatial.distance.jensenshannon(p, q, base=2). Throws std::invalid_argument for bins that
/// differ in number, a negative or non-finite weight, or a histogram without weight.
double jensenShannonDistance(const std::vector<double>& p, const std::vector<double>& q);

/// A test's statistic, its p-value, and its degrees of freedom where it has them.
struct TestResult {
    double statistic = 0;
    double pValue = 1;
    int degreesOfFreedom = 0;
};

/// Two-sample Kolmogorov-Smirnov test, two-sided: D = the largest distance between the two
/// empirical distribution functions (as scipy.stats.ks_2samp), and its p-value by Kolmogorov's
/// limiting distribution at D·sqrt(m·n/(m+n)) (scipy.stats.kstwobign.sf): the samples a window
/// and a reference hold (hundreds of images) are where it applies. Throws std::invalid_argument
/// for an empty sample or a non-finite value.
TestResult kolmogorovSmirnov(std::vector<double> a, std::vector<double> b);

/// Pearson's chi-square test of independence on a table of counts (rows: the reference and the
/// window; columns: the categories), without continuity correction, as
/// scipy.stats.chi2_contingency(table, correction=False). Columns whose total is zero are left out
/// (a category neither period saw); with fewer than two rows or columns left the result is
/// statistic 0, p-value 1. Throws std::invalid_argument for rows of different lengths or a negative
/// or non-finite count.
TestResult chiSquare(const std::vector<std::vector<double>>& table);

struct Interval {
    double low = 0;
    double high = 1;
};

/// The Wilson score interval of a proportion (scipy.stats.binomtest(k, n).proportion_ci(confidence,
/// method="wilson")). Throws std::invalid_argument unless 0 <= successes <= trials, trials > 0 and
/// 0 < confidence < 1.
Interval wilsonInterval(long successes, long trials, double confidence = 0.95);

/// The difference of two proportions, successes1/trials1 - successes2/trials2, with Newcombe's
/// hybrid score interval (Newcombe 1998, method 10: from the two Wilson intervals); both samples'
/// uncertainty counts, so a window is compared with a reference that is itself a sample. Throws as
/// wilsonInterval() for either proportion.
Interval newcombeDifference(long successes1, long trials1, long successes2, long trials2, double confidence = 0.95);

/// The Clopper-Pearson ("exact") interval of a proportion, from beta quantiles
/// (proportion_ci(method="exact")). Throws as wilsonInterval().
Interval clopperPearsonInterval(long successes, long trials, double confidence = 0.95);

/// Holm's step-down adjustment of p-values for multiple comparisons (Holm 1979), in the input's
/// order: the smallest times m, the next times m-1, ..., each at least the one before it, at most 1.
std::vector<double> holmAdjusted(const std::vector<double>& pValues);

/// A one-sided upper CUSUM (Page 1954) over daily values: S(0) = 0, S(t) = max(0, S(t-1) + x(t) -
/// target - slack); it alarms on the first day with S(t) > threshold.
struct Cusum {
    std::vector<double> path;  ///< S(t) for each value
    int firstAlarm = -1;       ///< the index of the first value where S(t) > threshold; -1: none
};
Cusum upperCusum(const std::vector<double>& values, double target, double slack, double threshold);

}  // namespace pulmo::monitoring
