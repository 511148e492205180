// The evaluation arithmetic and the patient split, against hand-computed and published values: no
// model, no LibTorch (inference/api/Evaluation.h and PatientSplit.h are plain C++).
#include "CamGeometry.h"
#include "Evaluation.h"
#include "PatientSplit.h"

#include <QtTest>

#include <cmath>
#include <map>
#include <set>

using namespace pulmo::inference;

namespace {

bool near(double a, double b, double tolerance)
{
    return std::abs(a - b) <= tolerance;
}

std::vector<TrainingSample> patients(int count, int imagesEach, int positiveEvery)
{
    std::vector<TrainingSample> samples;
    for (int p = 0; p < count; ++p)
        for (int i = 0; i < imagesEach; ++i)
            samples.push_back({"p" + std::to_string(p) + "_" + std::to_string(i) + ".dcm", "P" + std::to_string(p),
                               p % positiveEvery == 0 ? "PNEUMONIA" : "NORMAL", DataSplit::Unassigned});
    return samples;
}

}  // namespace

class TestEvaluation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void camOverImage_putsEachCellOnItsReceptiveFieldCentre()
    {
        // One hot cell (column 5, row 2) of a 7x7 map from a 224 input: stride 32, so its evidence
        // is centred on input pixel (160, 64), where ResNet's stride-2 layers map it.
        std::vector<float> cam(49, 0.0f);
        cam[size_t(2 * 7 + 5)] = 1.0f;
        const std::vector<float> same = camOverImage(cam, 7, 7, 224, 224, 224);
        QCOMPARE(int(same.size()), 224 * 224);
        const auto peak = size_t(std::max_element(same.begin(), same.end()) - same.begin());
        QCOMPARE(int(peak % 224), 160);
        QCOMPARE(int(peak / 224), 64);
        QCOMPARE(same[peak], 1.0f);
        QCOMPARE(same[size_t(64 * 224 + 176)], 0.5f);  // half a cell away: half the weight
        QCOMPARE(same[size_t(64 * 224 + 192)], 0.0f);  // the next cell's centre: nothing
        // Plain resizing would have put the peak on (175.5, 79.5): half a cell right and below.
        QVERIFY(same[size_t(79 * 224 + 175)] < 0.3f);

        // Over a 448 x 336 image (stretched non-uniformly, as the model input is), the same place.
        const std::vector<float> image = camOverImage(cam, 7, 7, 224, 448, 336);
        QCOMPARE(int(image.size()), 448 * 336);
        const auto at = size_t(std::max_element(image.begin(), image.end()) - image.begin());
        // Input pixel 160 is image x = (160 + 0.5) * 2 - 0.5 = 320.5 (pixels 320 and 321 tie);
        // input row 64 is image y = (64 + 0.5) * 1.5 - 0.5 = 96.25.
        QVERIFY2(at % 448 == 320 || at % 448 == 321, qPrintable(QString::number(at % 448)));
        QCOMPARE(int(at / 448), 96);
        // A 14x14 layer3 map: stride 16, so cell (5, 2) is centred on input pixel (80, 32).
        std::vector<float> fine(196, 0.0f);
        fine[size_t(2 * 14 + 5)] = 1.0f;
        const std::vector<float> layer3 = camOverImage(fine, 14, 14, 224, 224, 224);
        const auto top = size_t(std::max_element(layer3.begin(), layer3.end()) - layer3.begin());
        QCOMPARE(int(top % 224), 80);
        QCOMPARE(int(top / 224), 32);
        QCOMPARE(layer3[size_t(32 * 224 + 88)], 0.5f);  // half a cell away
        QCOMPARE(layer3[size_t(32 * 224 + 96)], 0.0f);  // the next cell's centre

        // Borders clamp to the edge cells; a wrong size gives nothing rather than garbage.
        QCOMPARE(image.front(), 0.0f);
        QVERIFY(camOverImage(cam, 7, 6, 224, 10, 10).empty());
    }

    void wilson_matchesNewcombesPublishedIntervals_data()
    {
        // Newcombe, Statistics in Medicine 17 (1998) 857-872, table I, method 3 (Wilson score),
        // to the four decimals printed there.
        QTest::addColumn<int>("successes");
        QTest::addColumn<int>("trials");
        QTest::addColumn<double>("lower");
        QTest::addColumn<double>("upper");
        QTest::newRow("81/263") << 81 << 263 << 0.2553 << 0.3662;
        QTest::newRow("15/148") << 15 << 148 << 0.0624 << 0.1605;
        QTest::newRow("0/20") << 0 << 20 << 0.0 << 0.1611;
        QTest::newRow("1/29") << 1 << 29 << 0.0061 << 0.1718;
    }

    void wilson_matchesNewcombesPublishedIntervals()
    {
        QFETCH(int, successes);
        QFETCH(int, trials);
        QFETCH(double, lower);
        QFETCH(double, upper);
        const Proportion proportion = wilsonProportion(successes, trials);
        QVERIFY2(near(proportion.lower, lower, 0.5e-4), qPrintable(QString::number(proportion.lower, 'f', 6)));
        QVERIFY2(near(proportion.upper, upper, 0.5e-4), qPrintable(QString::number(proportion.upper, 'f', 6)));
        QCOMPARE(proportion.value, double(successes) / trials);
    }

    void wilson_handComputed_eightOfTen()
    {
        // p = 0.8, n = 10, z^2 = 3.841459: centre 0.992073/1.384146 = 0.716740, half-width
        // 1.959964 * sqrt(0.016 + 0.009604) / 1.384146 = 0.226578.
        const Proportion proportion = wilsonProportion(8, 10);
        QVERIFY(near(proportion.lower, 0.490162, 1e-6));
        QVERIFY(near(proportion.upper, 0.943318, 1e-6));
    }

    void wilson_staysInsideZeroAndOne_andIsNanWithoutTrials()
    {
        const Proportion all = wilsonProportion(29, 29);
        QCOMPARE(all.upper, 1.0);
        QVERIFY(near(all.lower, 0.883030, 1e-6));
        const Proportion none = wilsonProportion(0, 5);
        QCOMPARE(none.lower, 0.0);
        const Proportion empty = wilsonProportion(0, 0);
        QVERIFY(std::isnan(empty.value) && std::isnan(empty.lower) && std::isnan(empty.upper));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wilsonProportion(3, 2));
    }

    void binaryMetrics_fromAConfusionMatrix()
    {
        // TP 40, FN 10, TN 45, FP 5: accuracy 85/100, sensitivity 40/50, specificity 45/50,
        // PPV 40/45, NPV 45/55.
        const BinaryMetrics metrics = binaryMetrics({40, 10, 45, 5});
        QCOMPARE(metrics.accuracy.successes, 85);
        QCOMPARE(metrics.accuracy.trials, 100);
        QCOMPARE(metrics.sensitivity.value, 0.8);
        QCOMPARE(metrics.specificity.value, 0.9);
        QCOMPARE(metrics.ppv.successes, 40);
        QCOMPARE(metrics.ppv.trials, 45);
        QCOMPARE(metrics.npv.successes, 45);
        QCOMPARE(metrics.npv.trials, 55);
        QVERIFY(near(metrics.sensitivity.lower, wilsonProportion(40, 50).lower, 0.0));
    }

    void auc_countsTiesAsOneHalf()
    {
        // Positives 0.9, 0.8, 0.5, 0.5; negatives 0.5, 0.3, 0.2. Of the 12 pairs the positives win
        // 3 + 3 + 2 + 2 and tie 2 (0.5 against 0.5): AUC = (10 + 2 * 0.5) / 12 = 11/12.
        const std::vector<double> scores{0.9, 0.5, 0.8, 0.3, 0.5, 0.2, 0.5};
        const std::vector<bool> positive{true, true, true, false, false, false, true};
        QVERIFY(near(rocAuc(scores, positive), 11.0 / 12.0, 1e-12));
    }

    void auc_extremesAndEmptyClasses()
    {
        QCOMPARE(rocAuc({0.9, 0.8, 0.1, 0.2}, {true, true, false, false}), 1.0);
        QCOMPARE(rocAuc({0.1, 0.2, 0.9, 0.8}, {true, true, false, false}), 0.0);
        QCOMPARE(rocAuc({0.5, 0.5, 0.5}, {true, false, false}), 0.5);
        QVERIFY(std::isnan(rocAuc({0.5, 0.7}, {true, true})));
    }

    void rocCurve_trapezoidsSumToTheAuc()
    {
        const std::vector<double> scores{0.9, 0.5, 0.8, 0.3, 0.5, 0.2, 0.5, 0.65, 0.1};
        const std::vector<bool> positive{true, true, true, false, false, false, true, false, true};
        const std::vector<RocPoint> curve = rocCurve(scores, positive);
        QCOMPARE(curve.front().falsePositiveRate, 0.0);
        QCOMPARE(curve.front().truePositiveRate, 0.0);
        QCOMPARE(curve.back().falsePositiveRate, 1.0);
        QCOMPARE(curve.back().truePositiveRate, 1.0);
        QCOMPARE(curve.size(), size_t(1 + 7));  // one corner per distinct score
        double area = 0.0;
        for (size_t i = 1; i < curve.size(); ++i)
            area += (curve[i].falsePositiveRate - curve[i - 1].falsePositiveRate) *
                    (curve[i].truePositiveRate + curve[i - 1].truePositiveRate) / 2.0;
        QVERIFY(near(area, rocAuc(scores, positive), 1e-12));
    }

    void heatmapPeak_isTheCentroidOfTheMaximalPixels()
    {
        // 10 x 8, a plateau of 255 at (6,2), (7,2), (6,3), (7,3): centroid (6.5, 2.5).
        std::vector<uint8_t> map(10 * 8, 40);
        for (const auto& [x, y] : std::vector<std::pair<int, int>>{{6, 2}, {7, 2}, {6, 3}, {7, 3}})
            map[size_t(y * 10 + x)] = 255;
        map[5 * 10 + 1] = 254;  // a close second elsewhere does not count
        const HeatmapPeak peak = heatmapPeak(map, 10, 8);
        QVERIFY(peak.valid);
        QCOMPARE(peak.x, 6.5);
        QCOMPARE(peak.y, 2.5);
        QCOMPARE(peak.pixels, 4);
        QVERIFY(!heatmapPeak(std::vector<uint8_t>(80, 0), 10, 8).valid);  // nothing to point at
        QVERIFY(!heatmapPeak(std::vector<uint8_t>(79, 9), 10, 8).valid);  // wrong size
    }

    void pointingGame_hitsInsideInclusiveBoxesOnly()
    {
        HeatmapPeak peak;
        peak.valid = true;
        peak.x = 6.5;
        peak.y = 2.5;
        QVERIFY(pointingGameHit(peak, {{6, 2, 7, 3}}));                // corners inclusive
        QVERIFY(pointingGameHit(peak, {{0, 0, 1, 1}, {5, 0, 9, 9}}));  // any box
        QVERIFY(!pointingGameHit(peak, {{0, 0, 6, 9}}));               // 6.5 is right of column 6
        QVERIFY(pointingGameHit(peak, {{0, 0, 6, 9}}, 0.5));           // unless widened
        QVERIFY(!pointingGameHit(peak, {}));                           // no box, no hit
        HeatmapPeak none;
        QVERIFY(!pointingGameHit(none, {{0, 0, 100, 100}}));  // no peak, no hit

        // A whole game: 3 positive images, 2 hits.
        const std::vector<PixelBox> boxes{{10, 10, 20, 20}};
        int hits = 0;
        for (const auto& [x, y] : std::vector<std::pair<double, double>>{{15, 15}, {20, 10}, {21, 15}}) {
            HeatmapPeak at;
            at.valid = true;
            at.x = x;
            at.y = y;
            hits += pointingGameHit(at, boxes) ? 1 : 0;
        }
        QCOMPARE(hits, 2);
    }

    void split_neverPutsAPatientInTwoSplits()
    {
        // 100 patients with 3 images each, every third patient positive.
        const std::vector<TrainingSample> samples = patients(100, 3, 3);
        const std::vector<DataSplit> splits = splitByPatient(samples, "PNEUMONIA", 0.15, 0.15, 42);
        QCOMPARE(splits.size(), samples.size());
        std::map<std::string, std::set<DataSplit>> seen;
        std::map<DataSplit, std::set<std::string>> patientsIn;
        std::map<DataSplit, int> positivesIn;
        for (size_t i = 0; i < samples.size(); ++i) {
            seen[samples[i].patientId].insert(splits[i]);
            patientsIn[splits[i]].insert(samples[i].patientId);
            if (samples[i].label == "PNEUMONIA") ++positivesIn[splits[i]];
        }
        for (const auto& [patient, where] : seen) QVERIFY2(where.size() == 1, patient.c_str());
        // Strata: 34 positive patients -> 5 val, 5 test, 24 train; 66 negative -> 10, 10, 46.
        QCOMPARE(int(patientsIn[DataSplit::Validation].size()), 15);
        QCOMPARE(int(patientsIn[DataSplit::Test].size()), 15);
        QCOMPARE(int(patientsIn[DataSplit::Train].size()), 70);
        QCOMPARE(positivesIn[DataSplit::Validation], 5 * 3);
        QCOMPARE(positivesIn[DataSplit::Test], 5 * 3);
        QVERIFY(patientsIn.count(DataSplit::Unassigned) == 0);
    }

    void split_isDeterministicForASeedAndIgnoresInputOrder()
    {
        std::vector<TrainingSample> samples = patients(40, 2, 2);
        const std::vector<DataSplit> first = splitByPatient(samples, "PNEUMONIA", 0.15, 0.15, 7);
        QCOMPARE(splitByPatient(samples, "PNEUMONIA", 0.15, 0.15, 7), first);
        QVERIFY(splitByPatient(samples, "PNEUMONIA", 0.15, 0.15, 8) != first);
        // The same files listed backwards get the same splits.
        std::vector<TrainingSample> reversed(samples.rbegin(), samples.rend());
        const std::vector<DataSplit> backwards = splitByPatient(reversed, "PNEUMONIA", 0.15, 0.15, 7);
        for (size_t i = 0; i < samples.size(); ++i) QCOMPARE(backwards[samples.size() - 1 - i], first[i]);
    }

    void split_keepsGivenSplitsAndTrainsOnTheRest()
    {
        std::vector<TrainingSample> samples = patients(6, 1, 2);
        samples[0].split = DataSplit::Test;
        samples[1].split = DataSplit::Validation;
        const std::vector<DataSplit> splits = splitByPatient(samples, "PNEUMONIA", 0.15, 0.15, 1);
        QCOMPARE(splits[0], DataSplit::Test);
        QCOMPARE(splits[1], DataSplit::Validation);
        for (size_t i = 2; i < splits.size(); ++i) QCOMPARE(splits[i], DataSplit::Train);
    }

    void split_tinySetsKeepAPatientForTraining()
    {
        const std::vector<DataSplit> one = splitByPatient(patients(1, 2, 1), "PNEUMONIA", 0.15, 0.15, 1);
        QCOMPARE(one, (std::vector<DataSplit>{DataSplit::Train, DataSplit::Train}));
        // One positive patient (kept for training) and two negative ones: 0.4 of 2 rounds to 1 for
        // validation and 1 for test, which would leave none to train on, so test gives one back.
        const std::vector<DataSplit> three = splitByPatient(patients(3, 1, 100), "PNEUMONIA", 0.4, 0.4, 1);
        QCOMPARE(int(std::count(three.begin(), three.end(), DataSplit::Train)), 2);
        QCOMPARE(int(std::count(three.begin(), three.end(), DataSplit::Validation)), 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, splitByPatient(patients(3, 1, 1), "PNEUMONIA", 0.5, 0.5, 1));
    }
};

QTEST_GUILESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
