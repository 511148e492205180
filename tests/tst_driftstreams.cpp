// Model monitoring's alarms on seeded synthetic streams (issue 20): they stay quiet on streams
// without a change and fire, within stated delays, on a planted one.
//
// The images are real: phantoms of the scanner profiles (pulmo-cli phantom --scanner), written as
// DICOM, read back through the display pipeline and summarised as the product summarises a model
// input. A stream draws from that pool day by day (40-100 images a day); the model is simulated (a
// logit per true label plus noise), and so are the readers (a verdict on 60% of the answers, right
// about the truth). The figures measured are printed (qInfo) and quoted in the README.

#include "InferenceBackend.h"
#include "MonitoringRecord.h"
#include "MonitoringStore.h"
#include "ModelInput.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "monitoring/DriftMonitor.h"
#include "phantom/ChestPhantom.h"
#include "support/ProcessRun.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>
#include <random>

using namespace pulmo;
using monitoring::Alarm;
using monitoring::ImageRecord;
using monitoring::MonitorResult;
using monitoring::Stream;

namespace {

constexpr int kStreamDays = 365;
constexpr int kChangeDay = 120;  // days after the stream's first

struct Scenario {
    uint32_t seed = 1;
    int days = kStreamDays;
    double newScannerShare = 0;  // from kChangeDay
    double prevalenceAfter = 0.3;
    double positiveLogitAfter = 2.0;  // the simulated model's mean logit on PNEUMONIA images
};

/// The images of one profile and label, as the monitor records them (day and answer unset).
using Pool = std::map<std::pair<std::string, bool>, std::vector<ImageRecord>>;

const std::vector<std::string> kStandard = {"dr-3543", "irc-fp17", "nms-cr900"};
const std::string kNewScanner = "fis-vivid";

Stream simulate(const Pool& pool, const Scenario& scenario)
{
    std::mt19937 random(scenario.seed);
    std::normal_distribution<double> noise(0.0, 1.4);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    int firstDay = 0;
    monitoring::dayFromIso("2026-01-01", firstDay);
    Stream stream;
    for (int d = 0; d < scenario.days; ++d) {
        const bool changed = d >= kChangeDay;
        const int count = 40 + int(random() % 61u);
        for (int i = 0; i < count; ++i) {
            const bool truth = uniform(random) < (changed ? scenario.prevalenceAfter : 0.3);
            const bool fromNew = changed && uniform(random) < scenario.newScannerShare;
            const std::string& profile = fromNew ? kNewScanner : kStandard[random() % kStandard.size()];
            const std::vector<ImageRecord>& images = pool.at({profile, truth});
            ImageRecord image = images[random() % images.size()];
            image.day = firstDay + d;
            const double mean = truth ? (changed ? scenario.positiveLogitAfter : 2.0) : -2.0;
            image.probability = 1.0 / (1.0 + std::exp(-(mean + noise(random))));
            image.indeterminate = std::max(image.probability, 1 - image.probability) < 0.7;
            image.positive = !image.indeterminate && image.probability >= 0.5;
            image.verdict = monitoring::Verdict::None;
            if (!image.indeterminate && uniform(random) < 0.6)
                image.verdict = image.positive == truth ? monitoring::Verdict::Agree : monitoring::Verdict::Disagree;
            stream.images.push_back(image);
        }
    }
    stream.days = monitoring::daysOf(stream.images);
    return stream;
}

std::vector<Alarm> alarmsOf(const MonitorResult& result, const std::string& kind)
{
    std::vector<Alarm> out;
    for (const Alarm& alarm : result.alarms)
        if (alarm.level == "alarm" && (kind.empty() || alarm.kind == kind)) out.push_back(alarm);
    return out;
}

/// The first alarm of `kinds` on or after the change, in days after it; -1: none.
int delay(const MonitorResult& result, const std::vector<std::string>& kinds)
{
    const int change = result.firstDay + kChangeDay;
    int first = -1;
    for (const Alarm& alarm : result.alarms)
        if (alarm.level == "alarm" && std::find(kinds.begin(), kinds.end(), alarm.kind) != kinds.end() &&
            alarm.firstAlarm >= change && (first < 0 || alarm.firstAlarm - change < first))
            first = alarm.firstAlarm - change;
    return first;
}

QString describe(const std::vector<int>& delays)
{
    std::vector<int> sorted = delays;
    std::sort(sorted.begin(), sorted.end());
    if (sorted.empty()) return QStringLiteral("none");
    return QStringLiteral("min %1, median %2, max %3 days (%4 streams)")
        .arg(sorted.front())
        .arg(sorted[sorted.size() / 2])
        .arg(sorted.back())
        .arg(sorted.size());
}

}  // namespace

class TestDriftStreams : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Pool m_pool;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        std::vector<std::string> profiles = kStandard;
        profiles.push_back(kNewScanner);
        inference::Prediction prediction;
        inference::ModelIdentity model;
        model.sha256 = "simulated";
        int written = 0;
        for (const std::string& profile : profiles) {
            for (const bool pneumonia : {false, true}) {
                for (uint32_t seed = 1; seed <= 24; ++seed) {
                    phantom::ChestPhantomOptions options;
                    options.seed = seed * 7919u + (pneumonia ? 1u : 0u);
                    options.size = 256;
                    options.label = pneumonia ? phantom::Label::Pneumonia : phantom::Label::Normal;
                    options.scanner = profile;
                    options.monochrome1 = profile == "nms-cr900";  // a CR reader that writes MONOCHROME1
                    const phantom::ChestPhantom made = phantom::makeChestPhantom(options);
                    const std::string path = m_dir.filePath(QStringLiteral("%1.dcm").arg(written++)).toStdString();
                    dicom::writeGrayImage(path, made.spec);
                    const auto decoded = dicom::loadImage(path);
                    const feedback::MonitoringObservation observation =
                        app::monitoringObservation(decoded->info(), app::modelInputImage(decoded), prediction, model,
                                                   QStringLiteral("2026-01-01T00:00:00.000Z"), QStringLiteral("cli"));
                    m_pool[{profile, pneumonia}].push_back(feedback::MonitoringStore::imageRecord(observation));
                }
            }
        }
        // The profiles are what the metadata says they are.
        QCOMPARE(QString::fromStdString(m_pool.at({kNewScanner, false}).front().categories[0]),
                 QStringLiteral("Future Imaging Systems (synthetic)"));
        QCOMPARE(QString::fromStdString(m_pool.at({kNewScanner, false}).front().categories[6]), QStringLiteral("14"));
    }

    void nullStreams_stayQuiet()
    {
        constexpr int kSeeds = 24;
        std::map<std::string, int> byKind;
        int alarms = 0;
        qint64 monitorNs = 0;
        size_t images = 0;
        for (uint32_t seed = 1; seed <= kSeeds; ++seed) {
            Scenario scenario;
            scenario.seed = 1000 + seed;
            const Stream stream = simulate(m_pool, scenario);
            images += stream.images.size();
            QElapsedTimer timer;
            timer.start();
            const MonitorResult result = monitoring::monitor(stream);
            monitorNs += timer.nsecsElapsed();
            QVERIFY(result.reference.complete);
            QCOMPARE(result.reference.lastDay - result.reference.firstDay + 1, 30);
            for (const Alarm& alarm : alarmsOf(result, {})) {
                ++alarms;
                ++byKind[alarm.kind + "/" + alarm.metric + "/" + alarm.window];
            }
        }
        QString kinds;
        for (const auto& [kind, count] : byKind)
            kinds += QStringLiteral(" %1: %2").arg(QString::fromStdString(kind)).arg(count);
        qInfo("null streams: %d false alarms in %d stream-years (%.3f per stream-year)%s", alarms, kSeeds,
              double(alarms) / kSeeds, qPrintable(kinds));
        qInfo("monitor(): %.2f s per stream-year of %zu images on average", double(monitorNs) / 1e9 / kSeeds,
              images / kSeeds);
        QVERIFY2(alarms <= kSeeds, "more than one false alarm per stream-year");
    }

    void newScanner_isSeenWithinAWeek()
    {
        std::vector<int> delays, inputDelays;
        for (uint32_t seed = 1; seed <= 8; ++seed) {
            Scenario scenario;
            scenario.seed = 2000 + seed;
            scenario.newScannerShare = 0.5;
            const MonitorResult result = monitoring::monitor(simulate(m_pool, scenario));
            const int days = delay(result, {"input_drift", "metadata_drift"});
            QVERIFY2(days >= 0 && days < 7, qPrintable(QStringLiteral("seed %1: delay %2").arg(seed).arg(days)));
            delays.push_back(days);
            bool newManufacturer = false;
            for (const Alarm& alarm : alarmsOf(result, "metadata_drift"))
                newManufacturer |=
                    alarm.metric == "manufacturer:new" && alarm.detail == "Future Imaging Systems (synthetic)";
            QVERIFY(newManufacturer);
            const int inputDays = delay(result, {"input_drift"});
            QVERIFY2(inputDays >= 0 && inputDays < 7, "the input itself is seen to change");
            inputDelays.push_back(inputDays);
        }
        qInfo("new scanner (half the images from day %d): first input or metadata alarm %s; first input alarm %s",
              kChangeDay, qPrintable(describe(delays)), qPrintable(describe(inputDelays)));
    }

    void prevalenceRise_isAPredictionAlarm_notAnInputOne()
    {
        std::vector<int> delays;
        for (uint32_t seed = 1; seed <= 8; ++seed) {
            Scenario scenario;
            scenario.seed = 3000 + seed;
            scenario.prevalenceAfter = 0.5;
            const MonitorResult result = monitoring::monitor(simulate(m_pool, scenario));
            const int days = delay(result, {"prediction_drift"});
            QVERIFY2(days >= 0 && days < 30, qPrintable(QStringLiteral("seed %1: delay %2").arg(seed).arg(days)));
            delays.push_back(days);
            for (const Alarm& alarm : alarmsOf(result, "input_drift"))
                qWarning("seed %u: %s %s %s value %g p %g", seed, alarm.metric.c_str(), alarm.window.c_str(),
                         monitoring::isoDay(alarm.firstAlarm).c_str(), alarm.value, alarm.pValue);
            QVERIFY2(alarmsOf(result, "input_drift").empty(), qPrintable(QStringLiteral("seed %1").arg(seed)));
            QVERIFY2(alarmsOf(result, "metadata_drift").empty(), qPrintable(QStringLiteral("seed %1").arg(seed)));
        }
        qInfo("prevalence 30%% -> 50%% from day %d: first prediction alarm %s", kChangeDay,
              qPrintable(describe(delays)));
    }

    void sensitivityDrop_isAnAgreementAlarm()
    {
        std::vector<int> delays;
        for (uint32_t seed = 1; seed <= 8; ++seed) {
            Scenario scenario;
            scenario.seed = 4000 + seed;
            scenario.positiveLogitAfter = 0.0;  // sensitivity from about 0.9 to about 0.4
            const MonitorResult result = monitoring::monitor(simulate(m_pool, scenario));
            const int days = delay(result, {"agreement_drift"});
            QVERIFY2(days >= 0 && days < 30, qPrintable(QStringLiteral("seed %1: delay %2").arg(seed).arg(days)));
            delays.push_back(days);
            bool misses = false;
            for (const Alarm& alarm : alarmsOf(result, "agreement_drift")) misses |= alarm.metric == "miss_rate";
            QVERIFY(misses);
            QVERIFY2(alarmsOf(result, "input_drift").empty(), qPrintable(QStringLiteral("seed %1").arg(seed)));
        }
        qInfo("sensitivity drop from day %d: first agreement alarm %s", kChangeDay, qPrintable(describe(delays)));
    }

    void cli_readsTheDatabase_asTheMonitorReadsTheStream()
    {
        // A short stream, recorded into a real feedback database observation by observation (the
        // days summed by SQL), then `pulmo-cli monitor --json` under a German locale: the days and
        // alarms it reads are those of the stream itself.
        Scenario scenario;
        scenario.seed = 6000;
        scenario.days = kChangeDay + 20;
        scenario.newScannerShare = 0.5;
        Stream stream = simulate(m_pool, scenario);
        // 8 images a day keep the recording quick; the windows' minimum follows.
        std::vector<ImageRecord> images;
        std::map<int, int> perDay;
        for (const ImageRecord& image : stream.images)
            if (perDay[image.day]++ < 8) images.push_back(image);
        stream.images = images;
        stream.days = monitoring::daysOf(images);
        monitoring::MonitorSettings settings;
        settings.minWindowImages = 50;
        settings.referenceImages = 200;
        const MonitorResult expected = monitoring::monitor(stream, settings);
        QVERIFY(!alarmsOf(expected, "metadata_drift").empty());

        const QString path = m_dir.filePath(QStringLiteral("monitoring.sqlite"));
        {
            feedback::FeedbackDatabase database(path.toStdString());
            feedback::MonitoringStore store(database);
            int n = 0;
            for (const ImageRecord& image : stream.images) {
                feedback::MonitoringObservation o;
                o.observedUtc =
                    QString::fromStdString(monitoring::isoDay(image.day)) + QStringLiteral("T10:00:00.000Z");
                o.source = QStringLiteral("node");
                o.modelSha256 = QStringLiteral("ab12");
                o.sopInstanceUid = QStringLiteral("2.25.%1").arg(++n);
                o.positive = image.positive;
                o.indeterminate = image.indeterminate;
                o.label = image.indeterminate
                              ? QStringLiteral("INDETERMINATE")
                              : (image.positive ? QStringLiteral("PNEUMONIA") : QStringLiteral("NORMAL"));
                o.probability = image.probability;
                QString* fields[] = {&o.manufacturer, &o.manufacturerModel, &o.modality, &o.viewPosition,
                                     &o.bodyPart,     &o.pixelSpacing,      nullptr,     &o.photometric,
                                     &o.station,      &o.institution};
                for (size_t f = 0; f < std::size(fields); ++f)
                    if (fields[f]) *fields[f] = QString::fromStdString(image.categories[f]);
                o.bitsStored = std::stoi(image.categories[6]);
                o.inputMean = image.input[0];
                o.inputSd = image.input[1];
                o.inputP01 = image.input[2];
                o.inputP50 = image.input[3];
                o.inputP99 = image.input[4];
                o.inputHistogram = image.histogram;
                QVERIFY(store.record(o));
            }
            const Stream read = store.stream(QStringLiteral("ab12"));
            QCOMPARE(read.images.size(), stream.images.size());
            QCOMPARE(read.days.size(), stream.days.size());
            for (size_t i = 0; i < read.days.size(); ++i) {
                QCOMPARE(read.days[i].day, stream.days[i].day);
                QCOMPARE(read.days[i].images, stream.days[i].images);
                QCOMPARE(read.days[i].positive, stream.days[i].positive);
                QCOMPARE(read.days[i].indeterminate, stream.days[i].indeterminate);
                QVERIFY(read.days[i].histogram == stream.days[i].histogram);
            }
        }
        QProcessEnvironment german = QProcessEnvironment::systemEnvironment();
        german.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));
        const test::Run run =
            test::run(QStringLiteral(PULMO_CLI_PATH),
                      {QStringLiteral("monitor"), QStringLiteral("--db"), path, QStringLiteral("--json"),
                       QStringLiteral("--min-window-images"), QStringLiteral("50"),
                       QStringLiteral("--reference-images"), QStringLiteral("200")},
                      german);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QCOMPARE(lines.size(), qsizetype(expected.alarms.size() + 1));
        for (qsizetype i = 0; i < lines.size() - 1; ++i) {
            const QJsonObject object = QJsonDocument::fromJson(lines[i]).object();
            const Alarm& alarm = expected.alarms[size_t(i)];
            QCOMPARE(object["kind"].toString().toStdString(), alarm.kind);
            QCOMPARE(object["metric"].toString().toStdString(), alarm.metric);
            QCOMPARE(object["window"].toString().toStdString(), alarm.window);
            QCOMPARE(object["first_alarm"].toString().toStdString(), monitoring::isoDay(alarm.firstAlarm));
            QCOMPARE(object["value"].toDouble(), alarm.value);
            QCOMPARE(object["threshold"].toDouble(), alarm.threshold);
        }
        const QJsonObject summary = QJsonDocument::fromJson(lines.back()).object();
        QVERIFY(summary["summary"].toBool());
        QCOMPARE(summary["reference_first"].toString(), QStringLiteral("2026-01-01"));
        QCOMPARE(summary["reference_last"].toString(), QStringLiteral("2026-01-30"));
        QCOMPARE(summary["reference_images"].toInt(), 240);

        // The report: an HTML page naming the alarms, a chart per kind.
        const QString reportDir = m_dir.filePath(QStringLiteral("report"));
        const test::Run reported =
            test::run(QStringLiteral(PULMO_CLI_PATH),
                      {QStringLiteral("monitor"), QStringLiteral("--db"), path, QStringLiteral("--report"), reportDir,
                       QStringLiteral("--min-window-images"), QStringLiteral("50"),
                       QStringLiteral("--reference-images"), QStringLiteral("200")},
                      german);
        QVERIFY2(reported.exitCode == 0, reported.err.constData());
        QFile index(reportDir + QStringLiteral("/index.html"));
        QVERIFY(index.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(index.readAll());
        QVERIFY(page.contains(QStringLiteral("manufacturer:new Future Imaging Systems (synthetic)")));
        for (const QString& chart :
             {QStringLiteral("input_histogram"), QStringLiteral("input_statistics"), QStringLiteral("metadata"),
              QStringLiteral("prediction"), QStringLiteral("agreement")}) {
            const QString file = QStringLiteral("ab12-%1.png").arg(chart);
            QVERIFY2(page.contains(file), qPrintable(file));
            QImage image(reportDir + QLatin1Char('/') + file);
            QCOMPARE(image.size(), QSize(900, 420));
        }
        // The input chart shows the change: red (the alarm's marker) where the new scanner starts.
        {
            const QImage chart(reportDir + QStringLiteral("/ab12-input_histogram.png"));
            int red = 0;
            for (int y = 0; y < chart.height(); ++y)
                for (int x = 0; x < chart.width(); ++x) {
                    const QColor c = chart.pixelColor(x, y);
                    red += c.red() > 180 && c.green() < 80 && c.blue() < 80 ? 1 : 0;
                }
            QVERIFY2(red > 200, qPrintable(QStringLiteral("%1 red pixels").arg(red)));
        }
        if (qEnvironmentVariableIsSet("PULMO_TEST_COPY_REPORT"))
            for (const QString& name : QDir(reportDir).entryList(QDir::Files))
                QFile::copy(reportDir + QLatin1Char('/') + name,
                            qEnvironmentVariable("PULMO_TEST_COPY_REPORT") + QLatin1Char('/') + name);

        // Settings out of range are the command line's fault.
        const test::Run bad =
            test::run(QStringLiteral(PULMO_CLI_PATH), {QStringLiteral("monitor"), QStringLiteral("--db"), path,
                                                       QStringLiteral("--alpha"), QStringLiteral("1,5")});
        QCOMPARE(bad.exitCode, 2);
    }

    void badStreams_areRefused_andUntestedRatesNamed()
    {
        Scenario scenario;
        scenario.seed = 7000;
        scenario.days = 60;
        Stream stream = simulate(m_pool, scenario);
        // Without verdicts the agreement rates cannot be tested: the result says so.
        for (ImageRecord& image : stream.images) image.verdict = monitoring::Verdict::None;
        const MonitorResult result = monitoring::monitor(stream);
        QCOMPARE(result.untested, (std::vector<std::string>{"disagreement_rate", "false_positive_rate", "miss_rate"}));
        QVERIFY(alarmsOf(result, "agreement_drift").empty());
        // Day sums that disagree with the images (a torn read) are refused, not computed on.
        stream.days[10].images += 1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, monitoring::monitor(stream));
        stream.days[10].images -= 1;
        stream.images.push_back(stream.images.back());
        stream.images.back().day += 1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, monitoring::monitor(stream));
        monitoring::MonitorSettings bad;
        bad.fastWindowDays = 40;  // longer than the slow window
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, monitoring::monitor({}, bad));
    }

    void smallDays_neverAlarmByThemselves()
    {
        // A department with 5 images a day: the windows never reach 200 images in 7 days, so the fast
        // window tests nothing, and a day of a new scanner's 4 images is not a new category.
        Scenario scenario;
        scenario.seed = 5000;
        Stream stream = simulate(m_pool, scenario);
        std::vector<ImageRecord> thin;
        for (size_t i = 0; i < stream.images.size(); i += 14) thin.push_back(stream.images[i]);
        ImageRecord odd = m_pool.at({kNewScanner, false}).front();
        odd.day = thin.back().day;
        for (int i = 0; i < 4; ++i) thin.push_back(odd);
        stream.images = thin;
        stream.days = monitoring::daysOf(thin);
        const MonitorResult result = monitoring::monitor(stream);
        QVERIFY(result.reference.complete);
        for (const Alarm& alarm : result.alarms) QVERIFY2(alarm.window != "7d", alarm.metric.c_str());
        QVERIFY(alarmsOf(result, "metadata_drift").empty());
    }
};

QTEST_GUILESS_MAIN(TestDriftStreams)
#include "tst_driftstreams.moc"
