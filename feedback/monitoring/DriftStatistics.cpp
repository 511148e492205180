#include "monitoring/DriftStatistics.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace pulmo::monitoring {

namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<double> normalised(const std::vector<double>& weights, const char* name)
{
    double total = 0;
    for (const double weight : weights) {
        if (!std::isfinite(weight) || weight < 0)
            throw std::invalid_argument(std::string(name) + ": a weight is negative or not finite");
        total += weight;
    }
    if (!(total > 0)) throw std::invalid_argument(std::string(name) + ": the histogram has no weight");
    std::vector<double> out(weights.size());
    for (size_t i = 0; i < weights.size(); ++i) out[i] = weights[i] / total;
    return out;
}

/// Kolmogorov's limiting distribution: P(K > x). Two series, each where it converges fast
/// (Marsaglia, Tsang and Wang 2003 use the same split): the alternating one above x = 1.18, the
/// theta-function form of the distribution function below it.
double kolmogorovSurvival(double x)
{
    if (x <= 0) return 1.0;
    if (x < 1.18) {
        const double factor = std::sqrt(2 * kPi) / x;
        const double w = kPi * kPi / (8 * x * x);
        double cdf = 0;
        for (int k = 1; k <= 50; ++k) {
            const double term = std::exp(-double((2 * k - 1) * (2 * k - 1)) * w);
            cdf += term;
            if (term < 1e-17 * cdf) break;
        }
        return std::clamp(1.0 - factor * cdf, 0.0, 1.0);
    }
    double survival = 0;
    for (int k = 1; k <= 100; ++k) {
        const double term = std::exp(-2.0 * k * k * x * x);
        survival += (k % 2 == 1 ? 2.0 : -2.0) * term;
        if (term < 1e-17) break;
    }
    return std::clamp(survival, 0.0, 1.0);
}

void checkProportion(long successes, long trials, double confidence)
{
    if (trials <= 0 || successes < 0 || successes > trials)
        throw std::invalid_argument("a proportion needs 0 <= successes <= trials and trials > 0");
    if (!(confidence > 0 && confidence < 1)) throw std::invalid_argument("the confidence must be within (0, 1)");
}

}  // namespace

double jensenShannonDistance(const std::vector<double>& p, const std::vector<double>& q)
{
    if (p.size() != q.size()) throw std::invalid_argument("Jensen-Shannon: the histograms have different bins");
    const std::vector<double> a = normalised(p, "Jensen-Shannon");
    const std::vector<double> b = normalised(q, "Jensen-Shannon");
    double divergence = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        const double m = (a[i] + b[i]) / 2;
        if (a[i] > 0) divergence += a[i] * std::log2(a[i] / m);
        if (b[i] > 0) divergence += b[i] * std::log2(b[i] / m);
    }
    return std::sqrt(std::max(0.0, divergence / 2));
}

TestResult kolmogorovSmirnov(std::vector<double> a, std::vector<double> b)
{
    if (a.empty() || b.empty()) throw std::invalid_argument("Kolmogorov-Smirnov: a sample is empty");
    for (const std::vector<double>* sample : {&a, &b})
        for (const double value : *sample)
            if (!std::isfinite(value)) throw std::invalid_argument("Kolmogorov-Smirnov: a value is not finite");
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    const double m = double(a.size());
    const double n = double(b.size());
    // Walk both sorted samples; at each distinct value, both functions have taken all its copies.
    double d = 0;
    size_t i = 0;
    size_t j = 0;
    while (i < a.size() || j < b.size()) {
        const double value = j >= b.size() || (i < a.size() && a[i] <= b[j]) ? a[i] : b[j];
        while (i < a.size() && a[i] == value) ++i;
        while (j < b.size() && b[j] == value) ++j;
        d = std::max(d, std::fabs(double(i) / m - double(j) / n));
    }
    TestResult result;
    result.statistic = d;
    result.pValue = kolmogorovSurvival(d * std::sqrt(m * n / (m + n)));
    return result;
}

TestResult chiSquare(const std::vector<std::vector<double>>& table)
{
    TestResult result;
    if (table.empty()) return result;
    const size_t columns = table.front().size();
    for (const std::vector<double>& row : table) {
        if (row.size() != columns) throw std::invalid_argument("chi-square: the rows have different lengths");
        for (const double count : row)
            if (!std::isfinite(count) || count < 0)
                throw std::invalid_argument("chi-square: a count is negative or not finite");
    }
    std::vector<double> columnTotals(columns, 0.0);
    std::vector<double> rowTotals;
    for (const std::vector<double>& row : table) {
        rowTotals.push_back(std::accumulate(row.begin(), row.end(), 0.0));
        for (size_t c = 0; c < columns; ++c) columnTotals[c] += row[c];
    }
    const double total = std::accumulate(rowTotals.begin(), rowTotals.end(), 0.0);
    const long usedColumns = std::count_if(columnTotals.begin(), columnTotals.end(), [](double t) { return t > 0; });
    const long usedRows = std::count_if(rowTotals.begin(), rowTotals.end(), [](double t) { return t > 0; });
    if (usedColumns < 2 || usedRows < 2) return result;
    double statistic = 0;
    for (size_t r = 0; r < table.size(); ++r) {
        if (!(rowTotals[r] > 0)) continue;
        for (size_t c = 0; c < columns; ++c) {
            if (!(columnTotals[c] > 0)) continue;
            const double expected = rowTotals[r] * columnTotals[c] / total;
            const double difference = table[r][c] - expected;
            statistic += difference * difference / expected;
        }
    }
    result.statistic = statistic;
    result.degreesOfFreedom = int((usedRows - 1) * (usedColumns - 1));
    const boost::math::chi_squared distribution(result.degreesOfFreedom);
    result.pValue = boost::math::cdf(boost::math::complement(distribution, statistic));
    return result;
}

Interval wilsonInterval(long successes, long trials, double confidence)
{
    checkProportion(successes, trials, confidence);
    const double z = boost::math::quantile(boost::math::normal(), 1 - (1 - confidence) / 2);
    const double n = double(trials);
    const double p = double(successes) / n;
    const double denominator = 1 + z * z / n;
    const double centre = (p + z * z / (2 * n)) / denominator;
    const double half = z / denominator * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Interval newcombeDifference(long successes1, long trials1, long successes2, long trials2, double confidence)
{
    const Interval first = wilsonInterval(successes1, trials1, confidence);
    const Interval second = wilsonInterval(successes2, trials2, confidence);
    const double p1 = double(successes1) / double(trials1);
    const double p2 = double(successes2) / double(trials2);
    const double difference = p1 - p2;
    const double below = std::hypot(p1 - first.low, second.high - p2);
    const double above = std::hypot(first.high - p1, p2 - second.low);
    return {difference - below, difference + above};
}

Interval clopperPearsonInterval(long successes, long trials, double confidence)
{
    checkProportion(successes, trials, confidence);
    const double alpha = 1 - confidence;
    const double k = double(successes);
    const double n = double(trials);
    Interval interval;
    interval.low =
        successes == 0 ? 0.0 : boost::math::quantile(boost::math::beta_distribution<>(k, n - k + 1), alpha / 2);
    interval.high = successes == trials
                        ? 1.0
                        : boost::math::quantile(boost::math::beta_distribution<>(k + 1, n - k), 1 - alpha / 2);
    return interval;
}

std::vector<double> holmAdjusted(const std::vector<double>& pValues)
{
    std::vector<size_t> order(pValues.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pValues[a] < pValues[b]; });
    std::vector<double> adjusted(pValues.size());
    double running = 0;
    const double m = double(pValues.size());
    for (size_t rank = 0; rank < order.size(); ++rank) {
        running = std::max(running, std::min(1.0, (m - double(rank)) * pValues[order[rank]]));
        adjusted[order[rank]] = running;
    }
    return adjusted;
}

Cusum upperCusum(const std::vector<double>& values, double target, double slack, double threshold)
{
    Cusum cusum;
    double sum = 0;
    for (size_t t = 0; t < values.size(); ++t) {
        sum = std::max(0.0, sum + values[t] - target - slack);
        cusum.path.push_back(sum);
        if (cusum.firstAlarm < 0 && sum > threshold) cusum.firstAlarm = int(t);
    }
    return cusum;
}

}  // namespace pulmo::monitoring
