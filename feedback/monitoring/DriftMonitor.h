#pragma once
// Model monitoring's tests and alarms (issue 20 items 2 and 3): one model's stream of predictions,
// its reference period, the rolling windows moved day by day, and the alarms, each with the first
// day it held. Plain C++ on the stream (MonitoringStore::stream() reads one from a feedback
// database; the stream tests make their own); the statistics are DriftStatistics'.
//
// What an alarm needs, for every test: a significant test, an effect above its floor and enough
// images (or verdicts) in the window. Days are calendar days (UTC), numbered from 1970-01-01.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pulmo::monitoring {

constexpr int kHistogramBins = 64;  ///< of the 8-bit model input, 4 grey levels each
/// The input's scalar statistics, in this order.
constexpr std::array<const char*, 5> kInputStatistics = {"input_mean", "input_sd", "input_p01", "input_p50",
                                                         "input_p99"};
/// The metadata categories, in this order.
constexpr std::array<const char*, 10> kCategories = {
    "manufacturer",  "manufacturer_model", "modality",    "view_position", "body_part",
    "pixel_spacing", "bits_stored",        "photometric", "station",       "institution"};

enum class Verdict { None, Agree, Disagree };

/// One prediction of one image.
struct ImageRecord {
    int day = 0;
    bool positive = false;                                   ///< the answer shown is the positive label (PNEUMONIA)
    bool indeterminate = false;                              ///< below the card's threshold
    double probability = 0;                                  ///< of the positive label
    std::array<std::string, kCategories.size()> categories;  ///< "" when absent
    std::array<double, kInputStatistics.size()> input{};
    std::array<uint32_t, kHistogramBins> histogram{};  ///< of the model input's pixels
    Verdict verdict = Verdict::None;                   ///< the reader's current one
};

/// One day's sums (what the feedback database keeps per day).
struct DayRecord {
    int day = 0;
    long images = 0;
    long positive = 0;
    long indeterminate = 0;
    std::array<double, kHistogramBins> histogram{};
};

struct Stream {
    std::vector<DayRecord> days;      ///< in day order, one per day with images
    std::vector<ImageRecord> images;  ///< in day order
};

/// The days of `images` (in day order), as the feedback database sums them.
std::vector<DayRecord> daysOf(const std::vector<ImageRecord>& images);

/// The defaults and where they come from are in the README ("Model monitoring").
struct MonitorSettings {
    int referenceDays = 30;      ///< the reference: at least this many days from the first ...
    long referenceImages = 150;  ///< ... and at least this many images
    int slowWindowDays = 30;     ///< the rolling windows, moved daily
    int fastWindowDays = 7;
    long minWindowImages = 200;   ///< fewer in a window: no test of its images
    long minWindowVerdicts = 50;  ///< fewer verdicts in a window: no agreement test
    /// Fewer verdicts in the reference (per rate's answers): that agreement rate is never tested
    /// (MonitorResult::untested says so).
    long minReferenceVerdicts = 30;
    double alpha = 0.001;         ///< a test is significant below this (after Holm where a family)
    double histogramWarn = 0.05;  ///< Jensen-Shannon distance, base 2
    double histogramAlarm = 0.10;
    int bootstrapResamples = 200;   ///< for the histogram's significance
    double ksEffect = 0.25;         ///< Kolmogorov-Smirnov D floor (input statistics, probability)
    double shareChange = 0.10;      ///< a category's share must move at least this much
    long newCategoryImages = 10;    ///< images of a category the reference never saw
    double rateEffect = 0.05;       ///< PNEUMONIA and INDETERMINATE rates, absolute
    double agreementEffect = 0.05;  ///< disagreement rates, absolute
    double cusumSlack = 0.5;        ///< daily z-scores, in standard deviations
    double cusumThreshold = 5.0;
    int clearDays = 7;  ///< an alarm ends after this many days in a row without holding
};

struct Reference {
    bool complete = false;
    int firstDay = 0;
    int lastDay = 0;
    long images = 0;
    long verdicts = 0;
};

struct Alarm {
    std::string kind;             ///< input_drift, metadata_drift, prediction_drift, agreement_drift
    std::string metric;           ///< e.g. "histogram_js", "input_mean", "manufacturer", "pneumonia_rate"
    std::string level = "alarm";  ///< "alarm" or "warning" (the histogram's lower threshold)
    std::string window;           ///< "30d" or "7d"
    std::string detail;           ///< e.g. the new category's value
    int firstAlarm = 0;           ///< the first day it held
    int lastHeld = 0;
    bool open = false;  ///< still holding (within clearDays of the last day)
    double value = 0;   ///< on the first day
    double threshold = 0;
    double pValue = 1;
    double reference = 0;  ///< the reference's value where there is one (rates)
    double latest = 0;     ///< the value on the last day it held
    int windowFirst = 0;   ///< the window of the first day
    int windowLast = 0;
    long samples = 0;  ///< images or verdicts in that window
};

/// One figure per day after the reference (NaN where the window was too small).
struct Series {
    std::string kind, metric, window;
    double threshold = 0;
    double reference = 0;
    std::vector<double> values;
};

struct MonitorResult {
    Reference reference;
    int firstDay = 0;  ///< of the stream
    int lastDay = 0;
    int evaluatedFrom = 0;           ///< the first day after the reference
    std::string slowWindow = "30d";  ///< the windows' names in the alarms and series
    std::string fastWindow = "7d";
    std::vector<Alarm> alarms;          ///< in first-alarm order
    std::vector<std::string> untested;  ///< rates whose reference has too few cases to test them
    std::vector<Series> series;
};

/// Runs every test on every day after the reference. An empty stream or one whose reference is
/// not complete has no alarms. Throws std::invalid_argument for settings out of range.
MonitorResult monitor(const Stream& stream, const MonitorSettings& settings = {});

/// "2026-12-02" for day 20789 and back; dayFromIso() returns false for anything else.
std::string isoDay(int day);
bool dayFromIso(const std::string& text, int& day);

}  // namespace pulmo::monitoring
