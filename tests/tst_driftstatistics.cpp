// The drift statistics of model monitoring (issue 20) against SciPy (tests/oracle/drift_oracle.py,
// Debian's python3-scipy): Jensen-Shannon distances, two-sample Kolmogorov-Smirnov, chi-square on
// category counts, Wilson and Clopper-Pearson intervals, on seeded inputs of the shapes monitoring
// meets (256-bin histograms of the model input, a few hundred images a window, a handful of
// manufacturers, rates near 0 and 1); Holm's adjustment and the CUSUM against worked examples;
// published interval values beside SciPy's.

#include "monitoring/DriftStatistics.h"
#include "support/ProcessRun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>
#include <stdexcept>

using namespace pulmo::monitoring;

namespace {

QJsonArray toJson(const std::vector<double>& values)
{
    QJsonArray array;
    for (const double value : values) array.append(value);
    return array;
}

/// Relative closeness, with an absolute floor for values near 0 (tail p-values).
bool close(double ours, double theirs, double relative, double absolute = 1e-15)
{
    return std::fabs(ours - theirs) <= std::max(absolute, relative * std::fabs(theirs));
}

}  // namespace

class TestDriftStatistics : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::mt19937_64 m_random{20261202};

    std::vector<double> histogram(int bins, double shift)
    {
        // A grey-level histogram: a broad bump, moved by `shift` bins, with Poisson-like noise.
        std::vector<double> counts(static_cast<size_t>(bins));
        std::poisson_distribution<int> noise(3);
        for (int i = 0; i < bins; ++i) {
            const double x = (i - bins / 2.0 - shift) / (bins / 6.0);
            counts[size_t(i)] = std::round(2000 * std::exp(-x * x / 2)) + noise(m_random);
        }
        if (bins > 10) counts[3] = 0;  // an empty bin on one side
        return counts;
    }

    std::vector<double> sample(size_t n, double mean, double sd, bool rounded)
    {
        std::normal_distribution<double> normal(mean, sd);
        std::vector<double> values(n);
        for (double& value : values) value = rounded ? std::round(normal(m_random)) : normal(m_random);
        return values;
    }

    QJsonObject oracle(const QJsonObject& cases)
    {
        const QString file = m_dir.filePath(QStringLiteral("cases.json"));
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(file));
        out.write(QJsonDocument(cases).toJson(QJsonDocument::Compact));
        out.close();
        const pulmo::test::Run run =
            pulmo::test::run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                             {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/drift_oracle.py"), file});
        if (run.exitCode != 0) qWarning("drift_oracle.py: %s", run.err.constData());
        return QJsonDocument::fromJson(run.out).object();
    }

private Q_SLOTS:
    void jensenShannon_asScipy()
    {
        std::vector<std::pair<std::vector<double>, std::vector<double>>> pairs;
        for (const double shift : {0.0, 0.5, 2.0, 8.0, 40.0})
            pairs.push_back({histogram(256, 0), histogram(256, shift)});
        pairs.push_back({{1, 0, 0}, {0, 0, 1}});        // disjoint: 1
        pairs.push_back({{2, 2, 4}, {1, 1, 2}});        // the same after normalising: 0
        pairs.push_back({{5, 0, 1, 0}, {1, 3, 0, 2}});  // zeros on both sides
        QJsonArray cases;
        for (const auto& [p, q] : pairs) cases.append(QJsonArray{toJson(p), toJson(q)});
        const QJsonArray theirs = oracle({{"js", cases}})["js"].toArray();
        QCOMPARE(theirs.size(), qsizetype(pairs.size()));
        for (size_t i = 0; i < pairs.size(); ++i) {
            const double ours = jensenShannonDistance(pairs[i].first, pairs[i].second);
            QVERIFY2(
                close(ours, theirs[qsizetype(i)].toDouble(), 1e-10, 1e-12),
                qPrintable(
                    QStringLiteral("case %1: %2 vs SciPy %3").arg(i).arg(ours).arg(theirs[qsizetype(i)].toDouble())));
        }
        QCOMPARE(jensenShannonDistance({1, 0, 0}, {0, 0, 1}), 1.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, jensenShannonDistance({1, 2}, {1, 2, 3}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, jensenShannonDistance({0, 0}, {1, 2}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, jensenShannonDistance({-1, 2}, {1, 2}));
    }

    void kolmogorovSmirnov_asScipy()
    {
        // Continuous and rounded (ties) samples; no shift to a large one; unequal sizes.
        struct Case {
            size_t m, n;
            double shift, scale;
            bool rounded;
        };
        const Case shapes[] = {{150, 150, 0, 1, false},    {300, 40, 0.2, 1, false}, {500, 450, 0.05, 1, true},
                               {200, 1000, 0, 1.3, false}, {60, 70, 1.0, 1, true},   {1000, 1000, 0.1, 1, false},
                               {30, 30, 0, 1, true},       {400, 400, 3.0, 1, false}};
        std::vector<std::pair<std::vector<double>, std::vector<double>>> samples;
        QJsonArray cases;
        for (const Case& shape : shapes) {
            samples.push_back({sample(shape.m, 120, 15, shape.rounded),
                               sample(shape.n, 120 + 15 * shape.shift, 15 * shape.scale, shape.rounded)});
            cases.append(QJsonArray{toJson(samples.back().first), toJson(samples.back().second)});
        }
        const QJsonArray theirs = oracle({{"ks", cases}})["ks"].toArray();
        QCOMPARE(theirs.size(), qsizetype(samples.size()));
        for (size_t i = 0; i < samples.size(); ++i) {
            const TestResult ours = kolmogorovSmirnov(samples[i].first, samples[i].second);
            const QJsonArray want = theirs[qsizetype(i)].toArray();
            QVERIFY2(
                close(ours.statistic, want[0].toDouble(), 1e-12),
                qPrintable(QStringLiteral("case %1: D %2 vs %3").arg(i).arg(ours.statistic).arg(want[0].toDouble())));
            QVERIFY2(close(ours.pValue, want[1].toDouble(), 1e-8, 1e-14),
                     qPrintable(QStringLiteral("case %1: p %2 vs %3").arg(i).arg(ours.pValue).arg(want[1].toDouble())));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kolmogorovSmirnov({}, {1.0}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kolmogorovSmirnov({NAN}, {1.0}));
    }

    void chiSquare_asScipy()
    {
        // Manufacturer mixes: reference against window; a new category; an unused one; 3 rows.
        const std::vector<std::vector<std::vector<double>>> tables = {
            {{120, 80, 30}, {118, 85, 27}}, {{120, 80, 30, 0}, {60, 40, 15, 40}},
            {{500, 0, 20}, {480, 0, 45}},   {{10, 20}, {30, 40}, {25, 25}},
            {{3, 1, 0}, {1, 3, 2}},         {{50, 50}, {0, 0}},  // an empty window: nothing to test
            {{1000, 1}, {990, 11}},
        };
        QJsonArray cases;
        for (const auto& table : tables) {
            QJsonArray rows;
            for (const auto& row : table) rows.append(toJson(row));
            cases.append(rows);
        }
        const QJsonArray theirs = oracle({{"chi2", cases}})["chi2"].toArray();
        QCOMPARE(theirs.size(), qsizetype(tables.size()));
        for (size_t i = 0; i < tables.size(); ++i) {
            const TestResult ours = chiSquare(tables[i]);
            const QJsonArray want = theirs[qsizetype(i)].toArray();
            QVERIFY2(
                close(ours.statistic, want[0].toDouble(), 1e-10, 1e-12),
                qPrintable(
                    QStringLiteral("case %1: statistic %2 vs %3").arg(i).arg(ours.statistic).arg(want[0].toDouble())));
            QVERIFY2(close(ours.pValue, want[1].toDouble(), 1e-9, 1e-15),
                     qPrintable(QStringLiteral("case %1: p %2 vs %3").arg(i).arg(ours.pValue).arg(want[1].toDouble())));
            QCOMPARE(ours.degreesOfFreedom, want[2].toInt());
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, chiSquare({{1, 2}, {1}}));
    }

    void intervals_asScipy_andAsPublished()
    {
        const std::vector<std::array<double, 3>> proportions = {
            {0, 20, 0.95},   {1, 20, 0.95},    {10, 20, 0.95},  {20, 20, 0.95}, {3, 150, 0.95},
            {81, 263, 0.95}, {480, 500, 0.99}, {7, 1000, 0.90}, {0, 1, 0.95},   {1, 1, 0.95}};
        QJsonArray cases;
        for (const auto& [k, n, c] : proportions) cases.append(QJsonArray{k, n, c});
        const QJsonObject theirs = oracle({{"wilson", cases}, {"clopper_pearson", cases}});
        for (size_t i = 0; i < proportions.size(); ++i) {
            const auto& [k, n, c] = proportions[i];
            const Interval wilson = wilsonInterval(long(k), long(n), c);
            const Interval exact = clopperPearsonInterval(long(k), long(n), c);
            const QJsonArray w = theirs["wilson"].toArray()[qsizetype(i)].toArray();
            const QJsonArray e = theirs["clopper_pearson"].toArray()[qsizetype(i)].toArray();
            QVERIFY2(
                close(wilson.low, w[0].toDouble(), 1e-10, 1e-13) && close(wilson.high, w[1].toDouble(), 1e-10, 1e-13),
                qPrintable(QStringLiteral("Wilson %1/%2: [%3, %4] vs [%5, %6]")
                               .arg(k)
                               .arg(n)
                               .arg(wilson.low)
                               .arg(wilson.high)
                               .arg(w[0].toDouble())
                               .arg(w[1].toDouble())));
            QVERIFY2(close(exact.low, e[0].toDouble(), 1e-9, 1e-13) && close(exact.high, e[1].toDouble(), 1e-9, 1e-13),
                     qPrintable(QStringLiteral("Clopper-Pearson %1/%2: [%3, %4] vs [%5, %6]")
                                    .arg(k)
                                    .arg(n)
                                    .arg(exact.low)
                                    .arg(exact.high)
                                    .arg(e[0].toDouble())
                                    .arg(e[1].toDouble())));
        }
        // Published: Newcombe (1998), Table I, 81/263: Wilson 0.2553-0.3662, exact 0.2527-0.3676.
        const Interval wilson = wilsonInterval(81, 263);
        QCOMPARE(std::round(wilson.low * 1e4) / 1e4, 0.2553);
        QCOMPARE(std::round(wilson.high * 1e4) / 1e4, 0.3662);
        const Interval exact = clopperPearsonInterval(81, 263);
        QCOMPARE(std::round(exact.low * 1e4) / 1e4, 0.2527);
        QCOMPARE(std::round(exact.high * 1e4) / 1e4, 0.3676);
        // Published: Newcombe (1998b, unpaired differences), Table II, method 10 (hybrid score):
        // 56/70 - 48/80: 0.0524 to 0.3339; 9/10 - 3/10: 0.1705 to 0.8090.
        const Interval first = newcombeDifference(56, 70, 48, 80);
        QCOMPARE(std::round(first.low * 1e4) / 1e4, 0.0524);
        QCOMPARE(std::round(first.high * 1e4) / 1e4, 0.3339);
        const Interval second = newcombeDifference(9, 10, 3, 10);
        QCOMPARE(std::round(second.low * 1e4) / 1e4, 0.1705);
        QCOMPARE(std::round(second.high * 1e4) / 1e4, 0.8090);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, newcombeDifference(1, 10, 3, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wilsonInterval(5, 4));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, clopperPearsonInterval(1, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wilsonInterval(1, 10, 1.0));
    }

    void holm_asWorkedByHand()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04 -> monotone 0.06.
        const std::vector<double> adjusted = holmAdjusted({0.01, 0.04, 0.03, 0.005});
        const std::vector<double> expected = {0.03, 0.06, 0.06, 0.02};
        for (size_t i = 0; i < expected.size(); ++i) QVERIFY(close(adjusted[i], expected[i], 1e-12));
        QCOMPARE(holmAdjusted({0.6, 0.9}), (std::vector<double>{1.0, 1.0}));  // capped at 1
        QVERIFY(holmAdjusted({}).empty());
    }

    void cusum_asWorkedByHand()
    {
        // Target 0.10, slack 0.02: each day adds x - 0.12; alarms when the sum passes 0.15.
        const Cusum cusum = upperCusum({0.10, 0.20, 0.05, 0.22, 0.25, 0.10}, 0.10, 0.02, 0.15);
        const std::vector<double> expected = {0.0, 0.08, 0.01, 0.11, 0.24, 0.22};
        QCOMPARE(cusum.path.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i)
            QVERIFY2(close(cusum.path[i], expected[i], 1e-12, 1e-12), qPrintable(QString::number(cusum.path[i])));
        QCOMPARE(cusum.firstAlarm, 4);
        QCOMPARE(upperCusum({0.1, 0.1, 0.1}, 0.10, 0.02, 0.15).firstAlarm, -1);
    }
};

QTEST_GUILESS_MAIN(TestDriftStatistics)
#include "tst_driftstatistics.moc"
