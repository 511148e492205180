#include "AiResultCache.h"

#include <QSettings>

#include <algorithm>

namespace pulmo::app {

int AiResultCache::entriesFromSettings()
{
    bool ok = false;
    const int entries = QSettings().value(QStringLiteral("ai/resultCacheEntries"), kDefaultEntries).toInt(&ok);
    return ok ? std::max(1, entries) : kDefaultEntries;
}

AiResultCache::AiResultCache(int maximumEntries) : m_maximumEntries(std::max(1, maximumEntries)) {}

QString AiResultCache::key(const QString& sopInstanceUid, const std::string& modelSha256)
{
    return sopInstanceUid + QLatin1Char('|') + QString::fromStdString(modelSha256);
}

void AiResultCache::insert(const QString& sopInstanceUid, const std::string& modelSha256, AiOutcome outcome)
{
    if (!outcome.ok) return;
    // What the view and the panel rebuild from: the small map. The full-size heatmap and the model
    // input would be some 4 MB and 600 kB an image.
    inference::Prediction& prediction = outcome.prediction;
    prediction.heatmap = std::vector<uint8_t>();  // assigned, not cleared: the memory goes too
    prediction.heatmapWidth = prediction.heatmapHeight = 0;
    prediction.modelInput = std::vector<float>();
    const QString entryKey = key(sopInstanceUid, modelSha256);
    const auto found = m_entries.find(entryKey);
    if (found != m_entries.end()) {
        found->outcome = std::move(outcome);
        m_recency.splice(m_recency.begin(), m_recency, found->recency);
        return;
    }
    m_recency.push_front(entryKey);
    m_entries.insert(entryKey, Entry{std::move(outcome), m_recency.begin()});
    evict();
}

std::optional<AiOutcome> AiResultCache::find(const QString& sopInstanceUid, const std::string& modelSha256)
{
    const auto found = m_entries.find(key(sopInstanceUid, modelSha256));
    if (found == m_entries.end()) return std::nullopt;
    m_recency.splice(m_recency.begin(), m_recency, found->recency);
    return found->outcome;
}

bool AiResultCache::contains(const QString& sopInstanceUid, const std::string& modelSha256) const
{
    return m_entries.contains(key(sopInstanceUid, modelSha256));
}

void AiResultCache::clear()
{
    m_entries.clear();
    m_recency.clear();
}

void AiResultCache::setMaximumEntries(int maximumEntries)
{
    m_maximumEntries = std::max(1, maximumEntries);
    evict();
}

void AiResultCache::evict()
{
    while (int(m_entries.size()) > m_maximumEntries) {
        m_entries.remove(m_recency.back());
        m_recency.pop_back();
    }
}

size_t AiResultCache::bytesOf(const AiOutcome& outcome)
{
    const inference::Prediction& prediction = outcome.prediction;
    size_t bytes = sizeof(AiOutcome);
    for (const std::string& label : prediction.labels) bytes += label.capacity();
    bytes += prediction.labels.capacity() * sizeof(std::string) + prediction.label.capacity();
    bytes += (prediction.logits.capacity() + prediction.probabilities.capacity() + prediction.camRaw.capacity() +
              prediction.modelInput.capacity()) *
             sizeof(float);
    bytes += prediction.heatmap.capacity();
    bytes +=
        size_t(outcome.error.capacity() + outcome.errorForLog.capacity() + outcome.label.capacity()) * sizeof(QChar);
    return bytes;
}

size_t AiResultCache::bytes() const
{
    size_t total = 0;
    for (const Entry& entry : m_entries) total += bytesOf(entry.outcome);
    return total;
}

}  // namespace pulmo::app
