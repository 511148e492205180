#pragma once
// The AI results the viewer has seen, keyed by SOP Instance UID and model SHA-256 (a new model
// never shows an old model's answer), bounded by a number of entries and evicting the least
// recently used. An entry holds the smallest thing that rebuilds what is shown: the probabilities
// and the Grad-CAM map at its own resolution (14x14 or 7x7 floats); never a full-size heatmap nor
// the model's input (about 600 kB for a 224-pixel input), which only the result on screen keeps.
//
// A value type owned by AiController; UI thread only (no locking).

#include "AiOutcome.h"

#include <QHash>
#include <QString>

#include <list>
#include <optional>
#include <string>

namespace pulmo::app {

class AiResultCache {
public:
    /// The bound unless the setting "ai/resultCacheEntries" says otherwise: a worklist of a few
    /// thousand studies costs a few MB.
    static constexpr int kDefaultEntries = 5000;
    /// "ai/resultCacheEntries" from QSettings, at least 1; kDefaultEntries when unset or not a number.
    static int entriesFromSettings();

    explicit AiResultCache(int maximumEntries = kDefaultEntries);

    /// Keeps `outcome` (a successful one; others are not cached) for this image and model, stripped
    /// of any full-size heatmap and of the model input; the entry becomes the most recently used.
    /// Evicts the least recently used entries beyond the bound.
    void insert(const QString& sopInstanceUid, const std::string& modelSha256, AiOutcome outcome);
    /// The entry, which becomes the most recently used; nullopt if there is none.
    std::optional<AiOutcome> find(const QString& sopInstanceUid, const std::string& modelSha256);
    bool contains(const QString& sopInstanceUid, const std::string& modelSha256) const;
    void clear();

    int size() const { return int(m_entries.size()); }
    int maximumEntries() const { return m_maximumEntries; }
    /// A smaller bound evicts at once.
    void setMaximumEntries(int maximumEntries);
    /// Heap bytes an outcome holds (its vectors and strings; the shared model identity not counted).
    static size_t bytesOf(const AiOutcome& outcome);
    /// The sum of bytesOf() over the entries.
    size_t bytes() const;

private:
    static QString key(const QString& sopInstanceUid, const std::string& modelSha256);
    void evict();

    struct Entry {
        AiOutcome outcome;
        std::list<QString>::iterator recency;  // its place in m_recency
    };
    int m_maximumEntries;
    QHash<QString, Entry> m_entries;  // "SOP UID|model SHA-256"
    std::list<QString> m_recency;     // keys, most recently used first
};

}  // namespace pulmo::app
