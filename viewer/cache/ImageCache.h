#pragma once
// A bounded LRU cache of decoded images, keyed by file path, so that paging back and forth through
// a worklist does not decode again while memory stays flat. The budget counts decoded bytes.
// UI thread only (decoding happens elsewhere; results are inserted here).

#include "dicom/DecodedImage.h"

#include <QHash>
#include <QString>

#include <list>
#include <memory>

namespace pulmo::viewer {

class ImageCache {
public:
    explicit ImageCache(qint64 budgetBytes) : m_budget(budgetBytes) {}

    /// The image, now most recently used; nullptr when not cached.
    std::shared_ptr<const dicom::DecodedImage> find(const QString& filePath);
    bool contains(const QString& filePath) const { return m_entries.contains(filePath); }
    /// Inserts (or refreshes) an image and evicts the least recently used beyond the budget. The
    /// newest image always stays, even when it alone exceeds the budget.
    void insert(const QString& filePath, std::shared_ptr<const dicom::DecodedImage> image);
    void setBudget(qint64 budgetBytes);
    qint64 budget() const { return m_budget; }
    qint64 usedBytes() const { return m_used; }
    int count() const { return int(m_entries.size()); }
    void clear();

    /// Bytes an image holds in memory.
    static qint64 sizeOf(const dicom::DecodedImage& image);

private:
    void evict();
    struct Entry {
        std::shared_ptr<const dicom::DecodedImage> image;
        qint64 bytes = 0;
        std::list<QString>::iterator position;
    };
    qint64 m_budget;
    qint64 m_used = 0;
    std::list<QString> m_order;  // most recent first
    QHash<QString, Entry> m_entries;
};

}  // namespace pulmo::viewer
