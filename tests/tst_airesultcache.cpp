// The AI result cache (app/gui/AiResultCache): bounded by its number of entries, least recently
// used evicted first, keyed by SOP Instance UID and model SHA-256, and small: an entry keeps the
// Grad-CAM map at its own resolution, never a full-size heatmap nor the model's input.
#include "AiResultCache.h"

#include <QtTest>

#include <QSettings>

using namespace pulmo;

namespace {

/// A successful outcome as the worker hands it over, with everything a fresh result may carry:
/// the layer3 map (14 x 14), the model input (1 x 3 x 224 x 224) and, if `fullSize`, a heatmap at
/// the size of a 2048-pixel radiograph (as the plugin made before the heatmap was drawn per screen pixel).
app::AiOutcome outcome(float probability, bool fullSize = true)
{
    app::AiOutcome result;
    result.ok = true;
    result.label = QStringLiteral("PNEUMONIA");
    inference::Prediction& prediction = result.prediction;
    prediction.labels = {"NORMAL", "PNEUMONIA"};
    prediction.logits = {0.1f, 0.9f};
    prediction.probabilities = {1.0f - probability, probability};
    prediction.predictedIndex = 1;
    prediction.label = "PNEUMONIA";
    prediction.confidence = probability;
    prediction.camClass = 1;
    prediction.camWidth = prediction.camHeight = 14;
    for (int i = 0; i < 14 * 14; ++i) prediction.camRaw.push_back(float(i) * probability);
    prediction.modelInput.assign(size_t(3) * 224 * 224, 0.5f);
    if (fullSize) {
        prediction.heatmapWidth = prediction.heatmapHeight = 2048;
        prediction.heatmap.assign(size_t(2048) * 2048, 7);
    }
    return result;
}

}  // namespace

class TestAiResultCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void beyondTheBound_theLeastRecentlyUsedIsEvicted()
    {
        app::AiResultCache cache(3);
        cache.insert(QStringLiteral("1.1"), "model-a", outcome(0.1f));
        cache.insert(QStringLiteral("1.2"), "model-a", outcome(0.2f));
        cache.insert(QStringLiteral("1.3"), "model-a", outcome(0.3f));
        QCOMPARE(cache.size(), 3);
        QVERIFY(cache.find(QStringLiteral("1.1"), "model-a").has_value());  // 1.1 is now the most recent
        cache.insert(QStringLiteral("1.4"), "model-a", outcome(0.4f));
        QCOMPARE(cache.size(), 3);
        QVERIFY(!cache.contains(QStringLiteral("1.2"), "model-a"));  // the least recently used went
        QVERIFY(cache.contains(QStringLiteral("1.1"), "model-a"));
        QVERIFY(cache.contains(QStringLiteral("1.3"), "model-a"));
        QVERIFY(cache.contains(QStringLiteral("1.4"), "model-a"));
        // Each entry is its own result.
        QCOMPARE(cache.find(QStringLiteral("1.3"), "model-a")->prediction.probabilities[1], 0.3f);
        QCOMPARE(cache.find(QStringLiteral("1.4"), "model-a")->prediction.probabilities[1], 0.4f);
    }

    void reinsertingAnEntry_replacesIt_andMakesItTheMostRecent()
    {
        app::AiResultCache cache(2);
        cache.insert(QStringLiteral("1.1"), "model-a", outcome(0.1f));
        cache.insert(QStringLiteral("1.2"), "model-a", outcome(0.2f));
        cache.insert(QStringLiteral("1.1"), "model-a", outcome(0.9f));
        QCOMPARE(cache.size(), 2);
        cache.insert(QStringLiteral("1.3"), "model-a", outcome(0.3f));
        QVERIFY(!cache.contains(QStringLiteral("1.2"), "model-a"));
        QCOMPARE(cache.find(QStringLiteral("1.1"), "model-a")->prediction.probabilities[1], 0.9f);
    }

    void aSmallerBound_evictsAtOnce_leastRecentFirst()
    {
        app::AiResultCache cache(10);
        for (int i = 0; i < 10; ++i) cache.insert(QStringLiteral("1.%1").arg(i), "model-a", outcome(0.5f));
        QVERIFY(cache.find(QStringLiteral("1.0"), "model-a").has_value());
        cache.setMaximumEntries(2);
        QCOMPARE(cache.size(), 2);
        QVERIFY(cache.contains(QStringLiteral("1.0"), "model-a"));
        QVERIFY(cache.contains(QStringLiteral("1.9"), "model-a"));
        cache.setMaximumEntries(0);  // at least one
        QCOMPARE(cache.maximumEntries(), 1);
        QCOMPARE(cache.size(), 1);
        QVERIFY(cache.contains(QStringLiteral("1.0"), "model-a"));
    }

    void aNewModel_neverFindsAnOldModelsAnswer()
    {
        app::AiResultCache cache(10);
        cache.insert(QStringLiteral("1.1"), "model-a", outcome(0.2f));
        QVERIFY(!cache.find(QStringLiteral("1.1"), "model-b").has_value());
        cache.insert(QStringLiteral("1.1"), "model-b", outcome(0.8f));
        QCOMPARE(cache.size(), 2);
        QCOMPARE(cache.find(QStringLiteral("1.1"), "model-a")->prediction.probabilities[1], 0.2f);
        QCOMPARE(cache.find(QStringLiteral("1.1"), "model-b")->prediction.probabilities[1], 0.8f);
    }

    void aFailedAnalysis_isNotCached()
    {
        app::AiResultCache cache(10);
        app::AiOutcome failed;
        failed.error = QStringLiteral("no model");
        cache.insert(QStringLiteral("1.1"), "model-a", failed);
        QCOMPARE(cache.size(), 0);
    }

    void entries_holdTheSmallMap_notTheFullSizeHeatmapNorTheModelInput()
    {
        app::AiResultCache cache(100);
        const app::AiOutcome fresh = outcome(0.7f);
        QVERIFY(app::AiResultCache::bytesOf(fresh) > size_t(2048) * 2048);  // what an entry used to hold
        cache.insert(QStringLiteral("1.1"), "model-a", fresh);
        const auto kept = cache.find(QStringLiteral("1.1"), "model-a");
        QVERIFY(kept.has_value());
        QVERIFY(kept->prediction.heatmap.empty());
        QCOMPARE(kept->prediction.heatmapWidth, 0);
        QVERIFY(kept->prediction.modelInput.empty());
        QCOMPARE(kept->prediction.camRaw, fresh.prediction.camRaw);  // what the overlay is drawn from
        QCOMPARE(kept->prediction.camWidth, 14);
        QCOMPARE(kept->prediction.probabilities, fresh.prediction.probabilities);
        QCOMPARE(kept->label, fresh.label);
    }

    void aThousandEntries_costUnderTwoMegabytes()
    {
        app::AiResultCache cache(app::AiResultCache::kDefaultEntries);
        for (int i = 0; i < 1000; ++i) cache.insert(QStringLiteral("2.25.%1").arg(i), "model-a", outcome(0.5f));
        QCOMPARE(cache.size(), 1000);
        qInfo("1000 entries: %zu bytes (%zu per entry)", cache.bytes(), cache.bytes() / 1000);
        // A 14x14 map is 784 bytes; with the probabilities, labels and the struct itself an entry stays
        // under 2 kB (it was 4.4 MB with a 2048-pixel heatmap and the model input).
        QVERIFY(cache.bytes() / 1000 < 2048);
    }

    void theBound_comesFromTheSetting()
    {
        QSettings settings;
        settings.setValue(QStringLiteral("ai/resultCacheEntries"), 7);
        QCOMPARE(app::AiResultCache::entriesFromSettings(), 7);
        settings.setValue(QStringLiteral("ai/resultCacheEntries"), 0);
        QCOMPARE(app::AiResultCache::entriesFromSettings(), 1);
        settings.setValue(QStringLiteral("ai/resultCacheEntries"), QStringLiteral("many"));
        QCOMPARE(app::AiResultCache::entriesFromSettings(), app::AiResultCache::kDefaultEntries);
        settings.remove(QStringLiteral("ai/resultCacheEntries"));
        QCOMPARE(app::AiResultCache::entriesFromSettings(), app::AiResultCache::kDefaultEntries);
    }
};

QTEST_MAIN(TestAiResultCache)
#include "tst_airesultcache.moc"
