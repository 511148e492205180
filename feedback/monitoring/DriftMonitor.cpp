#include "monitoring/DriftMonitor.h"

#include "monitoring/DriftStatistics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>

namespace pulmo::monitoring {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Everything a window needs from a run of days, summed; windows are differences of prefix sums.
struct Totals {
    long images = 0;
    long positive = 0;
    long indeterminate = 0;
    long verdicts = 0;
    long disagreements = 0;
    long positiveVerdicts = 0;
    long positiveDisagreements = 0;
    long negativeVerdicts = 0;
    long negativeDisagreements = 0;
    std::array<double, kHistogramBins> histogram{};

    Totals& operator+=(const Totals& other)
    {
        images += other.images;
        positive += other.positive;
        indeterminate += other.indeterminate;
        verdicts += other.verdicts;
        disagreements += other.disagreements;
        positiveVerdicts += other.positiveVerdicts;
        positiveDisagreements += other.positiveDisagreements;
        negativeVerdicts += other.negativeVerdicts;
        negativeDisagreements += other.negativeDisagreements;
        for (int i = 0; i < kHistogramBins; ++i) histogram[size_t(i)] += other.histogram[size_t(i)];
        return *this;
    }
    Totals minus(const Totals& other) const
    {
        Totals out = *this;
        out.images -= other.images;
        out.positive -= other.positive;
        out.indeterminate -= other.indeterminate;
        out.verdicts -= other.verdicts;
        out.disagreements -= other.disagreements;
        out.positiveVerdicts -= other.positiveVerdicts;
        out.positiveDisagreements -= other.positiveDisagreements;
        out.negativeVerdicts -= other.negativeVerdicts;
        out.negativeDisagreements -= other.negativeDisagreements;
        for (int i = 0; i < kHistogramBins; ++i) out.histogram[size_t(i)] -= other.histogram[size_t(i)];
        return out;
    }
};

/// Alarms as episodes: one opens on the first day its conditions hold and closes after clearDays
/// days in a row without them.
class Episodes {
public:
    explicit Episodes(int clearDays) : m_clearDays(clearDays) {}

    void hold(const Alarm& candidate, int day)
    {
        const std::string key = candidate.kind + '\x1f' + candidate.metric + '\x1f' + candidate.window + '\x1f' +
                                candidate.detail + '\x1f' + candidate.level;
        auto found = m_open.find(key);
        if (found == m_open.end()) {
            Alarm alarm = candidate;
            alarm.firstAlarm = day;
            alarm.lastHeld = day;
            alarm.latest = candidate.value;
            m_open.emplace(key, alarm);
            return;
        }
        found->second.lastHeld = day;
        found->second.latest = candidate.value;
    }

    /// Closes what has not held for clearDays days by the end of `day`.
    void endOfDay(int day)
    {
        for (auto it = m_open.begin(); it != m_open.end();) {
            if (day - it->second.lastHeld >= m_clearDays) {
                m_closed.push_back(it->second);
                it = m_open.erase(it);
            } else {
                ++it;
            }
        }
    }

    std::vector<Alarm> finish()
    {
        std::vector<Alarm> all = m_closed;
        for (auto& [key, alarm] : m_open) {
            alarm.open = true;
            all.push_back(alarm);
        }
        std::stable_sort(all.begin(), all.end(), [](const Alarm& a, const Alarm& b) {
            if (a.firstAlarm != b.firstAlarm) return a.firstAlarm < b.firstAlarm;
            if (a.kind != b.kind) return a.kind < b.kind;
            return a.metric < b.metric;
        });
        return all;
    }

private:
    int m_clearDays;
    std::map<std::string, Alarm> m_open;
    std::vector<Alarm> m_closed;
};

std::vector<double> asDoubles(const std::array<double, kHistogramBins>& histogram)
{
    return {histogram.begin(), histogram.end()};
}

void checkSettings(const MonitorSettings& s)
{
    const auto require = [](bool ok, const char* what) {
        if (!ok) throw std::invalid_argument(std::string("monitoring setting out of range: ") + what);
    };
    require(s.referenceDays >= 1 && s.referenceDays <= 3650, "reference days (1 .. 3650)");
    require(s.referenceImages >= 1, "reference images (>= 1)");
    require(s.fastWindowDays >= 1 && s.fastWindowDays <= s.slowWindowDays && s.slowWindowDays <= 3650,
            "windows (1 <= fast <= slow <= 3650 days)");
    require(s.minWindowImages >= 1 && s.minWindowVerdicts >= 1 && s.minReferenceVerdicts >= 1,
            "minimum samples (>= 1)");
    require(s.alpha > 0 && s.alpha < 1, "alpha (0 .. 1)");
    require(s.histogramWarn > 0 && s.histogramWarn <= s.histogramAlarm && s.histogramAlarm <= 1,
            "histogram thresholds (0 < warn <= alarm <= 1)");
    require(s.bootstrapResamples >= 10 && s.bootstrapResamples <= 100000, "bootstrap resamples (10 .. 100000)");
    require(s.ksEffect >= 0 && s.ksEffect <= 1 && s.shareChange >= 0 && s.shareChange <= 1, "effect floors (0 .. 1)");
    require(s.rateEffect >= 0 && s.rateEffect <= 1 && s.agreementEffect >= 0 && s.agreementEffect <= 1,
            "rate floors (0 .. 1)");
    require(s.newCategoryImages >= 1, "new category images (>= 1)");
    require(s.cusumSlack >= 0 && s.cusumThreshold > 0, "CUSUM (slack >= 0, threshold > 0)");
    require(s.clearDays >= 1, "clear days (>= 1)");
}

/// The histogram test's null: the Jensen-Shannon distance between two independent mixtures of the
/// reference's images (with replacement), of the reference's size and of the window's, computed
/// once per window size (rounded up to a power of sqrt(2)) and only when a window comes near a
/// threshold. Seeded: the same stream gives the same answer.
class HistogramNull {
public:
    HistogramNull(const std::vector<const ImageRecord*>& reference, int resamples)
        : m_reference(reference), m_resamples(resamples)
    {
    }

    /// P(null >= distance), as (1 + count) / (1 + resamples).
    double pValue(double distance, long windowImages)
    {
        if (m_reference.empty()) return 1.0;
        // Rounded down: a smaller null window has the larger null distances, so the test errs on
        // the side of no alarm.
        const int bucket = int(std::floor(2.0 * std::log2(double(std::max(windowImages, 1L)))));
        auto found = m_nulls.find(bucket);
        if (found == m_nulls.end())
            found = m_nulls.emplace(bucket, draw(long(std::ceil(std::pow(2.0, bucket / 2.0))))).first;
        const std::vector<double>& null = found->second;
        const long above = long(null.end() - std::lower_bound(null.begin(), null.end(), distance));
        return double(1 + above) / double(1 + m_resamples);
    }

private:
    std::vector<double> draw(long windowImages)
    {
        std::mt19937_64 random(0x5eed0000u + uint64_t(windowImages));
        const auto pick = [&]() { return m_reference[size_t(random() % m_reference.size())]; };
        const auto mixture = [&](long count) {
            std::vector<double> sum(kHistogramBins, 0.0);
            for (long i = 0; i < count; ++i) {
                const ImageRecord* image = pick();
                for (int b = 0; b < kHistogramBins; ++b) sum[size_t(b)] += image->histogram[size_t(b)];
            }
            return sum;
        };
        std::vector<double> null;
        null.reserve(size_t(m_resamples));
        for (int r = 0; r < m_resamples; ++r) {
            const std::vector<double> a = mixture(long(m_reference.size()));
            const std::vector<double> b = mixture(windowImages);
            null.push_back(jensenShannonDistance(a, b));
        }
        std::sort(null.begin(), null.end());
        return null;
    }

    const std::vector<const ImageRecord*>& m_reference;
    int m_resamples;
    std::map<int, std::vector<double>> m_nulls;
};

}  // namespace

std::vector<DayRecord> daysOf(const std::vector<ImageRecord>& images)
{
    std::vector<DayRecord> days;
    for (const ImageRecord& image : images) {
        if (days.empty() || days.back().day != image.day) {
            if (!days.empty() && image.day < days.back().day)
                throw std::invalid_argument("monitoring: the images are not in day order");
            days.push_back(DayRecord{});
            days.back().day = image.day;
        }
        DayRecord& day = days.back();
        ++day.images;
        day.positive += image.positive ? 1 : 0;
        day.indeterminate += image.indeterminate ? 1 : 0;
        for (int b = 0; b < kHistogramBins; ++b) day.histogram[size_t(b)] += image.histogram[size_t(b)];
    }
    return days;
}

// Calendar days from 1970-01-01 and back, proleptic Gregorian (Howard Hinnant's civil-date
// algorithms; the standard library has them only from C++20).
std::string isoDay(int day)
{
    const long z = long(day) + 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long dayOfEra = z - era * 146097;
    const long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const long mp = (5 * dayOfYear + 2) / 153;
    const long d = dayOfYear - (153 * mp + 2) / 5 + 1;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    const long y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
    char text[48];
    std::snprintf(text, sizeof text, "%04ld-%02ld-%02ld", y, m, d);
    return text;
}

bool dayFromIso(const std::string& text, int& day)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (const size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (text[i] < '0' || text[i] > '9') return false;
    const auto number = [&](size_t at, size_t length) {
        long value = 0;
        for (size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    long y = number(0, 4);
    const long m = number(5, 2);
    const long d = number(8, 2);
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return false;
    y -= m <= 2 ? 1 : 0;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yearOfEra = y - era * 400;
    const long dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    day = int(era * 146097 + dayOfEra - 719468);
    return true;
}

MonitorResult monitor(const Stream& stream, const MonitorSettings& settings)
{
    checkSettings(settings);
    MonitorResult result;
    if (stream.days.empty()) return result;
    for (size_t i = 1; i < stream.images.size(); ++i)
        if (stream.images[i].day < stream.images[i - 1].day)
            throw std::invalid_argument("monitoring: the images are not in day order");

    // The days' sums and the images must tell the same story (a stream read in one snapshot).
    {
        size_t next = 0;
        for (const DayRecord& day : stream.days) {
            long count = 0;
            while (next < stream.images.size() && stream.images[next].day == day.day) {
                ++count;
                ++next;
            }
            if (count != day.images)
                throw std::invalid_argument("monitoring: day " + isoDay(day.day) + " sums " +
                                            std::to_string(day.images) + " images but holds " + std::to_string(count));
        }
        if (next != stream.images.size()) throw std::invalid_argument("monitoring: images on a day without its sums");
    }
    const int first = stream.days.front().day;
    const int last = stream.days.back().day;
    result.firstDay = first;
    result.lastDay = last;
    result.slowWindow = std::to_string(settings.slowWindowDays) + "d";
    result.fastWindow = std::to_string(settings.fastWindowDays) + "d";

    // The reference: from the first day, at least referenceDays days and referenceImages images.
    {
        long images = 0;
        for (const DayRecord& day : stream.days) {
            images += day.images;
            if (day.day >= first + settings.referenceDays - 1 && images >= settings.referenceImages) {
                result.reference = {true, first, day.day, images, 0};
                break;
            }
        }
    }
    if (!result.reference.complete) return result;
    const int referenceLast = result.reference.lastDay;
    result.evaluatedFrom = referenceLast + 1;
    if (referenceLast >= last) return result;

    // Dense day arrays (day - first), prefix sums of everything a window needs.
    const int span = last - first + 1;
    std::vector<Totals> prefix(size_t(span) + 1);
    {
        std::vector<Totals> perDay(static_cast<size_t>(span));
        for (const DayRecord& day : stream.days) {
            Totals& t = perDay[size_t(day.day - first)];
            t.images += day.images;
            t.positive += day.positive;
            t.indeterminate += day.indeterminate;
            for (int b = 0; b < kHistogramBins; ++b) t.histogram[size_t(b)] += day.histogram[size_t(b)];
        }
        for (const ImageRecord& image : stream.images) {
            if (image.day < first || image.day > last || image.verdict == Verdict::None) continue;
            Totals& t = perDay[size_t(image.day - first)];
            const bool disagree = image.verdict == Verdict::Disagree;
            ++t.verdicts;
            t.disagreements += disagree ? 1 : 0;
            if (image.indeterminate) continue;
            if (image.positive) {
                ++t.positiveVerdicts;
                t.positiveDisagreements += disagree ? 1 : 0;
            } else {
                ++t.negativeVerdicts;
                t.negativeDisagreements += disagree ? 1 : 0;
            }
        }
        for (int i = 0; i < span; ++i) {
            prefix[size_t(i) + 1] = prefix[size_t(i)];
            prefix[size_t(i) + 1] += perDay[size_t(i)];
        }
    }
    const auto totals = [&](int from, int to) {
        return prefix[size_t(to - first) + 1].minus(prefix[size_t(from - first)]);
    };
    const Totals reference = totals(first, referenceLast);
    result.reference.verdicts = reference.verdicts;

    // The images of each day: [dayStart[i], dayStart[i + 1]).
    std::vector<size_t> dayStart(size_t(span) + 1);
    for (int i = 0; i <= span; ++i)
        dayStart[size_t(i)] =
            size_t(std::lower_bound(stream.images.begin(), stream.images.end(), first + i,
                                    [](const ImageRecord& image, int day) { return image.day < day; }) -
                   stream.images.begin());
    const auto imagesFrom = [&](int from, int to) {
        return std::pair<size_t, size_t>{dayStart[size_t(from - first)], dayStart[size_t(to - first) + 1]};
    };
    const auto [referenceBegin, referenceEnd] = imagesFrom(first, referenceLast);
    std::vector<const ImageRecord*> referenceImages;
    for (size_t i = referenceBegin; i < referenceEnd; ++i) referenceImages.push_back(&stream.images[i]);

    // The categories, interned per field, with per-day prefix counts.
    constexpr size_t kFields = kCategories.size();
    std::array<std::map<std::string, int>, kFields> categoryIds;
    std::array<std::vector<std::string>, kFields> categoryNames;
    for (const ImageRecord& image : stream.images)
        for (size_t f = 0; f < kFields; ++f)
            if (categoryIds[f].emplace(image.categories[f], int(categoryNames[f].size())).second)
                categoryNames[f].push_back(image.categories[f]);
    std::array<std::vector<std::vector<long>>, kFields> categoryPrefix;  // [field][day + 1][category]
    for (size_t f = 0; f < kFields; ++f) {
        categoryPrefix[f].assign(size_t(span) + 1, std::vector<long>(categoryNames[f].size(), 0));
        for (int i = 0; i < span; ++i) {
            std::vector<long>& row = categoryPrefix[f][size_t(i) + 1];
            row = categoryPrefix[f][size_t(i)];
            for (size_t k = dayStart[size_t(i)]; k < dayStart[size_t(i) + 1]; ++k)
                ++row[size_t(categoryIds[f].at(stream.images[k].categories[f]))];
        }
    }
    const auto categoryCounts = [&](size_t field, int from, int to) {
        std::vector<long> counts = categoryPrefix[field][size_t(to - first) + 1];
        const std::vector<long>& before = categoryPrefix[field][size_t(from - first)];
        for (size_t k = 0; k < counts.size(); ++k) counts[k] -= before[k];
        return counts;
    };
    std::array<std::vector<long>, kFields> referenceCategories;
    for (size_t f = 0; f < kFields; ++f) referenceCategories[f] = categoryCounts(f, first, referenceLast);

    // The reference's per-image values, for the Kolmogorov-Smirnov tests.
    const auto valuesOf = [&](size_t begin, size_t end, int statistic) {
        std::vector<double> values;
        values.reserve(end - begin);
        for (size_t i = begin; i < end; ++i)
            values.push_back(statistic < 0 ? stream.images[i].probability : stream.images[i].input[size_t(statistic)]);
        return values;
    };
    std::array<std::vector<double>, kInputStatistics.size()> referenceInput;
    for (size_t s = 0; s < kInputStatistics.size(); ++s)
        referenceInput[s] = valuesOf(referenceBegin, referenceEnd, int(s));
    const std::vector<double> referenceProbability = valuesOf(referenceBegin, referenceEnd, -1);

    // Daily z-scores of the rates against the reference, and their CUSUMs (days with data only).
    struct Rate {
        const char* kind;
        const char* metric;
        long Totals::*numerator;
        long Totals::*denominator;
        bool bothWays;  // the agreement rates alarm on rises only
        double effect;
        long minimum;           // in a window
        long referenceMinimum;  // in the reference
        double referenceRate = 0;
        std::vector<int> cusumDay;     // the days with data
        std::vector<double> up, down;  // the CUSUM paths on those days
    };
    const auto makeRate = [](const char* kind, const char* metric, long Totals::*numerator, long Totals::*denominator,
                             bool bothWays, double effect, long minimum, long referenceMinimum) {
        Rate r{kind, metric, numerator, denominator, bothWays, effect, minimum, referenceMinimum, 0.0, {}, {}, {}};
        return r;
    };
    std::vector<Rate> rates = {
        makeRate("prediction_drift", "pneumonia_rate", &Totals::positive, &Totals::images, true, settings.rateEffect,
                 settings.minWindowImages, 1),
        makeRate("prediction_drift", "indeterminate_rate", &Totals::indeterminate, &Totals::images, true,
                 settings.rateEffect, settings.minWindowImages, 1),
        makeRate("agreement_drift", "disagreement_rate", &Totals::disagreements, &Totals::verdicts, false,
                 settings.agreementEffect, settings.minWindowVerdicts, settings.minReferenceVerdicts),
        makeRate("agreement_drift", "false_positive_rate", &Totals::positiveDisagreements, &Totals::positiveVerdicts,
                 false, settings.agreementEffect, settings.minWindowVerdicts, settings.minReferenceVerdicts),
        makeRate("agreement_drift", "miss_rate", &Totals::negativeDisagreements, &Totals::negativeVerdicts, false,
                 settings.agreementEffect, settings.minWindowVerdicts, settings.minReferenceVerdicts),
    };
    for (Rate& rate : rates) {
        const long n0 = reference.*rate.denominator;
        if (n0 < rate.referenceMinimum) {  // no reference for it: never tested, and said so
            result.untested.push_back(rate.metric);
            continue;
        }
        rate.referenceRate = double(reference.*rate.numerator) / double(n0);
        const double p0 = std::clamp(rate.referenceRate, 0.5 / double(n0), 1.0 - 0.5 / double(n0));
        std::vector<double> z;
        for (int day = referenceLast + 1; day <= last; ++day) {
            const Totals today = totals(day, day);
            const long n = today.*rate.denominator;
            if (n == 0) continue;
            rate.cusumDay.push_back(day);
            const double p = double(today.*rate.numerator) / double(n);
            z.push_back((p - p0) / std::sqrt(p0 * (1 - p0) / double(n)));
        }
        rate.up = upperCusum(z, 0.0, settings.cusumSlack, settings.cusumThreshold).path;
        for (double& value : z) value = -value;
        rate.down = upperCusum(z, 0.0, settings.cusumSlack, settings.cusumThreshold).path;
    }
    // The CUSUM's value on `day`: its last day with data at or before it.
    const auto cusumOn = [](const Rate& rate, int day, bool up) {
        const auto it = std::upper_bound(rate.cusumDay.begin(), rate.cusumDay.end(), day);
        if (it == rate.cusumDay.begin()) return 0.0;
        const size_t index = size_t(it - rate.cusumDay.begin()) - 1;
        return up ? rate.up[index] : rate.down[index];
    };

    // The series, one per (kind, metric, window).
    std::map<std::string, Series> series;
    const int evaluated = last - referenceLast;
    const auto figure = [&](const std::string& kind, const std::string& metric, const std::string& window,
                            double threshold, double referenceValue, int day, double value) {
        const std::string key = kind + '/' + metric + '/' + window;
        auto found = series.find(key);
        if (found == series.end()) {
            Series fresh{kind, metric, window, threshold, referenceValue, std::vector<double>(size_t(evaluated), kNaN)};
            found = series.emplace(key, std::move(fresh)).first;
        }
        found->second.values[size_t(day - referenceLast - 1)] = value;
    };

    Episodes episodes(settings.clearDays);
    HistogramNull histogramNull(referenceImages, settings.bootstrapResamples);
    const std::vector<double> referenceHistogram = asDoubles(reference.histogram);
    const double confidence = 1 - settings.alpha;

    for (int day = referenceLast + 1; day <= last; ++day) {
        for (const int length : {settings.slowWindowDays, settings.fastWindowDays}) {
            const std::string windowName = std::to_string(length) + "d";
            const int from = std::max(referenceLast + 1, day - length + 1);
            const Totals window = totals(from, day);
            const auto [begin, end] = imagesFrom(from, day);
            Alarm base;
            base.window = windowName;
            base.windowFirst = from;
            base.windowLast = day;
            base.samples = window.images;
            const bool enoughImages = window.images >= settings.minWindowImages;

            // Input drift: the histogram, then the scalar statistics.
            if (enoughImages && reference.images > 0) {
                const double distance = jensenShannonDistance(asDoubles(window.histogram), referenceHistogram);
                figure("input_drift", "histogram_js", windowName, settings.histogramAlarm, 0.0, day, distance);
                if (distance >= settings.histogramWarn) {
                    const double p = histogramNull.pValue(distance, window.images);
                    if (p < 1.0 / settings.bootstrapResamples) {
                        Alarm alarm = base;
                        alarm.kind = "input_drift";
                        alarm.metric = "histogram_js";
                        alarm.level = distance >= settings.histogramAlarm ? "alarm" : "warning";
                        alarm.value = distance;
                        alarm.threshold =
                            distance >= settings.histogramAlarm ? settings.histogramAlarm : settings.histogramWarn;
                        alarm.pValue = p;
                        episodes.hold(alarm, day);
                    }
                }
                std::vector<TestResult> tests;
                std::vector<double> pValues;
                for (size_t s = 0; s < kInputStatistics.size(); ++s) {
                    tests.push_back(kolmogorovSmirnov(valuesOf(begin, end, int(s)), referenceInput[s]));
                    pValues.push_back(tests.back().pValue);
                }
                const std::vector<double> adjusted = holmAdjusted(pValues);
                for (size_t s = 0; s < kInputStatistics.size(); ++s) {
                    figure("input_drift", kInputStatistics[s], windowName, settings.ksEffect, 0.0, day,
                           tests[s].statistic);
                    if (adjusted[s] < settings.alpha && tests[s].statistic >= settings.ksEffect) {
                        Alarm alarm = base;
                        alarm.kind = "input_drift";
                        alarm.metric = kInputStatistics[s];
                        alarm.value = tests[s].statistic;
                        alarm.threshold = settings.ksEffect;
                        alarm.pValue = adjusted[s];
                        episodes.hold(alarm, day);
                    }
                }
            }

            // Metadata drift: each field's mix, and categories the reference never saw.
            {
                std::vector<TestResult> tests(kFields);
                std::vector<double> pValues(kFields, 1.0), effects(kFields, 0.0);
                for (size_t f = 0; f < kFields; ++f) {
                    const std::vector<long> counts = categoryCounts(f, from, day);
                    if (length == settings.fastWindowDays) {
                        for (size_t k = 0; k < counts.size(); ++k) {
                            if (referenceCategories[f][k] != 0 || counts[k] < settings.newCategoryImages) continue;
                            Alarm alarm = base;
                            alarm.kind = "metadata_drift";
                            alarm.metric = std::string(kCategories[f]) + ":new";
                            alarm.detail = categoryNames[f][k].empty() ? "(absent)" : categoryNames[f][k];
                            alarm.value = double(counts[k]);
                            alarm.threshold = double(settings.newCategoryImages);
                            alarm.pValue = 0;
                            episodes.hold(alarm, day);
                        }
                    }
                    if (!enoughImages) continue;
                    std::vector<std::vector<double>> table(2);
                    double largest = 0;
                    for (size_t k = 0; k < counts.size(); ++k) {
                        table[0].push_back(double(referenceCategories[f][k]));
                        table[1].push_back(double(counts[k]));
                        largest =
                            std::max(largest, std::abs(double(counts[k]) / double(window.images) -
                                                       double(referenceCategories[f][k]) / double(reference.images)));
                    }
                    tests[f] = chiSquare(table);
                    pValues[f] = tests[f].pValue;
                    effects[f] = largest;
                }
                if (enoughImages) {
                    const std::vector<double> adjusted = holmAdjusted(pValues);
                    for (size_t f = 0; f < kFields; ++f) {
                        figure("metadata_drift", kCategories[f], windowName, settings.shareChange, 0.0, day,
                               effects[f]);
                        if (adjusted[f] < settings.alpha && effects[f] >= settings.shareChange) {
                            Alarm alarm = base;
                            alarm.kind = "metadata_drift";
                            alarm.metric = kCategories[f];
                            alarm.value = effects[f];
                            alarm.threshold = settings.shareChange;
                            alarm.pValue = adjusted[f];
                            episodes.hold(alarm, day);
                        }
                    }
                }
            }

            // Prediction and agreement drift: the rates (Newcombe's interval, the effect floor and
            // the CUSUM agree), and the probability's distribution.
            for (const Rate& rate : rates) {
                const long n = window.*rate.denominator;
                const long n0 = reference.*rate.denominator;
                if (n0 < rate.referenceMinimum || n < rate.minimum) continue;
                const long k = window.*rate.numerator;
                const double value = double(k) / double(n);
                figure(rate.kind, rate.metric, windowName, rate.effect, rate.referenceRate, day, value);
                const Interval difference = newcombeDifference(k, n, reference.*rate.numerator, n0, confidence);
                const double change = value - rate.referenceRate;
                const bool rise =
                    difference.low > 0 && change >= rate.effect && cusumOn(rate, day, true) > settings.cusumThreshold;
                const bool fall = rate.bothWays && difference.high < 0 && -change >= rate.effect &&
                                  cusumOn(rate, day, false) > settings.cusumThreshold;
                if (!rise && !fall) continue;
                Alarm alarm = base;
                alarm.kind = rate.kind;
                alarm.metric = rate.metric;
                alarm.detail = rise ? "rise" : "fall";
                alarm.value = value;
                alarm.reference = rate.referenceRate;
                alarm.threshold = rate.effect;
                alarm.pValue = settings.alpha;  // the interval's level: p < alpha
                alarm.samples = n;
                episodes.hold(alarm, day);
            }
            if (enoughImages) {
                const TestResult test = kolmogorovSmirnov(valuesOf(begin, end, -1), referenceProbability);
                figure("prediction_drift", "probability", windowName, settings.ksEffect, 0.0, day, test.statistic);
                if (test.pValue < settings.alpha && test.statistic >= settings.ksEffect) {
                    Alarm alarm = base;
                    alarm.kind = "prediction_drift";
                    alarm.metric = "probability";
                    alarm.value = test.statistic;
                    alarm.threshold = settings.ksEffect;
                    alarm.pValue = test.pValue;
                    episodes.hold(alarm, day);
                }
            }
        }
        episodes.endOfDay(day);
    }
    // The CUSUMs themselves, for the charts.
    for (const Rate& rate : rates) {
        for (size_t i = 0; i < rate.cusumDay.size(); ++i) {
            figure(rate.kind, std::string(rate.metric) + "_cusum_up", "daily", settings.cusumThreshold, 0.0,
                   rate.cusumDay[i], rate.up[i]);
            if (rate.bothWays)
                figure(rate.kind, std::string(rate.metric) + "_cusum_down", "daily", settings.cusumThreshold, 0.0,
                       rate.cusumDay[i], rate.down[i]);
        }
    }

    result.alarms = episodes.finish();
    // An alarm open on the last day is open; one whose last hold is older than clearDays is not.
    for (Alarm& alarm : result.alarms) alarm.open = alarm.open && last - alarm.lastHeld < settings.clearDays;
    for (auto& [key, one] : series) result.series.push_back(std::move(one));
    return result;
}

}  // namespace pulmo::monitoring
